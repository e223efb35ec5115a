"""Tables printed without ruling (borderless or "three-line"), found from text alignment.

Runs on the text lines of a page that no ruled table took. A line is cut into
*chunks* where a horizontal gap is wider than about one character; a table is
a run of at least three lines with two or more chunks each, close together,
in one font size, whose chunks share column positions. Narrative lines are one
chunk each, so prose, centred titles and a right-aligned signature block never
qualify.

Columns: per *section* of the run (parts separated by a centred one-chunk
line such as 第二十条第（一）项), narrow chunks (values, leaf headings) are laid
down first and each chunk widens the column band it overlaps; a chunk that
would bridge two bands is a spanning heading and gets a column span instead.
Section boundaries are then merged into one true grid, so a blank cell is an
empty Cell in its column and a value centred under a merged heading spans it.

Rows: lines with chunks in the value area are row anchors; label-only lines
(a long label wrapped over two or three lines, values centred on one of them)
join the anchor nearest to them, their text joined top to bottom.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Optional

from ...layout.sections import heading_of
from ...mapping.labels import starts_numbered
from ...mapping.values import is_value as _printed_value
from ...model import Cell, Source, Table
from .ruling import cluster, nearest
from .settings import DEFAULT, TableSettings
from .text import extent, is_wide, join_cell_lines, line_text_sorted

TEXT_ALIGNED = "text-aligned"  # Table.method kind; every cell of such a table is inferred
_NUMERIC = set("0123456789.,%")


@dataclass(slots=True)
class _Chunk:
    chars: list
    x0: float
    x1: float
    top: float
    bottom: float
    text: str = ""
    ranged: Optional[tuple] = None  # (bands, its range over them): the last :func:`_range` answer

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class _VLine:
    index: int  # position in the page's group list
    chunks: list
    top: float
    bottom: float
    size: float
    x0: float = 0.0
    x1: float = 0.0
    role: str = ""  # anchor, fragment, section
    attached: list = field(default_factory=list)
    row: Optional["_VLine"] = None  # the anchor of the row this line was read into


def _is_value(text: str) -> bool:
    """A number or a blank mark (the shared vocabulary of mapping.values)."""
    return _printed_value(text.replace(" ", ""))


def _chunks(group: list, s: TableSettings) -> list[_Chunk]:
    """Cut one line's characters (sorted by x) at wide gaps."""
    out: list[list] = []
    prev = None
    right = 0.0
    for c in group:
        t = c["text"]
        if not t.strip():
            continue
        if prev is not None:
            gap = c["x0"] - right
            if gap > 0 and _parts(gap, c, prev, s):  # touching characters (most) need no sizes
                out.append([c])
            else:
                out[-1].append(c)
        else:
            out.append([c])
        prev = c
        x1 = c["x1"]
        right = (x1 if x1 > right else right) if len(out[-1]) > 1 else x1
    chunks = []
    for cs in out:
        x0, top, x1, bottom = extent(cs)
        chunks.append(_Chunk(cs, x0, x1, top, bottom, line_text_sorted(cs)))
    return chunks


def _parts(gap: float, c: dict, prev: dict, s: TableSettings) -> bool:
    """A gap wide enough to part two chunks: over ``chunk_gap_em``, or over ``digit_gap_em``
    between two digits or two CJK characters (columns of numbers, labels beside labels)."""
    size = max(c.get("size") or 10, prev.get("size") or 10, 1)
    t = c["text"]
    return gap > s.chunk_gap_em * size or (gap > s.digit_gap_em * size and (
        (t in _NUMERIC and prev["text"] in _NUMERIC) or (is_wide(t) and is_wide(prev["text"]))))


