"""Cells merged only because a border is not drawn, split again from their text.

Rows (:func:`split_rows`, on one page's grid): Word tables with inner
horizontal borders switched off, tables with only a frame and header rules,
zebra or shaded rows print several value rows inside one ruled band. Each
text line of the band's cells is placed by its baseline band; lines of
different cells that overlap vertically are one printed row. A line that
continues a wrapped line of the same cell (the line above runs to the cell's
right edge) stays in that row. The band is cut between printed rows when the
cells line up (two or more cells hold lines in separate rows, or one cell
holds separate short lines) and the band prints digits: a header band of
wrapped headings is left alone.

Columns (:func:`split_by_text`, after page-split parts are stitched, so a
borderless row alone on a continuation page gets the columns of the part
above): a column-merged cell whose text clumps each fit one column of the
grid known from the other rows is cut into those columns.

Every cell made here is marked ``inferred`` (its boundary was not drawn):
its value is trusted only as far as the table's arithmetic confirms it.
"""
from __future__ import annotations

from typing import Optional

from ...model import Source, Table
from .grid import Grid, PdfCell, _normalise
from .settings import DEFAULT, TableSettings
from .text import cell_text, group_lines

ROWS_FROM_TEXT = "rows-from-text-lines"
COLUMNS_FROM_TEXT = "columns-from-text-clumps"


# ---------------------------------------------------------------------------
# rows


def _printed_rows(lines: list[tuple]) -> list[list[tuple]]:
    """Cluster (top, bottom, box, full, text) lines into printed rows, top to bottom.

    Lines that overlap vertically are one row. Two rows stay apart only where a
    cell breaks between them: it has a line in both, and its upper line stops
    short of the cell's edge; otherwise the lower row is the wrapped rest of the
    upper one (a number over a number there stays two lines in one cell, which
    the mapping reads as no value, with a finding: never one number).
    """
    rows: list[list[tuple]] = []
    bottom = 0.0
    for ln in sorted(lines, key=lambda t: t[0]):
        if rows and ln[0] < bottom - 0.5:
            rows[-1].append(ln)
            bottom = max(bottom, ln[1])
        else:
            rows.append([ln])
            bottom = ln[1]
    out: list[list[tuple]] = []
    for row in rows:
        if out and not _breaks(out[-1], row):
            out[-1].extend(row)
        else:
            out.append(row)
    return out


def _breaks(upper: list[tuple], lower: list[tuple]) -> bool:
    for box in {ln[2] for ln in upper} & {ln[2] for ln in lower}:
        last = max((ln for ln in upper if ln[2] == box), key=lambda ln: ln[0])
        if not last[3]:
            return True
    return False


def _band_cuts(g: Grid, band: int, cell_chars: dict[int, list], s: TableSettings) -> list[float]:
    """y positions where band ``band`` of the grid prints separate rows (empty: leave it whole)."""
    lines = []
    for i, (r0, _c0, r1, c1) in enumerate(g.boxes):
        if r0 != band or r1 != band + 1 or not cell_chars.get(i):
            continue
        right = g.xs[c1]
        for grp in group_lines(cell_chars[i]):
            cs = [c for c in grp if c["text"].strip()]
            if not cs:
                continue
            size = max(c.get("size") or 10 for c in cs)
            full = max(c["x1"] for c in cs) >= right - s.wrap_em * size
            text = "".join(c["text"] for c in sorted(cs, key=lambda c: c["x0"]))
            lines.append((min(c["top"] for c in cs), max(c["bottom"] for c in cs), i, full, text))
    if not any(ch.isdigit() for ln in lines for ch in ln[4]):
        return []
    rows = _printed_rows(lines)
    if len(rows) < 2:
        return []
    spread: dict = {}  # box -> number of printed rows holding its lines
    for row in rows:
        for box in {ln[2] for ln in row}:
            spread[box] = spread.get(box, 0) + 1
    multi = [b for b, n in spread.items() if n >= 2]
    if not multi:
        return []
    return [(max(ln[1] for ln in a) + min(ln[0] for ln in b)) / 2 for a, b in zip(rows, rows[1:])]


def split_rows(g: Grid, cell_chars: dict[int, list], s: TableSettings = DEFAULT) -> tuple[Grid, dict[int, list]]:
    """The grid with bands that print several rows cut between them, and the boxes' characters."""
    cuts = {r: _band_cuts(g, r, cell_chars, s) for r in range(len(g.ys) - 1)}
    if not any(cuts.values()):
        return g, cell_chars
    ys: list[float] = []
    new_of: dict[int, int] = {}  # old boundary index -> new boundary index
    for r in range(len(g.ys) - 1):
        new_of[r] = len(ys)
        ys.append(g.ys[r])
        ys.extend(cuts[r])
    new_of[len(g.ys) - 1] = len(ys)
    ys.append(g.ys[-1])
    boxes: list[tuple[int, int, int, int]] = []
    chars: dict[int, list] = {}
    inferred: dict[int, str] = {}
    for i, (r0, c0, r1, c1) in enumerate(g.boxes):
        a, b = new_of[r0], new_of[r1]
        if r1 == r0 + 1 and b - a > 1:  # a band that was cut: one box per printed row
            for k in range(a, b):
                inferred[len(boxes)] = ROWS_FROM_TEXT
                mine = [c for c in cell_chars.get(i, []) if ys[k] <= (c["top"] + c["bottom"]) / 2 < ys[k + 1]]
                if mine:
                    chars[len(boxes)] = mine
                boxes.append((k, c0, k + 1, c1))
            continue
        if i in g.inferred:
            inferred[len(boxes)] = g.inferred[i]
        if cell_chars.get(i):
            chars[len(boxes)] = cell_chars[i]
        boxes.append((a, c0, b, c1))
    out = _normalise(Grid(list(g.xs), ys, boxes))
    out.inferred = inferred
    return out, chars


# ---------------------------------------------------------------------------
# columns


def _text_groups(chars: list, s: TableSettings) -> list[tuple[float, float, list]]:
    """Horizontal clumps of a cell's characters (projection on x, split at wide gaps)."""
    cs = sorted((c for c in chars if c["text"].strip()), key=lambda c: c["x0"])
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
    out.sort(key=lambda c: (c.row, c.col))
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
