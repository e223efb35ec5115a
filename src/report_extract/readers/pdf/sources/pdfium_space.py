"""PDF user space to pdfplumber's page coordinates, and the object tree of a PDFium page.

pdfminer applies a page CTM built from the MediaBox and /Rotate, and
pdfplumber then measures ``top`` down from the page's top edge;
:class:`PageSpace` does the same to PDFium's user-space points, so both
sources put every object at the same place. :func:`objects` lists a page's
text and path objects in content-stream order with form XObjects opened in
place (as pdfminer draws them), each with the matrix that takes it to page
space.
"""
from __future__ import annotations

from ctypes import c_void_p
from dataclasses import dataclass

from .pdfium_lib import OBJ_FORM, OBJ_IMAGE, OBJ_PATH, OBJ_TEXT

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mult(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention, as pdfminer's ``mult_matrix``)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


DIGITS = 4  # decimals PDFium's 32-bit coordinates are rounded to (see :func:`q`)
SCALE_DIGITS = 6  # ... and the scale and shear of its matrices
SCALE, _SCALE_M = 10.0 ** DIGITS, 10.0 ** SCALE_DIGITS


def q(v: float) -> float:
    """A coordinate PDFium kept as a 32-bit float (7 significant digits: 106.9592 comes back as
    106.95919799804688) rounded to the 4 decimals producers write: the number as written, which
    pdfminer then computes with in 64 bits. Without it two routes' positions differ by some
    1e-5 pt, enough to tip a comparison that the layout of a generated file makes exact.

    Scaled, rounded to an integer and scaled back: the integer over the power of ten is the double
    nearest the written decimal, as ``round(v, 4)`` gives it, at half the cost (this runs for
    every point of a page); infinities and NaN from a hostile file pass unchanged."""
    return _rounded(v, SCALE)


def _rounded(v: float, scale: float) -> float:
    try:
        return round(v * scale) / scale
    except (OverflowError, ValueError):
        return v


def q_matrix(m) -> Matrix:
    a, b, c, d, e, f = m
    return (_rounded(a, _SCALE_M), _rounded(b, _SCALE_M), _rounded(c, _SCALE_M), _rounded(d, _SCALE_M), q(e), q(f))


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


@dataclass(frozen=True)
class PageSpace:
    """pdfminer's page CTM for this MediaBox and rotation, then pdfplumber's flip to ``top``."""

    ctm: Matrix
    width: float
    height: float

    @classmethod
    def of(cls, mediabox: tuple[float, float, float, float], rotation: int) -> "PageSpace":
        x0, x1 = sorted((mediabox[0], mediabox[2]))
        y0, y1 = sorted((mediabox[1], mediabox[3]))
        rotation %= 360
        if rotation == 90:
            ctm: Matrix = (0, -1, 1, 0, -y0, x1)
        elif rotation == 180:
            ctm = (-1, 0, 0, -1, x1, y1)
        elif rotation == 270:
            ctm = (0, 1, -1, 0, y1, -x0)
        else:
            ctm = (1, 0, 0, 1, -x0, -y0)
        w, h = abs(x1 - x0), abs(y1 - y0)
        if rotation in (90, 270):
            w, h = h, w
        if rotation == 0:
            # pdfplumber adds the MediaBox origin back to x and its shift of top cancels pdfminer's
            # of y: x stays in user space and top = height - y
            ctm = IDENTITY
        return cls(ctm, float(w), float(h))

    @property
    def upright(self) -> bool:
        """No rotation: user space is device space (y up)."""
        return self.ctm == IDENTITY

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, top) of a user-space point."""
        px, py = apply(self.ctm, x, y)
        return px, self.height - py

    def matrix(self, m: Matrix) -> Matrix:
        """A user-space matrix followed by the page CTM (pdfminer's device space, y up)."""
        return mult(m, self.ctm)


_MAX_DEPTH = 64  # forms inside forms: PDFium stops far earlier; a bound for this walk all the same


def objects(lib, page: int) -> tuple[list, list, bool]:
    """The page's text objects and path objects, each as (object, matrix of its form XObjects to
    page space), in content order with form XObjects opened in place, and whether it draws images."""
    texts: list = []
    paths: list = []
    calls = lib.untyped
    images = _collect(lib, calls["FPDFPage_CountObjects"], calls["FPDFPage_GetObject"], page, IDENTITY, 0, texts, paths)
    return texts, paths, images


def _collect(lib, count, get, holder: int, outer: Matrix, depth: int, texts: list, paths: list) -> bool:
    calls = lib.untyped
    kind_of = calls["FPDFPageObj_GetType"]
    h = c_void_p(holder)
    images = False
    for i in range(count(h)):
        obj = get(h, i)
        if not obj:
            continue
        kind = kind_of(c_void_p(obj))
        if kind == OBJ_PATH:
            paths.append((obj, outer))
        elif kind == OBJ_TEXT:
            texts.append((obj, outer))
        elif kind == OBJ_IMAGE:
            images = True
        elif kind == OBJ_FORM and depth < _MAX_DEPTH:
            inner = mult(q_matrix(lib.matrix(obj)), outer)
            images |= _collect(lib, lib.FPDFFormObj_CountObjects, lib.FPDFFormObj_GetObject, obj, inner, depth + 1,
                               texts, paths)  # typed: the index is an unsigned long
    return images
