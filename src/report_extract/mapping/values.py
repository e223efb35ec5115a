"""Reading a printed cell as a number, keeping the printed text untouched."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Union

from ..vocabulary import blank_marks, is_negative_sign, sign_pattern, unit_pattern
from .labels import nfkc

NULL_MARKS = blank_marks()
_NUMBER = re.compile(
    r"^(?P<sign>" + sign_pattern() + r")?\s*(?P<num>\d[\d,，\s]*(?:\.\d+)?)\s*(?P<unit>" + unit_pattern() + r")?$"
)
Number = Union[int, float]


@dataclass(frozen=True)
class Parsed:
    value: Optional[Number]
    unit: Optional[str]
    ok: bool  # False: the cell prints something that is not a number


def clean(text: str) -> str:
    s = nfkc(text).strip()
    s = s.replace("\u3000", " ").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s)


def is_null(text: str) -> bool:
    return clean(text).replace(" ", "") in NULL_MARKS


@lru_cache(maxsize=65536)
def parse(text: str) -> Parsed:
    """The number a cell prints (cached: the same few texts fill every table; treat the result as read-only)."""
    s = clean(text)
    if s.replace(" ", "") in NULL_MARKS:
        return Parsed(None, None, True)
    m = _NUMBER.match(s)
    if not m:
        return Parsed(None, None, False)
    raw = re.sub(r"[,，\s]", "", m.group("num"))
    value: Number = float(raw) if "." in raw else int(raw)
    if isinstance(value, float) and value.is_integer() and not re.search(r"\.\d*[1-9]", raw):
        value = value  # keep 7730.00 as printed float; integers stay int
    sign = m.group("sign")
    if is_negative_sign(sign):
        value = -value
    return Parsed(value, m.group("unit"), True)


def is_value(text: str) -> bool:
    """A cell that prints a number or "nothing" (a value slot), not a label."""
    return parse(text).ok


def to_wan_yuan(value: Optional[Number], unit: Optional[str], header_unit: Optional[str]) -> Optional[Number]:
    """Money normalised to 万元: 251000元 -> 25.1, 5万元 -> 5."""
    if value is None:
        return None
    u = unit or header_unit or "万元"
    if u == "元":
        v = value / 10000
    elif u == "亿元":
        v = value * 10000
    else:
        v = value
    v = round(v, 6)
    return int(v) if float(v).is_integer() and isinstance(value, int) and u != "元" else v
