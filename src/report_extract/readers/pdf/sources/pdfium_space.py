"""PDF user space to pdfplumber's page coordinates, and the object tree of a PDFium page.

pdfminer applies a page CTM built from the MediaBox and /Rotate, and
pdfplumber then measures ``top`` down from the page's top edge;
:class:`PageSpace` does the same to PDFium's user-space points, so both
sources put every object at the same place. :func:`walk` lists a page's
objects in content-stream order with form XObjects opened in place (as
pdfminer draws them), each with the matrix that takes it to page space.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from .pdfium_lib import OBJ_FORM

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mult(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention, as pdfminer's ``mult_matrix``)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


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
        x0, y0, x1, y1 = mediabox
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


def walk(lib, page: int) -> Iterator[tuple[int, int, Matrix]]:
    """(type, object, matrix of its form XObjects to page space) of every object, in content order."""
    for i in range(lib.FPDFPage_CountObjects(page)):
        obj = lib.FPDFPage_GetObject(page, i)
        if obj:
            yield from _visit(lib, obj, IDENTITY, 0)


_MAX_DEPTH = 64  # forms inside forms: PDFium stops far earlier; a bound for this walk all the same


def _visit(lib, obj: int, outer: Matrix, depth: int) -> Iterator[tuple[int, int, Matrix]]:
    kind = lib.FPDFPageObj_GetType(obj)
    yield kind, obj, outer
    if kind == OBJ_FORM and depth < _MAX_DEPTH:
        inner = mult(lib.matrix(obj), outer)
        for j in range(lib.FPDFFormObj_CountObjects(obj)):
            child = lib.FPDFFormObj_GetObject(obj, j)
            if child:
                yield from _visit(lib, child, inner, depth + 1)
