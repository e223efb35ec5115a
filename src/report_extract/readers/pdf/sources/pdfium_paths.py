"""Path objects of a PDFium page as pdfplumber's lines, rectangles and curves.

pdfminer paints every subpath (from one ``m`` to the next) as its own
object and names it by its operators: ``ml``/``mlh`` is a line, ``mlllh`` or
``mllll`` with square corners that closes on itself is a rectangle (``re``
becomes ``mlllh``), anything else a curve whose points are the segment ends
(Bézier control points left out). PDFium keeps a path as points marked move,
line or Bézier, with a close flag instead of ``h``; :func:`subpaths` turns
them back into pdfminer's operator strings so :func:`classify` names every
path as pdfminer does. Paths that are neither stroked nor filled (clipping
paths, ``n``) are objects in neither library.

A path that paints nothing visible (unstroked and filled white, as WPS puts
behind every line of text, or stroked white) is not read at all: no ruling
can come of it (:func:`..ruling.visible` decides, for both sources alike),
and its points are most of what a page of such text costs. A colour the path
does not paint with (the stroke colour of a fill) is not read either: it stays
None, which nothing after the source looks at. Every call into PDFium costs
about a microsecond, more than the work done with its answer, so calls are
what this module saves.
"""
from __future__ import annotations

from ctypes import c_void_p

from ..ruling import visible
from .pdfium_lib import SEG_BEZIERTO, SEG_LINETO, SEG_MOVETO
from .pdfium_space import Matrix, PageSpace, mult, q, q_matrix

Point = tuple[float, float]


# a path that is one line, or one rectangle as PDFium writes ``re``, by its segment types and then
# their close flags, with pdfminer's shape of it: nearly every path of a table is one of them
_PLAIN = {(SEG_MOVETO, SEG_LINETO) + (0, 0): "ml",
          (SEG_MOVETO, SEG_LINETO, SEG_LINETO, SEG_LINETO, SEG_LINETO) + (0, 0, 0, 0, 1): "mlllh"}


def subpaths(segments: tuple, m: Matrix, qd: dict) -> list[tuple[str, list[Point]]]:
    """(pdfminer shape, points in device space) of every subpath of a path object, from its
    segments as :meth:`.pdfium_lib.Lib.segments` gives them; ``qd`` caches :func:`.pdfium_space.q`
    of the coordinates (a page's rules share them)."""
    a, b, c, d, e, f = m
    plain = _PLAIN.get(segments[2::4] + segments[3::4]) if len(segments) <= 20 else None
    if plain is not None:
        # a line or a rectangle: the loop below, without the cases that cannot occur
        pts = []
        for k in range(0, len(segments), 4):
            rx, ry = segments[k], segments[k + 1]
            x, y = qd.get(rx), qd.get(ry)
            if x is None:
                x = qd[rx] = q(rx)
            if y is None:
                y = qd[ry] = q(ry)
            pts.append((a * x + c * y + e, b * x + d * y + f))
        if len(pts) == 2:
            return [(plain, pts)]
        if _same(pts[4], pts[0]):  # closed where it began: the last line becomes the close
            pts[4] = pts[0]
            return [(plain, pts)]
    out: list[tuple[str, list[Point]]] = []
    shape = ""
    pts = []
    bezier = 0
    it = iter(segments)
    for rx, ry, kind, close in zip(it, it, it, it):
        if kind == SEG_BEZIERTO:
            bezier += 1
            if bezier % 3:  # control points
                continue
        x, y = qd.get(rx), qd.get(ry)
        if x is None:
            x = qd[rx] = q(rx)
        if y is None:
            y = qd[ry] = q(ry)
        p = (a * x + c * y + e, b * x + d * y + f)
        if kind == SEG_MOVETO:
            if len(shape) > 1:
                out.append((shape, pts))
            shape, pts, bezier = "m", [p], 0
            continue
        if not shape:
            continue  # a path must begin with a move (pdfminer drops it otherwise)
        shape += "c" if kind == SEG_BEZIERTO else "l"
        pts.append(p)
        if close:
            # PDFium closes with a line back to the start, or flags the last point when it is there;
            # pdfminer writes "h" (and drops an "l" to the start just before it)
            if shape[-1] == "l" and _same(p, pts[0]):
                shape = shape[:-1] + "h"
                pts[-1] = pts[0]
            else:
                shape += "h"
                pts.append(pts[0])
    if len(shape) > 1:
        out.append((shape, pts))
    return out


