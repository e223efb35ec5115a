"""Characters of a PDFium page as pdfplumber's char dicts (pdfminer's font boxes, not glyph boxes).

PDFium's text page gives each character's origin, the text matrix and the
font; the box is then built the way pdfminer builds it: from the origin, the
advance width (the font's width for the glyph × size) and the font's descent,
one em high. PDFium's own char boxes are glyph (ink) boxes and its "loose"
boxes are taken from the ascent; both differ from pdfminer's by up to a
point, enough to move a character across a cell border, so neither is used.

PDFium's text page also cleans up what pdfminer reports as printed:

* a text object drawn again at (almost) the same place (fake bold: the same
  string a fraction of a point to the right) is dropped. pdfminer keeps both
  and :func:`..text.dedupe` marks the survivor bold, so a dropped copy is put
  back here, shifted from the object it repeats;
* characters are reordered along a line and generated spaces and line breaks
  are added: generated characters are skipped and characters are put back in
  content-stream order;
* a glyph that maps to several characters (a ligature) comes as several
  characters at one origin: they are one char again, as in pdfminer;
* a character beyond the BMP comes as its two UTF-16 halves: it is one
  character again (:func:`_whole_characters`).
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Optional

from .pdfium_structure import plain_name
from .pdfium_space import SCALE, Matrix, PageSpace, apply, q, q_matrix

_HYPHEN = 0x2  # PDFium marks a line-end hyphen with this code point (FPDFText_IsHyphen)


@dataclass
class _Font:
    name: str
    descent: float  # / 1000 em, negative (pdfminer forces the sign)
    widths: dict = field(default_factory=dict)


@dataclass(slots=True)
class _TextObj:
    ordinal: int
    handle: int
    outer: Matrix
    chars: list = field(default_factory=list)


_ORDINAL = attrgetter("ordinal")
_GENERATED_CANDIDATES = (0x20, 0x0D, 0x0A)  # what PDFium generates: spaces and line breaks


class TextReader:
    """Reads the characters of the pages of one document.

    Fonts are cached by handle for one page only: PDFium frees a font when the last page using
    it closes, and a font loaded for a later page may come back at the same address."""

    def __init__(self, lib, descents: Optional[dict] = None):
        self.lib = lib
        self.descents = descents or {}  # pdfminer's, by font name (see .pdfium_structure)
        self.fonts: dict[int, _Font] = {}
        # what a text object's characters share, by what PDFium returns for it (font handle, size,
        # scale, colour): WPS writes one object per character, and the same few repeat all over
        self.infos: dict[tuple, tuple] = {}

    # ------------------------------------------------------------------ fonts

    def _font(self, font: int) -> _Font:
        got = self.fonts.get(font)
        if got is None:
            lib = self.lib
            n = lib.FPDFFont_GetBaseFontName(font, None, 0)
            # a new ctypes buffer costs tens of microseconds (a new array type): names fit in the shared one
            buf = lib.name if n <= len(lib.name) else ctypes.create_string_buffer(n)
            buf[0] = b"\0"
            if n:
                lib.FPDFFont_GetBaseFontName(font, ctypes.addressof(buf), n)
            name = buf.value.decode("utf-8", "replace")
            descent = self.descents.get(plain_name(name))
            if descent is None:
                descent = -abs(lib.f[0]) if lib.FPDFFont_GetDescent(font, 1000.0, lib.f_at[0]) else 0.0
            got = self.fonts[font] = _Font(name, descent)
        return got

    def _width(self, font: int, f: _Font, code: int) -> Optional[float]:
        """Advance width of the glyph for ``code`` in 1/1000 em (None when PDFium cannot say);
        negative for a vertical font (its advance runs down the column)."""
        w = f.widths.get(code, -1e9)
        if w == -1e9:
            lib = self.lib
            w = f.widths[code] = float(lib.f[0]) if lib.FPDFFont_GetGlyphWidth(font, code, 1000.0, lib.f_at[0]) else None
        return w

    # ------------------------------------------------------------------ characters

    def chars(self, textpage: int, text_objects: list[_TextObj], space: PageSpace) -> list[dict]:
        """Every printed character of the page, in content-stream order.

        This loop runs for every character of every page, so it is written flat: the previous
        character's origin as plain floats, :func:`.pdfium_space.q` inlined (the same
        expression; a non-finite step takes the function, which passes it through)."""
        lib = self.lib
        self.fonts.clear()
        self.infos.clear()
        by_obj = {t.handle: t for t in text_objects}
        walked = len(text_objects)  # in content order: objects met only here are added after them
        dx, dy = lib.d_ref
        dbuf = lib.d
        calls = lib.untyped  # the page as a c_void_p, the index an int (see .pdfium_lib._UNTYPED)
        unicode, generated, text_obj, char_origin = (calls["FPDFText_GetUnicode"], calls["FPDFText_IsGenerated"],
                                                     calls["FPDFText_GetTextObject"], calls["FPDFText_GetCharOrigin"])
        tp = ctypes.c_void_p(textpage)
        h = space.height
        fast_page = space.upright
        prev_obj = None
        pox = poy = prx = pry = float("nan")  # the previous character's origin, and as PDFium gave it
        t = _TextObj(-1, 0, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
        info: tuple = ()
        font, f, size, a, d, colour, low, high, name = 0, _Font("", 0.0), 0.0, 1.0, 1.0, None, 0.0, 0.0, ""
        fast = False
        halves = False
        widths: dict = {}
        append = t.chars.append
        for i in range(lib.FPDFText_CountChars(textpage)):
            code = unicode(tp, i)
            if code <= 0x20:
                if code in _GENERATED_CANDIDATES and generated(tp, i) == 1:
                    continue
                if code == _HYPHEN and lib.FPDFText_IsHyphen(textpage, i) == 1:
                    code = 0x2D
                if code == 0:
                    continue
            elif 0xD800 <= code < 0xE000:
                halves = True  # half of a character beyond the BMP (see _whole_characters)
            obj = text_obj(tp, i)
            char_origin(tp, i, dx, dy)
            rx, ry = dbuf[0], dbuf[1]
            if obj == prev_obj:
                if rx == prx and ry == pry and t.chars:
                    t.chars[-1]["text"] += chr(code)  # one glyph, several characters (a ligature)
                    continue
                # along one text object PDFium adds advances in 32 bits: the step from the last
                # character, rounded, is the advance as written; added in 64 bits as pdfminer does
                try:
                    sx, sy = round((rx - prx) * SCALE) / SCALE, round((ry - pry) * SCALE) / SCALE
                except (OverflowError, ValueError):
                    sx, sy = q(rx - prx), q(ry - pry)
                pox += sx
                poy += sy
            else:
                got = by_obj.get(obj)
                if got is None:  # outside every object walked (not expected): kept, after the others
                    got = by_obj[obj] = _TextObj(len(by_obj) + 10**6, obj, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
                    text_objects.append(got)
                t = got
                append = t.chars.append
                info = self._object_info(tp, i, obj)
                font, f, size, (a, b, c, d), colour, low, high = info
                widths = f.widths
                fast = fast_page and b == 0 and c == 0 and a > 0 and d > 0
                name = f.name
                try:  # q(rx), q(ry), inlined
                    pox, poy = round(rx * SCALE) / SCALE, round(ry * SCALE) / SCALE
                except (OverflowError, ValueError):
                    pox, poy = q(rx), q(ry)
                prev_obj = obj
            prx, pry = rx, ry
            w = widths.get(code, -1e9)
            if w == -1e9:
                w = self._width(font, f, code)
            if fast and (w is None or w > 0):
                # the common case, in short: upright text on an unrotated page
                adv = (w if w is not None else 1000.0) * size / 1000.0
                append({"text": chr(code), "fontname": name, "size": high - low, "x0": pox,
                        "x1": pox + a * adv, "top": h - poy - high, "bottom": h - poy - low, "upright": True,
                        "matrix": (a, 0.0, 0.0, d, pox, poy), "non_stroking_color": colour})
            else:
                append(self._char(code, (pox, poy), info, space))
        self._restore_copies(text_objects, space)
        out: list[dict] = []
        for t in text_objects if len(text_objects) == walked else sorted(text_objects, key=_ORDINAL):
            out.extend(t.chars)
        if halves:
            _whole_characters(out)
        return out

    def _object_info(self, tp: ctypes.c_void_p, i: int, obj: int) -> tuple:
        """(font handle, font, size, scale a b c d, fill colour, box bottom and top above the
        baseline) of the text object of character ``i``, from the page's cache."""
        lib = self.lib
        calls = lib.untyped
        o = ctypes.c_void_p(obj)
        font = calls["FPDFTextObj_GetFont"](o) or 0
        size = calls["FPDFText_GetFontSize"](tp, i)
        # the key from PDFium's bytes (scale and colour read out only when new): WPS writes one text
        # object per character, and this runs for each
        scaled = lib.m_scale.tobytes() if calls["FPDFText_GetMatrix"](tp, i, lib.m_ref) else None  # a b c d
        u = lib.u_ref
        painted = lib.u_rgb.tobytes() if calls["FPDFPageObj_GetFillColor"](o, u[0], u[1], u[2], u[3]) else None
        key = (font, size, scaled, painted)
        got = self.infos.get(key)
        if got is None:
            m = lib.m
            scale = (m[0], m[1], m[2], m[3], 0.0, 0.0)  # before the calls below use the buffers
            colour = lib.rgb() if painted is not None else None  # the buffer the key was read from
            f = self._font(font)
            size = q(float(size))
            a, b, c, d = q_matrix(scale)[:4] if scaled is not None else (1.0, 0.0, 0.0, 1.0)
            low = d * f.descent * size / 1000.0
            got = self.infos[key] = (font, f, size, (a, b, c, d), colour, low, low + d * size)
        return got

    def _char(self, code: int, origin: tuple[float, float], info: tuple, space: PageSpace) -> dict:
        font, f, size, (a, b, c, d), colour = info[:5]
        w = self._width(font, f, code)
        adv = (w if w is not None else 1000.0) * size / 1000.0
        h = space.height
        m = space.matrix((a, b, c, d, origin[0], origin[1]))
        vertical = adv < 0
        if vertical:
            # PDFium's origin is pdfminer's less the vertical origin (half an em across, DW2's 880 down):
            # pdfminer's box is then one em wide from it and |advance| high below its top
            x0, y0 = apply(m, 0.0, size + adv)
            x1, y1 = apply(m, size, size)
        else:
            descent = f.descent * size / 1000.0
            x0, y0 = apply(m, 0.0, descent)
            x1, y1 = apply(m, adv, descent + size)
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        return {"text": chr(code), "fontname": f.name, "size": (x1 - x0) if vertical else (y1 - y0),
                "x0": x0, "x1": x1, "top": h - y1, "bottom": h - y0,
                "upright": m[0] * m[3] > 0 and m[1] * m[2] <= 0, "matrix": m, "non_stroking_color": colour}

    # ------------------------------------------------------------------ fake bold

    def _restore_copies(self, text_objects: list[_TextObj], space: PageSpace) -> None:
        """Put back text objects PDFium dropped as repeats of an object just before them."""
        lib = self.lib
        if all(t.chars for t in text_objects):
            return
        bounds: dict[int, Optional[tuple]] = {}

        def box(t: _TextObj):
            if t.ordinal not in bounds:
                f = lib.f_at
                bounds[t.ordinal] = tuple(lib.f)[:4] if lib.FPDFPageObj_GetBounds(t.handle, f[0], f[1], f[2], f[3]) else None
            return bounds[t.ordinal]

        for n, t in enumerate(text_objects):
            if t.chars:
                continue
            bt = box(t)
            if bt is None or bt[2] - bt[0] < 0.01:
                continue
            size_t = self._size(t.handle)
            font_t = lib.FPDFTextObj_GetFont(t.handle)
            for prev in reversed(text_objects[max(0, n - 8):n]):
                bp = box(prev)
                if not prev.chars or bp is None or lib.FPDFTextObj_GetFont(prev.handle) != font_t:
                    continue
                if self._size(prev.handle) != size_t:
                    continue
                if abs((bp[2] - bp[0]) - (bt[2] - bt[0])) > 0.05 or abs((bp[3] - bp[1]) - (bt[3] - bt[1])) > 0.05:
                    continue
                dx, dy = bt[0] - bp[0], bt[1] - bp[1]
                if abs(dx) > max(size_t, 1.0) or abs(dy) > max(size_t, 1.0) / 8 + 0.01:
                    continue
                t.chars = [_shifted(c, space, prev.outer, dx, dy) for c in prev.chars]
                break

    def _size(self, obj: int) -> float:
        lib = self.lib
        return float(lib.f[0]) if lib.FPDFTextObj_GetFontSize(obj, lib.f_at[0]) else 0.0


