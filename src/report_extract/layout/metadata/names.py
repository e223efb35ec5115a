"""Names of reporting bodies: the levels they are named at, full names versus fragments.

Chinese has no word breaks, so a name is found from its end: the level it is
named at (…镇, …街道办事处, …局). A full name starts with a place named in
its own right (两城镇…, 官洲街道…, 驻马店市…); a name that starts with a bare
level (区政府办公室, 市人防办) has lost its place and is a fragment, never an
agency. Where a name starts inside a run of text is decided by frequency: the
longest start that recurs as often as the name itself.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional

# every ending a body's name can have, longest first where one ends another
BODY_LEVELS = (
    "人民政府办公厅", "人民政府办公室", "人民政府", "街道办事处", "管理委员会", "片区管理局", "管委会", "委员会",
    "办公厅", "办公室", "办事处", "开发区", "实验区", "新区", "街道办", "街道",
    "局", "厅", "委", "办", "中心", "院", "署", "所",
    "自治区", "自治州", "自治县", "镇", "乡", "区", "县", "市", "省", "州", "盟", "旗",
)
# levels that are places: a full name starts with a place named before one of them
PLACE_LEVELS = ("自治区", "自治州", "自治县", "开发区", "实验区", "新区", "街道", "省", "市", "州", "盟", "县", "旗",
                "区", "乡", "镇")
# a government's internal office that compiles its report: "由X镇人民政府党政办公室编制" reports on X镇人民政府
INTERNAL_OFFICES = ("党政综合办公室", "党政办公室", "综合办公室", "党政办", "政务公开办公室", "办公室")
GOVERNMENTS = ("人民政府", "街道办事处", "管理委员会", "管委会")
COMPILER_VERBS = ("编制", "编写", "负责编制", "汇总编制", "编撰")
# what 我X / 本X says of the reporting body: the endings its name may have, preferred first (None: any)
SELF_REFERENCES: dict[str, Optional[tuple[str, ...]]] = {
    "我局": ("局",), "本局": ("局",),
    "我委": ("委员会", "管委会", "委"), "本委": ("委员会", "管委会", "委"),
    "我办": ("办公室", "办"), "本办": ("办公室", "办"),
    "我厅": ("厅",), "我中心": ("中心",), "本中心": ("中心",), "我院": ("院",), "我署": ("署",),
    "我镇": ("镇人民政府", "镇"), "本镇": ("镇人民政府", "镇"),
    "我乡": ("乡人民政府", "乡"), "本乡": ("乡人民政府", "乡"),
    "我街办": ("街道办事处", "街道办"), "我街道": ("街道办事处", "街道"), "本街道": ("街道办事处", "街道"),
    "我区": ("区人民政府", "管理委员会", "管委会", "区"), "我县": ("县人民政府", "县"), "我市": ("市人民政府",),
    "本机关": None, "我单位": None, "本单位": None,
}
INSTRUCTED_BY = ("按照", "根据", "经")
INSTRUCTIONS = ("要求", "关于", "印发", "转发", "部署")
POSSESSIONS = ("的", "网", "门户", "官网")
FORM_LABELS = ("本机关不掌握",)  # the form's own row labels say 本机关 of whoever fills it in
# words a clause may open with before a name starts ("由…编制", "请与…联系")
LEADING_WORDS = ("请与", "现将", "按照", "根据", "经对", "经过", "通过", "年度", "由", "在", "与", "经", "对", "向",
                 "是", "为", "年", "度", "据")
DEICTIC = ("我", "本", "该", "各", "全", "其")
CONJUNCTIONS = ("和", "及", "与", "或", "并")  # inside one level (发展和改革局), never before a new place
MAX_PLACE = 8  # characters of a place name before its level
MAX_SEGMENT = 12  # characters between two levels of one chain (…市 人民防空办公室)
MAX_NAME = 40
MAX_COUNTED = 3000  # distinct strings counted per document: bounds the work on pathological text

_RUN = re.compile(r"[\u4e00-\u9fff]+")
_BOOK = re.compile(r"《[^》]{0,80}》")
_LEVEL_WORDS = re.compile("|".join(BODY_LEVELS + ("政府",)))
_MARKUP = re.compile(r"^[#>*\s]+|[*\s]+$")


@dataclass(frozen=True)
class Name:
    """A body name found in a run of text, with what stands around it."""

    text: str
    clause_start: bool  # the clause opens with it (after 由 / 请与 …)
    follows: str  # the characters right after it
    led_by: str = ""  # the characters right before it (由, 按照, …)

    @property
    def instructs(self) -> bool:
        """Named as the body whose instructions are followed (按照X要求, 根据X印发…): a superior."""
        return self.led_by.endswith(INSTRUCTED_BY) or self.follows.startswith(INSTRUCTIONS)

    @property
    def is_subject(self) -> bool:
        """Opens its clause as the one acting (X认真贯彻…), not as another body or its things (X的…, X网)."""
        return self.clause_start and not self.instructs and not self.follows.startswith(POSSESSIONS)


def unmark(text: str) -> str:
    """A name without Markdown heading or emphasis marks (``# X县人民政府``)."""
    return _MARKUP.sub("", text)


def _ending(levels: tuple[str, ...]):
    """A lookup of the longest of ``levels`` that ``text[start:end]`` ends with (by set, not by scan)."""
    known = set(levels)
    lengths = sorted({len(lv) for lv in levels}, reverse=True)

    def at(text: str, start: int, end: int) -> Optional[str]:
        for n in lengths:
            if end - n >= start and text[end - n:end] in known:
                return text[end - n:end]
        return None
    return at


_body_level_at = _ending(BODY_LEVELS)
_place_level_at = _ending(PLACE_LEVELS)


def level_of(name: str) -> Optional[str]:
    return _body_level_at(name, 0, len(name))


def is_fragment(name: str) -> bool:
    """True for a name that lost its place (区政府办公室, 市人防办) or names only a level (局, 镇)."""
    name = unmark(name)
    if len(name) < 2 or name.startswith(DEICTIC) or not _LEVEL_WORDS.sub("", name):
        return True
    for lv in PLACE_LEVELS:
        if name.startswith(lv):
            rest = name[len(lv):]
            return not any(p in rest[:MAX_PLACE + 3] for p in PLACE_LEVELS)
    return False


def fits(name: str, endings: Optional[tuple[str, ...]]) -> Optional[int]:
    """Rank of the first ending of ``endings`` that ``name`` has (lower is better), None if none."""
    if endings is None:
        return 0
    return next((i for i, e in enumerate(endings) if name.endswith(e)), None)


def reported_body(name: Name) -> str:
    """The body a compiler phrase reports on: a government's internal office compiles for the government."""
    text = name.text
    if name.follows.startswith(COMPILER_VERBS):
        for office in INTERNAL_OFFICES:
            parent = text[: -len(office)] if text.endswith(office) else ""
            if parent.endswith(GOVERNMENTS) and not is_fragment(parent):
                return parent
    return text


def is_organ(name: str) -> bool:
    """Ends with an organ (…人民政府, …局, …办事处), not with a bare place (…县, …社区)."""
    lv = level_of(name)
    return lv is not None and lv not in PLACE_LEVELS


def _ends(run: str, start: int) -> list[int]:
    """Ends of the chain of levels starting at ``start``: 两城镇|人民政府|党政办公室."""
    out, last = [], start
    for e in range(start + 1, min(len(run), start + MAX_NAME) + 1):
        if e - last > MAX_SEGMENT:
            break
        lv = _body_level_at(run, start, e)
        if lv is None:
            continue
        segment = run[last:e]
        if any(c in segment for c in CONJUNCTIONS) and lv in PLACE_LEVELS:
            break  # "…平台和市人民政府": a second body begins
        out.append(e)
        last = e
    return out


def _place_start(run: str, end: int, level: str, i: int, lo: int, count) -> Optional[int]:
    """Where the place name ending at ``end`` in ``level`` starts (not before ``i``): the longest start
    that recurs as often as any; a single mention only where the clause (from ``lo``) opens with it."""
    best = None
    for s in range(max(i, end - len(level) - MAX_PLACE), end - len(level)):
        c = count(run[s:end])
        if best is None or c > best[0] or (c == best[0] and s < best[1]):
            best = (c, s)
    if best is None:
        return None
    count, s = best
    if s == lo or count >= 2:
        return s
    return None  # a single mention inside a run: where it starts cannot be told


class Counts:
    """How often a string is printed in the document (asked many times for the same strings)."""

    def __init__(self, text: str):
        self.text = text
        self._memo: dict[str, int] = {}

    def __call__(self, s: str) -> int:
        """Beyond MAX_COUNTED strings (a text that is all place names) it answers 0: a name is then
        only trusted where its clause opens with it."""
        if s not in self._memo:
            if len(self._memo) >= MAX_COUNTED:
                return 0
            self._memo[s] = self.text.count(s)
        return self._memo[s]


def names_in(text: str, counts: "Counts | str") -> list[Name]:
    """Full body names printed in ``text`` (each chain at its longest), in order."""
    masked = _BOOK.sub(lambda m: "、" * len(m.group(0)), text)
    out: list[Name] = []
    count = counts if isinstance(counts, Counts) else Counts(counts)
    for m in _RUN.finditer(masked):
        run, lo = m.group(0), 0
        trimmed = True
        while trimmed:
            trimmed = False
            for w in LEADING_WORDS:
                if run.startswith(w, lo) and len(run) - lo > len(w) + 1:
                    lo += len(w)
                    trimmed = True
                    break
        i = lo
        for place_end in range(lo + 2, len(run) + 1):
            level = _place_level_at(run, i, place_end)
            if level is None or place_end - len(level) <= i:
                continue
            s = _place_start(run, place_end, level, i, lo, count)
            if s is None or run.startswith(DEICTIC, s):
                continue
            ends = _ends(run, s)
            organs = [e for e in ends if is_organ(run[s:e])]
            if not organs:
                continue
            end = organs[-1]
            name = run[s:end]
            if not is_fragment(name):
                out.append(Name(name, s == lo, run[end:end + 6], run[max(0, s - 4):s]))
            i = end
    return out


def chain_prefixes(name: str) -> list[str]:
    """The name and every shorter name its chain of levels passes through (两城镇, 两城镇人民政府, …)."""
    ends = _ends(name, 0)
    return [name[:e] for e in ends if not is_fragment(name[:e])] or [name]


def most_common_self_reference(text: str) -> Optional[str]:
    """The 我X / 本X the text uses most for itself (longer words first, so 我街办 is not 我街)."""
    for label in FORM_LABELS:
        text = text.replace(label, "")
    counts: Counter = Counter()
    for word in sorted(SELF_REFERENCES, key=len, reverse=True):
        n = text.count(word)
        if n:
            counts[word] = n
            text = text.replace(word, "")
    if not counts:
        return None
    return max(counts, key=lambda w: (counts[w], SELF_REFERENCES[w] is not None, -list(SELF_REFERENCES).index(w)))