def _same(p: Point, q: Point) -> bool:
    return -1e-6 < p[0] - q[0] < 1e-6 and -1e-6 < p[1] - q[1] < 1e-6


def classify(shape: str, pts: list[Point]) -> tuple[str, list[Point]]:
    """pdfminer's kind for one subpath: ``line``, ``rect`` or ``curve``."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts = pts[:-2] + pts[-1:]
    if shape in ("mlh", "ml"):
        return "line", pts[:2]
    if shape in ("mlllh", "mllll") and len(pts) == 5:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        closed = pts[0] == pts[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if closed and square:
            return "rect", [pts[0], pts[2]]
    return "curve", pts


def read_paths(lib, paths: list, space: PageSpace) -> dict[str, list[dict]]:
    """The lines, rects and curves (pdfplumber dicts) of the page's path objects, in order."""
    out: dict[str, list[dict]] = {"line": [], "rect": [], "curve": []}
    matrices: dict = {}  # device matrix by (object matrix, form matrix)
    rounded: dict = {}  # object matrix as written, by PDFium's
    calls = lib.untyped  # the object as a c_void_p, outputs by reference (see .pdfium_lib._UNTYPED)
    draw_mode, stroke_colour, fill_colour, get_matrix = (calls["FPDFPath_GetDrawMode"],
                                                         calls["FPDFPageObj_GetStrokeColor"],
                                                         calls["FPDFPageObj_GetFillColor"], calls["FPDFPageObj_GetMatrix"])
    mbuf, m_at = lib.m, lib.m_ref
    i0, i1 = lib.i_ref
    ibuf = lib.i
    u0, u1, u2, u3 = lib.u_ref
    rgb, colours = lib.u_rgb, lib._colours
    h = space.height
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    qd: dict = {}
    last_own = last_outer = None
    dev: Matrix = identity
    for obj, outer in paths:
        o = c_void_p(obj)
        if not draw_mode(o, i0, i1):
            continue
        mode, stroke = ibuf[0], ibuf[1] != 0
        fill = mode != 0
        if not (fill or stroke):
            continue
        sc = nc = None  # a colour the path does not paint with is not read (nothing uses it)
        if stroke and stroke_colour(o, u0, u1, u2, u3):
            key = rgb.tobytes()
            sc = colours.get(key) or lib.new_rgb(key)  # Lib.rgb, inlined
        if fill and fill_colour(o, u0, u1, u2, u3):
            key = rgb.tobytes()
            nc = colours.get(key) or lib.new_rgb(key)
        if not ((stroke and visible(sc)) or (fill and visible(nc))):
            continue  # paints nothing a rule could be made of
        if get_matrix(o, m_at):
            raw_m = bytes(mbuf)  # the key: eight times cheaper than a tuple of the six floats
            own = rounded.get(raw_m)
            if own is None:
                own = rounded[raw_m] = q_matrix(tuple(mbuf))
        else:
            own = identity
        if own is not last_own or outer is not last_outer:  # most paths of a page share both matrices
            key2 = (own, outer)
            known = matrices.get(key2)
            if known is None:
                known = matrices[key2] = space.matrix(mult(own, outer))
            dev, last_own, last_outer = known, own, outer
        for shape, pts in subpaths(lib.segments(o), dev, qd):
            kind, keep = classify(shape, pts)
            if len(keep) == 2:
                (xa, ya), (xb, yb) = keep
                x0, x1 = (xa, xb) if xa <= xb else (xb, xa)
                y0, y1 = (ya, yb) if ya <= yb else (yb, ya)
            else:
                xs = [p[0] for p in keep]
                ys = [p[1] for p in keep]
                x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
            d = {"object_type": kind, "x0": x0, "x1": x1, "top": h - y1, "bottom": h - y0, "width": x1 - x0,
                 "height": y1 - y0, "stroke": stroke, "fill": fill, "evenodd": mode == 1,
                 "stroking_color": sc, "non_stroking_color": nc}
            if kind == "curve":
                d["pts"] = [(px, h - py) for px, py in pts]
            out[kind].append(d)
    return out
