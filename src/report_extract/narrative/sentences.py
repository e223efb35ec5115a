"""Sentence, item and clause splitting, with heading context, for narrative paragraphs.

``split_units`` cuts a paragraph into units (sentences, enumerated items and, where
the discourse turns inside a sentence, clauses) that cover the whole text: only
whitespace between units is left out.  Each unit carries the canonical section it
sits in (inline major headings such as ``五、存在的主要问题及改进情况`` update it) and
the *phase* inside part 5 (``problem`` after a 存在问题-type heading or lead-in,
``improvement`` after a 改进措施 / 下一步 type heading or lead-in, or a measure that
names the problem it answers).  These are the context the model reads the unit in
(``doc._.section`` / ``doc._.phase``, see ``components``).

Headings come from the one heading vocabulary (``data/sections.json``, shared with
``layout.sections``), discourse cues from ``data/discourse.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..layout.sections import inline_heading_re, part5_heading_patterns

CN_NUM = "一二三四五六七八九十"


@lru_cache(maxsize=1)
def discourse() -> dict:
    with resources.files("report_extract").joinpath("data/discourse.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def _alt(pats) -> str:
    return "|".join(f"(?:{p})" for p in pats)


_D = discourse()

# --- headings: major (part) headings and sub-headings inside part 5 ----------
MAJOR_HEADING_RE = inline_heading_re()
_ENUM_PREFIX = r"(?:[（(][%s\d]{1,2}[)）]|[%s]{1,2}[、.．]|\d{1,2}[、.．])?\s*" % (CN_NUM, CN_NUM)
_P5 = part5_heading_patterns()
_SUB_END = r"(?:\s*[：:。]|(?=\s|$|[一1][是、.．]|[（(][一1][)）]|①|首先|%s))" % _alt(_D["opens_measures"] + _D["clause_leads"])
SUB_HEADING_RE = re.compile(  # a numeral may follow (问题一：/ 整改措施二：); then a colon, or the text it heads
    _ENUM_PREFIX + r"(?:(?P<problem>" + _P5["problem"] + r")|(?P<improvement>" + _P5["improvement"] + r"))"
    + r"[%s\d]?" % CN_NUM + _SUB_END
)

# --- enumerators that start a new item -------------------------------------
ENUM_RE = re.compile(
    r"(?:[%s]是|[（(][%s]{1,2}[)）]|[（(]\d{1,2}[)）]|[%s]{1,2}、|\d{1,2}[、．](?!\d)|\d{1,2}\.(?!\d)|[①②③④⑤⑥⑦⑧⑨⑩]|(?:首先|其次|再次|最后|同时)[，,])"
    % (CN_NUM, CN_NUM, CN_NUM)
)
_BEFORE_ENUM_OK = set("。；;：:，,！？!?、 \t\r\n\u3000”’」』）)》")
_FINAL = set("。！？；!?;")
_CLOSERS = set("”’」』）)》\"'")

# --- discourse cues (data/discourse.json) -----------------------------------
_IMPROVE_TRIGGER = re.compile(_alt(_D["lead_in"]["improvement"]))
_PROBLEM_TRIGGER = re.compile(_alt(_D["lead_in"]["problem"]))
_OPENS_MEASURES = re.compile(_alt(_D["opens_measures"]))
_ANSWERS = re.compile(r"(?:%s)[^，。；：:]{0,24}?$" % _alt(_D["answers"]))
_CLAUSE_TURN = re.compile(r"(?<=[，,])\s*(?:%s)" % _alt(_D["clause_turns"]))
_CLAUSE_LEAD = re.compile(_alt(_D["clause_leads"]))


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


_BARE_OPENER = re.compile(r"(?:%s)$" % _alt(_D["opens_measures"]))


def _sub_heading(seg: str, pos: int = 0):
    """The part-5 sub-heading at ``pos`` of ``seg`` (（二）改进措施：), if any.

    A bare opener glued to its sentence (下一步针对…) starts a sentence, not a heading."""
    m = SUB_HEADING_RE.match(seg, pos)
    if m and _BARE_OPENER.search(m.group().strip()) and m.end() < len(seg) and not seg[m.end()].isspace():
        return None
    return m


def _refine_sub_headings(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cut a sub-heading (（一）存在问题：) off the front of a unit."""
    seg = text[a:b]
    lead = len(seg) - len(seg.lstrip())
    m = _sub_heading(seg, lead)
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
    m = _sub_heading(seg.strip())
    if m and m.end() >= len(seg.strip()):
        return None, ("problem" if m.group("problem") else "improvement")
    return None, None


