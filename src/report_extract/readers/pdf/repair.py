"""Cells merged only because a vertical border is not drawn, split again from their text.

:func:`split_by_text` runs after page-split parts are stitched, so a
borderless row alone on a continuation page gets the columns of the part
above: a column-merged cell whose text clumps each fit one column of the
grid known from the other rows is cut into those columns. (Missing row
boundaries are inferred before the grid is built: :mod:`.rows`.)

Every cell made here is marked ``inferred`` (its boundary was not drawn):
its value is trusted only as far as the table's arithmetic confirms it.
"""
from __future__ import annotations

from operator import attrgetter
from typing import Optional

from ...model import Source, Table
from .grid import PdfCell
from .settings import DEFAULT, TableSettings
from .text import by_x0, cell_text

COLUMNS_FROM_TEXT = "columns-from-text-clumps"


# ---------------------------------------------------------------------------
# columns


def _text_groups(chars: list, s: TableSettings) -> list[tuple[float, float, list]]:
    """Horizontal clumps of a cell's characters (projection on x, split at wide gaps)."""
    cs = sorted((c for c in chars if c["text"].strip()), key=by_x0)
    groups: list[list] = []
    for c in cs:
        size = max(c.get("size") or 10, 1)
        if groups and c["x0"] - groups[-1][1] <= s.clump_gap_em * size:
            groups[-1][1] = max(groups[-1][1], c["x1"])
            groups[-1][2].append(c)
        else:
            groups.append([c["x0"], c["x1"], [c]])
    return [tuple(g) for g in groups]


def split_by_text(table: Table, s: TableSettings = DEFAULT) -> Table:
    """Split column-merged cells whose text clumps sit in distinct grid columns.

    A partly borderless table (no inner vertical borders in some rows) comes
    out of the ruling as one wide cell per row; when its characters form
    separate clumps that each fit one column of the grid (known from the
    other rows), the row is cut into those columns.
    """
    col_x: dict[int, float] = {}
    for c in table.cells:
        if c.source.bbox:
            col_x.setdefault(c.col, c.source.bbox[0])
            col_x.setdefault(c.col + c.col_span, c.source.bbox[2])
    if len(col_x) < table.n_cols + 1:
        return table
    xs = [col_x[i] for i in range(table.n_cols + 1)]
    out: list = []
    changed = False
    for cell in table.cells:
        chars = getattr(cell, "chars", None)
        pieces = _split_cell(xs, cell, chars, s) if cell.col_span > 1 and chars else None
        if not pieces:
            out.append(cell)
            continue
        changed = True
        for col, cs in pieces:
            b = cell.source.bbox
            assert b is not None  # every cell of a ruled grid has its box
            out.append(PdfCell(row=cell.row, col=col, text=cell_text(cs, s.clump_gap_em), row_span=cell.row_span, col_span=1,
                               source=Source(page=cell.source.page, bbox=(xs[col], b[1], xs[col + 1], b[3])),
                               inferred=COLUMNS_FROM_TEXT, chars=cs))
    if not changed:
        return table
    out.sort(key=attrgetter("row", "col"))
    return Table(cells=out, n_rows=table.n_rows, n_cols=table.n_cols, source=table.source,
                 exact_grid=table.exact_grid, method=table.method)


def _split_cell(xs: list[float], cell, chars: list, s: TableSettings) -> Optional[list]:
    groups = _text_groups(chars, s)
    if len(groups) < 2:
        return None
    c0, c1 = cell.col, cell.col + cell.col_span
    cols = []
    for x0, x1, _ in groups:
        col = None
        for c in range(c0, c1):
            if x0 >= xs[c] - 1 and x1 <= xs[c + 1] + 1:
                col = c
                break
        if col is None or col in cols:
            return None
        cols.append(col)
    by_col = {col: grp[2] for col, grp in zip(cols, groups)}
    return [(c, by_col.get(c, [])) for c in range(c0, c1)]
