"""Label normalisation and fuzzy matching.

Printed labels vary in width, spaces, line breaks and numbering, and PDF text
layers lose glyphs (``其他法律行政止公开``). Labels are compared after
normalisation by the longest common subsequence, so a label with a missing
character still matches its template and a different label does not.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NUMBERING = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.．，,]|"
    r"[（(]?\d{1,2}[）)]|\d{1,2}[、.．，,](?!\d))"
)
_DROP = re.compile(r"[\s\u3000\u00a0“”\"'‘’「」『』《》〈〉【】\[\]（）()、，,。.．:：;；!！?？\-—_/／·•|]+")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def starts_numbered(text: str) -> bool:
    """The text opens with an enumeration mark (三、 （一） 1. 2、): a new item, not a continuation."""
    return bool(_NUMBERING.match(re.sub(r"\s+", "", nfkc(text).strip())))


def strip_numbering(text: str) -> str:
    """Drop leading enumeration marks (三、 （一） 1. 2、), possibly repeated."""
    s = nfkc(text).strip()
    s = re.sub(r"\s+", "", s)
    for _ in range(3):
        m = _NUMBERING.match(s)
        if not m:
            break
        s = s[m.end():]
    return s


@lru_cache(maxsize=65536)
def norm_label(text: str) -> str:
    return _DROP.sub("", strip_numbering(text))


def compact(text: str) -> str:
    """Whitespace-free NFKC text, for keyword searches."""
    return re.sub(r"\s+", "", nfkc(text))


@lru_cache(maxsize=65536)
def _lcs(a: str, b: str) -> int:
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if ca == cb else max(prev[j], cur[-1]))
        prev = cur
    return prev[-1]


MAX_LABEL_CHARS = 300
CUT_LABEL = 0.8  # similarity of a label that is most of a longer one, or holds all of a shorter one
_INNER_NUMBERING = re.compile(r"(?:[（(][一二三四五六七八九十]+[）)]|(?<![\d.])\d{1,2}[、.．](?!\d))")


def _tails(text: str) -> list[str]:
    """The label and, when a group label and its item share one cell
    ("（三）不予公开 1.属于国家秘密"), the item after each inner numbering mark."""
    s = re.sub(r"\s+", "", nfkc(text))
    out = [s]
    for m in _INNER_NUMBERING.finditer(s):
        if m.start() > 0:
            out.append(s[m.start():])
    return out


@lru_cache(maxsize=262144)
def similarity(a: str, b: str) -> float:
    """0..1: shared characters in order, relative to the longer normalised label."""
    nb = norm_label(b)
    best = 0.0
    if len(a) > MAX_LABEL_CHARS:  # a cell this long is prose, not a row or column label
        return best
    for tail in _tails(a):
        na = norm_label(tail)
        if not na or not nb:
            continue
        if na == nb:
            return 1.0
        common = _lcs(na, nb)
        score = common / max(len(na), len(nb))
        short = min(len(na), len(nb))
        if short >= 6 and common >= 0.9 * short:  # a label cut short (page break, cell overflow)
            score = max(score, CUT_LABEL)
        best = max(best, score)
    return best


def best_match(text: str, variants: list[str]) -> float:
    return max((similarity(text, v) for v in variants), default=0.0)
