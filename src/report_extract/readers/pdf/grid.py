"""Rebuild the ruled tables of one PDF page: rules -> grid -> cells (a small local model).

Rules that touch each other (or face each other across a small gap: cells
drawn as separate boxes, double frames) form one table. Their snapped
positions give the grid; a grid boundary that rules cover less than
``min_cover_share`` of, between two grid cells, means the cells are merged,
which yields row/column spans. Characters go to the cell holding their
centre. Row boundaries a table does not draw are inferred first, from rule
ends and text lines (:mod:`.rows`); cells merged only because a vertical
border is missing are split from their text after page-split parts are
stitched (:mod:`.repair`).

The objects are inspectable on their own: :class:`Grid` (positions, boxes),
:class:`PdfCell` (a model Cell that keeps its characters until the reader
hands the Document out, see :func:`finish`).
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Optional

from ...model import Cell, Source, Table
from .ruling import Seg, cluster, overlapping_runs, ruling
from .settings import DEFAULT, TableSettings
from .text import cell_text

RULED = "ruled-grid"  # Table.method kind of tables rebuilt from drawn rules


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]
    boxes: list[tuple[int, int, int, int]]  # r0, c0, r1, c1 (exclusive ends)
    owner: list[list[int]] = field(default_factory=list)  # grid position -> box index
    inferred: dict[int, str] = field(default_factory=dict)  # box index -> how its boundary was inferred
    rules: tuple = ((), ())  # the horizontal and vertical rules (Seg lists) it was built from

    @property
    def bbox(self):
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


def find_grids(hs: list[Seg], vs: list[Seg], s: TableSettings = DEFAULT) -> list[Grid]:
    """Group touching rules into tables and rebuild each one's grid with spans."""
    if not vs:
        return []
    n_h = len(hs)
    parent = list(range(n_h + len(vs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    vs_sorted = sorted(range(len(vs)), key=lambda j: vs[j].pos)
    vpos = [vs[j].pos for j in vs_sorted]
    for i, h in enumerate(hs):
        lo = bisect_right(vpos, h.a - s.cell_gap - 1e-9)
        hi = bisect_right(vpos, h.b + s.cell_gap)
        for k in range(lo, hi):
            j = vs_sorted[k]
            v = vs[j]
            if v.a - s.cell_gap <= h.pos <= v.b + s.cell_gap:
                ri, rj = find(i), find(n_h + j)
                if ri != rj:
                    parent[ri] = rj
    comps: dict[int, tuple[list[Seg], list[Seg]]] = {}
    for i, h in enumerate(hs):
        comps.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        comps.setdefault(find(n_h + j), ([], []))[1].append(v)
    tables = [c for c in comps.values() if c[0] and c[1]]
    loose = [c for c in comps.values() if not (c[0] and c[1])]
    tables += _attach_loose(tables, [h for c in loose for h in c[0]], [v for c in loose for v in c[1]], s)
    grids = []
    for ch, cv in tables:
        g = _grid(ch, cv, s)
        if g is not None:
            grids.append(g)
    grids.sort(key=lambda g: (g.ys[0], g.xs[0]))
    return grids


def _attach_loose(tables: list, hs: list[Seg], vs: list[Seg], s: TableSettings) -> list:
    """Rules that touch no crossing rule: inside a table's box they are its own; loose verticals
    alone make a table when three or more run side by side.

    Word tables without inner horizontal borders draw column rules that stop
    short of the frame (a column heading under a spanning one starts lower),
    and the part of such a table continued on the next page is drawn with
    its column rules only: the columns are drawn, the rows come from the
    text (:mod:`.rows`). The part's top and bottom are where its rules end.
    """
    g = s.cell_gap
    boxes = [_extent(ch, cv) for ch, cv in tables]
    free_v = []
    for seg, horizontal in [(h, True) for h in hs] + [(v, False) for v in vs]:
        x0, y0, x1, y1 = (seg.a, seg.pos, seg.b, seg.pos) if horizontal else (seg.pos, seg.a, seg.pos, seg.b)
        for (bx0, by0, bx1, by1), (ch, cv) in zip(boxes, tables):
            if bx0 - g <= x0 and x1 <= bx1 + g and by0 - g <= y0 and y1 <= by1 + g:
                (ch if horizontal else cv).append(seg)
                break
        else:
            if not horizontal:
                free_v.append(seg)
    out = []
    for group in overlapping_runs(free_v, lambda v: v.a, lambda v: v.b, g):
        if len(cluster([w.pos for w in group], g)) < 3:
            continue
        y0, y1 = min(w.a for w in group), max(w.b for w in group)
        x0, x1 = min(w.pos for w in group), max(w.pos for w in group)
        if y1 - y0 >= s.min_grid[1]:
            out.append(([Seg(y0, x0, x1), Seg(y1, x0, x1)], group))
    return out


def _extent(hs: list[Seg], vs: list[Seg]) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) the rules of one table span."""
    return (min(min(h.a for h in hs), min(v.pos for v in vs)), min(min(v.a for v in vs), min(h.pos for h in hs)),
            max(max(h.b for h in hs), max(v.pos for v in vs)), max(max(v.b for v in vs), max(h.pos for h in hs)))


def _grid(hs: list[Seg], vs: list[Seg], s: TableSettings) -> Optional[Grid]:
    x_lo, y_lo, x_hi, y_hi = _extent(hs, vs)
    if x_hi - x_lo < s.min_grid[0] or y_hi - y_lo < s.min_grid[1]:
        return None
    xs = cluster([v.pos for v in vs] + [x_lo, x_hi], s.cell_gap)
    ys = cluster([h.pos for h in hs] + [y_lo, y_hi], s.cell_gap)
    # extents merged into a nearby rule keep the rule's position at the border
    xs[0], xs[-1] = min(xs[0], x_lo), max(xs[-1], x_hi)
    ys[0], ys[-1] = min(ys[0], y_lo), max(ys[-1], y_hi)
    if len(xs) < 2 or len(ys) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1

    def index(values, pos):
        i = bisect_right(values, pos)
        best = None
        for k in (i - 1, i):
            if 0 <= k < len(values) and abs(values[k] - pos) <= s.cell_gap and (best is None or abs(values[k] - pos) < abs(values[best] - pos)):
                best = k
        return best

    vcover: dict[int, list[tuple[float, float]]] = {}
    for v in vs:
        k = index(xs, v.pos)
        if k is not None:
            vcover.setdefault(k, []).append((v.a, v.b))
    hcover: dict[int, list[tuple[float, float]]] = {}
    for h in hs:
        k = index(ys, h.pos)
        if k is not None:
            hcover.setdefault(k, []).append((h.a, h.b))

    def covered(cover, a, b):
        tot = 0.0
        for lo_, hi_ in cover:
            lo, hi = max(a, lo_), min(b, hi_)
            if hi > lo:
                tot += hi - lo
        return tot >= s.min_cover_share * (b - a)

    parent = list(range(nr * nc))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb

    for r in range(nr):
        for c in range(1, nc):
            if not covered(vcover.get(c, ()), ys[r], ys[r + 1]):
                union(r * nc + c - 1, r * nc + c)
    for r in range(1, nr):
        for c in range(nc):
            if not covered(hcover.get(r, ()), xs[c], xs[c + 1]):
                union((r - 1) * nc + c, r * nc + c)
    taken = [[False] * nc for _ in range(nr)]
    boxes = []
    for r in range(nr):
        for c in range(nc):
            if taken[r][c]:
                continue
            root = find(r * nc + c)
            c1 = c + 1
            while c1 < nc and not taken[r][c1] and find(r * nc + c1) == root:
                c1 += 1
            r1 = r + 1
            while r1 < nr and all(not taken[r1][k] and find(r1 * nc + k) == root for k in range(c, c1)):
                r1 += 1
            for rr in range(r, r1):
                for k in range(c, c1):
                    taken[rr][k] = True
            boxes.append((r, c, r1, c1))
    out = _normalise(Grid(xs, ys, boxes))
    out.rules = (list(hs), list(vs))
    return out


def _normalise(g: Grid) -> Grid:
    """Drop grid lines that no cell edge uses (a rule stub inside a merged cell)."""
    used_x = {0, len(g.xs) - 1}
    used_y = {0, len(g.ys) - 1}
    for r0, c0, r1, c1 in g.boxes:
        used_x.update((c0, c1))
        used_y.update((r0, r1))
    xmap = {old: new for new, old in enumerate(sorted(used_x))}
    ymap = {old: new for new, old in enumerate(sorted(used_y))}
    xs = [g.xs[i] for i in sorted(used_x)]
    ys = [g.ys[i] for i in sorted(used_y)]
    boxes = [(ymap[r0], xmap[c0], ymap[r1], xmap[c1]) for r0, c0, r1, c1 in g.boxes]
    owner = [[-1] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    for i, (r0, c0, r1, c1) in enumerate(boxes):
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner[r][c] = i
    return Grid(xs, ys, boxes, owner)


# ---------------------------------------------------------------------------
# cells


@dataclass(eq=False)
class PdfCell(Cell):
    """A cell while the PDF reader works on it: the model Cell plus its characters."""

    chars: list = field(default_factory=list, repr=False)


def assign_chars(grids: list[Grid], chars: list) -> tuple[list[dict[int, list]], list]:
    """Put every character whose centre lies in a grid into its box; return the rest."""
    per_grid: list[dict[int, list]] = [{} for _ in grids]
    rest = []
    # each grid's extent, rules, owners and last row and column, looked up once, not per character
    frames = [(g.xs[0], g.xs[-1], g.ys[0], g.ys[-1], g.xs, g.ys, g.owner, len(g.xs) - 2, len(g.ys) - 2, out)
              for g, out in zip(grids, per_grid)]
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        for left, right, top, bottom, xs, ys, owner, last_c, last_r, out in frames:
            if left <= cx <= right and top <= cy <= bottom:
                c = bisect_right(xs, cx) - 1
                r = bisect_right(ys, cy) - 1
                c = 0 if c < 0 else last_c if c > last_c else c  # a grid has two rules a side at least
                r = 0 if r < 0 else last_r if r > last_r else r
                box = owner[r][c]
                got = out.get(box)
                if got is None:
                    out[box] = [ch]
                else:
                    got.append(ch)
                break
        else:
            rest.append(ch)
    return per_grid, rest


def build_table(g: Grid, cell_chars: dict[int, list], page: int, s: TableSettings = DEFAULT) -> Table:
    """A Table of :class:`PdfCell` for one grid (boxes of ``g.inferred`` marked as inferred)."""
    cells: list[Cell] = []  # PdfCells: the Table holds them as model cells
    for i, (r0, c0, r1, c1) in enumerate(g.boxes):
        chars = cell_chars.get(i, [])
        bbox = (g.xs[c0], g.ys[r0], g.xs[c1], g.ys[r1])
        cells.append(PdfCell(row=r0, col=c0, text=cell_text(chars, s.clump_gap_em), row_span=r1 - r0, col_span=c1 - c0,
                             source=Source(page=page, bbox=bbox), inferred=g.inferred.get(i), chars=chars))
    cells.sort(key=attrgetter("row", "col"))
    return Table(cells=cells, n_rows=len(g.ys) - 1, n_cols=len(g.xs) - 1,
                 source=Source(page=page, bbox=g.bbox, locator=f"page {page}"), method=f"{RULED}@{s.tag}")


def finish(table: Table) -> Table:
    """The model Table handed out: plain Cells, characters dropped."""
    table.cells = [Cell(row=c.row, col=c.col, text=c.text, row_span=c.row_span, col_span=c.col_span,
                        source=c.source, inferred=c.inferred, confidence=c.confidence, method=c.method)
                   for c in table.cells]
    return table


def page_tables(chars: list, lines: list, rects: list, curves: list, page: int,
                s: TableSettings = DEFAULT) -> tuple[list[Table], list]:
    """Tables of one page (top to bottom) and the characters outside them.

    A grid of a single cell (a framed paragraph, a box around a title) is not
    a table: its text stays with the paragraphs.
    """
    from .rows import with_inferred_rows

    hs, vs = ruling(lines, rects, curves, s)
    # one column is a frame around text (a boxed paragraph, a table drawn with its frame and header
    # rule only): its text stays with the lines, where text alignment may find a table
    grids = [g for g in find_grids(hs, vs, s) if len(g.boxes) > 1 and len(g.xs) > 2]
    if not grids:
        return [], chars
    per_grid, rest = assign_chars(grids, chars)
    tables = []
    for g, cc in zip(grids, per_grid):
        if not cc:  # a drawing without text (a frame, a rule pattern)
            continue
        g2 = with_inferred_rows(g, cc, s)
        if g2 is not g:
            g, cc = g2, assign_chars([g2], [ch for cs in cc.values() for ch in cs])[0][0]
        tables.append(build_table(g, cc, page, s))
    return tables, rest
