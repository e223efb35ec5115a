"""readers → Document → mapping, metadata, sections, narrative, validation → Report."""
from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path

from . import __version__
from .layout.metadata import Evidence, read_metadata
from .layout.sections import segment
from .mapping import ROLES, TABLE_NUMBER, evidence, map_document
from .mapping.labels import compact
from .mapping.proactive import detect_generation
from .mapping.streams import read_streams
from .model import Document, Paragraph, ReaderError, Source, Table
from .readers import read
from .report import Finding, Report
from .runtogether import read_run_together
from .validate.crosscheck import narrative_crosscheck
from .validate.recognised import doubt_recognised
from .validate.rules import arithmetic

# printed only in a table: evidence that a table exists even where it could not be rebuilt
TABLE_EVIDENCE = {
    "proactive": ("第二十条第", "信息内容"),
    "requests": ("本年新收政府信息公开申请数量", "本年度办理结果"),
    "review_litigation": ("未经复议直接起诉", "复议后起诉"),
}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def source_info(path: Path, fmt: str | None, pages: int | None) -> dict:
    size = digest = None
    try:
        st = path.stat()
        if stat.S_ISREG(st.st_mode):  # never open a FIFO or a device: it may block or never end
            size, digest = st.st_size, _sha256(path)
    except OSError:
        pass
    # the file name only: the same bytes give the same JSON wherever they lie and however the
    # command was given the path (paths belong in a batch manifest)
    return {"path": path.name, "sha256": digest, "format": fmt, "bytes": size, "pages": pages}


def table_json(t: Table, index: int, role: str | None, confidence: float) -> dict:
    pages = t.pages
    return {
        "index": index,
        "role": role,
        "role_confidence": confidence,
        "page_span": [pages[0], pages[-1]] if pages else None,
        "n_rows": t.n_rows,
        "n_cols": t.n_cols,
        "exact_grid": t.exact_grid,
        "method": t.method,
        "locator": t.source.locator,
        "cells": [
            {"row": c.row, "col": c.col, "row_span": c.row_span, "col_span": c.col_span, "text": c.text,
             "page": c.source.page, "bbox": [round(v, 2) for v in c.source.bbox] if c.source.bbox else None,
             "locator": c.source.locator, "inferred": c.inferred, **_recognised(c)}
            for c in t.cells
        ],
    }


def _recognised(c) -> dict:
    """A recognised cell (OCR) says how and how surely; cells read from the file add nothing."""
    return {} if c.confidence is None else {"confidence": round(c.confidence, 4), "method": c.method}


def furniture_json(p: Paragraph) -> dict:
    """A line the reader set aside as page furniture (page number, running header/footer)."""
    return {"kind": p.style, "text": p.text, "page": p.source.page,
            "bbox": [round(v, 2) for v in p.source.bbox] if p.source.bbox else None}


def _narrative(sections, errors, narrative: bool = True) -> list[dict]:
    from .layout.paragraphs import label_sections

    return label_sections(sections, errors, narrative)


def _absent_tables(roles: list, all_text: str) -> list[Finding]:
    """One finding per table that was not found: printed but not rebuildable, or not printed at all."""
    out = []
    for role in ROLES:
        if role in roles:
            continue
        if any(e in all_text for e in TABLE_EVIDENCE[role]):
            out.append(Finding(
                rule="structure.table_not_rebuilt", severity="warning", where=role,
                message=f"table {TABLE_NUMBER[role]} ({role}) is printed, but its cells could not be rebuilt "
                        "(text run together, or no cell layout): its values are not guessed"))
        else:
            out.append(Finding(rule="structure.missing_table", severity="warning", where=role,
                               message=f"no table {TABLE_NUMBER[role]} ({role}) found in the document"))
    return out


def _generation_evidence(doc: Document, m, generation: str) -> Evidence:
    """Where the layout generation was read: table 2's own rows, else its column labels in the text."""
    if m.proactive_generation and "proactive" in m.roles:
        t = doc.tables[m.roles.index("proactive")]
        src = t.source if (t.source.locator or t.source.page) else (t.cells[0].source if t.cells else t.source)
        return Evidence(generation, None, src, "table2-layout", 0.95)
    if generation != "legacy":
        return Evidence(generation, None, Source(locator="document text"), "table2-labels-in-text", 0.8)
    return Evidence(generation, None, Source(locator="document text"), "no-table2", 0.7)


