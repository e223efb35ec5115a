"""Word's number formats (``w:numFmt``): how a list counter is printed."""
from __future__ import annotations

from typing import Callable

_ZH_DIGITS = "零一二三四五六七八九"
_ZH_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _zh_number(n: int, digits: str = _ZH_DIGITS, units: str = "十百千", short_ten: bool = True) -> str:
    """Chinese counting: 1 一, 10 十, 11 十一, 20 二十, 105 一百零五, 1010 一千零一十."""
    if n <= 0:
        return digits[0] if n == 0 else str(n)
    if n >= 10000:
        hi, lo = divmod(n, 10000)
        s = _zh_number(hi, digits, units, short_ten) + "万"
        if lo:
            s += (digits[0] if lo < 1000 else "") + _zh_number(lo, digits, units, False)
        return s
    parts: list[str] = []
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = (n // power) % 10
        if d == 0:
            if parts:
                zero = True
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        parts.append(digits[d] + unit)
    s = "".join(parts)
    if short_ten and 10 <= n < 20:
        s = s[1:]  # 一十一 -> 十一
    return s


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for v, s in vals:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def _letter(n: int) -> str:
    if n <= 0 or n > 780:  # Word stops at ZZZ… (30 letters); a larger counter is a hostile file
        return str(n)
    # Word repeats the letter: 27 -> AA, 28 -> BB
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _glyph(glyphs: str, fallback: str) -> Callable[[int], str]:
    """A format printing 1..len(glyphs) as one glyph each, larger counters as ``fallback``."""
    return lambda n: glyphs[n - 1] if 1 <= n <= len(glyphs) else fallback.format(n)


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_FORMATS: dict[str, Callable[[int], str]] = {
    "chineseCounting": _zh_number,
    "japaneseCounting": _zh_number,
    "koreanCounting": _zh_number,
    "taiwaneseCounting": _zh_number,
    "chineseCountingThousand": _zh_number,
    "taiwaneseCountingThousand": _zh_number,
    "japaneseDigitalTenThousand": _zh_number,
    "chineseLegalSimplified": lambda n: _zh_number(n, _ZH_LEGAL, "拾佰仟", short_ten=False),
    "japaneseLegal": lambda n: _zh_number(n, _ZH_LEGAL, "拾佰仟", short_ten=False),
    "ideographDigital": lambda n: "".join("〇一二三四五六七八九"[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join("〇一二三四五六七八九"[int(d)] for d in str(n)),
    "ideographTraditional": _glyph(_TIANGAN, "{}"),
    "ideographZodiac": _glyph(_DIZHI, "{}"),
    "decimalEnclosedCircle": _glyph(_CIRCLED, "{}"),
    "decimalEnclosedCircleChinese": _glyph(_CIRCLED, "{}"),
    "ideographEnclosedCircle": _glyph(_CIRCLED, "{}"),
    "decimalEnclosedParen": _glyph(_PAREN, "({})"),
    "decimalEnclosedFullstop": _glyph(_FULLSTOP, "{}."),
    "decimalFullWidth": lambda n: str(n).translate(_FULL_WIDTH),
    "decimalFullWidth2": lambda n: str(n).translate(_FULL_WIDTH),
    "decimalZero": lambda n: f"{n:02d}",
    "upperRoman": lambda n: _roman(n),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": lambda n: _letter(n),
    "lowerLetter": lambda n: _letter(n).lower(),
    "none": lambda n: "",
    "bullet": lambda n: "",
}


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in Word's ``w:numFmt`` ``fmt`` (decimal when unknown)."""
    return _FORMATS.get(fmt, str)(n)
