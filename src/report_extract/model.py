"""The intermediate document model shared by every reader and every later stage.

Readers (``readers/*``) turn a file into a :class:`Document`: an ordered list of
blocks (paragraphs and tables), each remembering where it came from. Nothing
after the readers looks at file formats, and no reader knows the report layout.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union


@dataclass
class Source:
    """Where a block or cell was read: enough for a person to find it again."""

    page: Optional[int] = None  # 1-based, paged formats only
    bbox: Optional[tuple[float, float, float, float]] = None  # x0, top, x1, bottom in PDF points
    locator: Optional[str] = None  # XPath (HTML), body/table/row/cell path (DOCX), line span (txt)

    def to_json(self) -> dict:
        return {
            "page": self.page,
            "bbox": [round(v, 2) for v in self.bbox] if self.bbox else None,
            "locator": self.locator,
        }


@dataclass
class Cell:
    """One printed cell of a rebuilt grid; spans say how far a merged cell reaches."""

    row: int
    col: int
    text: str = ""
    row_span: int = 1
    col_span: int = 1
    source: Source = field(default_factory=Source)
    # how the reader placed a boundary of this cell that the document does not draw
    # (e.g. ``rows-from-text-lines``); None: every boundary is printed or marked up.
    # A value read from an inferred cell needs the table's arithmetic to confirm it.
    inferred: Optional[str] = None
    # set when the text was recognised rather than read from the file (OCR): how sure the
    # reader is of it (0..1) and how it was read (``ocr:tesseract-5.3.0``)
    confidence: Optional[float] = None
    method: Optional[str] = None


@dataclass
class Table:
    """A table as a grid of cells (only the top-left cell of a merge is listed).

    ``exact_grid`` is False when the reader could not recover column positions
    (a flattened text dump): cells are then in printed order per row and
    ``col`` is the printed position, not a grid column.
    """

    cells: list[Cell]
    n_rows: int
    n_cols: int
    source: Source = field(default_factory=Source)
    exact_grid: bool = True
    method: Optional[str] = None  # how the reader rebuilt it, with its settings: ``ruled-grid@pdf-tables@3``

    def rows(self) -> list[list[Cell]]:
        """Cells that start in each row, in column order (merged cells listed once)."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            if 0 <= c.row < self.n_rows:
                out[c.row].append(c)
        for r in out:
            r.sort(key=lambda c: c.col)
        return out

    def grid(self) -> list[list[Optional[Cell]]]:
        """Every grid position filled with the cell covering it (spans expanded)."""
        g: list[list[Optional[Cell]]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.row_span, self.n_rows)):
                for k in range(c.col, min(c.col + c.col_span, self.n_cols)):
                    g[r][k] = c
        return g

    @property
    def pages(self) -> list[int]:
        return sorted({c.source.page for c in self.cells if c.source.page is not None})


@dataclass
class Paragraph:
    """A run of text. ``style`` carries a format hint (``heading``, ``title``,
    ``centered``) when the format has one; layout code may ignore it."""

    text: str
    source: Source = field(default_factory=Source)
    style: Optional[str] = None


@dataclass
class CellRun:
    """Cells in printed order where the container shows cells but not rows
    (a crawler dump with one cell per line or per paragraph).

    Each cell keeps its own line span; ``col`` is the printed position and
    ``row`` is 0. Which cells form a row is left to format-free code that
    knows the form (mapping/streams.py): the container cannot say.
    """

    cells: list[Cell]
    source: Source = field(default_factory=Source)


Block = Union[Paragraph, Table, CellRun]


@dataclass
class ReadProblem:
    """Something a reader could not read; becomes an entry of ``errors``."""

    kind: str  # short machine name: corrupt, encrypted, needs_ocr, unsupported, ...
    message: str
    where: Optional[str] = None

    def to_json(self) -> dict:
        return {"kind": self.kind, "message": self.message, "where": self.where}


@dataclass
class Declared:
    """What a file declares about itself outside its printed text: HTML ``<title>``/``<meta>``, the PDF
    Info dictionary, Word core properties. Format-neutral, as declared (dates unparsed); layout weighs
    them as candidates beside the printed text. ``where`` names the declaration each field came from."""

    title: Optional[str] = None
    published: Optional[str] = None  # when the page or file says it was published
    created: Optional[str] = None
    modified: Optional[str] = None
    author: Optional[str] = None  # the declared author or content source (a person, an office)
    site: Optional[str] = None  # the publishing site (HTML SiteName)
    where: dict[str, str] = field(default_factory=dict)  # field name -> declaration ("<title>", "PDF Info /Title")

    def put(self, name: str, value: object, where: str) -> None:
        """Set ``name`` unless already set (the first declaration wins); blank values are ignored."""
        text = " ".join(str(value).split()) if value is not None else ""
        if text and getattr(self, name) is None:
            setattr(self, name, text)
            self.where[name] = where


@dataclass
class Document:
    """What every reader returns."""

    path: str
    format: str  # pdf, docx, html, txt, ...
    blocks: list[Block] = field(default_factory=list)
    pages: Optional[int] = None
    info: dict = field(default_factory=dict)  # format-level facts: html <title>, PDF info dict, ...
    declared: Declared = field(default_factory=Declared)  # the same facts, format-neutral
    problems: list[ReadProblem] = field(default_factory=list)
    # page numbers, running headers and footers the reader set aside: kept for the audit,
    # never part of paragraphs or tables (Paragraph.style names the kind)
    furniture: list[Paragraph] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


class ReaderError(Exception):
    """A document that cannot be read at all (the message is one line for users)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message
