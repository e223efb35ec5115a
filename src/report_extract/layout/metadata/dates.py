"""Dates as printed (2024-01-20, 2024年1月20日, 二〇二四年一月二十日) and as declared (D:20240120…)."""
from __future__ import annotations

import re
from typing import Optional

from ...mapping.labels import nfkc

ISO = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_DATE = re.compile(r"([〇○零ＯO0一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
# a 落款 date standing alone: "2024年1月20日" or "二〇二四年一月二十日", perhaps after a name
SIGNED_LINE = re.compile(r"[\s\S]{0,30}?(?:(?:19|20)\d{2}|[〇○零ＯO0一二三四五六七八九]{4})\s*年[\s\S]{1,8}日")
DECLARED = re.compile(r"^(?:D:)?((?:19|20)\d{2})-?(\d{2})-?(\d{2})")


def cn_number(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN_DIGITS[s[1]]
    if "十" in s:
        a, _, b = s.partition("十")
        return CN_DIGITS[a] * 10 + (CN_DIGITS[b] if b else 0)
    return CN_DIGITS[s]


def _iso(y: int, mo: int, d: int) -> Optional[str]:
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def parse_date(text: str) -> Optional[str]:
    """The first printed date in ``text`` as ISO, or None."""
    t = nfkc(text)
    m = ISO.search(t)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = CN_DATE.search(text)
    if not m:
        return None
    y = int("".join(str(CN_DIGITS[c]) for c in m.group(1)))
    return _iso(y, cn_number(m.group(2)), cn_number(m.group(3)))


def parse_declared_date(text: Optional[str]) -> Optional[str]:
    """A declared date (PDF ``D:20240120…``, ISO 8601, ``2024-01-20 10:00``) as ISO, or None."""
    if not text:
        return None
    m = DECLARED.match(text.strip())
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return parse_date(text)


def strip_dates(text: str) -> str:
    return re.sub(ISO.pattern + "|" + CN_DATE.pattern, "", text).strip()
