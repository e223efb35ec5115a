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
from dataclasses import dataclass, replace
from typing import Iterator, NamedTuple, Optional

from ..settings import RUN_TOGETHER, RunTogetherSettings


@dataclass(frozen=True)
class Kind:
    """What one value cell of the layout may print."""

    decimal: bool = False  # money: 1234.5
    signed: bool = False  # a change: -3, +3


class Piece(NamedTuple):
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


def splits(text: str, offset: int, kinds: list[Kind], settings: RunTogetherSettings = RUN_TOGETHER,
           total: Optional[int] = None, group: int = 0) -> Optional[list[tuple[Piece, ...]]]:
    """Every split of ``text`` (printed at stream ``offset``) into ``len(kinds)`` cells, in a
    fixed order; with ``total``, only whole-number splits summing to it (a row total's parts);
    with ``group``, only splits where each run of ``group`` cells ends in their sum (table 4's
    groups). None when there are more than ``settings.max_splits`` (too many to decide)."""
    unit = _UNIT.search(text)
    body = text[:unit.start()] if unit else text
    tokens = _tokens(body, offset)
    k = len(kinds)
    pats = {kd: _cell_re(kd, settings.max_cell_digits) for kd in set(kinds)}
    out: list[tuple[Piece, ...]] = []

    col_pats = [pats[kd] for kd in kinds]
    plain = [not (kd.decimal or kd.signed) for kd in kinds]
    maxd = settings.max_cell_digits

    def cells_of(tok: Piece, pos: int, col: int) -> Iterator[tuple[Piece, int]]:
        """Cells of column ``col`` starting at ``pos`` inside a digit token: (cell, next pos)."""
        s = tok.text
        if plain[col] and s.isdigit():  # the common case, without regular expressions
            ends = [pos + 1] if s[pos] == "0" else range(min(len(s), pos + maxd), pos, -1)
            for end in ends:
                yield Piece(s[pos:end], tok.start + pos, tok.start + end), end
            return
        pat = col_pats[col]
        m = pat.match(s, pos)
        if not m:
            return
        # every prefix of the longest match that is itself a whole cell (digits may end anywhere)
        for end in range(m.end(), pos, -1):
            cand = s[pos:end]
            if pat.fullmatch(cand) and not (end < len(s) and s[end] == "."):
                yield Piece(cand, tok.start + pos, tok.start + end), end

    # characters from each token on, and the widest a cell can be from each column on (pruning)
    after = [0] * (len(tokens) + 1)
    for i in range(len(tokens) - 1, -1, -1):
        after[i] = after[i + 1] + len(tokens[i].text)
    widest = [0] * (k + 1)
    for c in range(k - 1, -1, -1):
        kd = kinds[c]
        widest[c] = widest[c + 1] + (10 ** 6 if kd.decimal else settings.max_cell_digits + kd.signed)

    def walk(ti: int, pos: int, col: int, acc: list[Piece], sum_: float = 0) -> bool:
        if len(out) > settings.max_splits:
            return False
        if total is not None:  # the parts can neither exceed the total nor fall short of it
            left, cells = after[ti] - pos if ti < len(tokens) else 0, k - col
            if sum_ > total or (cells and sum_ + 10 ** (left - cells + 1) + 9 * cells < total):
                return True
        if ti == len(tokens):
            if col == k and (total is None or sum_ == total):
                out.append(tuple(acc))
            return True
        if k - col < len(tokens) - ti or after[ti] - pos > widest[col]:
            return True  # more tokens than cells left, or more digits than they can hold
        tok = tokens[ti]
        if tok.text[0] in "—/" or tok.text in "+-−":
            if pos:
                return True
            return walk(ti + 1, 0, col + 1, acc + [Piece(tok.text, tok.start, tok.end)])
        for cell, nxt in cells_of(tok, pos, col):
            if group and col % group == group - 1 and not sums_up(tuple(acc[col + 1 - group:]) + (cell,)):
                continue  # a group whose total is not the sum of its parts
            more = float(cell.text) if total is not None else 0
            if nxt == len(tok.text):
                ok = walk(ti + 1, 0, col + 1, acc + [cell], sum_ + more)
            else:
                ok = walk(ti, nxt, col + 1, acc + [cell], sum_ + more)
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


def sums_up(split: tuple[Piece, ...]) -> bool:
    """The last cell (a row total) is the sum of the others; a blank mark counts as 0."""
    nums = [float(p.text) if p.text.isdigit() else 0.0 for p in split]
    return abs(sum(nums[:-1]) - nums[-1]) < 1e-6


def splits_summing(text: str, offset: int, k: int,
                   settings: RunTogetherSettings = RUN_TOGETHER) -> Optional[list[tuple[Piece, ...]]]:
    """The splits of a row of ``k`` whole-number cells whose last cell (the row total) is the
    sum of the others: for rows with too many splits to list. The total is a suffix of the
    digits; no part can exceed it, which leaves few paths to walk. None past max_splits."""
    if not re.fullmatch(r"[\d\s]+", text):
        return None
    out: list[tuple[Piece, ...]] = []
    kind = Kind()
    stripped = text.rstrip()
    for n in range(max(1, len(stripped) // k), settings.max_cell_digits + 1):  # no part is longer
        tail = stripped[len(stripped) - n:] if n <= len(stripped) else None
        if tail is None or not _cell_re(kind, settings.max_cell_digits).fullmatch(tail):
            continue
        total, head = int(tail), stripped[:len(stripped) - n]
        last = Piece(tail, offset + len(head), offset + len(stripped))
        parts = splits(head, offset, [kind] * (k - 1), replace(settings, max_cell_digits=len(tail)), total)
        if parts is None:
            return None
        out += [p + (last,) for p in parts]
    out.sort(key=lambda c: [p.end for p in c])
    return out

