"""One vocabulary for printed cells: blank marks, units and signs (data/vocabulary.json).

The mapping, the PDF borderless-table detector and the text-stream reader must
agree on what "nothing", "万元" or "--253" mean; they all read it from here.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    with resources.files("report_extract").joinpath("data/vocabulary.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def blank_marks() -> frozenset[str]:
    return frozenset(vocabulary()["blank_marks"])


@lru_cache(maxsize=1)
def unit_pattern() -> str:
    u = vocabulary()["units"]
    return f"(?:{_alternation(u['count'] + u['money'])})"


@lru_cache(maxsize=1)
def sign_pattern() -> str:
    s = vocabulary()["signs"]
    return f"(?:{_alternation(s['negative'] + s['positive'])})"


def is_negative_sign(sign: str | None) -> bool:
    return bool(sign) and sign in vocabulary()["signs"]["negative"]


def is_blank(text: str) -> bool:
    """A cell that prints "nothing" (— / 无 空 …), spaces ignored."""
    return re.sub(r"\s+", "", text or "") in blank_marks()