def _vline(i: int, group: list, s: TableSettings) -> Optional[_VLine]:
    chunks = _chunks(group, s)
    if not chunks:
        return None
    sizes = sorted(c.get("size") or 0 for ch in chunks for c in ch.chars)
    return _VLine(i, chunks, min(c.top for c in chunks), max(c.bottom for c in chunks),
                  sizes[len(sizes) // 2] or 10.0, chunks[0].x0, max(c.x1 for c in chunks))


# ---------------------------------------------------------------------------
# runs of tabular lines


def _similar_size(a: float, b: float) -> bool:
    return abs(a - b) <= 0.25 * max(a, b)


def _runs(vl: list[_VLine]) -> list[list[_VLine]]:
    """Maximal stretches of lines from a multi-chunk line to a multi-chunk line."""
    runs = []
    i, n = 0, len(vl)
    while i < n:
        if len(vl[i].chunks) < 2:
            i += 1
            continue
        run = [vl[i]]
        size = vl[i].size
        x0, x1 = vl[i].x0, vl[i].x1
        last_multi = 0
        j = i + 1
        while j < n:
            v, prev = vl[j], run[-1]
            if v.top - prev.bottom > 3.0 * size or not _similar_size(v.size, size):
                break
            if len(v.chunks) >= 2:
                run.append(v)
                last_multi = len(run) - 1
                x0, x1 = min(x0, v.x0), max(x1, v.x1)
            else:
                outside = v.x0 < x0 - size or v.x1 > x1 + size
                if v.x1 - v.x0 > 0.6 * (x1 - x0) or (outside and v.x1 > _values_left(run)):
                    break  # prose, or something outside the table (a label further left is in it)
                if heading_of(v.chunks[0].text):
                    break  # the report's next section: the table ended above it
                run.append(v)
            j += 1
        run = run[: last_multi + 1]
        # tight label lines right above / below (a wrapped first or last label)
        k = i - 1
        first_values = run[0].chunks[1].x0  # the first line is a multi-chunk one
        while k >= 0 and len(vl[k].chunks) == 1 and run[0].top - vl[k].bottom <= 0.6 * size \
                and _similar_size(vl[k].size, size) and vl[k].x1 <= first_values and vl[k].x0 >= x0 - size \
                and not heading_of(vl[k].chunks[0].text):
            run.insert(0, vl[k])
            k -= 1
        end = i + last_multi + 1
        while end < n and len(vl[end].chunks) == 1 and vl[end].top - run[-1].bottom <= 0.6 * size \
                and _similar_size(vl[end].size, size) and vl[end].x1 <= _values_left(run) \
                and vl[end].x0 >= x0 - size and not heading_of(vl[end].chunks[0].text):
            run.append(vl[end])
            end += 1
        runs.append(run)
        i = max(end, i + 1)
    return runs


def _values_left(run: list[_VLine]) -> float:
    """Where the values of the run's last row start: a wrapped label line stays left of it."""
    for v in reversed(run):
        xs = [ch.x0 for ch in v.chunks[1:] if _is_value(ch.text)]
        if xs:
            return min(xs)
    return next(v for v in reversed(run) if len(v.chunks) >= 2).chunks[1].x0


# ---------------------------------------------------------------------------
# columns


def _bands(chunks: list[_Chunk]) -> list[list[float]]:
    """Column bands [x0, x1]: narrow chunks first; a chunk bridging two bands spans them."""
    bands: list[list[float]] = []
    for ch in sorted(chunks, key=lambda c: (c.x1 - c.x0, c.x0)):
        hit = [b for b in bands if ch.x0 < b[1] and ch.x1 > b[0]]
        if len(hit) == 1:
            hit[0][0], hit[0][1] = min(hit[0][0], ch.x0), max(hit[0][1], ch.x1)
        elif not hit:
            bands.append([ch.x0, ch.x1])
    bands.sort()
    return bands


def _range(ch: _Chunk, bands: list[list[float]]) -> tuple[int, int]:
    """Bands a chunk covers (first, last); a chunk in a gap covers the bands on both sides."""
    if ch.ranged is not None and ch.ranged[0] is bands:
        return ch.ranged[1]
    hit = [i for i, b in enumerate(bands) if ch.x0 < b[1] - 0.5 and ch.x1 > b[0] + 0.5]
    if hit:
        out = hit[0], hit[-1]
    else:
        k = sum(1 for b in bands if b[1] <= ch.x0)  # bands wholly left of the chunk
        out = (0, 0) if k == 0 else (len(bands) - 1, len(bands) - 1) if k >= len(bands) else (k - 1, k)
    ch.ranged = (bands, out)
    return out


def _bounds(bands: list[list[float]], x0: float, x1: float) -> list[float]:
    xs = [x0]
    for a, b in zip(bands, bands[1:]):
        xs.append((a[1] + b[0]) / 2)
    xs.append(x1)
    return xs


# ---------------------------------------------------------------------------
# one run -> one table


def _sections(run: list[_VLine], x0: float, x1: float) -> list[list[_VLine]]:
    """Split at centred one-chunk lines (a section heading row); those lines become ``section``."""
    centre, width = (x0 + x1) / 2, x1 - x0
    out: list[list[_VLine]] = [[]]
    for v in run:
        if len(v.chunks) == 1 and abs((v.x0 + v.x1) / 2 - centre) <= 0.08 * width:
            v.role = "section"
            out.append([v])
            out.append([])
        else:
            out[-1].append(v)
    return [s for s in out if s]


def _chains(lines: list[_VLine], size: float) -> dict[int, int]:
    """Number lines so that lines printed with line leading only (no row padding) share a number."""
    out: dict[int, int] = {}
    k = 0
    prev = None
    for v in sorted(lines, key=lambda v: v.top):
        if prev is not None and v.top - prev.bottom > 0.6 * size:
            k += 1
        out[id(v)] = k
        prev = v if prev is None or v.bottom > prev.bottom else prev
    return out


def _wrapped_above(v: _VLine, sec: list[_VLine], bands, xs: list[float], s: TableSettings) -> Optional[_VLine]:
    """The line whose label ``v`` continues: the nearest line above with a chunk in ``v``'s column
    that runs to the column's right edge (words, not a value), when ``v`` does not open an item.

    Cells print their text from the top (Word, WPS, LibreOffice) as often as centred: a label
    wrapped over several lines belongs to the row of its first line, however near the next row.
    """
    first = v.chunks[0]
    if starts_numbered(first.text) or _is_value(first.text):
        return None
    lo, hi = _range(first, bands)
    best = None
    for u in sec:
        if u is v or u.bottom > v.top + 0.5 or (best is not None and u.top <= best[0].top):
            continue
        for ch in u.chunks:
            if ch.x0 < xs[hi + 1] and ch.x1 > xs[lo]:
                best = (u, ch)
                break
    if best is None or v.top - best[0].bottom > s.block_gap_em * v.size:
        return None
    u, ch = best
    # the right edge of its text block: the column's bound, or (several label columns carried as
    # one) the widest chunk stacked over it
    c_lo, c_hi = _range(ch, bands)
    edge = min(xs[c_hi + 1], max((o.x1 for w in sec for o in w.chunks if o.x0 < ch.x1 and o.x1 > ch.x0
                                  and _range(o, bands) == (c_lo, c_hi)), default=ch.x1))
    if _is_value(ch.text) or ch.x1 < edge - s.wrap_em * v.size:
        return None
    return u


def _text(chunks: list[_Chunk]) -> str:
    """Text of chunks in one cell: stacks of overlapping chunks left to right, each top to bottom."""
    stacks: list[list[_Chunk]] = []
    for ch in sorted(chunks, key=attrgetter("x0")):
        for s in stacks:
            if any(ch.x0 < o.x1 and ch.x1 > o.x0 for o in s):
                s.append(ch)
                break
        else:
            stacks.append([ch])
    # numbers in separate chunks stay apart (a line break between them): never one number
    return join_cell_lines(ch.text for s in stacks for ch in sorted(s, key=attrgetter("top", "x0")))


def _table(run: list[_VLine], page: int, s: TableSettings, grid: Optional[list[float]] = None,
           min_rows: Optional[int] = None) -> Optional[tuple[Table, list[float]]]:
    """The table of one run and its column boundaries; ``grid``: the boundaries of the
    part above a page break, which a continuation keeps."""
    x0 = min(v.x0 for v in run)
    x1 = max(v.x1 for v in run)
    if grid:
        x0, x1 = min(x0, grid[0]), max(x1, grid[-1])
    tol = max(v.size for v in run)
    rows: list[tuple[Any, Any, Any, Any]] = []  # (section bands or None, anchor line, first value, live columns)
    sec_bounds: list[list[float]] = []
    for sec in _sections(run, x0, x1):
        if sec[0].role == "section":
            rows.append((None, sec[0], None, None))
            continue
        multi = [v for v in sec if len(v.chunks) >= 2]
        if not multi:  # one-chunk lines alone: label pieces of the neighbouring rows
            for v in sec:
                v.role = "section"
                rows.append((None, v, None, None))
            continue
        if grid:
            bands = [[a, b] for a, b in zip(grid, grid[1:])]
        else:
            bands = _bands([ch for v in sec for ch in v.chunks])
        if len(bands) < 2:
            return None
        # where values start: the first band holding a value-like chunk
        first_value = min((_range(ch, bands)[0] for v in multi for ch in v.chunks if _is_value(ch.text)),
                          default=None)
        anchors = []
        for v in sec:
            in_values = first_value is None or any(_range(ch, bands)[1] >= first_value for ch in v.chunks)
            v.role = "anchor" if (len(v.chunks) >= 2 and in_values) else "fragment"
            if v.role == "anchor":
                anchors.append(v)
        if not anchors:
            return None
        # a label piece joins the nearest row it is tightly chained to (wrapped lines,
        # no row padding between); a label alone is a row of its own (all values blank)
        chain = _chains(sec, tol)
        xs = _bounds(bands, x0, x1)
        for v in sec:
            v.row = v if v.role == "anchor" else None
        for v in sorted(sec, key=lambda v: v.top):
            if v.role != "fragment":
                continue
            mid = (v.top + v.bottom) / 2
            above = _wrapped_above(v, sec, bands, xs, s)
            if above is not None and above.row is not None:
                v.row = above.row
                v.row.attached.append(v)
                continue
            cands = [a for a in anchors if chain[id(a)] == chain[id(v)]]
            if cands:
                v.row = min(cands, key=lambda a: abs((a.top + a.bottom) / 2 - mid))
                v.row.attached.append(v)
            else:
                v.role = "anchor"
                anchors.append(v)
                v.row = v
        sec_bounds.append(xs)
        # with carried columns, a section that prints its own headings has only the
        # columns it uses (a heading centred over two carried columns spans them)
        live = set(range(len(bands)))
        if grid and any(not any(_is_value(ch.text) for ch in v.chunks) and len(v.chunks) >= 2 for v in anchors):
            live = {b for v in sec for ch in v.chunks for b in range(_range(ch, bands)[0], _range(ch, bands)[1] + 1)}
        for a in anchors:
            rows.append((bands, a, first_value, live))
    if min_rows is None:
        min_rows = s.min_text_rows
    if sum(1 for b, a, _f, _l in rows if b is not None and len({_range(ch, b) for ch in a.chunks}) >= 2) < min_rows:
        return None
    if grid:
        grid_x = [x0] + list(grid[1:-1]) + [x1]
    else:
        grid_x = [x0] + cluster([x for xs in sec_bounds for x in xs[1:-1]], tol) + [x1]

    rows.sort(key=lambda r: r[1].top)
    cells: list[Cell] = []
    n_cols = len(grid_x) - 1
    for r, (bands, a, first_value, live) in enumerate(rows):
        chunks = list(a.chunks) + [ch for f in a.attached for ch in f.chunks]
        top = min(ch.top for ch in chunks)
        bottom = max(ch.bottom for ch in chunks)
        if bands is None:  # a section heading: one cell across the table
            cells.append(Cell(row=r, col=0, text=_text(chunks), col_span=n_cols,
                              source=Source(page=page, bbox=(x0, top, x1, bottom)), inferred=TEXT_ALIGNED))
            continue
        xs = list(grid_x) if grid else _bounds(bands, x0, x1)
        groups: list[list] = []  # [first band, last band, chunks]
        for ch in chunks:
            lo, hi = _range(ch, bands)
            groups.append([lo, hi, [ch]])
        groups.sort(key=lambda g: (g[0], g[1]))
        merged: list[list] = []
        for g in groups:
            if merged and g[0] <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], g[1])
                merged[-1][2].extend(g[2])
            else:
                merged.append(g)
        spans = [(g[0], g[1], g[2]) for g in merged]
        # blank cells where a data row prints nothing; a heading row lists its headings only
        if any(_is_value(ch.text) for ch in chunks) or (
                first_value is not None and all(hi < first_value for _lo, hi, _c in spans)):
            taken = {b for lo, hi, _ in spans for b in range(lo, hi + 1)}
            spans += [(b, b, []) for b in range(len(bands)) if b not in taken and b in live]
        for lo, hi, chs in sorted(spans, key=lambda s: s[0]):
            # a chunk from the last boundary on (its band ends there) is in the last column
            c0 = min(nearest(grid_x, xs[lo]), n_cols - 1)
            c1 = max(nearest(grid_x, xs[hi + 1]), c0 + 1)
            cells.append(Cell(row=r, col=c0, text=_text(chs) if chs else "", col_span=c1 - c0,
                              source=Source(page=page, bbox=(grid_x[c0], top, grid_x[c1], bottom)),
                              inferred=TEXT_ALIGNED))
    cells.sort(key=attrgetter("row", "col"))
    top = min(v.top for v in run)
    bottom = max(v.bottom for v in run)
    table = Table(cells=cells, n_rows=len(rows), n_cols=n_cols,
                  source=Source(page=page, bbox=(x0, top, x1, bottom), locator=f"page {page}"),
                  method=f"{TEXT_ALIGNED}@{s.tag}")
    return table, grid_x


