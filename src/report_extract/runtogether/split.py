"""Every way a run of digits can be the value cells of one row of the form.

A row printed with no separators (``行政规范性文件693665``) leaves only the
digits; what the layout still says is how many cells the row has and what
each may hold: counts are whole numbers without leading zeros (``05`` is
never printed), only money cells have decimals, only a change (本年增/减)
has a sign, a unit closes the last cell. Whitespace and blank marks (``—``,
``/``) the dump kept are hard cell boundaries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from ..settings import RUN_TOGETHER, RunTogetherSettings


@dataclass(frozen=True)
class Kind:
    """What one value cell of the layout may print."""

    decimal: bool = False  # money: 1234.5
    signed: bool = False  # a change: -3, +3


@dataclass(frozen=True)
class Piece:
    text: str
    start: int  # offset in the stream
    end: int


_UNIT = re.compile(r"(万元|元)$")
_TOKEN = re.compile(r"—+|/+|[+\-−]?[\d.]+|[+\-−]")  # blank marks, signed digit strings


def _tokens(text: str, offset: int) -> list[Piece]:
    out = []
    for chunk in re.finditer(r"[^\s,，]+", text):  # spaces and commas the dump kept separate cells
        for m in _TOKEN.finditer(chunk.group()):
            a = offset + chunk.start() + m.start()
            out.append(Piece(m.group(), a, a + len(m.group())))
    return out


def _cell_re(kind: Kind, digits: int) -> re.Pattern:
    sign = r"[+\-−]?" if kind.signed else ""
    frac = r"(?:\.\d+)?" if kind.decimal else ""
    return re.compile(rf"{sign}(?:0|[1-9]\d{{0,{digits - 1}}}){frac}")


def splits(text: str, offset: int, kinds: list[Kind],
           settings: RunTogetherSettings = RUN_TOGETHER) -> Optional[list[tuple[Piece, ...]]]:
    """Every split of ``text`` (printed at stream ``offset``) into ``len(kinds)`` cells, in a
    fixed order; None when there are more than ``settings.max_splits`` (too many to decide)."""
    unit = _UNIT.search(text)
    body = text[:unit.start()] if unit else text
    tokens = _tokens(body, offset)
    k = len(kinds)
    pats = {kd: _cell_re(kd, settings.max_cell_digits) for kd in set(kinds)}
    out: list[tuple[Piece, ...]] = []

    def cells_of(tok: Piece, pos: int, col: int) -> Iterator[tuple[Piece, int]]:
        """Cells of column ``col`` starting at ``pos`` inside a digit token: (cell, next pos)."""
        s = tok.text
        m = pats[kinds[col]].match(s, pos)
        if not m:
            return
        # every prefix of the longest match that is itself a whole cell (digits may end anywhere)
        for end in range(m.end(), pos, -1):
            cand = s[pos:end]
            if pats[kinds[col]].fullmatch(cand) and not (end < len(s) and s[end] == "."):
                yield Piece(cand, tok.start + pos, tok.start + end), end

    def walk(ti: int, pos: int, col: int, acc: list[Piece]) -> bool:
        if len(out) > settings.max_splits:
            return False
        if ti == len(tokens):
            if col == k:
                out.append(tuple(acc))
            return True
        if col == k:
            return True  # digits left over: not this split
        tok = tokens[ti]
        if tok.text[0] in "—/" or tok.text in "+-−":
            if pos:
                return True
            return walk(ti + 1, 0, col + 1, acc + [Piece(tok.text, tok.start, tok.end)])
        for cell, nxt in cells_of(tok, pos, col):
            if nxt == len(tok.text):
                ok = walk(ti + 1, 0, col + 1, acc + [cell])
            else:
                ok = walk(ti, nxt, col + 1, acc + [cell])
            if not ok:
                return False
        return True

    if not walk(0, 0, 0, []):
        return None
    if unit:  # the unit belongs to the last cell
        u = unit.group()
        out = [c[:-1] + (Piece(c[-1].text + u, c[-1].start, c[-1].end + len(u)),) for c in out]
    out.sort(key=lambda c: [p.end for p in c])
    return out
