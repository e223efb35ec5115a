"""Choosing the split of each run-together row that the form's arithmetic allows.

The arithmetic is the validator's own (validate/rules.py, report-format.md §4):
a split is kept when no binding rule that involves its cells fails. A row is
decided only when exactly one split is left — by the layout alone (one way to
cut the digits), by the row's own arithmetic (row total, group total), or by
the column arithmetic across rows (balance, results) — otherwise it is left
undecided with its candidates. Nothing here is a guess among several.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from math import prod
from typing import Optional

from ..mapping.values import parse
from ..settings import RUN_TOGETHER, RunTogetherSettings
from ..validate.rules import NON_RESULT_ROWS, arithmetic
from .split import Piece

BINDING = ("requests.balance", "requests.results", "requests.row_total", "review_litigation.total")

Split = tuple[Piece, ...]


@dataclass
class RowRun:
    """One printed row: its keys, the digits after its label and how they were split."""

    name: str  # ``requests.new_received``
    keys: list[str]
    text: str  # the printed run
    start: int  # its stream offsets
    end: int
    candidates: Optional[list[Split]]  # every split the layout allows; None: too many to list
    fits: Optional[list[Split]] = None  # the splits the arithmetic leaves
    decided: Optional[Split] = None
    how: str = ""  # layout | arithmetic | columns | ambiguous | no_fit | no_split | too_many


def values_of(row: RowRun, split: Split) -> dict:
    return {k: parse(p.text).value for k, p in zip(row.keys, split)}


def _fails(values: dict, focus: set[str]) -> bool:
    return any(f.rule in BINDING and focus & set(f.keys) for f in arithmetic(values))


def _columns_fit(rows: dict[str, tuple], focus: set[str]) -> bool:
    """Table 3's column rules (§4 balance and results, as validate/rules.py states them) on plain
    numbers, null as 0: fast enough to try every combination of the rows still open. Only rules
    that involve a row in ``focus`` are checked; the validator checks the result as a whole."""
    results = [r for r in rows if r not in NON_RESULT_ROWS]
    balance = set(NON_RESULT_ROWS) <= set(rows) and bool(focus & set(NON_RESULT_ROWS))
    check_results = "total_processed" in rows and bool(focus & (set(results) | {"total_processed"}))
    for j in range(len(rows["total_processed"]) if "total_processed" in rows else 0):
        col = {r: v[j] or 0 for r, v in rows.items()}
        if balance and abs(col["new_received"] + col["carried_over"] - col["total_processed"]
                           - col["carried_forward"]) > 1e-6:
            return False
        if check_results and abs(sum(col[r] for r in results) - col["total_processed"]) > 1e-6:
            return False
    return True


def _numbers(split: Split) -> tuple:
    return tuple(parse(p.text).value for p in split)


def decide(rows: list[RowRun], settings: RunTogetherSettings = RUN_TOGETHER) -> None:
    """Set ``decided`` and ``how`` of every row (in place). ``fits`` given beforehand are the
    splits the row's own total leaves (computed while splitting, for rows with many splits)."""
    for r in rows:
        if r.candidates is None and r.fits is None:
            r.how, r.fits = "too_many", []
            continue
        if r.candidates is not None and len(r.candidates) == 1:
            r.decided, r.how, r.fits = r.candidates[0], "layout", list(r.candidates)
            continue
        if not r.candidates and r.candidates is not None:
            r.how = "no_split"
            continue
        fits = r.fits if r.fits is not None else [
            s for s in r.candidates or [] if not _fails(values_of(r, s), set(r.keys))]
        r.fits = fits
        if len(fits) > settings.max_combinations:
            r.how, r.fits = "too_many", []
        elif len(fits) == 1:
            r.decided, r.how = fits[0], "arithmetic"
        else:
            r.how = "ambiguous" if fits else "no_fit"
    table3 = {r.name.split(".", 1)[1]: r for r in rows if r.name.startswith("requests.")}
    pending = [r for r in table3.values() if r.how == "ambiguous"]
    if not pending or prod(len(r.fits or []) for r in pending) > settings.max_combinations:
        return
    fixed = {k: _numbers(r.decided) for k, r in table3.items() if r.decided is not None}
    names = [r.name.split(".", 1)[1] for r in pending]
    options = [[(s, _numbers(s)) for s in r.fits or []] for r in pending]
    seen: list[set[Split]] = [set() for _ in pending]
    for combo in product(*options):
        if _columns_fit({**fixed, **{n: nums for n, (_, nums) in zip(names, combo)}}, set(names)):
            for i, (s, _) in enumerate(combo):
                seen[i].add(s)
    if not any(seen):
        return  # no combination fits the columns (the print breaks them): the rows stay undecided
    for r, used in zip(pending, seen):
        r.fits = sorted(used, key=lambda s: [p.end for p in s])
        if len(r.fits) == 1:
            r.decided, r.how = r.fits[0], "columns"
