"""A Word table -> a true grid, each merged cell listed once.

python-docx's ``row.cells`` repeats a merged cell once per grid position;
here the grid is rebuilt from ``w:gridBefore``/``w:gridAfter``,
``w:gridSpan``, ``w:hMerge`` and ``w:vMerge`` (restart/continue): a merged
cell sits at its top-left position with its row and column span, and the
text of the cells it swallows is joined to its own with ``\\n``.
"""
from __future__ import annotations

from typing import Callable, Optional

from ...model import Cell, Source, Table
from .. import ooxml_safety as safety
from .body import BodyPart, WordTable


def build_table(table: WordTable, cell_text: Callable[[list[BodyPart]], str],
                limits: safety.Limits = safety.DEFAULT_LIMITS) -> Table:
    """``cell_text`` turns a cell's content into its text; it is called once per
    ``w:tc``, in document order."""
    cells: list[Cell] = []
    occ: dict[tuple[int, int], Cell] = {}
    n_cols = 0
    area = 0  # grid positions claimed so far (bounds the work a hostile table can cause)
    for r, row in enumerate(table.rows):
        col = row.grid_before
        prev: Optional[Cell] = None
        for wc in row.cells:
            span = 1 if area > limits.max_table_area else wc.grid_span  # a hostile table: ignore spans
            text = cell_text(wc.content)
            area += span
            if wc.h_merge == "continue" and prev is not None and prev.row == r:
                prev.col_span += span
                for k in range(col, col + span):
                    occ[(r, k)] = prev
                prev.text = _join(prev.text, text)
                col += span
                continue
            if wc.v_merge == "continue":
                above = occ.get((r - 1, col))
                if above is not None and above.col == col:
                    above.row_span = r - above.row + 1
                    area += max(span, above.col_span) - span
                    for k in range(col, col + max(span, above.col_span)):
                        occ[(r, k)] = above
                    above.text = _join(above.text, text)
                    col += span
                    prev = above
                    continue
            cell = Cell(row=r, col=col, text=text, row_span=1, col_span=span,
                        source=Source(locator=f"{wc.locator} (grid column {col + 1})"))
            cells.append(cell)
            for k in range(col, col + span):
                occ[(r, k)] = cell
            prev = cell
            col += span
        n_cols = max(n_cols, col + row.grid_after)
    return Table(cells=cells, n_rows=len(table.rows), n_cols=n_cols, source=Source(locator=table.locator))


def _join(a: str, b: str) -> str:
    if not b:
        return a
    return f"{a}\n{b}" if a else b
