"""Row boundaries a table does not draw, inferred before cells are formed.

Word tables with inner horizontal borders switched off, tables with only a
frame and header rules, zebra or shaded rows print several rows inside one
ruled band. Measuring the vertical rules over such a band merges everything
(a heading row that spans the columns sits in the same band as the rows
below it), so the missing row boundaries are found first and added to the
drawing as *inferred* horizontal rules; the grid is then built as usual.
Two kinds of evidence, both read from what every such table prints:

* **Rule ends.** A vertical rule that starts or stops inside a band ends
  where its cell ends: a row boundary runs there, between the nearest
  vertical rules that go on across it (the foot of a spanning heading, the
  top of the column headings under it, the end of a group of label cells).
* **Text lines.** Each line of text belongs to its *local cell*: the span
  between the vertical rules that cover the line itself. Lines of different
  cells that overlap vertically are one printed row. Two printed rows are
  cut apart when some cell breaks between them (it holds a line in both, and
  its upper line stops short of the cell's right edge) and one of them
  prints a digit; a cell whose text flows on across the cut (its upper line
  runs to the cell's edge and it holds a line below) is left whole: a label
  wrapped over several rows spans them. A band of headings alone is never
  cut from text.

So a value is always read from one printed row: digits of two lines in one
cell are cut into two cells, never joined. Every box bounded by an inferred
rule is marked ``inferred``: its value is trusted only as far as the
table's arithmetic confirms it (mapping.evidence).
"""
from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple, Optional

from ...mapping.labels import starts_numbered
from ...mapping.values import is_value
from .ruling import Seg, overlapping_runs
from .settings import DEFAULT, TableSettings
from .text import by_x0, group_lines, line_text

ROWS_FROM_TEXT = "rows-from-text-lines"
ROWS_FROM_RULE_ENDS = "rows-from-rule-ends"


class _Line(NamedTuple):
    """One text line of one local cell."""

    top: float
    bottom: float
    cell: tuple[float, float]  # the local cell's x span
    wraps: bool  # runs to the cell's right edge and is words (its text may go on below)
    digit: bool  # prints a digit
    starts: bool  # can only begin a cell's text: an enumeration mark or a printed value
    value: bool  # a printed value
    x0: float


def _crossing(vs: list[Seg], x: float, y: float, side: int, edge: float, gap: float) -> float:
    """The nearest vertical rule on ``side`` (-1 left, +1 right) of ``x`` that runs on across ``y``."""
    best = edge
    for v in vs:
        if (v.pos - x) * side <= gap or not (v.a < y - gap and v.b > y + gap):
            continue
        if (v.pos - best) * side < 0:
            best = v.pos
    return best


def rule_end_rows(hs: list[Seg], vs: list[Seg], bbox: tuple, s: TableSettings = DEFAULT) -> list[Seg]:
    """Row boundaries where vertical rules start or stop between the drawn horizontal rules."""
    x_lo, y_lo, x_hi, y_hi = bbox
    drawn = sorted(h.pos for h in hs)
    out: list[Seg] = []
    for v in vs:
        for y in (v.a, v.b):
            if y - y_lo <= s.cell_gap or y_hi - y <= s.cell_gap:
                continue
            i = bisect_right(drawn, y)
            if any(abs(drawn[k] - y) <= s.cell_gap for k in (i - 1, i) if 0 <= k < len(drawn)):
                continue
            a = _crossing(vs, v.pos, y, -1, x_lo, s.cell_gap)
            b = _crossing(vs, v.pos, y, +1, x_hi, s.cell_gap)
            out.append(Seg(y, a, b))
    return out


def _local_cell(vs: list[Seg], xs: list[float], ch: dict, s: TableSettings) -> tuple[float, float]:
    """The span between the vertical rules that cover this character's own height."""
    cx = (ch["x0"] + ch["x1"]) / 2
    top, bottom = ch["top"], ch["bottom"]
    need = s.min_cover_share * (bottom - top)
    left, right = xs[0], xs[-1]
    for v in vs:
        if min(v.b, bottom) - max(v.a, top) < need:
            continue
        if left < v.pos <= cx:
            left = v.pos
        elif cx < v.pos < right:
            right = v.pos
    return left, right


def _reaches_edge(line: list, right: float, s: TableSettings) -> bool:
    """The line's text runs to within ``wrap_em`` of the cell's right edge (it may wrap on)."""
    return max(c["x1"] for c in line) >= right - s.wrap_em * max(c.get("size") or 10 for c in line)


