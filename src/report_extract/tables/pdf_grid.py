"""Rebuild ruled tables of one PDF page from its drawing (lines, thin rectangles).

pdfplumber's default table finder trusts every rectangle; WPS and some
converters paint a white, unstroked rectangle behind each line of body text,
so it sees narrative as tables. Here only *visible ruling* counts:

* stroked lines with a visible (non-white) colour;
* thin rectangles (a rule drawn as a filled bar) that are visibly filled or stroked;
* the four sides of a stroked, visibly coloured rectangle (cells drawn as boxes);
* axis-aligned pieces of stroked polylines.

Rules that touch each other form one table. Their snapped positions give the
grid; a grid boundary that no rule covers (less than half its length) between
two grid cells means the cells are merged, which yields row/column spans.
Characters go to the cell holding their centre. A cell merged only because an
inner border is missing (a partly borderless table) is split again when its
text sits in separate columns of the grid (:func:`split_by_text`, run after
page-split tables are stitched, so a borderless row alone on a continuation
page gets the columns of the part above).

Everything works on plain lists of pdfplumber object dicts read once per page.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..model import Cell, Source, Table

SNAP = 3.0  # points: rule positions closer than this are one rule
THIN = 2.5  # points: a rectangle thinner than this is a rule
MIN_COVER = 0.5  # a boundary is present when rules cover this share of it


# ---------------------------------------------------------------------------
# text helpers shared with the reader


def is_wide(ch: str) -> bool:
    """CJK ideographs, kana, full-width forms and CJK punctuation."""
    if not ch:
        return False
    o = ord(ch[0])
    return o >= 0x2E80 or ch in "“”‘’…—·"


_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


def tidy(text: str) -> str:
    """Collapse runs of spaces and drop any space touching a wide (CJK) character."""
    text = _SPACES.sub(" ", text).strip()
    if " " not in text:
        return text
    out = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch == " ":
            prev = text[i - 1] if i else ""
            nxt = text[i + 1] if i + 1 < n else ""
            if is_wide(prev) or is_wide(nxt) or not prev or not nxt:
                continue
        out.append(ch)
    return "".join(out)


def join_pieces(pieces: Iterable[str]) -> str:
    """Join wrapped lines: nothing between CJK, one space between Latin words."""
    out = ""
    for p in pieces:
        p = p.strip()
        if not p:
            continue
        if out and not is_wide(out[-1]) and not is_wide(p[0]) and out[-1] not in "-/（(" :
            out += " "
        out += p
    return out


@dataclass
class Line:
    """Characters sharing a baseline band, left to right."""

    chars: list
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0
    text: str = ""

    @property
    def bbox(self):
        return (self.x0, self.top, self.x1, self.bottom)


def group_lines(chars: list) -> list[list]:
    """Cluster characters into lines by vertical overlap (top to bottom)."""
    lines: list[list] = []  # [top, bottom, chars]
    for c in sorted(chars, key=lambda c: c["top"]):
        mid = (c["top"] + c["bottom"]) / 2
        for ln in reversed(lines[-4:]):
            if ln[0] - 0.5 <= mid <= ln[1] + 0.5:
                ln[2].append(c)
                if c["bottom"] > ln[1] and c["bottom"] - c["top"] <= (ln[1] - ln[0]) * 1.5:
                    ln[1] = c["bottom"]
                break
        else:
            lines.append([c["top"], c["bottom"], [c]])
    lines.sort(key=lambda ln: ln[0])
    return [ln[2] for ln in lines]


def line_text(chars: list) -> str:
    """Text of one line's chars (sorted by x): spaces only where Latin words part."""
    chars = sorted(chars, key=lambda c: c["x0"])
    out = []
    prev = None
    for c in chars:
        t = c["text"]
        if prev is not None and t != " " and out and out[-1] != " ":
            gap = c["x0"] - prev["x1"]
            if gap > 0.25 * (c.get("size") or 10) and not is_wide(t) and not is_wide(prev["text"]):
                out.append(" ")
        out.append(t)
        prev = c
    return tidy("".join(out))


