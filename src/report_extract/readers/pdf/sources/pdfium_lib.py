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
import struct
from ctypes import c_double, c_float, c_int, c_size_t, c_uint, c_void_p
from itertools import chain
from typing import Any, Optional

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

# the calls made for every object, character and path of a page, bound a second time without argument
# types (name: restype): ctypes then converts nothing it must check, a third cheaper per call. Their
# arguments must be of the C types already: handles as c_void_p, an index as an int (where the C type
# is int), outputs by ``byref``
_UNTYPED = {
    # for every object of a page: the page as a c_void_p
    "FPDFPage_CountObjects": c_int,
    "FPDFPage_GetObject": _P,
    "FPDFPageObj_GetType": c_int,
    # for every character: the text page as a c_void_p
    "FPDFText_GetUnicode": c_uint,
    "FPDFText_IsGenerated": c_int,
    "FPDFText_GetTextObject": _P,
    "FPDFText_GetCharOrigin": c_int,
    # and for every path object: the handle as a c_void_p
    "FPDFPath_GetDrawMode": c_int,
    "FPDFPageObj_GetStrokeColor": c_int,
    "FPDFPageObj_GetFillColor": c_int,
    "FPDFPageObj_GetMatrix": c_int,
    "FPDFPath_CountSegments": c_int,
    "FPDFPath_GetPathSegment": _P,
    # and for every text object: the object as a c_void_p
    "FPDFTextObj_GetFont": _P,
    "FPDFText_GetFontSize": c_double,
    "FPDFText_GetMatrix": c_int,
}

_MAX_CACHED = 4096  # entries of a cache keyed by what a file prints (colours)

# PDFium's constants (public/fpdf_edit.h)
OBJ_TEXT, OBJ_PATH, OBJ_IMAGE, OBJ_FORM = 1, 2, 3, 5
SEG_LINETO, SEG_BEZIERTO, SEG_MOVETO = 0, 1, 2