def _lines(vs: list[Seg], xs: list[float], chars: list, s: TableSettings) -> list[_Line]:
    """The text lines of each local cell.

    A number never wraps onto the next line, and a heading is never wrapped
    onto a number: a value line neither wraps nor continues another line.
    """
    by_cell: dict[tuple[float, float], list] = {}
    known: dict[tuple, tuple[float, float]] = {}  # characters of one line between the same rules share a cell
    for ch in chars:
        if ch["text"].strip():
            cx = (ch["x0"] + ch["x1"]) / 2
            key = (ch["top"], ch["bottom"], bisect_right(xs, cx))
            cell = known.get(key)
            if cell is None or not cell[0] <= cx <= cell[1]:
                cell = known[key] = _local_cell(vs, xs, ch, s)
            by_cell.setdefault(cell, []).append(ch)
    out = []
    for cell, cs in by_cell.items():
        for grp in group_lines(cs):
            grp.sort(key=by_x0)
            text = line_text(grp)
            value = is_value(text.replace(" ", ""))
            out.append(_Line(min(c["top"] for c in grp), max(c["bottom"] for c in grp), cell,
                             _reaches_edge(grp, cell[1], s) and not value,
                             any(c["text"].isdigit() for c in grp), starts_numbered(text) or value, value,
                             grp[0]["x0"]))
    return out


def _printed_rows(lines: list[_Line]) -> list[list[_Line]]:
    """Lines that overlap vertically, top to bottom, as rows (before any merging)."""
    return overlapping_runs(lines, lambda t: t.top, lambda t: t.bottom, 0.5, key=lambda t: (t.top, t.cell))


def _last(row: list[_Line], cell) -> Optional[_Line]:
    mine = [ln for ln in row if ln.cell == cell]
    return max(mine, key=lambda ln: ln.top) if mine else None


def _first(row: list[_Line], cell) -> Optional[_Line]:
    mine = [ln for ln in row if ln.cell == cell]
    return min(mine, key=lambda ln: ln.top) if mine else None


def _cut(upper: list[_Line], lower: list[_Line]) -> Optional[tuple[list, list]]:
    """Where two printed rows are cut apart, or None (the lower is the wrapped rest of the upper).

    Returns the cells the cut leaves whole (their text flows on across it)
    and the pairs of lines (upper last, lower first) of the cells that break.
    """
    if not any(ln.digit for ln in upper + lower):
        return None  # headings only
    cells_below = {ln.cell for ln in lower}
    breaks, flows = [], []
    for cell in sorted({ln.cell for ln in upper} & cells_below):
        last, first = _last(upper, cell), _first(lower, cell)
        assert last is not None and first is not None
        if last.wraps and not first.starts:
            flows.append(cell)
        else:
            breaks.append((last, first))
    return (flows, breaks) if breaks else None


def _label_boxes(g, chars: list, values_left: float, s: TableSettings) -> list[tuple[float, float, float, float]]:
    """Boxes of ``g`` that may hold one row label over several printed rows (see :func:`_spanning_labels`)."""
    from .grid import assign_chars

    per_box = assign_chars([g], [c for c in chars if c["text"].strip()])[0][0]
    out = []
    for i, inside in sorted(per_box.items()):
        r0, c0, r1, c1 = g.boxes[i]
        x0, x1, y0, y1 = g.xs[c0], g.xs[c1], g.ys[r0], g.ys[r1]
        if x1 <= values_left + s.cell_gap and not any(c["text"].isdigit() for c in inside) \
                and _one_block(inside, s):
            out.append((x0, y0, x1, y1))
    return out


def _spanning_labels(boxes: list[tuple[float, float, float, float]], y: float,
                     breaking: list) -> list[tuple[float, float]]:
    """x ranges of the label boxes that a cut at ``y`` would split but that hold one label.

    A label drawn over several rows (三、本年度办理结果 beside its group,
    （三）不予公开 beside its items) is one cell however its text sits in it:
    a box left of every printed value that prints words only, in one block
    of lines, none of which break at the cut (a column heading over a column
    left blank is no row label: the blank cells under it are cells).
    A value never spans rows, so a box that prints digits (or nothing) is cut.
    """
    return [(x0, x1) for x0, y0, x1, y1 in boxes
            if y0 < y < y1 and not any(x0 - 1 <= a <= b <= x1 + 1 for a, b in breaking)]


def _one_block(chars: list, s: TableSettings) -> bool:
    """The characters' lines follow each other at line spacing: one text, not labels of several rows."""
    lines = sorted((min(c["top"] for c in g), max(c["bottom"] for c in g), max(c.get("size") or 10 for c in g))
                   for g in group_lines(chars))
    return all(b[0] - a[1] <= s.block_gap_em * max(a[2], b[2]) for a, b in zip(lines, lines[1:]))