def make_lines(chars: list, split_gap: Optional[float] = 3.0) -> list[Line]:
    """Lines of text; a line is split where a horizontal gap exceeds ``split_gap`` × font size."""
    groups = group_lines(chars)
    for g in groups:
        g.sort(key=lambda c: c["x0"])
    return lines_from_groups(groups, split_gap)


def lines_from_groups(groups: list[list], split_gap: Optional[float] = 3.0) -> list[Line]:
    """:func:`make_lines` for characters already grouped (:func:`group_lines`) and sorted by x."""
    result = []
    for group in groups:
        segs = [[group[0]]]
        for c in group[1:]:
            p = segs[-1][-1]
            size = max(c.get("size") or 10, 1)
            if split_gap is not None and c["x0"] - p["x1"] > split_gap * size and c["text"].strip():
                segs.append([c])
            else:
                segs[-1].append(c)
        for s in segs:
            s2 = [c for c in s if c["text"].strip()] or s
            sizes = sorted(c.get("size") or 0 for c in s2)
            ln = Line(chars=s, x0=min(c["x0"] for c in s2), top=min(c["top"] for c in s2),
                      x1=max(c["x1"] for c in s2), bottom=max(c["bottom"] for c in s2),
                      size=sizes[len(sizes) // 2])
            ln.text = line_text(s)
            if ln.text:
                result.append(ln)
    result.sort(key=lambda ln: (round(ln.top), ln.x0))
    return result


# ---------------------------------------------------------------------------
# ruling


def _visible(color) -> bool:
    """False for white / near-white colours; unknown colour spaces count as visible."""
    if color is None:
        return True
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color:
        return True
    try:
        vals = [float(v) for v in color]
    except (TypeError, ValueError):
        return True
    if len(vals) == 1:
        return vals[0] < 0.9
    if len(vals) == 3:
        return min(vals) < 0.9
    if len(vals) == 4:
        return max(vals) > 0.1
    return True


@dataclass
class Seg:
    pos: float  # y of a horizontal rule, x of a vertical one
    a: float  # start along the rule
    b: float  # end along the rule


def ruling(lines: list, rects: list, curves: list | tuple = ()) -> tuple[list[Seg], list[Seg]]:
    """Visible horizontal and vertical rules of a page."""
    hs: list[Seg] = []
    vs: list[Seg] = []

    def add(x0, top, x1, bottom):
        w, h = x1 - x0, bottom - top
        if h <= THIN and w > h:
            if w >= 2:
                hs.append(Seg((top + bottom) / 2, x0, x1))
        elif w <= THIN and h > w:
            if h >= 2:
                vs.append(Seg((x0 + x1) / 2, top, bottom))

    for ln in lines:
        if ln.get("stroke", True) is False or not _visible(ln.get("stroking_color")):
            continue
        add(ln["x0"], ln["top"], ln["x1"], ln["bottom"])
    for r in rects:
        w, h = r["width"], r["height"]
        stroked = r.get("stroke") and _visible(r.get("stroking_color"))
        filled = r.get("fill") and _visible(r.get("non_stroking_color"))
        if min(w, h) <= THIN:
            if stroked or filled:
                add(r["x0"], r["top"], r["x1"], r["bottom"])
        elif stroked:
            x0, top, x1, bottom = r["x0"], r["top"], r["x1"], r["bottom"]
            hs.append(Seg(top, x0, x1))
            hs.append(Seg(bottom, x0, x1))
            vs.append(Seg(x0, top, bottom))
            vs.append(Seg(x1, top, bottom))
    for cv in curves:
        if not cv.get("stroke") or not _visible(cv.get("stroking_color")):
            continue
        pts = cv.get("pts") or []
        for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
            # pdfplumber gives curve points in (x, top) page coordinates
            if abs(ya - yb) <= 0.5 and abs(xa - xb) >= 2:
                hs.append(Seg(ya, min(xa, xb), max(xa, xb)))
            elif abs(xa - xb) <= 0.5 and abs(ya - yb) >= 2:
                vs.append(Seg(xa, min(ya, yb), max(ya, yb)))
    return _merge(hs), _merge(vs)


def _merge(segs: list[Seg]) -> list[Seg]:
    """Join collinear pieces of one rule (same position, touching or overlapping)."""
    segs = sorted(segs, key=lambda s: (s.pos, s.a))
    groups: list[list[Seg]] = []
    for s in segs:
        if groups and s.pos - groups[-1][0].pos <= 1.0:
            groups[-1].append(s)
        else:
            groups.append([s])
    out = []
    for g in groups:
        pos = sum(s.pos for s in g) / len(g)
        g.sort(key=lambda s: s.a)
        cur = Seg(pos, g[0].a, g[0].b)
        for s in g[1:]:
            if s.a <= cur.b + SNAP:
                cur.b = max(cur.b, s.b)
            else:
                out.append(cur)
                cur = Seg(pos, s.a, s.b)
        out.append(cur)
    return out


def _cluster(values: list[float], tol: float = SNAP) -> list[float]:
    values = sorted(values)
    out: list[list[float]] = []
    for v in values:
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


# ---------------------------------------------------------------------------
# grids


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]
    boxes: list[tuple[int, int, int, int]]  # r0, c0, r1, c1 (exclusive ends)
    owner: list[list[int]] = field(default_factory=list)  # grid position -> box index

    @property
    def bbox(self):
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


def find_grids(hs: list[Seg], vs: list[Seg]) -> list[Grid]:
    """Group touching rules into tables and rebuild each one's grid with spans."""
    if not hs or not vs:
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
        lo = bisect_right(vpos, h.a - SNAP - 1e-9)
        hi = bisect_right(vpos, h.b + SNAP)
        for k in range(lo, hi):
            j = vs_sorted[k]
            v = vs[j]
            if v.a - SNAP <= h.pos <= v.b + SNAP:
                ri, rj = find(i), find(n_h + j)
                if ri != rj:
                    parent[ri] = rj
    comps: dict[int, tuple[list[Seg], list[Seg]]] = {}
    for i, h in enumerate(hs):
        comps.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        comps.setdefault(find(n_h + j), ([], []))[1].append(v)
    grids = []
    for ch, cv in comps.values():
        if not ch or not cv:
            continue
        g = _grid(ch, cv)
        if g is not None:
            grids.append(g)
    grids.sort(key=lambda g: (g.ys[0], g.xs[0]))
    return grids


def _grid(hs: list[Seg], vs: list[Seg]) -> Optional[Grid]:
    x_lo = min(min(h.a for h in hs), min(v.pos for v in vs))
    x_hi = max(max(h.b for h in hs), max(v.pos for v in vs))
    y_lo = min(min(v.a for v in vs), min(h.pos for h in hs))
    y_hi = max(max(v.b for v in vs), max(h.pos for h in hs))
    if x_hi - x_lo < 10 or y_hi - y_lo < 6:
        return None
    xs = _cluster([v.pos for v in vs] + [x_lo, x_hi])
    ys = _cluster([h.pos for h in hs] + [y_lo, y_hi])
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
            if 0 <= k < len(values) and abs(values[k] - pos) <= SNAP and (best is None or abs(values[k] - pos) < abs(values[best] - pos)):
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
        for s, e in cover:
            lo, hi = max(a, s), min(b, e)
            if hi > lo:
                tot += hi - lo
        return tot >= MIN_COVER * (b - a)

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
    return _normalise(Grid(xs, ys, boxes))


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


def cell_text(chars: list) -> str:
    """Text of a cell: its lines top to bottom, wrapped pieces joined."""
    if not chars:
        return ""
    return join_pieces(line_text(ln) for ln in group_lines(chars))


def _text_groups(chars: list) -> list[tuple[float, float, list]]:
    """Horizontal clumps of a cell's characters (projection on x, split at wide gaps)."""
    cs = sorted((c for c in chars if c["text"].strip()), key=lambda c: c["x0"])
    groups: list[list] = []
    for c in cs:
        size = max(c.get("size") or 10, 1)
        if groups and c["x0"] - groups[-1][1] <= 0.9 * size:
            groups[-1][1] = max(groups[-1][1], c["x1"])
            groups[-1][2].append(c)
        else:
            groups.append([c["x0"], c["x1"], [c]])
    return [tuple(g) for g in groups]


def split_by_text(table: Table, chars_of: dict[int, list]) -> Table:
    """Split column-merged cells whose text clumps sit in distinct grid columns.

    A partly borderless table (no inner vertical borders in some rows) comes
    out of the ruling as one wide cell per row; when its characters form
    separate clumps that each fit one column of the grid (known from the
    other rows), the row is cut into those columns. ``chars_of`` maps
    ``id(cell)`` to the cell's characters.
    """
    col_x: dict[int, float] = {}
    for c in table.cells:
        if c.source.bbox:
            col_x.setdefault(c.col, c.source.bbox[0])
            col_x.setdefault(c.col + c.col_span, c.source.bbox[2])
    if len(col_x) < table.n_cols + 1:
        return table
    xs = [col_x[i] for i in range(table.n_cols + 1)]
    out: list[Cell] = []
    changed = False
    for cell in table.cells:
        chars = chars_of.get(id(cell), [])
        pieces = _split_cell(xs, cell, chars) if cell.col_span > 1 and chars else None
        if not pieces:
            out.append(cell)
            continue
        changed = True
        for col, cs in pieces:
            b = cell.source.bbox
            assert b is not None  # every cell of a ruled grid has its box
            out.append(Cell(row=cell.row, col=col, text=cell_text(cs), row_span=cell.row_span, col_span=1,
                            source=Source(page=cell.source.page, bbox=(xs[col], b[1], xs[col + 1], b[3]))))
    if not changed:
        return table
    out.sort(key=lambda c: (c.row, c.col))
    return Table(cells=out, n_rows=table.n_rows, n_cols=table.n_cols, source=table.source,
                 exact_grid=table.exact_grid)


def _split_cell(xs: list[float], cell: Cell, chars: list) -> Optional[list]:
    groups = _text_groups(chars)
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


def assign_chars(grids: list[Grid], chars: list) -> tuple[list[dict[int, list]], list]:
    """Put every character whose centre lies in a grid into its cell; return the rest."""
    per_grid: list[dict[int, list]] = [{} for _ in grids]
    rest = []
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        for gi, g in enumerate(grids):
            if g.xs[0] <= cx <= g.xs[-1] and g.ys[0] <= cy <= g.ys[-1]:
                c = min(max(bisect_right(g.xs, cx) - 1, 0), len(g.xs) - 2)
                r = min(max(bisect_right(g.ys, cy) - 1, 0), len(g.ys) - 2)
                per_grid[gi].setdefault(g.owner[r][c], []).append(ch)
                break
        else:
            rest.append(ch)
    return per_grid, rest


def build_table(g: Grid, cell_chars: dict[int, list], page: int, chars_of: dict[int, list]) -> Table:
    """A Table for one grid; ``chars_of`` receives each cell's characters by ``id(cell)``."""
    cells = []
    for i, (r0, c0, r1, c1) in enumerate(g.boxes):
        chars = cell_chars.get(i, [])
        bbox = (g.xs[c0], g.ys[r0], g.xs[c1], g.ys[r1])
        cell = Cell(row=r0, col=c0, text=cell_text(chars), row_span=r1 - r0, col_span=c1 - c0,
                    source=Source(page=page, bbox=bbox))
        if chars and c1 - c0 > 1:
            chars_of[id(cell)] = chars
        cells.append(cell)
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(cells=cells, n_rows=len(g.ys) - 1, n_cols=len(g.xs) - 1,
                 source=Source(page=page, bbox=g.bbox, locator=f"page {page}"))


def page_tables(chars: list, lines: list, rects: list, curves: list, page: int,
                chars_of: Optional[dict[int, list]] = None) -> tuple[list[Table], list]:
    """Tables of one page (top to bottom) and the characters outside them.

    A grid of a single cell (a framed paragraph, a box around a title) is not
    a table: its text stays with the paragraphs.
    """
    hs, vs = ruling(lines, rects, curves)
    grids = [g for g in find_grids(hs, vs) if len(g.boxes) > 1]
    if not grids:
        return [], chars
    per_grid, rest = assign_chars(grids, chars)
    tables = []
    for g, cc in zip(grids, per_grid):
        if not cc:  # a drawing without text (a frame, a rule pattern)
            continue
        tables.append(build_table(g, cc, page, chars_of if chars_of is not None else {}))
    return tables, rest
