"""Reading the form's rows from cells printed without rows.

A crawler dump often keeps every cell but loses the rows (one cell per line or
per paragraph). The form itself says where rows are: a row is its label
cell(s) followed by its value cells, so a label after a value starts the next
row; header cells printed before a row label form a header row of their own; a
row label broken over several cells is joined again when the joined text is one
of the form's row labels. This is format-free: it works on the model's
:class:`CellRun` blocks (readers that show cells but not rows) and on runs of
short paragraphs (a table typed one cell per paragraph, in any format).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..layout.sections import heading_of
from ..model import Cell, CellRun, Document, Paragraph, Source, Table
from ..settings import STREAMS
from .labels import best_match
from .templates import templates
from .values import is_value

_LINES = re.compile(r"^lines? (\d+)(?:-(\d+))?$")
_SENTENCE_END = ("。", "！", "？", "；", "!", "?", ";")


@lru_cache(maxsize=1)
def row_label_variants() -> tuple[tuple[str, ...], ...]:
    """Every row label of every table of the form (data/templates.json)."""
    t = templates()
    rows = list(t["requests"]["rows"])
    for g in t["proactive"]["generations"].values():
        rows += g["rows"]
    return tuple(tuple(r["labels"]) for r in rows)


@lru_cache(maxsize=65536)
def _label_score(text: str) -> float:
    return max(best_match(text, list(v)) for v in row_label_variants())


def span(cells: list[Cell]) -> Source:
    """One source for consecutive cells: ``lines 3-9`` when they are lines, else first and last locator."""
    first, last = cells[0].source.locator or "", cells[-1].source.locator or ""
    a, b = _LINES.match(first), _LINES.match(last)
    if first == last:
        loc = first
    elif a and b:
        loc = f"lines {a.group(1)}-{b.group(2) or b.group(1)}"
    else:
        loc = f"{first} to {last}"
    return Source(page=cells[0].source.page, locator=loc)


def _joined(cells: list[Cell]) -> Cell:
    if len(cells) == 1:
        return cells[0]
    return Cell(row=0, col=0, text="".join(c.text for c in cells), source=span(cells))


def split_labels(labels: list[Cell]) -> tuple[list[Cell], list[Cell]]:
    """(header cells, row label cells) of the label cells that precede a row's values.

    The row label is the tail of the run that best matches a row label of the
    form, joined when it was broken over several cells; what comes before it
    (column headings, a caption) is a header row. Without a match nothing is split.
    """
    if len(labels) == 1:  # nothing to split or join
        return [], labels
    best, best_k = 0.0, 0
    for k in range(1, min(STREAMS.max_label_pieces, len(labels)) + 1):
        score = _label_score("".join(c.text for c in labels[-k:]))
        if score > best + 1e-9:
            best, best_k = score, k
    if best < STREAMS.row_label_match:
        return [], labels
    return labels[:-best_k], [_joined(labels[-best_k:])]


def rows_of(cells: list[Cell]) -> list[list[Cell]]:
    """Rows of a cell stream: a label after a value starts a new row."""
    rows: list[list[Cell]] = []
    labels: list[Cell] = []
    values: list[Cell] = []

    def close():
        if not labels and not values:
            return
        header, label = split_labels(labels) if values else ([], labels)
        if header:
            rows.append(header)
        rows.append(label + values)

    for c in cells:
        if is_value(c.text):
            values.append(c)
            continue
        if values:
            close()
            labels, values = [], []
        labels.append(c)
    close()
    return rows


def _table(rows: list[list[Cell]], source: Source) -> Table:
    cells = [Cell(row=r, col=k, text=c.text, source=c.source) for r, row in enumerate(rows) for k, c in enumerate(row)]
    return Table(cells=cells, n_rows=len(rows), n_cols=max((len(r) for r in rows), default=0),
                 source=source, exact_grid=False)


def _segments(cells: list[Cell]) -> list[Paragraph | list[Cell]]:
    """The stream cut at section headings: lists of cells and the heading Paragraphs between them."""
    out: list[Paragraph | list[Cell]] = []
    current: list[Cell] = []
    for c in cells:
        if not is_value(c.text) and heading_of(c.text):
            if current:
                out.append(current)
            out.append(Paragraph(text=c.text, source=c.source))
            current = []
        else:
            current.append(c)
    if current:
        out.append(current)
    return out


def run_blocks(run: CellRun) -> list:
    """A reader's cell run as tables (one per stretch between section headings) and heading paragraphs."""
    out: list[Paragraph | Table] = []
    for seg in _segments(run.cells):
        if isinstance(seg, Paragraph):
            out.append(seg)
        else:
            out.append(_table(rows_of(seg), span(seg)))
    return out


def cell_like(p: Paragraph) -> bool:
    t = p.text.strip()
    return 0 < len(t) <= STREAMS.max_cell_chars and not t.endswith(_SENTENCE_END)


def _paragraph_tables(paras: list[Paragraph], taken: set) -> list[Table]:
    """Tables of the form typed one cell per paragraph; only roles no real table of the document holds."""
    from . import classify
    from .rows import table_rows

    cells = [Cell(row=0, col=i, text=p.text.strip(), source=p.source) for i, p in enumerate(paras)]
    if sum(is_value(c.text) for c in cells) < STREAMS.min_value_cells:
        return []
    out: list[Table] = []
    previous = None
    for seg in _segments(cells):
        if isinstance(seg, Paragraph) or sum(is_value(c.text) for c in seg) < STREAMS.min_value_cells:
            continue
        t = _table(rows_of(seg), span(seg))
        role, _ = classify(t, table_rows(t, 0), previous)
        if role and role not in taken:
            out.append(t)
            previous = role
    return out


def read_streams(doc: Document) -> Document:
    """The document with cell runs read into tables, and tables typed one cell per paragraph added after their paragraphs."""
    from . import classify
    from .rows import table_rows

    paged = doc.pages is not None  # PDF lines are not paragraphs: its tables come from positions (tables/)
    if paged and not any(isinstance(b, CellRun) for b in doc.blocks):
        return doc
    taken = set()
    for i, t in enumerate(doc.tables):
        role, _ = classify(t, table_rows(t, i))
        taken.add(role)
    blocks: list = []
    run: list[Paragraph] = []

    def flush():
        blocks.extend(run)
        if len(run) >= STREAMS.min_value_cells:
            blocks.extend(_paragraph_tables(run, taken))
        run.clear()

    for b in doc.blocks:
        if isinstance(b, Paragraph) and not paged and cell_like(b):
            run.append(b)
            continue
        flush()
        blocks.extend(run_blocks(b) if isinstance(b, CellRun) else [b])
    flush()
    return replace(doc, blocks=blocks)
