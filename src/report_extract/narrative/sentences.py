"""Sentence / item splitting and heading context for narrative paragraphs.

``split_units`` cuts a paragraph into units (sentences and enumerated items)
that cover the whole text: only whitespace between units is left out.  Each
unit carries the canonical section it sits in (inline major headings such as
``五、存在的主要问题及改进情况`` update it) and the *phase* inside part 5
(``problem`` after a 存在问题-type heading or lead-in, ``improvement`` after a
改进措施 / 下一步 type heading or lead-in).  These are the context features the
model sees next to the sentence text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_NUM = "一二三四五六七八九十"

# --- major (part) headings -------------------------------------------------
_SECTION_TITLES: list[tuple[str, str]] = [
    ("problems_improvements",
     r"(?:[^，。；：:\s]{0,12}?)存在的?主要?问题(?:和不足)?(?:和|及|与|以及)(?:改进|整改)(?:情况|措施|工作|计划|方向|举措)?"),
    ("overview", r"(?:总体情况|概述|基本情况|总体概述)"),
    ("proactive_disclosure", r"主动公开政府信息(?:的)?情况"),
    ("requests", r"(?:收到和处理政府信息公开申请(?:的)?情况|依申请公开[^，。；]{0,14}?情况)"),
    ("review_litigation",
     r"(?:[^，。；：:\s]{0,16}?行政复议[、和及与]?[^，。；：:\s]{0,8}?行政诉讼[^，。；：:\s]{0,6}?情况)"),
    ("other_matters", r"其他需要报告的事项"),
]
MAJOR_HEADING_RE = re.compile(
    r"[%s]{1,2}\s*[、.．，,]\s*(?:%s)" % (CN_NUM, "|".join(f"(?P<{k}>{p})" for k, p in _SECTION_TITLES))
)

# --- sub-headings inside part 5 ---------------------------------------------
_ENUM_PREFIX = r"(?:[（(][%s\d]{1,2}[)）]|[%s]{1,2}[、.．]|\d{1,2}[、.．])?\s*" % (CN_NUM, CN_NUM)
_SUB_PROBLEM = r"(?:存在的?(?:主要)?问题(?:和不足|及原因)?|主要问题|存在(?:的)?不足|问题和不足|不足之处|工作中存在的(?:主要)?问题)"
_SUB_IMPROVE = (r"(?:改进(?:措施|情况|方向|计划|举措)|整改(?:措施|情况)|下一步(?:的)?(?:工作)?(?:打算|计划|安排|思路|措施|重点)?"
                r"|今后(?:的)?工作(?:打算|计划|思路)?|(?:\d{4}年)?工作(?:打算|计划|思路)|努力方向)")
SUB_HEADING_RE = re.compile(
    _ENUM_PREFIX + r"(?:(?P<problem>" + _SUB_PROBLEM + r")|(?P<improvement>" + _SUB_IMPROVE + r"))"
    r"(?:\s*[：:。]|(?=\s|$|一是|[（(][一1][)）]|1[、.．]))"
)

# --- enumerators that start a new item -------------------------------------
ENUM_RE = re.compile(
    r"(?:[%s]是|[（(][%s]{1,2}[)）]|[（(]\d{1,2}[)）]|[%s]{1,2}、|\d{1,2}[、．](?!\d)|\d{1,2}\.(?!\d)|[①②③④⑤⑥⑦⑧⑨⑩]|(?:首先|其次|再次|最后|同时)[，,])"
    % (CN_NUM, CN_NUM, CN_NUM)
)
_BEFORE_ENUM_OK = set("。；;：:，,！？!?、 \t\r\n\u3000”’」』）)》")
_FINAL = set("。！？；!?;")
_CLOSERS = set("”’」』）)》\"'")

# --- phase triggers (lead-ins) ---------------------------------------------
_IMPROVE_TRIGGER = re.compile(
    r"(改进措施|改进情况|改进方向|整改措施|下一步|下阶段|下一阶段|工作打算|工作计划|工作思路|努力方向|加以改进|加以整改|以下措施|如下措施"
    r"|以下几个方面(?:改进|着力|发力|入手|推进)|从以下|今后(?:一段时[期间])?|重点做好以下|将重点|(?:\d{4}年|明年|新的一年)[，,]?[^。；]{0,12}将)"
)
_PROBLEM_TRIGGER = re.compile(
    r"(存在的?(?:主要)?问题|存在(?:一些|以下|如下|一定的?)?(?:不足|差距|短板|薄弱环节)|问题和不足|不足之处|主要问题|主要表现在|表现为以下)"
)


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    text: str
    section: str | None
    phase: str | None  # "problem" | "improvement" | None
    heading: bool  # a heading-only unit (labelled "other")


def _cut_points(text: str) -> list[int]:
    n = len(text)
    cuts: set[int] = set()
    # sentence-final punctuation (+ closing quotes/brackets)
    i = 0
    while i < n:
        ch = text[i]
        if ch in _FINAL or ch == "\n":
            j = i + 1
            while j < n and (text[j] in _CLOSERS or text[j] in _FINAL):
                j += 1
            cuts.add(j)
            i = j
            continue
        i += 1
    # whitespace runs between non-digit characters (line breaks in dumps)
    for m in re.finditer(r"\s+", text):
        a, b = m.start(), m.end()
        if a == 0 or b == n:
            continue
        left, right = text[a - 1], text[b]
        if "\n" in m.group() or not (left.isascii() and left.isalnum() or right.isascii() and right.isalnum()):
            cuts.add(a)
    # enumerators
    for m in ENUM_RE.finditer(text):
        s = m.start()
        if s == 0:
            continue
        prev = text[s - 1]
        if prev in _BEFORE_ENUM_OK:
            if prev in "，," and not re.match(r"[%s]是|[（(]|首先|其次|再次|最后" % CN_NUM, m.group()):
                continue
            if m.group().startswith("同时") and prev not in "。；;":
                continue
            cuts.add(s)
    # major headings (often glued to the text around them in one-line dumps)
    for m in MAJOR_HEADING_RE.finditer(text):
        s = m.start()
        if s > 0 and text[s - 1] in "第":
            continue
        cuts.add(s)
        e = m.end()
        while e < n and text[e] in "：:。 \u3000":
            e += 1
        cuts.add(e)
    return sorted(c for c in cuts if 0 < c < n)


def _refine_sub_headings(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cut a sub-heading (（一）存在问题：) off the front of a unit."""
    seg = text[a:b]
    lead = len(seg) - len(seg.lstrip())
    m = SUB_HEADING_RE.match(seg, lead)
    if m and m.end() < len(seg.rstrip()):
        e = a + m.end()
        return [(a, e), (e, b)]
    return [(a, b)]


