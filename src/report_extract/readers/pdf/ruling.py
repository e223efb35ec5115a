"""The visible rules of a page, from pdfplumber's lines, rectangles and curves.

pdfplumber's default table finder trusts every rectangle; WPS and some
converters paint a white, unstroked rectangle behind each line of body text,
so it sees narrative as tables. Here only *visible ruling* counts:

* stroked lines with a visible (non-white) colour;
* thin rectangles (a rule drawn as a filled bar, thick frames included) that
  are visibly filled or stroked;
* the four sides of a stroked, visibly coloured rectangle (cells drawn as boxes);
* axis-aligned pieces of stroked polylines.

Dashes and dots of one rule (same position, small gaps) are joined into one
rule, so a dotted border counts as drawn.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from operator import attrgetter

from .settings import DEFAULT, TableSettings


_VISIBLE: dict = {}  # colour -> visible(colour): a page has few colours and thousands of paths


def visible(color) -> bool:
    """False for white / near-white colours; unknown colour spaces count as visible."""
    try:
        return _VISIBLE[color]
    except KeyError:
        got = _visible(color)
        if len(_VISIBLE) < 4096:  # bounded: a hostile file may paint in millions of colours
            _VISIBLE[color] = got
        return got
    except TypeError:  # a colour given as a list
        return _visible(color)


def _visible(color) -> bool:
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


@dataclass(slots=True)
class Seg:
    """One rule: ``pos`` is the y of a horizontal rule, the x of a vertical one."""

    pos: float
    a: float  # start along the rule
    b: float  # end along the rule


def ruling(lines: list, rects: list, curves: list | tuple = (), s: TableSettings = DEFAULT) -> tuple[list[Seg], list[Seg]]:
    """Visible horizontal and vertical rules of a page."""
    hs: list[Seg] = []
    vs: list[Seg] = []

    def add(x0, top, x1, bottom):
        w, h = x1 - x0, bottom - top
        if max(w, h) <= s.rule_width:  # a dot: a piece of a dotted rule in either direction
            hs.append(Seg((top + bottom) / 2, x0, x1))
            vs.append(Seg((x0 + x1) / 2, top, bottom))
        elif w > h and (h <= s.rule_width or (h <= s.bar_width and w >= s.bar_aspect * h)):
            hs.append(Seg((top + bottom) / 2, x0, x1))
        elif h > w and (w <= s.rule_width or (w <= s.bar_width and h >= s.bar_aspect * w)):
            vs.append(Seg((x0 + x1) / 2, top, bottom))

    for ln in lines:
        if ln.get("stroke", True) is False or not visible(ln.get("stroking_color")):
            continue
        add(ln["x0"], ln["top"], ln["x1"], ln["bottom"])
    for r in rects:
        w, h = r["width"], r["height"]
        stroked = r.get("stroke") and visible(r.get("stroking_color"))
        filled = r.get("fill") and visible(r.get("non_stroking_color"))
        thin = min(w, h) <= s.rule_width or (min(w, h) <= s.bar_width and max(w, h) >= s.bar_aspect * min(w, h))
        if thin:
            if stroked or filled:
                add(r["x0"], r["top"], r["x1"], r["bottom"])
        elif stroked:
            x0, top, x1, bottom = r["x0"], r["top"], r["x1"], r["bottom"]
            hs.extend((Seg(top, x0, x1), Seg(bottom, x0, x1)))
            vs.extend((Seg(x0, top, bottom), Seg(x1, top, bottom)))
    for cv in curves:
        if not cv.get("stroke") or not visible(cv.get("stroking_color")):
            continue
        pts = cv.get("pts") or []
        for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
            # pdfplumber gives curve points in (x, top) page coordinates
            if abs(ya - yb) <= 0.5 and abs(xa - xb) > 0:
                hs.append(Seg(ya, min(xa, xb), max(xa, xb)))
            elif abs(xa - xb) <= 0.5 and abs(ya - yb) > 0:
                vs.append(Seg(xa, min(ya, yb), max(ya, yb)))
    return merge(hs, s), merge(vs, s)


def merge(segs: list[Seg], s: TableSettings = DEFAULT) -> list[Seg]:
    """Join collinear pieces of one rule (same position; touching, overlapping or dashed)."""
    segs = sorted(segs, key=_POS_A)
    out = []
    gap = s.dash_gap
    i, n = 0, len(segs)
    while i < n:  # a group: pieces within a point of its first position
        first = segs[i].pos
        j = i + 1
        while j < n and segs[j].pos - first <= 1.0:
            j += 1
        grp = segs[i:j]
        i = j
        pos = sum([g.pos for g in grp]) / len(grp)
        grp.sort(key=_A)
        cur = Seg(pos, grp[0].a, grp[0].b)
        for g in grp[1:]:
            if g.a <= cur.b + gap:
                if g.b > cur.b:
                    cur.b = g.b
            else:
                out.append(cur)
                cur = Seg(pos, g.a, g.b)
        out.append(cur)
    return [g for g in out if g.b - g.a >= s.min_rule]


_POS_A, _A = attrgetter("pos", "a"), attrgetter("a")


def cluster(values: list[float], tol: float) -> list[float]:
    """Positions closer than ``tol`` (chained) as their mean, ascending."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def nearest(values: list[float], x: float) -> int:
    """Index of the position in ascending ``values`` nearest to ``x`` (the lower one on a tie)."""
    i = bisect_left(values, x)
    if i == 0:
        return 0
    if i == len(values) or abs(values[i - 1] - x) <= abs(values[i] - x):
        return i - 1
    return i


def overlapping_runs(items, start, end, slack: float, key=None) -> list[list]:
    """Items in runs, in ``key`` order (default: ``start``), each overlapping the run so far by
    more than ``slack``: rules side by side over one height, text lines printed as one row."""
    runs: list[list] = []
    reach = float("-inf")
    for it in sorted(items, key=key or start):
        if runs and start(it) < reach - slack:
            runs[-1].append(it)
            reach = max(reach, end(it))
        else:
            runs.append([it])
            reach = end(it)
    return runs
