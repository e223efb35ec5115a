"""Mapping rebuilt tables to canonical keys.

Knows the report layouts (data/templates.json) and nothing about file formats:
it sees only the Document's tables. Each table is recognised on its own
(proactive / requests / review_litigation), so hybrids keep the keys of what
they print. Tables of one role that follow each other (a table cut by a page
break, or table 2 printed as one table per 第二十条 item) are read as one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ..model import Cell, Document, Paragraph, Table
from ..settings import STREAMS
from ..report import Field, FieldSource, Finding
from .labels import best_match, compact
from .rows import Row, table_rows
from .templates import templates

ROLES = ("proactive", "requests", "review_litigation")
TABLE_NUMBER = {"proactive": 2, "requests": 3, "review_litigation": 4}


@dataclass
class Mapping:
    fields: dict[str, Field] = field(default_factory=dict)
    roles: list[Optional[str]] = field(default_factory=list)  # per document table
    role_confidence: list[float] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    proactive_generation: Optional[str] = None
    requests_style: Optional[str] = None


def cell_source(cell: Cell, table_index: Optional[int]) -> FieldSource:
    s = cell.source
    return FieldSource(page=s.page, bbox=[round(v, 2) for v in s.bbox] if s.bbox else None,
                       table=table_index, row=cell.row, col=cell.col, locator=s.locator)


@lru_cache(maxsize=65536)
def _label_roles(label: str) -> tuple[bool, bool]:
    """(a table-3 row label, a table-2 row label): cached, as every table is classified more than once."""
    t = templates()
    req_labels = [r["labels"] for r in t["requests"]["rows"] if len(r["labels"][0]) > 3]
    pro_labels = [r["labels"] for g in t["proactive"]["generations"].values() for r in g["rows"]]
    return (max((best_match(label, v) for v in req_labels), default=0) >= 0.8,
            max((best_match(label, v) for v in pro_labels), default=0) >= 0.9)


def _role_scores(rows: list[Row], text: str) -> dict[str, float]:
    t = templates()
    scores = {role: 0.0 for role in ROLES}
    for row in rows:
        if not row.values or not row.label:
            continue
        is_request, is_proactive = _label_roles(row.label)
        scores["requests"] += is_request
        scores["proactive"] += is_proactive
    for role in ROLES:
        scores[role] += sum(1 for k in t[role]["keywords"] if k in text)
    if sum(len(r.values) >= 10 for r in rows) and ("行政复议" in text or "结果维持" in text):
        scores["review_litigation"] += 3
    return scores


def classify(table: Table, rows: list[Row], previous: Optional[str] = None) -> tuple[Optional[str], float]:
    """The table's role, or None. A small piece right after a table of the same
    role (a 第二十条 item printed as its own table, a page's remainder) needs
    less evidence than a table standing alone."""
    text = compact(" ".join(c.text for c in table.cells))
    scores = _role_scores(rows, text)
    role = max(ROLES, key=lambda r: (scores[r], -ROLES.index(r)))
    if scores[role] < 3:
        if role == previous and scores[role] >= 1:
            return role, 0.6
        return None, 0.0
    ordered = sorted(scores.values(), reverse=True)
    margin = (ordered[0] - ordered[1]) / ordered[0]
    return role, round(min(1.0, 0.5 + margin / 2), 4)


def map_document(doc: Document) -> Mapping:
    from . import proactive, requests, review

    m = Mapping()
    by_role: dict[str, list[Row]] = {r: [] for r in ROLES}
    for ti, table in enumerate(doc.tables):
        rows = table_rows(table, ti)
        role, conf = classify(table, rows, m.roles[-1] if m.roles else None)
        m.roles.append(role)
        m.role_confidence.append(conf)
        if role:
            by_role[role].extend(rows)
            if conf < 0.7:
                m.findings.append(Finding(
                    rule="structure.low_confidence_table", severity="warning", where=f"tables[{ti}]",
                    message=f"table {ti} recognised as table {TABLE_NUMBER[role]} ({role}) with low confidence {conf}"))
    tables = doc.tables
    if by_role["proactive"]:
        m.proactive_generation = proactive.map_rows(by_role["proactive"], tables, m)
    if by_role["requests"]:
        m.requests_style = requests.map_rows(by_role["requests"], tables, m, default_style=m.proactive_generation)
    if by_role["review_litigation"]:
        review.map_rows(by_role["review_litigation"], tables, m)
    cut_short(doc, m)
    return m


def cut_short(doc: Document, m: Mapping) -> None:
    """A document that ends inside a table (a crawler excerpt, a broken download;
    at most two unfinished cells after it) says so: the keys past the cut are named in one finding, and the value read
    from the very last cell, which may itself be cut, loses its confidence."""
    from .streams import cell_like

    tail = [b for b in doc.blocks[-3:] if not (isinstance(b, Paragraph) and not b.text.strip())]
    while tail and isinstance(tail[-1], Paragraph) and cell_like(tail[-1]):  # an unfinished cell after the table
        tail.pop()
    last = tail[-1] if tail else None
    if not isinstance(last, Table) or not last.cells:
        return
    ti = next(i for i, t in enumerate(doc.tables) if t is last)
    role = m.roles[ti]
    if not role:
        return
    end = max(last.cells, key=lambda c: (c.row, c.col))
    cut = [k for k, f in m.fields.items() if f.source.table == ti and (f.source.row, f.source.col) == (end.row, end.col)]
    for k in cut:
        m.fields[k].confidence = min(m.fields[k].confidence, STREAMS.cut_cell_confidence)
    lost = [k for k, f in m.fields.items() if k.startswith(role + ".") and f.method == "missing"]
    m.findings.append(Finding(
        rule="structure.truncated_table", severity="warning", where=role, keys=cut + lost,
        message=f"the document ends inside table {TABLE_NUMBER[role]} ({role}): {len(lost)} values past the cut are "
                f"left null" + (f", and {cut[0]} is read from the last cell, which may be cut" if cut else "")))
