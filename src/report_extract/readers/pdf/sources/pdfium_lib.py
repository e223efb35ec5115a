"""The few PDFium functions the source calls, bound for speed: handles as plain integers.

pypdfium2's raw bindings type every handle as its own pointer class, so each
call builds and checks pointer objects, and telling two handles apart takes a
``ctypes.cast``. A page of a dotted table has thousands of path segments, four
calls each, so this module binds its own prototypes of the same functions
from the same loaded library (``c_void_p`` handles, which ctypes passes and
returns as ints) and keeps reusable output buffers. Nothing else of PDFium is
touched here: documents and pages are still opened and closed by pypdfium2.
"""
from __future__ import annotations

import ctypes
from ctypes import c_double, c_float, c_int, c_size_t, c_uint, c_void_p
from typing import Any

_P = c_void_p

# name: (restype, argtypes)
_PROTOTYPES = {
    "FPDFPage_CountObjects": (c_int, (_P,)),
    "FPDFPage_GetObject": (_P, (_P, c_int)),
    "FPDFPageObj_GetType": (c_int, (_P,)),
    "FPDFFormObj_CountObjects": (c_int, (_P,)),
    "FPDFFormObj_GetObject": (_P, (_P, c_uint)),
    "FPDFPageObj_GetMatrix": (c_int, (_P, _P)),
    "FPDFPageObj_GetBounds": (c_int, (_P, _P, _P, _P, _P)),
    "FPDFPageObj_GetStrokeColor": (c_int, (_P, _P, _P, _P, _P)),
    "FPDFPageObj_GetFillColor": (c_int, (_P, _P, _P, _P, _P)),
    "FPDFPageObj_GetStrokeWidth": (c_int, (_P, _P)),
    "FPDFPath_GetDrawMode": (c_int, (_P, _P, _P)),
    "FPDFPath_CountSegments": (c_int, (_P,)),
    "FPDFPath_GetPathSegment": (_P, (_P, c_int)),
    "FPDFPathSegment_GetPoint": (c_int, (_P, _P, _P)),
    "FPDFPathSegment_GetType": (c_int, (_P,)),
    "FPDFPathSegment_GetClose": (c_int, (_P,)),
    "FPDFText_CountChars": (c_int, (_P,)),
    "FPDFText_GetUnicode": (c_uint, (_P, c_int)),
    "FPDFText_IsGenerated": (c_int, (_P, c_int)),
    "FPDFText_IsHyphen": (c_int, (_P, c_int)),
    "FPDFText_GetTextObject": (_P, (_P, c_int)),
    "FPDFText_GetCharOrigin": (c_int, (_P, c_int, _P, _P)),
    "FPDFText_GetFontSize": (c_double, (_P, c_int)),
    "FPDFText_GetMatrix": (c_int, (_P, c_int, _P)),
    "FPDFTextObj_GetFont": (_P, (_P,)),
    "FPDFTextObj_GetFontSize": (c_int, (_P, _P)),
    "FPDFFont_GetBaseFontName": (c_size_t, (_P, _P, c_size_t)),
    "FPDFFont_GetDescent": (c_int, (_P, c_float, _P)),
    "FPDFFont_GetGlyphWidth": (c_int, (_P, c_uint, c_float, _P)),
}

# PDFium's constants (public/fpdf_edit.h)
OBJ_TEXT, OBJ_PATH, OBJ_IMAGE, OBJ_FORM = 1, 2, 3, 5
SEG_LINETO, SEG_BEZIERTO, SEG_MOVETO = 0, 1, 2


class Lib:
    """Bound functions plus output buffers (and their addresses) for one thread of reading."""

    def __init__(self):
        import pypdfium2_raw.bindings as bindings

        dll = bindings._libs["pdfium"]  # the CDLL pypdfium2 loaded: same library, own prototypes
        for name, (res, args) in _PROTOTYPES.items():
            fn = dll[name]  # a new function object each time: pypdfium2's own stay as they are
            fn.restype, fn.argtypes = res, args
            setattr(self, name, fn)
        self.d = (c_double * 2)()  # origin
        self.f = (c_float * 6)()  # points, sizes, matrices of paths
        self.u = (c_uint * 4)()  # colours
        self.i = (c_int * 2)()  # draw mode
        self.m = (c_float * 6)()  # FS_MATRIX: six floats
        self.d_at = [ctypes.addressof(self.d) + k * ctypes.sizeof(c_double) for k in range(2)]
        self.f_at = [ctypes.addressof(self.f) + k * ctypes.sizeof(c_float) for k in range(6)]
        self.u_at = [ctypes.addressof(self.u) + k * ctypes.sizeof(c_uint) for k in range(4)]
        self.i_at = [ctypes.addressof(self.i) + k * ctypes.sizeof(c_int) for k in range(2)]
        self.m_at = ctypes.addressof(self.m)
        self._colours: dict[int, tuple] = {}

    def __getattr__(self, name: str) -> Any:  # the bound functions are set in __init__
        raise AttributeError(name)

    def matrix(self, obj: int):
        if not self.FPDFPageObj_GetMatrix(obj, self.m_at):
            return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        return tuple(self.m)

    def colour(self, getter, obj: int):
        """The object's colour as pdfplumber gives an RGB one (0..1), or None (a pattern, no colour)."""
        u = self.u_at
        if not getter(obj, u[0], u[1], u[2], u[3]):
            return None
        key = self.u[0] << 16 | self.u[1] << 8 | self.u[2]
        got = self._colours.get(key)
        if got is None:
            got = self._colours[key] = (self.u[0] / 255, self.u[1] / 255, self.u[2] / 255)
        return got


def handle(ptr) -> int:
    """A pypdfium2 handle (a typed pointer) as the integer these functions take."""
    return ctypes.cast(ptr, c_void_p).value or 0


_LIB = None


def lib() -> Lib:
    global _LIB
    if _LIB is None:
        _LIB = Lib()
    return _LIB