def text_tables(groups: list[list], page: int, carry: Optional[list[float]] = None,
                top_zone: float = 0.0, s: TableSettings = DEFAULT) -> tuple[list[Table], list[list], Optional[list[float]]]:
    """Borderless tables among a page's line groups (chars sorted by x).

    Returns the tables, the groups left over and the column boundaries of the
    bottom-most table. ``carry``: boundaries of a borderless table that ran to
    the foot of the page before; a run at the top of this page (nothing above
    it below ``top_zone`` but page furniture, and no section heading: the next
    section's table is another table) continues it, even with fewer than three
    rows, on the same columns (so the parts stitch).
    """
    if carry is None:
        # cheap test first: a page of prose has hardly any line with a wide gap
        multi = 0
        em = s.digit_gap_em
        for g in groups:
            prev_x1 = None
            for c in g:
                if not c["text"].strip():
                    continue
                x1 = c["x1"]
                if prev_x1 is None:
                    prev_x1 = x1
                    continue
                gap = c["x0"] - prev_x1
                if gap > 0 and gap > em * max(c.get("size") or 10, 1):
                    multi += 1
                    break
                if x1 > prev_x1:
                    prev_x1 = x1
            if multi >= s.min_text_rows:
                break
        if multi < s.min_text_rows:
            return [], groups, None
    vl = [v for v in (_vline(i, g, s) for i, g in enumerate(groups)) if v is not None]
    vl.sort(key=lambda v: (v.top, v.x0))
    tables = []
    used: set[int] = set()
    last = None
    for k, run in enumerate(_runs(vl)):
        n_multi = sum(1 for v in run if len(v.chunks) >= 2)
        got = None
        above = [v for v in vl if v.top < run[0].top]
        if carry and k == 0 and not any(v.bottom > top_zone or heading_of(v.chunks[0].text) for v in above) \
                and all(carry[0] - 2 * v.size <= ch.x0 and ch.x1 <= carry[-1] + 2 * v.size for v in run for ch in v.chunks):
            got = _table(run, page, s, grid=carry, min_rows=1)
        if got is None and n_multi >= s.min_text_rows:
            got = _table(run, page, s)
        if got is None:
            for v in run:
                v.attached = []
            continue
        tables.append(got[0])
        last = got[1]
        used.update(v.index for v in run)
    if not tables:
        return [], groups, None
    return tables, [g for i, g in enumerate(groups) if i not in used], last