def _whole_characters(chars: list[dict]) -> None:
    """Characters beyond the BMP (CJK Extension B, used in names) as one character each.

    PDFium's text page gives such a character as its two UTF-16 halves at one origin (joined into
    one char's text above, as a ligature is) and passes a half written alone; Python strings hold
    code points, and a half cannot be written as UTF-8. pdfminer decodes the same text as UTF-16:
    a pair is its character, a half alone nothing."""
    for c in chars:
        text = c["text"]
        if any(0xD800 <= ord(ch) < 0xE000 for ch in text):
            c["text"] = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")


def _shifted(c: dict, space: PageSpace, outer: Matrix, dx: float, dy: float) -> dict:
    """A copy of char ``c`` moved by (dx, dy), given in the space of the object's form XObject."""
    a, b, cc, d = outer[:4]
    ux, uy = a * dx + cc * dy, b * dx + d * dy
    ca, cb, ccc, cd = space.ctm[:4]
    px, py = ca * ux + ccc * uy, cb * ux + cd * uy
    out = dict(c)
    out["x0"], out["x1"] = c["x0"] + px, c["x1"] + px
    out["top"], out["bottom"] = c["top"] - py, c["bottom"] - py
    m = c["matrix"]
    out["matrix"] = (m[0], m[1], m[2], m[3], m[4] + px, m[5] + py)
    return out