def text_rows(hs: list[Seg], vs: list[Seg], xs: list[float], chars: list, drawn_grid=None,
              s: TableSettings = DEFAULT) -> list[Seg]:
    """Row boundaries between printed rows that no drawn (or rule-end) boundary separates.

    A label box of ``drawn_grid`` (the grid of the drawn rules and rule ends)
    that spans several of its bands is never cut (:func:`_spanning_labels`).
    """
    lines = _lines(vs, xs, chars, s)
    values_left = min((ln.x0 for ln in lines if ln.value), default=xs[-1])
    rows = _printed_rows(lines)
    merged: list[tuple[list[_Line], Optional[tuple]]] = []  # (lines, the cut above them)
    for row in rows:
        cut = _cut(merged[-1][0], row) if merged else None
        if cut is None and merged:
            merged[-1][0].extend(row)  # the wrapped rest of the row above (or a heading line)
        else:
            merged.append((row, cut))
    out: list[Seg] = []
    if len(merged) < 2:
        return out
    label_boxes = _label_boxes(drawn_grid, chars, values_left, s) if drawn_grid is not None else []
    for (upper, _), (lower, cut) in zip(merged, merged[1:]):
        assert cut is not None
        flows, breaks = cut
        lo_y, hi_y = max(ln.bottom for ln in upper), min(ln.top for ln in lower)
        y = (lo_y + hi_y) / 2
        # a boundary drawn (or ended) in the gap between the rows elsewhere in the table is where
        # this row boundary runs too: one grid line, not a sliver row between two
        near = [h.pos for h in hs if lo_y - s.rule_width <= h.pos <= hi_y + s.rule_width]
        if near:
            y = min(near, key=lambda p: abs(p - y))
        # a drawn rule between the breaking cells' line middles already separates them (characters
        # belong to the cell holding their centre; glyph boxes may reach over a rule)
        mid_lo = max((a.top + a.bottom) / 2 for a, _ in breaks)
        mid_hi = min((b.top + b.bottom) / 2 for _, b in breaks)
        whole = list(flows) + [(h.a, h.b) for h in hs if mid_lo <= h.pos <= mid_hi]
        whole += _spanning_labels(label_boxes, y, [a.cell for a, _ in breaks])
        a = xs[0]
        for lo, hi in sorted(whole):
            if lo > a + s.cell_gap:
                out.append(Seg(y, a, lo))
            a = max(a, hi)
        if xs[-1] > a + s.cell_gap:
            out.append(Seg(y, a, xs[-1]))
    return out


def _never_breaks(chars: list, right: float, s: TableSettings) -> bool:
    """A box's text is one line, or lines that each wrap on to the next (a label over several lines)."""
    if len(chars) < 2:  # most boxes: one digit, or nothing
        return True
    cs = [c for c in chars if c["text"].strip()]
    tops = [c["top"] for c in cs]
    if not tops or max(tops) - min(tops) < 0.5 * max(c.get("size") or 10 for c in cs):
        return True
    lines = group_lines(cs)
    for grp in lines[:-1]:
        if not _reaches_edge(grp, right, s):
            return False
        grp.sort(key=by_x0)
        if is_value(line_text(grp).replace(" ", "")):
            return False
    return True


def with_inferred_rows(g, cell_chars: dict[int, list], s: TableSettings = DEFAULT):
    """The grid ``g`` rebuilt with the row boundaries it does not draw (or ``g`` itself).

    ``cell_chars``: the characters of each box of ``g``. A grid whose rules all
    end on drawn rules and whose every box prints one line, or lines wrapped
    on to each other, is fully drawn: no text analysis.
    """
    from .grid import _grid

    hs, vs = g.rules
    ends = rule_end_rows(hs, vs, g.bbox, s)
    if not ends and all(_never_breaks(cs, g.xs[g.boxes[i][3]], s) for i, cs in cell_chars.items()):
        return g
    chars = [ch for cs in cell_chars.values() for ch in cs]
    drawn_grid = (_grid(hs + ends, vs, s) or g) if ends else g
    texts = text_rows(hs + ends, vs, g.xs, chars, drawn_grid, s)
    if not ends and not texts:
        return g
    new = _grid(hs + ends + texts, vs, s)
    if new is None:
        return g
    inferred = [(seg, ROWS_FROM_RULE_ENDS) for seg in ends] + [(seg, ROWS_FROM_TEXT) for seg in texts]

    def cover(segs, y: float, x0: float, x1: float) -> float:
        return sum(max(0.0, min(h.b, x1) - max(h.a, x0)) for h in segs if abs(h.pos - y) <= s.cell_gap)

    def inferred_at(y: float, x0: float, x1: float) -> Optional[str]:
        """How the box edge at ``y`` was found: None where rules draw it."""
        if cover(hs, y, x0, x1) >= s.min_cover_share * (x1 - x0):
            return None
        kinds = {kind for seg, kind in inferred if abs(seg.pos - y) <= s.cell_gap and cover([seg], y, x0, x1) > 0}
        return ROWS_FROM_TEXT if ROWS_FROM_TEXT in kinds else (ROWS_FROM_RULE_ENDS if kinds else None)

    for i, (r0, c0, r1, c1) in enumerate(new.boxes):
        x0, x1 = new.xs[c0], new.xs[c1]
        kind = inferred_at(new.ys[r0], x0, x1) or inferred_at(new.ys[r1], x0, x1)
        if kind:
            new.inferred[i] = kind
    return new
