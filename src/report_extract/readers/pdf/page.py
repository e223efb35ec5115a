"""One PDF page as the reader's local model: its tables, its text lines, what it set aside.

:func:`read_page` turns one page of a source (:class:`.sources.RawPage`: the
characters and drawing objects either engine read) into tables and lines:
ruled tables are rebuilt from the drawing (:mod:`.grid`), and among the text
they leave, tables printed without ruling are found from alignment
(:mod:`.text_table`). Each table's ``method`` ends with the engine that read
the page, :attr:`.sources.RawPage.engine` (``…@pdf-tables@3/pdfium``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ...model import Paragraph, Table
from .grid import page_tables
from .settings import DEFAULT, TableSettings
from .sources import RawPage
from .text import Line, by_x0, dedupe, group_lines, lines_from_groups
from .text_table import text_tables


@dataclass
class PdfPage:
    number: int
    width: float
    height: float
    tables: list[Table] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    furniture: list[Paragraph] = field(default_factory=list)  # set aside by .furniture
    has_text: bool = False
    has_images: bool = False



def box_of(t: Table) -> tuple[float, float, float, float]:
    """A PDF table's box: every table a PDF page gives has one."""
    assert t.source.bbox is not None
    return t.source.bbox

def read_page(page: RawPage, carry: Optional[list[float]],
              s: TableSettings = DEFAULT) -> tuple[PdfPage, Optional[list[float]]]:
    """The page and, when a borderless table runs to its foot, that table's columns (to carry on)."""
    pg = PdfPage(page.number, page.width, page.height)
    chars = dedupe(page.chars)
    pg.has_images = page.has_images
    pg.has_text = any(c["text"].strip() for c in chars)
    tables, rest = page_tables(chars, page.lines, page.rects, page.curves, pg.number, s)
    groups = group_lines(rest)
    for g in groups:
        g.sort(key=by_x0)
    # tables printed without ruling, among the text the ruled tables left
    borderless, groups, grid_x = text_tables(groups, pg.number, carry, top_zone=pg.height * s.header_share, s=s)
    if borderless:
        tables = sorted(tables + borderless, key=lambda t: box_of(t)[1])
    if page.engine:
        for t in tables:
            t.method = f"{t.method}/{page.engine}"
    pg.tables = tables
    pg.lines = lines_from_groups(groups)
    carry = None
    if borderless and tables[-1] is borderless[-1]:
        # a borderless table that runs to the foot may continue on the next page
        last = box_of(borderless[-1])[3]
        if not any(last < ln.top < pg.height * s.footer_share for ln in pg.lines):
            carry = grid_x
    return pg, carry
