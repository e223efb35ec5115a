"""Join the parts of a table that a page break cut into one logical table.

Two tables are parts of one when the first is the last thing on its page (it
runs to the foot, or stops short of it by no more than the continuation's first
row: a row that may not be cut moves to the next page whole), the second is the first thing on the next page, their outer
edges line up and the column boundaries of one are a subset of the other's (a
continuation often drops or adds inner borders because its rows differ).
Header rows that the continuation repeats are dropped. Every cell keeps the
page and bbox it was printed at; nothing is invented for a label cut by the
break (the continuation's empty piece of a row-group label stays empty).
"""
from __future__ import annotations

import re
from operator import attrgetter
from typing import Optional

from ...model import Cell, Source, Table
from .ruling import cluster, nearest
from .settings import DEFAULT

TOL = DEFAULT.stitch_tol  # points: column boundaries this close are the same boundary (default)


def _bounds(t: Table, tol: float = TOL) -> list[float]:
    xs = set()
    for c in t.cells:
        if c.source.bbox:
            xs.add(round(c.source.bbox[0], 1))
            xs.add(round(c.source.bbox[2], 1))
    return cluster(sorted(xs), tol)


def _subset(a: list[float], b: list[float], tol: float = TOL) -> bool:
    return all(any(abs(x - y) <= tol for y in b) for x in a)


def compatible(first: Table, second: Table, tol: float = TOL) -> bool:
    """Outer edges match and one part's column boundaries are a subset of the other's."""
    return _fits(_bounds(first, tol), _bounds(second, tol), tol)


def _fits(a: list[float], b: list[float], tol: float) -> bool:
    """:func:`compatible` for the column boundaries ``a`` and ``b`` of two parts."""
    if len(a) < 2 or len(b) < 2:
        return False
    if abs(a[0] - b[0]) > tol + 1 or abs(a[-1] - b[-1]) > tol + 1:
        return False
    return _subset(a, b, tol) or _subset(b, a, tol)


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def _row_texts(t: Table, r: int) -> list[tuple[float, str]]:
    return [(round(c.source.bbox[0]) if c.source.bbox else c.col, _norm(c.text)) for c in t.cells if c.row == r]


def repeated_header_rows(first: Table, second: Table) -> int:
    """How many leading rows of ``second`` repeat the leading rows of ``first``."""
    k = 0
    while k < min(first.n_rows, second.n_rows) - 1:
        a, b = _row_texts(first, k), _row_texts(second, k)
        if not b or not any(t for _, t in b) or [t for _, t in a] != [t for _, t in b]:
            break
        k += 1
    return k


def merge(first: Table, second: Table, tol: float = TOL, known: Optional[tuple] = None) -> Table:
    """One table made of ``first`` followed by ``second`` on a common column grid.

    The parts' Cell objects are moved into the result (re-numbered in place). ``known``: the
    parts' column boundaries and repeated header rows, when the caller has them already.
    """
    a, b, drop = known or (_bounds(first, tol), _bounds(second, tol), repeated_header_rows(first, second))
    xs = cluster(a + b, tol)
    cells: list[Cell] = []
    for part, offset, skip in ((first, 0, 0), (second, first.n_rows - drop, drop)):
        for c in part.cells:
            row, span = c.row, c.row_span
            if row + span <= skip:
                continue
            if row < skip:
                span -= skip - row
                row = skip
            if c.source.bbox:
                c0, c1 = nearest(xs, c.source.bbox[0]), nearest(xs, c.source.bbox[2])
            else:  # no geometry: keep the printed position
                c0, c1 = c.col, c.col + c.col_span
            # the cell objects are re-used: a PDF cell keeps its characters
            c.row, c.col, c.row_span, c.col_span = row + offset, c0, span, max(c1 - c0, 1)
            cells.append(c)
    n_rows = first.n_rows + second.n_rows - drop
    cells.sort(key=attrgetter("row", "col"))
    pages = sorted({p for p in (first.pages + second.pages)})
    locator = f"pages {pages[0]}-{pages[-1]}" if len(pages) > 1 else first.source.locator
    src = Source(page=first.source.page, bbox=first.source.bbox, locator=locator)
    return Table(cells=cells, n_rows=n_rows, n_cols=len(xs) - 1, source=src,
                 exact_grid=first.exact_grid and second.exact_grid,
                 method=first.method if first.method == second.method else f"{first.method}+{second.method}")


def stitch(items: list, foot: dict[int, float], tol: float = TOL) -> list:
    """Merge consecutive tables split by a page break in a page-ordered list of blocks.

    ``items`` holds tables and other blocks (paragraphs or lines, anything with a
    ``source``-less ``page`` attribute is ignored) in reading order with page
    furniture removed; ``foot`` maps a page number to the y below which a
    table counts as running to the page foot.
    """
    out: list = []
    for it in items:
        prev = out[-1] if out else None
        if isinstance(it, Table) and isinstance(prev, Table) and prev.cells and it.cells:
            last = _last_page(prev)
            if last is not None and it.source.page == last + 1:
                a, b = _bounds(prev, tol), _bounds(it, tol)
                if _fits(a, b, tol):
                    drop = repeated_header_rows(prev, it)
                    if _bottom(prev) + _moved_row(it, drop) >= foot.get(last, 0):
                        out[-1] = merge(prev, it, tol, (a, b, drop))
                        continue
        out.append(it)
    return out


def _moved_row(second: Table, k: int) -> float:
    """Height of the continuation's first row after its ``k`` repeated header rows: a row that may
    not be cut by a page break moves to the next page whole, leaving its height blank under the
    first part."""
    tops = [c.source.bbox for c in second.cells if c.row == k and c.row_span == 1 and c.source.bbox]
    return max((b[3] - b[1] for b in tops), default=0.0)


def _last_page(t: Table) -> Optional[int]:
    pages = t.pages
    return pages[-1] if pages else t.source.page


def _bottom(t: Table) -> float:
    last = _last_page(t)
    return max((c.source.bbox[3] for c in t.cells if c.source.page == last and c.source.bbox), default=0.0)