class Lib:
    """Bound functions plus output buffers (and their addresses) for one thread of reading."""

    def __init__(self):
        import pypdfium2_raw.bindings as bindings

        loaded = bindings._libs["pdfium"]  # the CDLL pypdfium2 loaded
        # the same library, bound as ctypes binds the Python C API: a call keeps the GIL rather than
        # release and take it back, a sixth of what a call costs here. Every function bound here
        # returns at once (getters of what a loaded page holds) and PDFium is not thread-safe anyway
        dll = ctypes.PyDLL(loaded._name, handle=loaded._handle)
        for name, (res, args) in _PROTOTYPES.items():
            fn = dll[name]  # own function objects: pypdfium2's stay as they are
            fn.restype, fn.argtypes = res, args
            setattr(self, name, fn)
        self.untyped = {}
        for name, res in _UNTYPED.items():
            fn = dll[name]
            fn.restype, fn.argtypes = res, None
            self.untyped[name] = fn
        self.d = (c_double * 2)()  # origin
        self.f = (c_float * 6)()  # points, sizes, matrices of paths
        self.u = (c_uint * 4)()  # colours
        self.i = (c_int * 2)()  # draw mode
        self.m = (c_float * 6)()  # FS_MATRIX: six floats
        self.name = ctypes.create_string_buffer(256)  # font names
        self.d_at = [ctypes.addressof(self.d) + k * ctypes.sizeof(c_double) for k in range(2)]
        self.f_at = [ctypes.addressof(self.f) + k * ctypes.sizeof(c_float) for k in range(6)]
        self.u_at = [ctypes.addressof(self.u) + k * ctypes.sizeof(c_uint) for k in range(4)]
        self.i_at = [ctypes.addressof(self.i) + k * ctypes.sizeof(c_int) for k in range(2)]
        self.m_at = ctypes.addressof(self.m)
        # the same buffers for untyped calls
        self.d_ref = tuple(ctypes.byref(self.d, k * ctypes.sizeof(c_double)) for k in range(2))
        self.u_ref = tuple(ctypes.byref(self.u, k * ctypes.sizeof(c_uint)) for k in range(4))
        self.i_ref = tuple(ctypes.byref(self.i, k * ctypes.sizeof(c_int)) for k in range(2))
        self.m_ref = ctypes.byref(self.m)
        # the buffers' bytes, to key caches by what PDFium wrote (a copy costs less than reading numbers out)
        self.m_scale = memoryview(self.m).cast("B")[:16]  # a b c d of a matrix
        self.u_rgb = memoryview(self.u).cast("B")[:12]  # R G B of a colour
        self._colours: dict[bytes, tuple] = {}  # by the bytes of u_rgb
        self._points: Optional[struct.Struct] = None  # the layout of a path's points, once verified
        self._checked = 0  # points found alike both ways so far (see :meth:`segments`)
        self._refused = False  # the layout was not as expected: the per-segment calls only

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
        return self.rgb()

    def rgb(self):
        """The colour a getter of :meth:`colour` last wrote to the buffer, as :meth:`colour` gives it."""
        key = self.u_rgb.tobytes()
        return self._colours.get(key) or self.new_rgb(key)

    def new_rgb(self, key: bytes) -> tuple:
        """:meth:`rgb` of a colour not met before (``key``: the bytes of :attr:`u_rgb` for it)."""
        got = (self.u[0] / 255, self.u[1] / 255, self.u[2] / 255)
        if len(self._colours) < _MAX_CACHED:  # bounded: a hostile file may paint in millions of colours
            self._colours[key] = got
        return got

    # ------------------------------------------------------------------ path points

    def segments(self, o: c_void_p) -> tuple:
        """(x, y, type, close flag) of every segment of path object ``o``, one flat tuple of four
        entries per segment, as ``FPDFPathSegment_GetPoint`` / ``_GetType`` / ``_GetClose`` give them.

        A segment handle is a pointer to PDFium's own point (``CFX_Path::Point``: two 32-bit
        floats, a one-byte type, a one-byte close flag), and a path's points lie in one array.
        Four calls per segment are most of what a dotted table costs, so when the handles of the
        first and last segment are that array's ends, the points are read from it in one copy.
        The layout is not PDFium's public interface: it is taken only after the first
        :data:`VERIFY_POINTS` points read both ways came out alike, and never again in this
        process once one did not. Flat, because a tuple per segment costs more than reading it."""
        calls = self.untyped
        n = calls["FPDFPath_CountSegments"](o)
        if n <= 0:
            return ()
        layout = self._points
        if layout is not None:
            get = calls["FPDFPath_GetPathSegment"]
            first = get(o, 0)
            last = get(o, n - 1) if n > 1 else first
            if first and last and last - first == (n - 1) * layout.size:
                return _unpack(layout, n, ctypes.string_at(first, n * layout.size))
        return self._verify(o, n, self._segments_by_call(o, n))

    def _segments_by_call(self, obj, n: int) -> tuple:
        get_seg, get_type, get_point, get_close = (self.FPDFPath_GetPathSegment, self.FPDFPathSegment_GetType,
                                                   self.FPDFPathSegment_GetPoint, self.FPDFPathSegment_GetClose)
        fx, fy = self.f_at[0], self.f_at[1]
        buf = self.f
        out: list = []
        for i in range(n):
            seg = get_seg(obj, i)
            if not seg:
                break
            get_point(seg, fx, fy)
            out += (buf[0], buf[1], get_type(seg), 1 if get_close(seg) else 0)
        return tuple(out)

    def _verify(self, obj, n: int, by_call: tuple) -> tuple:
        """Learn the point layout from a path read by calls (see :meth:`segments`)."""
        if self._points is not None or self._refused or n < 2 or len(by_call) != 4 * n:
            return by_call
        first, second, last = (self.FPDFPath_GetPathSegment(obj, 0), self.FPDFPath_GetPathSegment(obj, 1),
                               self.FPDFPath_GetPathSegment(obj, n - 1))
        size = _POINT.size
        if second - first != size or last - first != (n - 1) * size or \
                _unpack(_POINT, n, ctypes.string_at(first, n * size)) != by_call:
            self._refused = True
            return by_call
        self._checked += n
        if self._checked >= VERIFY_POINTS:
            self._points = _POINT
        return by_call


_UNPACKERS: dict[tuple[str, int], struct.Struct] = {}  # (point format, points) -> Struct of them all
_UNPACKED_AT_ONCE = 64  # paths of more points (a curve) are unpacked point by point


def _unpack(layout: struct.Struct, n: int, data: bytes) -> tuple:
    """``n`` points of ``layout`` as one flat tuple."""
    if n > _UNPACKED_AT_ONCE:
        return tuple(chain.from_iterable(layout.iter_unpack(data)))
    key = (layout.format, n)
    got = _UNPACKERS.get(key)
    if got is None:
        got = _UNPACKERS[key] = struct.Struct(layout.format[0] + layout.format[1:] * n)
    return got.unpack(data)


# CFX_Path::Point: x, y (float), type (uint8), close flag (bool), padded to the floats' alignment
_POINT = struct.Struct("=ffBB2x")
VERIFY_POINTS = 64


def handle(ptr) -> int:
    """A pypdfium2 handle (a typed pointer) as the integer these functions take."""
    return ctypes.cast(ptr, c_void_p).value or 0


_LIB = None


def lib() -> Lib:
    global _LIB
    if _LIB is None:
        _LIB = Lib()
    return _LIB
