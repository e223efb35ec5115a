"""Reading one PDF file into a Document: pages, furniture, paragraphs, tables.

Layer one (:func:`read_pages`) parses the container into the local model,
one :class:`~.page.PdfPage` per page, from the page objects of a source
(:mod:`.sources`: PDFium by default, pdfplumber as the reference); layer two
(:func:`to_document`) sets page furniture aside, builds paragraphs, stitches
tables cut by page breaks, repairs columns whose borders are missing and
hands out model objects.

Unreadable files raise :class:`ReaderError` with a one-line message: ``empty``,
``encrypted``, ``corrupt``, ``needs_ocr`` (no page has a text layer; see
:func:`no_text_layer`). Pages without text but with images become
``needs_ocr`` problems. Only parser failures are turned into these (see
:mod:`.errors`); a bug of the reader itself propagates as itself.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from ...model import Document, ReaderError, ReadProblem, Table
from ..declared import from_pdf_info
from ..ocr import read_scanned_pages
from .errors import classify, is_parser_error, raise_if_out_of_memory
from .furniture import set_aside
from .grid import finish
from .page import PdfPage, read_page
from .paragraphs import blocks as page_blocks
from .repair import split_by_text
from .settings import DEFAULT, TableSettings
from .sources import choose, open_source


def _has_xref_pointer(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(max(0, path.stat().st_size - 64 * 1024))
        return b"startxref" in fh.read()


def read(path: Path, settings: TableSettings = DEFAULT, engine: Optional[str] = None) -> Document:
    """``engine``: ``pdfium`` or ``pdfplumber`` (default: :func:`.sources.choose`)."""
    path = Path(path)
    engine = choose(engine)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise ReaderError("not_found", f"cannot open {path.name}: {e.strerror or e}") from None
    if size == 0:
        raise ReaderError("empty", f"empty file: {path.name}")
    if size > settings.scan_limit and not _has_xref_pointer(path):
        # without startxref pdfminer scans the whole file for objects, in time that grows
        # faster than the size: refuse rather than hang a batch on a damaged giant
        raise ReaderError("corrupt", f"{path.name}: no cross-reference pointer (startxref) at the end of a "
                                     f"{size // (1024 * 1024)} MB file: damaged or not a PDF")
    with collector_paused():
        return _read(path, settings, engine)


def _read(path: Path, settings: TableSettings, engine: str) -> Document:
    """:func:`read` once the file passed the checks: its pages are gone when this returns, so the
    collector, on again, meets only the Document."""
    try:
        pages, info, problems = read_pages(path, settings, engine)
    except ReaderError:
        raise
    except Exception as e:
        raise_if_out_of_memory(e)
        if not is_parser_error(e):
            raise  # a bug of ours: internal_error, never "the file is damaged"
        kind, msg = classify(e)
        raise ReaderError(kind, f"{path.name}: {msg}") from None
    return to_document(path, pages, info, problems, settings)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a file is read.

    A page makes hundreds of thousands of small dicts, tuples and lists (a dict per character,
    a tuple per point) that form no reference cycles; the collector would still walk them, and
    every few collections the whole heap (a batch worker's spaCy model included), for nothing.
    It is on again afterwards (if it was) and collects whatever the read left."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_pages(path: Path, s: TableSettings = DEFAULT,
               engine: Optional[str] = None) -> tuple[list[PdfPage], dict, list[ReadProblem]]:
    """Every page of the file in the local model, the info dict, and pages that could not be read."""
    engine = choose(engine)
    problems: list[ReadProblem] = []
    pages: list[PdfPage] = []
    carry = None  # columns of a borderless table that ran to the previous page's foot
    src = open_source(path, engine)
    try:
        info = src.info()
        if len(src) == 0:
            raise ReaderError("corrupt", f"{path.name}: the PDF has no pages")
        for i in range(len(src)):
            try:
                pg, carry = read_page(src.page(i), carry, s)
            except ReaderError:
                raise
            except Exception as e:  # one damaged page does not lose the document
                raise_if_out_of_memory(e)
                if not is_parser_error(e):
                    raise
                kind, msg = classify(e)
                w, h = _size_of(src, i)
                pg, carry = PdfPage(i + 1, w, h), None
                problems.append(ReadProblem(kind, f"page {pg.number}: {msg}", where=f"page {pg.number}"))
            pages.append(pg)
    finally:
        src.close()
    return pages, info, problems


def _size_of(src, i: int) -> tuple[float, float]:
    """A damaged page's size, for its empty record (0 x 0 when even that cannot be read)."""
    try:
        return src.page_size(i)
    except Exception as e:
        if not is_parser_error(e):
            raise
        return 0.0, 0.0


def no_text_layer(path: Path, pages: list[PdfPage], problems: list[ReadProblem]) -> None:
    """Where OCR hooks in: pages printed as images only, with no text layer.

    First OCR reads those pages when it can (:func:`..ocr.read_scanned_pages`;
    without Tesseract or with ``--no-ocr`` it leaves them as they are). Then:
    No page has text: raise ``needs_ocr`` (or the first page problem / ``empty``).
    Some pages are images only: record a ``needs_ocr`` problem for each.
    """
    read_scanned_pages(path, pages, problems)
    if not any(p.has_text for p in pages):
        if any(p.has_images for p in pages):
            raise ReaderError("needs_ocr", f"{path.name}: no text layer on any of {len(pages)} page(s) "
                                           "(scanned images); OCR is needed")
        if problems:
            raise ReaderError(problems[0].kind, f"{path.name}: {problems[0].message}")
        raise ReaderError("empty", f"{path.name}: no text on any of {len(pages)} page(s)")
    for p in pages:
        if not p.has_text and p.has_images:
            problems.append(ReadProblem("needs_ocr", f"page {p.number} has no text layer (scanned image); "
                                                     "OCR is needed", where=f"page {p.number}"))


def to_document(path: Path, pages: list[PdfPage], info: dict, problems: list[ReadProblem],
                s: TableSettings = DEFAULT) -> Document:
    no_text_layer(path, pages, problems)
    set_aside(pages, s)
    out = []
    for b in page_blocks(pages, s):
        out.append(finish(split_by_text(b, s)) if isinstance(b, Table) else b)
    furniture = [f for p in pages for f in p.furniture]
    return Document(path=str(path), format="pdf", blocks=out, pages=len(pages), info=info, problems=problems,
                    furniture=furniture, declared=from_pdf_info(info))
