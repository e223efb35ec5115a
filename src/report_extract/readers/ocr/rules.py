"""Table rules of a page image, as the rule segments the vector grid builder consumes.

A rule is a thin, straight run of ink: a morphological opening with a
line-shaped kernel keeps those, after a closing that bridges the tiny gaps
JPEG and toner leave in a printed line. Text makes such runs too (a long
stroke, strokes of neighbouring glyphs, a stroke running through a rule the
text touches), so a run counts only as the border of a cell:

* a horizontal candidate is at least ``min_rule`` long;
* a vertical one is kept when both its ends meet a horizontal candidate (a
  cell border runs from the rule above to the rule below; a glyph stroke
  stops short of them);
* a horizontal one is kept when it meets at least two kept verticals.

Each kept run becomes one :class:`~report_extract.readers.pdf.ruling.Seg` in PDF
points, so :func:`~report_extract.readers.pdf.grid.find_grids` rebuilds grids
and spans exactly as it does from a PDF's drawing. Knows nothing of OCR.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..pdf.ruling import Seg
from .settings import OcrSettings


@dataclass
class Rules:
    horizontal: list[Seg]
    vertical: list[Seg]
    mask: np.ndarray  # uint8, 255 where a rule's ink is (to be erased before reading text)


def _runs(ink: np.ndarray, length: int, gap: int, horizontal: bool) -> np.ndarray:
    close, opening = ((gap, 1), (length, 1)) if horizontal else ((1, gap), (1, length))
    bridged = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, close))
    return cv2.morphologyEx(bridged, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, opening))


def _components(runs: np.ndarray, scale: float, thickest: float, horizontal: bool):
    """(labels image, [(label, Seg, thickness)]) of the thin runs (points)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        across = h if horizontal else w
        if across > thickest * scale:
            continue  # a filled block (a black bar, a picture), not a rule
        if horizontal:
            out.append((i, Seg((y + h / 2) / scale, x / scale, (x + w) / scale), across / scale))
        else:
            out.append((i, Seg((x + w / 2) / scale, y / scale, (y + h) / scale), across / scale))
    return labels, out


def _meets(across: Seg, thickness: float, end: float, pos: float, tol: float) -> bool:
    """True when the rule ``across`` (perpendicular, ``thickness`` thick) passes within ``tol`` of
    the point at ``pos`` along it and ``end`` across it."""
    return abs(across.pos - end) <= tol + thickness / 2 and across.a - tol <= pos <= across.b + tol


def find_rules(ink: np.ndarray, scale: float, settings: OcrSettings) -> Rules:
    """Horizontal and vertical cell borders of a binarised page (255 = ink), in PDF points."""
    gap = max(int(round(settings.rule_gap * scale)), 1)
    thick = settings.max_rule_thickness
    tol = settings.rule_tolerance
    h_runs = _runs(ink, max(int(settings.min_rule * scale), 8), gap, horizontal=True)
    v_runs = _runs(ink, max(int(settings.min_border * scale), 4), gap, horizontal=False)
    h_labels, hs = _components(h_runs, scale, thick, horizontal=True)
    v_labels, vs = _components(v_runs, scale, thick, horizontal=False)
    vs = [(i, v, t) for i, v, t in vs
          if any(_meets(h, ht, v.a, v.pos, tol) for _, h, ht in hs)
          and any(_meets(h, ht, v.b, v.pos, tol) for _, h, ht in hs)]
    hs = [(i, h, t) for i, h, t in hs
          if sum(1 for _, v, _ in vs if v.a - tol <= h.pos <= v.b + tol and h.a - tol <= v.pos <= h.b + tol) >= 2]
    mask = np.zeros_like(ink)
    if hs:
        mask[np.isin(h_labels, [i for i, _, _ in hs])] = 255
    if vs:
        mask[np.isin(v_labels, [i for i, _, _ in vs])] = 255
    mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    return Rules(sorted((h for _, h, _ in hs), key=lambda s: (s.pos, s.a)),
                 sorted((v for _, v, _ in vs), key=lambda s: (s.pos, s.a)), mask)


def _cover(segs: list[Seg], pos: float, a: float, b: float, tol: float) -> float:
    """Share of [a, b] at ``pos`` that rules cover."""
    spans = sorted((max(s.a, a), min(s.b, b)) for s in segs if abs(s.pos - pos) <= tol and s.b > a and s.a < b)
    tot, end = 0.0, a
    for lo, hi in spans:
        lo = max(lo, end)
        if hi > lo:
            tot += hi - lo
            end = hi
    return tot / (b - a) if b > a else 0.0


def framed(grid, rules: Rules, settings: OcrSettings) -> bool:
    """True when rules run along most of the grid's top and bottom edges.

    A printed table is closed above and below by rules across its width; a
    pen scribble or a picture whose strokes happen to cross is not.
    """
    x0, top, x1, bottom = grid.bbox
    tol = settings.max_rule_thickness
    return all(_cover(rules.horizontal, y, x0, x1, tol) >= settings.min_frame for y in (top, bottom))
