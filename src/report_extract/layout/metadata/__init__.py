"""Report metadata: agency, year, title, dates, publishing site, each with where it was read.

Evidence is taken in order of how explicit it is: the printed title and the
page's labelled fields (标题:, 发布时间:, 信息来源:), the 落款, then what the
file declares about itself (``Document.declared``), then running text. Nothing
is invented: a value with no evidence stays null, and an agency that cannot be
named in full is null with a finding saying why.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from ...mapping.labels import nfkc
from ...model import Document, Paragraph, Source
from ...report import Finding
from .agency import find_agency, signature
from .dates import cn_number, parse_date, parse_declared_date
from .evidence import Evidence, declared_source, excerpt
from .labelled import PUBLISH_LABELS, SITE_LABELS, first, labelled
from .names import BODY_LEVELS
from .title import declared_title, printed_title, year_in

__all__ = ["Metadata", "read_metadata", "extract_metadata", "parse_date", "cn_number", "Evidence"]

KEYS = ("agency", "report_year", "generation", "title", "publish_date", "signed_date", "source_site")
URL = re.compile(r"^(?:https?://|www\.)", re.I)
SITE_END = re.compile("(?:" + "|".join(BODY_LEVELS) + r"|网|网站|门户|平台)$")
STATISTICS_PERIOD = re.compile(r"统计期限(?:自|为|是)?\s*((?:19|20)\d{2})\s*年?")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
YEAR_PARAGRAPHS = 80


@dataclass
class Metadata:
    """Metadata values with their evidence (``sources``) and findings about what could not be named."""

    evidence: dict[str, Evidence] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def values(self) -> dict:
        return {k: (self.evidence[k].value if k in self.evidence else None) for k in KEYS}

    def sources_json(self) -> dict:
        return {k: self.evidence[k].to_json() for k in KEYS if k in self.evidence}


def _site(value: str) -> Optional[str]:
    v = value.strip()
    if not v or URL.match(v) or parse_date(v) or not SITE_END.search(v):
        return None
    return v


def _report_year(doc: Document, title: Optional[Evidence], publish: Optional[Evidence]) -> Optional[Evidence]:
    """The year reported on: the title's, else the statistics period, else the year the text names most."""
    if title and year_in(title.value):
        return Evidence(year_in(title.value), title.text, title.source, title.method, title.confidence)
    paras = doc.paragraphs[:YEAR_PARAGRAPHS]
    for p in paras:
        m = STATISTICS_PERIOD.search(nfkc(p.text))
        if m:
            return Evidence(int(m.group(1)), m.group(0), p.source, "statistics-period", 0.9)
    limit = int(publish.value[:4]) if publish else 2100
    years: Counter = Counter()
    where: dict[int, Paragraph] = {}
    for p in paras:
        for y in YEAR.findall(nfkc(p.text)):
            if int(y) <= limit:
                years[int(y)] += 1
                where.setdefault(int(y), p)
    if years:
        year = years.most_common(1)[0][0]
        p = where[year]
        return Evidence(year, excerpt(p.text, f"{year}"), p.source, "running-text", 0.75)
    if publish:
        return Evidence(int(publish.value[:4]) - 1, publish.text, publish.source, "publish-date-minus-one", 0.6)
    return None


def read_metadata(doc: Document, generation: str, generation_evidence: Optional[Evidence] = None) -> Metadata:
    kv = labelled(doc)
    meta = Metadata()
    ev = meta.evidence
    title = printed_title(doc, kv) or declared_title(doc)
    if title:
        ev["title"] = title
    hit = first(kv, PUBLISH_LABELS, parse_date)
    if hit:
        ev["publish_date"] = Evidence(hit[0], hit[1].text, hit[1].source, "chrome-line", 0.95)
    elif parse_declared_date(doc.declared.published):
        d = doc.declared
        ev["publish_date"] = Evidence(parse_declared_date(d.published), d.published,
                                      declared_source(d.where["published"]), "declared-date", 0.85)
    hit = first(kv, SITE_LABELS, _site)
    if hit:
        ev["source_site"] = Evidence(hit[0], hit[1].text, hit[1].source, "chrome-line", 0.9)
    elif doc.declared.site:
        d = doc.declared
        ev["source_site"] = Evidence(d.site, d.site, declared_source(d.where["site"]), "declared-site", 0.8)
    signed_name, signed = signature(doc)
    if signed:
        ev["signed_date"] = signed
    agency = find_agency(doc, kv, title, signed_name)
    if agency.evidence:
        ev["agency"] = agency.evidence
    else:
        meta.findings.append(Finding(
            rule="metadata.agency_not_named", severity="warning", where="metadata.agency",
            message="the reporting body is not named in full, so metadata.agency is null: " + "; ".join(agency.reasons)))
    year = _report_year(doc, ev.get("title"), ev.get("publish_date"))
    if year:
        ev["report_year"] = year
    else:
        meta.findings.append(Finding(rule="metadata.year_unknown", severity="warning", where="metadata.report_year",
                                     message="no title, statistics period or dated text says which year is reported"))
    ev["generation"] = generation_evidence or Evidence(generation, None, Source(), "given", 0.5)
    return meta


def extract_metadata(doc: Document, generation: str) -> dict:
    """The metadata values alone (see :func:`read_metadata` for their evidence)."""
    return read_metadata(doc, generation).values
