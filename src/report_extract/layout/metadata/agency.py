"""The reporting body (本机关), named in full as printed, or null with the reason why.

Evidence in order of how explicit it is: the printed title, the 落款, the
declared title, then what the report says of itself (我局 / 我镇 / 本机关) matched
to a full name of that level printed in the title, the chrome or the text, an
explicit 发布机构 line, and last the body the overview opens with. A name that
lost its place (区政府办公室) is never returned: it becomes the finding's reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ...mapping.labels import nfkc
from ...model import Document, Paragraph, Source
from .dates import SIGNED_LINE, parse_date, strip_dates
from .evidence import Evidence, declared_source, excerpt
from .labelled import PUBLISHER_LABELS, SITE_LABELS, Labelled, first
from .names import (SELF_REFERENCES, Counts, chain_prefixes, fits, is_fragment, most_common_self_reference, names_in,
                    reported_body, unmark)
from .title import LEVEL_AT_END, agency_in, site_parts

POOL_ORDER = ("text", "chrome-line", "declared-title")  # where a name of any level is trusted first
TEXT_PARAGRAPHS = 200  # paragraphs read for names and self-references
MAX_POOL = 300  # distinct names collected per document
MAX_TEXT = 1500  # characters of each paragraph read for names (a run-together page is one paragraph)
OVERVIEW_PARAGRAPHS = 30  # paragraphs in which the overview's opening body is looked for
SIGNATURE_TAIL = 15
SENTENCE = re.compile(r"[。，,；;]")
MIN_SENTENCE = 16  # the overview's opening is a sentence, not a chrome line or a heading
CONFIDENCE = {"title": 0.95, "signature": 0.93, "declared-title": 0.88, "self-reference": 0.85,
              "chrome-line": 0.85, "overview-subject": 0.7}


@dataclass
class AgencyResult:
    evidence: Optional[Evidence]
    reasons: list[str] = field(default_factory=list)  # why no agency was given, when none is


def signature(doc: Document) -> tuple[Optional[Evidence], Optional[Evidence]]:
    """(name, date) from the 落款: a date standing alone at the end, the name on it or just before it."""
    paras = doc.paragraphs
    for i in range(len(paras) - 1, max(-1, len(paras) - SIGNATURE_TAIL), -1):
        t = nfkc(paras[i].text).strip()
        date = parse_date(t) if len(t) <= 24 else None
        if date and SIGNED_LINE.fullmatch(t):
            date_ev = Evidence(date, paras[i].text.strip(), paras[i].source, "signature", 0.95)
            name, where = unmark(strip_dates(t)), paras[i]
            if not name and i > 0:
                prev = unmark(nfkc(paras[i - 1].text).strip())
                if len(prev) <= 30 and LEVEL_AT_END.search(prev):
                    name, where = prev, paras[i - 1]
            name_ev = Evidence(name, where.text.strip(), where.source, "signature", CONFIDENCE["signature"]) \
                if name else None
            return name_ev, date_ev
        if len(t) > 200:  # a run-together dump: the 落款 is a date standing alone near the end
            pat = re.compile(r"(?:^|[。；\s])\s*((?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)|"
                             r"[〇○零ＯO0一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)"
                             r"\s*(?=$|\s)")
            last = None
            for m in pat.finditer(t[-1500:]):
                last = m
            if last:
                return None, Evidence(parse_date(last.group(1)), last.group(1), paras[i].source, "signature", 0.8)
            break
    return None, None


@dataclass
class _Pool:
    """Full names printed anywhere, with where each was first seen."""

    seen: dict[str, tuple[str, Source, str]] = field(default_factory=dict)  # name -> (text, source, method)

    def add(self, name: str, text: str, source: Source, method: str) -> None:
        for n in chain_prefixes(name):
            self.seen.setdefault(n, (text, source, method))


def _named(ev: Optional[Evidence], method: str, reasons: list[str], name: Optional[str]) -> Optional[Evidence]:
    """Evidence for the body ``name`` that a title or 落款 prints, or None (a fragment is noted as a reason)."""
    if ev is None or not name:
        return None
    if is_fragment(name):
        reasons.append(f"the {method} names the body only as {name!r}, without its place")
        return None
    return Evidence(name, ev.text, ev.source, method, CONFIDENCE[method])


def _self_reference(word: str, pool: _Pool, count: Counts, reasons: list[str]) -> Optional[Evidence]:
    """The full name of the level 我X says, printed most often; 本机关 (any level) trusts the text first."""
    endings = SELF_REFERENCES[word]
    ranked = []
    for name, (line, source, method) in pool.seen.items():
        rank = fits(name, endings)
        if rank is not None:
            where = POOL_ORDER.index(method) if endings is None else 0
            ranked.append((where, rank, -count(name), -len(name), name, line, source))
    if not ranked:
        reasons.append(f"the report names itself only as {word!r}, and no full name of that level is printed")
        return None
    *_, name, line, source = min(ranked)
    sure = CONFIDENCE["self-reference"] if endings is not None else CONFIDENCE["overview-subject"]
    return Evidence(name, line, source, "self-reference", sure)


def _overview_subject(paras: list[Paragraph], count: Counts) -> Optional[Evidence]:
    for p in paras[:OVERVIEW_PARAGRAPHS]:
        text = nfkc(p.text[:MAX_TEXT])
        if len(text) < MIN_SENTENCE or not SENTENCE.search(text):
            continue
        for n in names_in(text, count):
            if n.is_subject:
                return Evidence(reported_body(n), excerpt(p.text, n.text), p.source, "overview-subject",
                                CONFIDENCE["overview-subject"])
    return None


def find_agency(doc: Document, kv: dict[str, list[Labelled]], title: Optional[Evidence],
                signed_name: Optional[Evidence]) -> AgencyResult:
    reasons: list[str] = []
    title_method = "declared-title" if title and title.method == "declared-title" else "title"
    ev = (_named(title, title_method, reasons, agency_in(title.value) if title else None)
          or _named(signed_name, "signature", reasons, signed_name.value if signed_name else None))
    d = doc.declared
    stripped, site = site_parts(d.title) if d.title else (None, [])
    if ev is None and stripped and title_method != "declared-title":
        decl = Evidence(stripped, d.title, declared_source(d.where.get("title", "title")), "declared-title", 0)
        ev = _named(decl, "declared-title", reasons, agency_in(stripped))
    if ev is not None:
        return AgencyResult(ev)
    paras = [p for p in doc.paragraphs[:TEXT_PARAGRAPHS] if p.text.strip()]
    counts = nfkc("\n".join([p.text[:MAX_TEXT] for p in paras] + [d.title or ""]))
    count = Counts(counts)
    pool = _Pool()
    for part in site:
        if not is_fragment(part):
            pool.add(unmark(part), d.title or part, declared_source(d.where.get("title", "title")), "declared-title")
    for label in SITE_LABELS + PUBLISHER_LABELS:
        for item in kv.get(label, []):
            if not is_fragment(item.value):
                pool.add(unmark(item.value), item.text, item.source, "chrome-line")
    for p in paras:
        if len(pool.seen) > MAX_POOL:
            break  # a text that is nothing but names: enough are known
        for n in names_in(nfkc(p.text[:MAX_TEXT]), count):
            if not n.instructs:
                pool.add(n.text, excerpt(p.text, n.text), p.source, "text")
    word = most_common_self_reference(counts)
    if word is not None:
        ev = _self_reference(word, pool, count, reasons)
        if ev is not None or SELF_REFERENCES[word] is not None:
            return AgencyResult(ev, reasons)
    hit = first(kv, PUBLISHER_LABELS, lambda v: None if is_fragment(v) else unmark(v))
    if hit:
        name, item = hit
        return AgencyResult(Evidence(name, item.text, item.source, "chrome-line", CONFIDENCE["chrome-line"]))
    ev = _overview_subject(paras, count)
    if ev is None:
        reasons.append("no title, 落款 or running text names the reporting body in full")
    return AgencyResult(ev, reasons)
