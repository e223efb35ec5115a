"""Text of PDF characters: lines by baseline band, words joined the way CJK prints them.

Everything works on plain lists of pdfplumber character dicts (``text``,
``x0``, ``x1``, ``top``, ``bottom``, ``size``, ``fontname``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter
from typing import Iterable, Optional



def is_wide(ch: str) -> bool:
    """CJK ideographs, kana, full-width forms and CJK punctuation."""
    if not ch:
        return False
    o = ord(ch[0])
    return o >= 0x2E80 or ch in "“”‘’…—·"


_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


def tidy(text: str) -> str:
    """Collapse runs of spaces and drop any space touching a wide (CJK) character."""
    if " " not in text and "\t" not in text and "\u00a0" not in text and "\u3000" not in text:
        return text.strip()  # most text (a cell's digits, a CJK line): nothing to collapse
    text = _SPACES.sub(" ", text).strip()
    if " " not in text:
        return text
    out = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch == " ":
            prev = text[i - 1] if i else ""
            nxt = text[i + 1] if i + 1 < n else ""
            if is_wide(prev) or is_wide(nxt) or not prev or not nxt:
                continue
        out.append(ch)
    return "".join(out)


def join_pieces(pieces: Iterable[str]) -> str:
    """Join wrapped lines: nothing between CJK, one space between Latin words."""
    out = ""
    for p in pieces:
        p = p.strip()
        if not p:
            continue
        if out and not is_wide(out[-1]) and not is_wide(p[0]) and out[-1] not in "-/（(" :
            out += " "
        out += p
    return out


@dataclass(slots=True)
class Line:
    """Characters sharing a baseline band, left to right."""

    chars: list
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0
    text: str = ""

    @property
    def bbox(self):
        return (self.x0, self.top, self.x1, self.bottom)


def group_lines(chars: list) -> list[list]:
    """Cluster characters into lines by vertical overlap (top to bottom)."""
    if len(chars) == 1:  # half the calls: a cell printing one digit
        return [[chars[0]]]
    lines: list[list] = []  # [top, bottom, chars]
    for c in sorted(chars, key=by_top):
        top, bottom = c["top"], c["bottom"]
        mid = (top + bottom) / 2
        n = len(lines)
        for i in range(n - 1, n - 5 if n > 4 else -1, -1):  # the last four lines, newest first
            ln = lines[i]
            if ln[0] - 0.5 <= mid <= ln[1] + 0.5:
                ln[2].append(c)
                if bottom > ln[1] and bottom - top <= (ln[1] - ln[0]) * 1.5:
                    ln[1] = bottom
                break
        else:
            lines.append([top, bottom, [c]])
    lines.sort(key=_FIRST)
    return [ln[2] for ln in lines]


# sort keys: C getters, twice as fast as a Python function (they run for every sort of characters)
by_top, by_x0 = itemgetter("top"), itemgetter("x0")
_FIRST = itemgetter(0)


def line_text(chars: list) -> str:
    """Text of one line's chars (sorted by x): spaces only where Latin words part."""
    return line_text_sorted(sorted(chars, key=by_x0))


def line_text_sorted(chars: list) -> str:
    """:func:`line_text` of characters already sorted by x."""
    if len(chars) == 1:  # a cell's one digit
        return tidy(chars[0]["text"])
    out = []
    prev = None
    for c in chars:
        t = c["text"]
        if prev is not None and t != " " and out and out[-1] != " ":
            gap = c["x0"] - prev["x1"]
            if gap > 0.25 * (c.get("size") or 10) and not is_wide(t) and not is_wide(prev["text"]):
                out.append(" ")
        out.append(t)
        prev = c
    return tidy("".join(out))


def make_lines(chars: list, split_gap: Optional[float] = 3.0) -> list[Line]:
    """Lines of text; a line is split where a horizontal gap exceeds ``split_gap`` × font size."""
    groups = group_lines(chars)
    for g in groups:
        g.sort(key=by_x0)
    return lines_from_groups(groups, split_gap)