def _trigger_phase(seg: str) -> str | None:
    """Phase set by a unit's discourse cue (存在的问题主要有：… / 下一步，我们将… / 针对存在问题，…)."""
    s = seg.strip()
    enum = ENUM_RE.match(s)
    core = s[enum.end():].lstrip() if enum else s
    if _OPENS_MEASURES.match(core):
        return "improvement"
    head = core[:30]
    prob = _PROBLEM_TRIGGER.search(head)
    if prob and _ANSWERS.search(head[:prob.start()]):
        return "improvement"  # 存在问题 inside a measure: the problem it answers
    if not (s.endswith(("：", ":")) or len(s) <= 40):
        return None
    imp = _IMPROVE_TRIGGER.search(head)
    if imp and not prob:
        return "improvement"
    if prob and not imp:
        return "problem"
    if prob and imp:
        return "improvement" if imp.start() > prob.start() else "problem"
    return None


def _clauses(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cut a unit where its discourse turns after a comma (…取得了成效，但仍… / …不够及时，下一步将…).

    A clause that only leads into the next one (针对上述问题，…) stays with it.
    """
    out, start = [], a
    for m in _CLAUSE_TURN.finditer(text, a, b):
        cut = m.start() + (len(m.group()) - len(m.group().lstrip()))
        if cut - start < 4 or _leads_on(text[start:cut]):
            continue
        out.append((start, cut))
        start = cut
    out.append((start, b))
    return out


def _leads_on(clause: str) -> bool:
    """A clause that only leads into the next one: 针对上述问题， / 一是围绕…的短板，"""
    s = clause.strip()
    m = ENUM_RE.match(s)
    return bool(_CLAUSE_LEAD.match(s[m.end():].lstrip() if m else s))


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
        for a1, b1 in _refine_sub_headings(text, a, b):
            raw.extend(_clauses(text, a1, b1))
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


_FIRST_ITEM = re.compile(r"^\s*(?:一是|第一[，,、]|1[、.．]|[（(]一[）)]|①)")
_ANY_ITEM = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、]|\d{1,2}[、.．]|"
                       r"[（(][一二三四五六七八九十]+[）)]|[①-⑩])")


def document_units(paragraphs: list[str], context: str | None = None, heading: str | None = None) -> list[list[Unit]]:
    """The units of consecutive paragraphs, with context carried from one paragraph to the next.

    The section follows inline major headings (一、总体情况 …); a part-5
    sub-heading or lead-in (（一）存在问题 / 下一步工作打算 / 将采取以下措施：) sets the
    phase of the paragraphs after it; part 5 lists its problems first and its
    measures second, so numbering that starts again (一是 / 1、 / （一）) after a
    list of items opens the measures half.  Training cuts its examples with this
    same function, so the model learns the context it is used in.
    """
    section = context
    items = 0  # numbered items seen in the current list of part 5
    per_para: list[list[Unit]] = []
    for para in paragraphs:
        if section == "problems_improvements":
            if _FIRST_ITEM.match(para) and items >= 2 and heading != "下一步：":
                heading = "下一步："
            items = 1 if _FIRST_ITEM.match(para) else items + (1 if _ANY_ITEM.match(para) else 0)
        units = split_units(para, context=section, heading=heading) if para and para.strip() else []
        per_para.append(units)
        for u in units:
            if u.section != section:
                section, heading, items = u.section, None, 0
            if u.phase and u.section == "problems_improvements":
                heading = "存在问题：" if u.phase == "problem" else "下一步："
    return per_para