def build_report(doc: Document, path: Path, narrative: bool = True) -> Report:
    report = Report(extractor_version=__version__, source=source_info(path, doc.format, doc.pages))
    report.errors = [p.to_json() for p in doc.problems]
    doc = read_streams(doc)  # cells printed without rows → tables read against the form
    report.furniture = [furniture_json(p) for p in doc.furniture]
    m = map_document(doc)
    # tables no reader rebuilt because their cells are printed run together (split where arithmetic decides)
    run_together = read_run_together(doc, [r for r in ROLES if r not in m.roles])
    m.fields.update(run_together.fields)
    report.fields = dict(sorted(m.fields.items(), key=lambda kv: _key_order(kv[0])))
    report.tables = [table_json(t, i, m.roles[i], m.role_confidence[i]) for i, t in enumerate(doc.tables)]
    findings = list(m.findings) + run_together.findings
    all_text = compact(" ".join(p.text for p in doc.paragraphs))
    findings += _absent_tables(m.roles + run_together.roles, all_text)
    generation = m.proactive_generation or detect_generation(all_text) or "legacy"
    meta = read_metadata(doc, generation, _generation_evidence(doc, m, generation))
    report.metadata, report.metadata_sources = meta.values, meta.sources_json()
    findings += meta.findings
    sections = segment(doc)
    report.sections = _narrative(sections, report.errors, narrative)
    found_ids = {s.id for s in sections}
    if generation != "legacy":
        for sid in ("overview", "problems_improvements"):
            if sid not in found_ids:
                findings.append(Finding(rule="structure.missing_section", severity="info", where=sid,
                                        message=f"section {sid} not found"))
    values = {k: f.value for k, f in report.fields.items() if f.method != "missing"}
    confirmed: dict[str, set] = {}
    findings.extend(arithmetic(values, confirmed))
    evidence.apply(report.fields, doc.tables, confirmed)
    doubt_recognised(report.fields, findings)  # OCR values in failed sums drop below sure
    year = report.metadata.get("report_year")
    findings.extend(narrative_crosscheck(report.sections, values, year if isinstance(year, int) else None))
    report.findings = findings
    return report


_ORDER_CACHE: dict[str, tuple] = {}


def _key_order(key: str) -> tuple:
    """Canonical order: table 2, 3, 4, and inside each the template's row and column order."""
    if key not in _ORDER_CACHE:
        from .mapping.templates import templates

        t = templates()
        table, row, col = (key.split(".") + ["", ""])[:3]
        if table == "requests":
            rows = [r["key"] for r in t["requests"]["rows"]]
            cols = t["requests"]["columns"]
        elif table == "review_litigation":
            rows, cols = t["review_litigation"]["groups"], t["review_litigation"]["columns"]
        else:
            rows, cols = [], []
            for g in t["proactive"]["generations"].values():
                for r in g["rows"]:
                    if r["key"] not in rows:
                        rows.append(r["key"])
                    cols += [c for c in r["columns"] if c not in cols]
        _ORDER_CACHE[key] = (ROLES.index(table) if table in ROLES else 9,
                             rows.index(row) if row in rows else 99, cols.index(col) if col in cols else 99, key)
    return _ORDER_CACHE[key]


def extract(path: str | Path, narrative: bool = True, pdf_engine: str | None = None) -> Report:
    """Extract one document. A document that cannot be read at all raises ReaderError.

    ``narrative=False`` leaves the narrative unlabelled (no model needed). ``pdf_engine``: what
    reads a PDF's pages, ``pdfium`` or ``pdfplumber`` (default: ``REPORT_EXTRACT_PDF_ENGINE``, else
    pdfium; see :mod:`.readers.pdf.sources`); named in each PDF table's and value's ``method``."""
    p = Path(path)
    doc = read(p, pdf_engine=pdf_engine)
    return build_report(doc, p, narrative)


def error_report(path: str | Path, err: Exception) -> Report:
    """The JSON written for a document that could not be read: what failed and why."""
    p = Path(path)
    kind = getattr(err, "kind", "internal_error")
    message = getattr(err, "message", None) or f"{type(err).__name__}: {err}"
    r = Report(extractor_version=__version__, source=source_info(p, None, None))
    r.metadata = {"agency": None, "report_year": None, "generation": None, "title": None,
                  "publish_date": None, "signed_date": None, "source_site": None}
    r.errors = [{"kind": kind, "message": re.sub(r"\s+", " ", str(message)).strip(), "where": None}]
    return r


__all__ = ["extract", "error_report", "ReaderError"]