def extent(chars: list) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) around non-empty ``chars``, in one pass (four min/max over generators
    cost more than the rest of building a line)."""
    first = chars[0]
    x0, top, x1, bottom = first["x0"], first["top"], first["x1"], first["bottom"]
    for c in chars:
        if c["x0"] < x0:
            x0 = c["x0"]
        if c["top"] < top:
            top = c["top"]
        if c["x1"] > x1:
            x1 = c["x1"]
        if c["bottom"] > bottom:
            bottom = c["bottom"]
    return x0, top, x1, bottom


def lines_from_groups(groups: list[list], split_gap: Optional[float] = 3.0) -> list[Line]:
    """:func:`make_lines` for characters already grouped (:func:`group_lines`) and sorted by x."""
    result = []
    for group in groups:
        segs = [[group[0]]]
        for c in group[1:]:
            p = segs[-1][-1]
            size = max(c.get("size") or 10, 1)
            if split_gap is not None and c["x0"] - p["x1"] > split_gap * size and c["text"].strip():
                segs.append([c])
            else:
                segs[-1].append(c)
        for s in segs:
            s2 = [c for c in s if c["text"].strip()] or s
            sizes = sorted([c.get("size") or 0 for c in s2])
            x0, top, x1, bottom = extent(s2)
            ln = Line(chars=s, x0=x0, top=top, x1=x1, bottom=bottom, size=sizes[len(sizes) // 2])
            ln.text = line_text_sorted(s)  # each group is sorted by x (the contract above)
            if ln.text:
                result.append(ln)
    result.sort(key=lambda ln: (round(ln.top), ln.x0))
    return result




def join_cell_lines(pieces: Iterable[str]) -> str:
    """:func:`join_pieces` for the lines of one table cell, except that two lines meeting
    digit to digit keep a line break: a value is read from one line, and ``49`` over ``38``
    is two printed numbers, never ``4938``."""
    out = ""
    for p in pieces:
        p = p.strip()
        if not p:
            continue
        if out and out[-1].isdigit() and p[0].isdigit():
            out += "\n" + p
        else:
            out = join_pieces([out, p]) if out else p
    return out


def _clumped_text(chars: list, gap_em: float) -> str:
    """Text of one line of a cell; numbers printed apart (a gap wider than ``gap_em``) keep a tab
    between them, so they are never read as one number."""
    if len(chars) == 1:
        return line_text_sorted(chars)
    chars = sorted(chars, key=by_x0)
    pieces: list[list] = [[]]
    right = None
    for c in chars:
        if right is not None and c["text"].strip() and c["x0"] - right > gap_em * max(c.get("size") or 10, 1):
            pieces.append([])
        pieces[-1].append(c)
        if c["text"].strip():
            right = c["x1"] if right is None else max(right, c["x1"])
    out = ""
    for p in pieces:
        t = line_text_sorted(p)  # pieces of the sorted line
        if out and t and out[-1].isdigit() and t[0].isdigit():
            out += "\t" + t
        elif t:
            out = join_pieces([out, t]) if out else t
    return out


def cell_text(chars: list, gap_em: float = 0.9) -> str:
    """Text of a cell: its lines top to bottom, wrapped pieces joined."""
    if not chars:
        return ""
    return join_cell_lines(_clumped_text(ln, gap_em) for ln in group_lines(chars))


def dedupe(chars: list) -> list:
    """Drop characters printed twice at (almost) the same place (fake bold, shadows).

    The kept character is marked ``_fake_bold`` (it reads as bold).
    """
    out = []
    seen: dict[str, dict[int, list]] = {}  # text -> whole points of top -> (x0, top, char) kept
    for c in chars:
        text = c["text"]
        top = c["top"]
        x = c["x0"]
        k = int(top)
        bands = seen.get(text)
        if bands is None:  # the first of its text repeats nothing
            seen[text] = {k: [(x, top, c)]}
            out.append(c)
            continue
        dup = False
        for kk in (k, k - 1, k + 1):
            for x2, t2, kept in bands.get(kk, ()):
                if -1.0 < x2 - x < 1.0 and -1.0 < t2 - top < 1.0:
                    dup = True
                    if text.strip():
                        kept["_fake_bold"] = True
                    break
            if dup:
                break
        if dup:
            continue
        band = bands.get(k)
        if band is None:
            bands[k] = [(x, top, c)]
        else:
            band.append((x, top, c))
        out.append(c)
    return out
