"""A soft cross-check between the narrative of part 一 (总体情况) and the tables.

Part 一 often restates a count that table 3 or table 4 also prints
(``共受理政府信息公开申请859件``, ``行政复议7件，诉讼9件``). When the two differ,
a ``narrative.crosscheck`` finding of severity ``warning`` says so: either the
report disagrees with itself (real reports do), or a number was misread.

Conservative by design: only a few unambiguous phrasings are read, statements
about another year, about a part of the total (其中…) or about 复议和诉讼 together
are skipped, and a stated count agrees with the table when it equals any
reasonable reading of it (new applications, new plus carried over, or
processed; a group's printed total or the sum of its cells). Works on the
output dict (``sections`` + ``fields``), so ``validate`` recomputes it too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from ..report import Finding

RULE = "narrative.crosscheck"
SECTIONS = ("overview",)

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_COUNT = r"(?:共计|合计|总计|累计|共|计|总共)?(?P<n>\d{1,7})(?:件|个|起|宗|份)"
_VERB = r"(?:收到|受理|接收|接到|新收|收悉)"
# 共受理政府信息公开申请859件 / 受理各类政府信息公开申请共计81件 / 收到依申请信息公开26件
_REQ_1 = re.compile(_VERB + r"(?P<gap>[^。；;，,！？\n]{0,20}?)(?:政府)?信息公开(?:的)?申请(?:数量|总数)?(?:为|是)?" + _COUNT)
_REQ_2 = re.compile(_VERB + r"(?P<gap>[^。；;，,！？\n]{0,8}?)依申请(?:信息)?公开(?:申请)?(?:数量|总数)?(?:为|是)?" + _COUNT)
# 共收到70件申请 / 共受理21件政府信息公开申请
_REQ_3 = re.compile(_VERB + r"(?P<n>\d{1,7})(?:件|个|份)(?:政府信息公开|依申请公开|信息公开)?申请")
# 行政复议案件2件 / 被申请行政复议7件 / 行政复议36起
_REVIEW = re.compile(r"行政复议(?:案件|申请)?" + _COUNT)
# 行政诉讼案件7件 / 行政诉讼9起 / （行政复议7件，）诉讼9件
_LITIG = re.compile(r"(?P<pre>行政|，|、|,)诉讼(?:案件)?" + _COUNT)

_OTHER_TIME = re.compile(r"上年|去年|上一年|前年|同比|环比|较|比上|比去")
_PART = re.compile(r"其中|通过网络|网上申请|当面申请|信函申请|传真申请|电子邮件")
_YEAR = re.compile(r"(\d{4})\s*年")


@dataclass
class Statement:
    kind: str  # requests | review | litigation
    number: int
    snippet: str
    section: int
    paragraph: int


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_FULLWIDTH))


def _clause_start(text: str, pos: int) -> int:
    """Start of the sentence holding ``pos`` (after the last 。；! ? before it)."""
    starts = [text.rfind(p, 0, pos) for p in "。；;！？!?"]
    return max(starts) + 1


def _other_year(text: str, pos: int, year: Optional[int]) -> bool:
    """A year printed earlier in the same sentence that is not the report year."""
    if not year:
        return False
    years = _YEAR.findall(text[_clause_start(text, pos):pos])
    return bool(years) and int(years[-1]) != year


def statements(sections: list[dict], report_year: Optional[int] = None) -> list[Statement]:
    """Counts that part 一 states, in reading order. Paragraphs of a section are read joined
    (crawled text breaks lines inside numbers and sentences); each statement remembers the
    paragraph it starts in."""
    out: list[Statement] = []
    for si, sec in enumerate(sections or []):
        if sec.get("id") not in SECTIONS:
            continue
        pieces = [_norm(p.get("text") or "") for p in sec.get("paragraphs") or []]
        text = "".join(pieces)
        bounds, acc = [], 0
        for p in pieces:
            acc += len(p)
            bounds.append(acc)

        def para(pos: int, bounds: list[int] = bounds) -> int:
            return next((i for i, b in enumerate(bounds) if pos < b), len(bounds) - 1)

        seen: set[tuple[int, str]] = set()
        for kind, pattern in (("requests", _REQ_1), ("requests", _REQ_2), ("requests", _REQ_3),
                              ("review", _REVIEW), ("litigation", _LITIG)):
            for m in pattern.finditer(text):
                start = m.start() if kind != "litigation" or m.group("pre") == "行政" else m.start() + 1
                clause = text[_clause_start(text, start):start]
                before = text[max(0, start - 12):start]
                gap = m.groupdict().get("gap") or ""
                if kind == "requests" and (_OTHER_TIME.search(before + gap) or _PART.search(clause[-20:] + gap)):
                    continue
                if kind in ("review", "litigation") and (_OTHER_TIME.search(before) or "其中" in clause[-10:]):
                    continue
                if kind == "review" and re.search(r"诉讼(?:和|及|与|、)$", before):
                    continue  # 行政诉讼和行政复议N件: a joint count
                if kind == "litigation" and re.search(r"复议(?:和|及|与|、|，)?$", before):
                    continue  # 行政复议和行政诉讼N件 / 行政复议、诉讼N件: a joint count
                if kind == "litigation" and m.group("pre") != "行政" and "行政复议" not in text[max(0, start - 16):start]:
                    continue  # bare 诉讼 only right after a 行政复议 count (行政复议7件，诉讼9件)
                if re.search(r"民事|刑事", before[-4:]):
                    continue
                if _other_year(text, start, report_year):
                    continue
                if (start, kind) in seen or any(abs(start - s) < 4 and k == kind for s, k in seen):
                    continue
                seen.add((start, kind))
                snippet = text[max(_clause_start(text, start), start - 30):m.end()]
                out.append(Statement(kind, int(m.group("n")), snippet, si, para(start)))
    out.sort(key=lambda s: (s.section, s.paragraph, s.kind))
    return out


def _val(values: dict, key: str) -> Any:
    v = values.get(key)
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _sum(values: dict, keys: list[str]) -> Optional[float]:
    """Sum with null as 0, or None when none of the keys holds a number."""
    nums = [_val(values, k) for k in keys]
    return sum(n for n in nums if n is not None) if any(n is not None for n in nums) else None


def _fmt(v: Any) -> Any:
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _readings(kind: str, values: dict) -> tuple[str, list[str], list[tuple[str, float]]]:
    """(where, keys, [(description, value)]) for the table counts a statement may mean."""
    if kind == "requests":
        nr, co, tp = "requests.new_received.total", "requests.carried_over.total", "requests.total_processed.total"
        readings = []
        if _val(values, nr) is not None:
            readings.append((nr, _val(values, nr)))
            if _val(values, co):
                readings.append((f"{nr} + {co}", _val(values, nr) + _val(values, co)))
        if _val(values, tp) is not None:
            readings.append((tp, _val(values, tp)))
        return nr, [k for k in (nr, co, tp) if k in values], readings
    cols = ("upheld", "corrected", "other", "pending")
    groups = ["review"] if kind == "review" else ["litigation_direct", "litigation_after_review"]
    readings = []
    for g in groups:
        t = f"review_litigation.{g}.total"
        if _val(values, t) is not None:
            readings.append((t, _val(values, t)))
        s = _sum(values, [f"review_litigation.{g}.{c}" for c in cols])
        if s is not None:
            readings.append((f"sum of review_litigation.{g} cells", s))
    if len(groups) == 2:
        tot = _sum(values, [f"review_litigation.{g}.total" for g in groups])
        if tot is not None:
            readings.insert(0, ("review_litigation.litigation_direct.total + litigation_after_review.total", tot))
    where = f"review_litigation.{groups[0]}.total"
    keys = [f"review_litigation.{g}.{c}" for g in groups for c in cols + ("total",) if f"review_litigation.{g}.{c}" in values]
    return where, keys, readings


LABEL = {"requests": "applications received (table 3)", "review": "administrative reviews (table 4)",
         "litigation": "administrative lawsuits (table 4)"}


def narrative_crosscheck(sections: list[dict], values: dict[str, Any],
                         report_year: Optional[int] = None) -> list[Finding]:
    """Warnings where part 一 states a count that differs from every reading of the tables."""
    findings: list[Finding] = []
    done: set[tuple[str, int]] = set()
    for st in statements(sections, report_year):
        where, keys, readings = _readings(st.kind, values)
        if not readings or (st.kind, st.number) in done:
            continue
        done.add((st.kind, st.number))
        if any(abs(v - st.number) < 1e-6 for _, v in readings):
            continue
        desc, v = readings[0]
        others = "; ".join(f"{d} = {_fmt(x)}" for d, x in readings[1:])
        findings.append(Finding(
            rule=RULE, severity="warning", where=where, column=None, expected=_fmt(v), found=st.number, keys=keys,
            message=(f"part 一 (sections[{st.section}].paragraphs[{st.paragraph}]) states {st.number} {LABEL[st.kind]}: "
                     f"“{st.snippet}”, but {desc} = {_fmt(v)}" + (f" (also checked: {others})" if others else "")
                     + "; the report disagrees with itself or a number was misread")))
    return findings


def crosscheck_output(output: dict) -> list[Finding]:
    """The cross-check over an output JSON (its ``sections``, ``fields`` and report year)."""
    from .rules import values_of

    year = (output.get("metadata") or {}).get("report_year")
    return narrative_crosscheck(output.get("sections") or [], values_of(output),
                                year if isinstance(year, int) else None)