def _heading_kind(seg: str) -> tuple[str | None, str | None]:
    """(section id, phase) if ``seg`` is a heading-only unit, else (None, None)."""
    s = seg.strip().rstrip("：:。.")
    m = MAJOR_HEADING_RE.match(s)
    if m and m.end() >= len(s) - 1:
        sec = next(k for k, v in m.groupdict().items() if v)
        return sec, "none"
    m = SUB_HEADING_RE.match(seg.strip())
    if m and m.end() >= len(seg.strip()):
        return None, ("problem" if m.group("problem") else "improvement")
    return None, None


def _trigger_phase(seg: str) -> str | None:
    """Phase set by a lead-in sentence (存在的问题主要有：… / 下一步，我们将…)."""
    s = seg.strip()
    core = ENUM_RE.sub("", s[:6], count=1) + s[6:] if ENUM_RE.match(s) else s
    lead_in = s.endswith(("：", ":")) or len(s) <= 40
    imp = _IMPROVE_TRIGGER.search(core[:30])
    prob = _PROBLEM_TRIGGER.search(core[:30])
    if core.startswith(("下一步", "下阶段", "下一阶段", "今后")):
        return "improvement"
    if not lead_in:
        return None
    if core.startswith(("针对", "对于", "对照")) and not s.endswith(("：", ":")):
        return None
    if imp and not prob:
        return "improvement"
    if prob and not imp:
        return "problem"
    if prob and imp:
        return "improvement" if imp.start() > prob.start() else "problem"
    return None


def split_units(text: str, context: str | None = None, heading: str | None = None) -> list[Unit]:
    """Split ``text`` into units covering it in order, with section/phase context.

    ``context`` is the canonical section id the paragraph belongs to;
    ``heading`` the nearest preceding sub-heading (e.g. ``（二）改进措施``), if
    the caller knows it.
    """
    section = context
    phase: str | None = None
    if heading:
        sec, ph = _heading_kind(heading)
        if sec:
            section = sec
        if ph in ("problem", "improvement"):
            phase = ph
        elif section == "problems_improvements":
            phase = _trigger_phase(heading)
    bounds = [0] + _cut_points(text) + [len(text)]
    raw: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:]):
        raw.extend(_refine_sub_headings(text, a, b))
    units: list[Unit] = []
    for a, b in raw:
        seg = text[a:b]
        # trim whitespace at the edges
        a2 = a + (len(seg) - len(seg.lstrip()))
        b2 = b - (len(seg) - len(seg.rstrip()))
        if a2 >= b2:
            continue
        seg = text[a2:b2]
        sec, ph = _heading_kind(seg)
        is_heading = ph is not None
        if sec:
            section, phase = sec, None
        elif ph in ("problem", "improvement"):
            phase = ph
        if not is_heading and section in ("problems_improvements", None):
            tp = _trigger_phase(seg)
            if tp:
                phase = tp
        units.append(Unit(a2, b2, seg, section, phase if section in ("problems_improvements", None) else None, is_heading))
    return units


SECTION_MARK = {
    "overview": "Ⓞ",
    "proactive_disclosure": "Ⓣ",
    "requests": "Ⓣ",
    "review_litigation": "Ⓣ",
    "problems_improvements": "Ⓟ",
    "other_matters": "Ⓜ",
    None: "Ⓤ",
}
PHASE_MARK = {"problem": "ⓟ", "improvement": "ⓘ", None: "ⓝ"}


def model_input(unit: Unit) -> str:
    """The text the textcat model sees: context markers + the unit text.

    The bag-of-n-grams model sums one weight per n-gram, so a long sentence
    outweighs a single marker; the markers are repeated in proportion to the
    sentence length (one per 16 characters, at most 8) to keep the section /
    half context equally audible for short and long units.
    """
    sec = SECTION_MARK.get(unit.section, "Ⓤ")
    ph = PHASE_MARK[unit.phase]
    k = min(1 + len(unit.text) // 16, 8)
    return f"{sec}{ph}" * k + unit.text + ph * k
