"""Automatic numbering: the definitions of numbering.xml and the running counters.

Headings numbered by Word do not carry their number in the text. The
definitions (:class:`NumberingDefinitions`, parsed from the package) say how
each list level is printed (``numFmt``, ``lvlText`` such as ``%1、``, start,
restarts, ``startOverride``); :class:`ListCounters` replays them in document
order to recompute the printed label (``一、``). Bullets print nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from lxml import etree

from .numformat import format_number
from .xml import W, on, to_int, wval

# a label ending in one of these needs no space before the text
_LABEL_END = re.compile(r"[、.．,，:：)）\]】》\s]$")


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: Optional[str] = "%1."
    restart: Optional[int] = None  # w:lvlRestart (1-based level), 0 = never
    legal: bool = False
    suff: str = "tab"
    pstyle: Optional[str] = None


def _parse_level(lvl) -> Level:
    out = Level()
    out.start = to_int(wval(lvl.find(W + "start")), 1) if lvl.find(W + "start") is not None else 1
    out.fmt = wval(lvl.find(W + "numFmt"), "decimal")
    lt = lvl.find(W + "lvlText")
    out.text = lt.get(W + "val", "") if lt is not None else None
    rs = lvl.find(W + "lvlRestart")
    out.restart = to_int(wval(rs), None) if rs is not None else None
    out.legal = on(lvl.find(W + "isLgl"))
    out.suff = wval(lvl.find(W + "suff"), "tab")
    out.pstyle = wval(lvl.find(W + "pStyle"))
    return out


@dataclass
class Instance:
    """A ``w:num``: which abstract numbering it uses and what it overrides."""

    abstract_id: Optional[str]
    starts: dict[int, int] = field(default_factory=dict)  # level -> startOverride
    levels: dict[int, Level] = field(default_factory=dict)  # level -> overriding w:lvl


class NumberingDefinitions:
    """The abstract numberings and their instances, as numbering.xml declares them."""

    def __init__(self, root: Optional[etree._Element]):
        self.abstract: dict[Optional[str], dict[int, Level]] = {}
        self.nums: dict[Optional[str], Instance] = {}
        if root is None:
            return
        for an in root.findall(W + "abstractNum"):
            self.abstract[an.get(W + "abstractNumId")] = {
                to_int(lvl.get(W + "ilvl"), 0): _parse_level(lvl) for lvl in an.findall(W + "lvl")}
        for num in root.findall(W + "num"):
            inst = Instance(wval(num.find(W + "abstractNumId")))
            for ov in num.findall(W + "lvlOverride"):
                il = to_int(ov.get(W + "ilvl"), 0)
                so = ov.find(W + "startOverride")
                if so is not None:
                    inst.starts[il] = to_int(wval(so), 1)
                lv = ov.find(W + "lvl")
                if lv is not None:
                    inst.levels[il] = _parse_level(lv)
                    if so is None and lv.find(W + "start") is not None:
                        inst.starts[il] = inst.levels[il].start
            self.nums[num.get(W + "numId")] = inst

    def level_for_style(self, num_id: str, style_id: str) -> Optional[int]:
        """The level of list ``num_id`` whose ``w:pStyle`` is ``style_id``."""
        inst = self.nums.get(num_id)
        for il, lv in self.abstract.get(inst.abstract_id if inst else None, {}).items():
            if lv.pstyle == style_id:
                return il
        return None

    def level(self, num_id: str, ilvl: int) -> Optional[Level]:
        inst = self.nums[num_id]
        if ilvl in inst.levels:
            return inst.levels[ilvl]
        return self.abstract.get(inst.abstract_id, {}).get(ilvl)


class ListCounters:
    """The running counters of each list, advanced paragraph by paragraph.

    Counters belong to the abstract numbering (as in Word: two ``w:num``
    instances of one ``w:abstractNum`` continue the same list) unless a
    ``w:num`` overrides a level's start, which restarts that level the first
    time the instance is used.
    """

    def __init__(self, definitions: NumberingDefinitions):
        self.defs = definitions
        self.counters: dict[Optional[str], dict[int, int]] = {}
        self.used_overrides: set[tuple[str, int]] = set()

    def next_label(self, num_id: str, ilvl: int) -> str:
        """Advance the list of ``num_id`` at level ``ilvl`` and return the printed label."""
        if num_id not in self.defs.nums or num_id == "0":
            return ""
        inst = self.defs.nums[num_id]
        lvl = self.defs.level(num_id, ilvl)
        if lvl is None:
            return ""
        counters = self.counters.setdefault(inst.abstract_id, {})
        if ilvl in inst.starts and (num_id, ilvl) not in self.used_overrides:
            self.used_overrides.add((num_id, ilvl))
            counters[ilvl] = inst.starts[ilvl]
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = lvl.start
        # deeper levels restart (unless lvlRestart says otherwise)
        for d in list(counters):
            if d <= ilvl:
                continue
            dl = self.defs.level(num_id, d)
            restart_after = dl.restart if dl is not None and dl.restart is not None else d
            if restart_after == 0:
                continue
            if ilvl < restart_after:
                del counters[d]
        if lvl.text is None or lvl.fmt == "bullet":
            return ""

        def repl(m):
            k = int(m.group(1)) - 1
            kl = self.defs.level(num_id, k)
            if kl is None:
                return ""
            n = counters.get(k, kl.start)
            fmt = kl.fmt
            if lvl.legal and (k != ilvl or fmt not in ("decimal", "decimalZero")):
                fmt = "decimal"
            return format_number(n, fmt)

        label = re.sub(r"%([1-9])", repl, lvl.text)
        if not label:
            return ""
        if lvl.suff in ("tab", "space") and not _LABEL_END.search(label):
            label += " "
        return label
