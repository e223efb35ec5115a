"""Choosing the split of each run-together row that the form's arithmetic allows.

The arithmetic is the validator's own (validate/rules.py, report-format.md §4):
a split is kept when no binding rule that involves its cells fails. A row is
decided only when exactly one split is left — by the layout alone (one way to
cut the digits), by the row's own arithmetic (row total, group total), or by
the column arithmetic across rows (balance, results) — otherwise it is left
undecided with its candidates. Nothing here is a guess among several.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from math import prod
from typing import Optional

from ..mapping.values import parse
from ..settings import RUN_TOGETHER, RunTogetherSettings
from ..validate.rules import arithmetic
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
    fits: list[Split] = field(default_factory=list)
    decided: Optional[Split] = None
    how: str = ""  # layout | arithmetic | columns | ambiguous | no_fit | no_split | too_many


def values_of(row: RowRun, split: Split) -> dict:
    return {k: parse(p.text).value for k, p in zip(row.keys, split)}


def _fails(values: dict, focus: set[str]) -> bool:
    return any(f.rule in BINDING and focus & set(f.keys) for f in arithmetic(values))


def decide(rows: list[RowRun], settings: RunTogetherSettings = RUN_TOGETHER) -> None:
    """Set ``decided`` and ``how`` of every row (in place)."""
    for r in rows:
        if r.candidates is None:
            r.how = "too_many"
        elif not r.candidates:
            r.how = "no_split"
        elif len(r.candidates) == 1:
            r.decided, r.how, r.fits = r.candidates[0], "layout", list(r.candidates)
        else:
            r.fits = [s for s in r.candidates if not _fails(values_of(r, s), set(r.keys))]
            if len(r.fits) == 1:
                r.decided, r.how = r.fits[0], "arithmetic"
            else:
                r.how = "ambiguous" if r.fits else "no_fit"
    pending = [r for r in rows if r.how == "ambiguous"]
    if not pending or prod(len(r.fits) for r in pending) > settings.max_combinations:
        return
    fixed: dict = {}
    for r in rows:
        if r.decided is not None:
            fixed.update(values_of(r, r.decided))
    focus = {k for r in pending for k in r.keys}
    seen: list[set[Split]] = [set() for _ in pending]
    for combo in product(*(r.fits for r in pending)):
        values = dict(fixed)
        for r, s in zip(pending, combo):
            values.update(values_of(r, s))
        if not _fails(values, focus):
            for i, s in enumerate(combo):
                seen[i].add(s)
    if not any(seen):
        return  # no combination fits the columns (the print breaks them): the rows stay undecided
    for r, used in zip(pending, seen):
        r.fits = sorted(used, key=lambda s: [p.end for p in s])
        if len(r.fits) == 1:
            r.decided, r.how = r.fits[0], "columns"
