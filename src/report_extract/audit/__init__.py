"""The audit page: one self-contained HTML file for a person to check an extraction.

For each mapped table of a PDF, the page region is rendered (inline PNG as a
``data:`` URI) with every mapped cell outlined at its bbox, its key, value and
printed text on hover, and the cells involved in failed rules in red (warnings
in orange; values read by OCR below confidence 0.9 dashed, the OCR confidence
in the tip). For HTML, Word and text sources, the rebuilt grid from the output's
``tables`` is shown as an HTML table with the same marks. No external
resources, no JavaScript.

Every outline box carries ``data-key``, ``data-page`` and ``data-bbox`` (the
field's bbox in PDF points) and every region ``data-x0``/``data-top``/
``data-sx``/``data-sy`` (its origin in points and pixels per point), so a test
or a tool can check that the boxes are where the numbers are.
"""
from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Optional

from .. import __version__
from .template import CSS, PAGE

ROLE_TITLE = {"proactive": "表二 主动公开政府信息情况 (proactive)",
              "requests": "表三 收到和处理政府信息公开申请情况 (requests)",
              "review_litigation": "表四 行政复议、行政诉讼情况 (review_litigation)"}


def _e(v) -> str:
    return html.escape("" if v is None else str(v), quote=True)


def _status(findings: list[dict]) -> tuple[dict[str, str], set[str]]:
    """key → 'fail' | 'warn' from the findings involving it; and the keys that are a failed rule's printed total."""
    status: dict[str, str] = {}
    where: set[str] = set()
    for f in findings:
        sev = f.get("severity")
        if sev not in ("error", "warning"):
            continue
        cls = "fail" if sev == "error" else "warn"
        for k in list(f.get("keys") or []) + ([f["where"]] if f.get("where") else []):
            if status.get(k) != "fail":
                status[k] = cls
        if sev == "error" and f.get("where"):
            where.add(f["where"])
    return status, where


def _doubt(f: dict) -> str:
    """'doubt' for a value recognised by OCR below the sure confidence (drawn dashed, confidence shown)."""
    return "doubt" if "ocr:" in (f.get("method") or "") and (f.get("confidence") or 0) < 0.9 else ""


def _tip(key: str, f: dict) -> str:
    s = f"{_e(key)} = {_e(f.get('value'))}"
    if "ocr:" in (f.get("method") or ""):
        s += f" · OCR {float(f.get('confidence') or 0):.2f}"
    return s


def _label(key: str, f: dict, involved: list[dict]) -> str:
    s = f"{key} = {f.get('value')!r}"
    if f.get("unit"):
        s += f" {f['unit']}"
    s += f"  (printed {f.get('text')!r}; {f.get('method')}, confidence {f.get('confidence')})"
    for x in involved:
        s += f"\n{x.get('severity')}: {x.get('rule')} at {x.get('where')}: expected {x.get('expected')!r}, found {x.get('found')!r}"
    return s


def _findings_table(findings: list[dict]) -> str:
    if not findings:
        return '<p class="empty">No findings.</p>'
    rows = []
    order = {"error": 0, "warning": 1, "info": 2}
    for f in sorted(findings, key=lambda f: order.get(f.get("severity") or "", 3)):
        where = f.get("where") or ""
        link = f'<a href="#f-{_e(where)}">{_e(where)}</a>' if "." in where and where.count(".") == 2 else _e(where)
        rows.append(f'<tr class="{_e(f.get("severity"))}"><td>{_e(f.get("severity"))}</td><td>{_e(f.get("rule"))}</td>'
                    f'<td>{link}</td><td>{_e(f.get("expected"))}</td><td>{_e(f.get("found"))}</td>'
                    f'<td>{_e(f.get("message"))}</td></tr>')
    return ('<table class="findings"><tr><th>severity</th><th>rule</th><th>where</th><th>expected</th>'
            '<th>found</th><th>message</th></tr>' + "".join(rows) + "</table>")


def _fields_list(keys: list[str], fields: dict, status: dict[str, str]) -> str:
    rows = []
    for k in keys:
        f = fields[k]
        src = f.get("source") or {}
        loc = f"p{src.get('page')}" if src.get("page") else (src.get("locator") or "")
        rows.append(f'<tr class="{" ".join(x for x in (status.get(k, ""), _doubt(f)) if x)}"><td>{_e(k)}</td><td>{_e(f.get("value"))}</td>'
                    f'<td>{_e(f.get("text"))}</td><td>r{_e(src.get("row"))} c{_e(src.get("col"))}</td>'
                    f'<td>{_e(loc)}</td><td>{_e(f.get("method"))}</td><td>{_e(f.get("confidence"))}</td></tr>')
    return (f'<details><summary>{len(keys)} values read from this table</summary><table class="fields">'
            '<tr><th>key</th><th>value</th><th>printed</th><th>cell</th><th>where</th><th>method</th><th>conf.</th></tr>'
            + "".join(rows) + "</table></details>")


def _pdf_regions(ti: int, table: dict, keys: list[str], fields: dict, renderer, status, where_keys,
                 by_key) -> tuple[str, list[str]]:
    """Figures for one table (one per page it spans), and the keys that could not be placed."""
    pages: dict[int, list[list[float]]] = {}
    for c in table.get("cells") or []:
        if c.get("page") and c.get("bbox"):
            pages.setdefault(c["page"], []).append(c["bbox"])
    placed: dict[int, list[str]] = {}
    unplaced = []
    for k in keys:
        src = fields[k].get("source") or {}
        p, bb = src.get("page"), src.get("bbox")
        if p and bb and 1 <= p <= renderer.n_pages:
            placed.setdefault(p, []).append(k)
            pages.setdefault(p, []).append(bb)
        else:
            unplaced.append(k)
    out = []
    for p in sorted(pages):
        boxes = pages[p]
        union = [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]
        reg = renderer.region(p, union)
        img = base64.b64encode(reg.png).decode("ascii")
        marks = []
        for k in placed.get(p, []):
            f = fields[k]
            left, top, w, h = reg.to_px(f["source"]["bbox"])
            cls = " ".join(x for x in ("box", status.get(k, "ok"), "where" if k in where_keys else "", _doubt(f)) if x)
            label = _label(k, f, by_key.get(k, []))
            marks.append(
                f'<a class="{cls}" id="f-{_e(k)}" href="#f-{_e(k)}" data-key="{_e(k)}" data-page="{p}" '
                f'data-bbox="{",".join(f"{v:g}" for v in f["source"]["bbox"])}" data-value="{_e(f.get("value"))}" '
                f'data-text="{_e(f.get("text"))}" title="{_e(label)}" '
                f'style="left:{left:.2f}px;top:{top:.2f}px;width:{w:.2f}px;height:{h:.2f}px">'
                f'<span class="tip">{_tip(k, f)}</span></a>')
        out.append(
            f'<figure class="region" data-table="{ti}" data-page="{p}" data-x0="{reg.x0:.4f}" data-top="{reg.top:.4f}" '
            f'data-sx="{reg.sx:.6f}" data-sy="{reg.sy:.6f}">'
            f'<figcaption>tables[{ti}] — page {p}</figcaption>'
            f'<div class="canvas" style="width:{reg.width}px;height:{reg.height}px">'
            f'<img src="data:image/png;base64,{img}" width="{reg.width}" height="{reg.height}" '
            f'alt="page {p}, region of tables[{ti}]">' + "".join(marks) + "</div></figure>")
    return "".join(out), unplaced


def _grid(ti: int, table: dict, keys: list[str], fields: dict, status, where_keys, by_key) -> tuple[str, list[str]]:
    """The rebuilt grid as an HTML table, mapped cells marked."""
    cells = table.get("cells") or []
    n_rows = max([table.get("n_rows") or 0] + [c["row"] + c.get("row_span", 1) for c in cells])
    at = {(c["row"], c["col"]): c for c in cells}
    key_at: dict[tuple[int, int], str] = {}
    unplaced = []
    for k in keys:
        src = fields[k].get("source") or {}
        if (src.get("row"), src.get("col")) in at:
            key_at[(src["row"], src["col"])] = k
        else:
            unplaced.append(k)
    rows = []
    for r in range(n_rows):
        tds = []
        for c in sorted((c for c in cells if c["row"] == r), key=lambda c: c["col"]):
            span = ""
            if c.get("row_span", 1) > 1:
                span += f' rowspan="{c["row_span"]}"'
            if c.get("col_span", 1) > 1:
                span += f' colspan="{c["col_span"]}"'
            k = key_at.get((c["row"], c["col"])) or ""
            if k:
                f = fields[k]
                cls = " ".join(x for x in ("gridcell", status.get(k, "ok"), "where" if k in where_keys else "",
                                           _doubt(f)) if x)
                tds.append(f'<td{span} class="{cls}" id="f-{_e(k)}" data-key="{_e(k)}" data-value="{_e(f.get("value"))}" '
                           f'data-text="{_e(f.get("text"))}" title="{_e(_label(k, f, by_key.get(k, [])))}">'
                           f'{_e(c.get("text"))}<span class="tip">{_tip(k, f)}</span></td>')
            else:
                tds.append(f"<td{span}>{_e(c.get('text'))}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return f'<table class="grid" data-table="{ti}">' + "".join(rows) + "</table>", unplaced


def build(output: dict, document: Optional[str | Path] = None, resolution: int = 144) -> str:
    """The audit page for one output JSON; ``document`` is the source file (PDF pages are rendered from it)."""
    from ..validate.standalone import check

    findings = check(output).findings
    status, where_keys = _status(findings)
    by_key: dict[str, list[dict]] = {}
    for f in findings:
        for k in set(list(f.get("keys") or []) + [f.get("where")]):
            by_key.setdefault(k, []).append(f)
    fields = output.get("fields") or {}
    tables = output.get("tables") or []
    meta = output.get("metadata") or {}
    src = output.get("source") or {}
    doc = Path(document) if document else (Path(src["path"]) if src.get("path") else None)
    renderer = None
    note = ""
    if (src.get("format") == "pdf" or (doc and doc.suffix.lower() == ".pdf")) and doc:
        if doc.is_file():
            from .render import PageRenderer

            try:
                renderer = PageRenderer(doc, resolution)
            except Exception as e:  # an unreadable PDF still gets the grid view
                note = f"the PDF could not be rendered ({type(e).__name__}: {e}); showing the rebuilt grids"
        else:
            note = f"source PDF {doc} not found; showing the rebuilt grids"
    c = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        c[f.get("severity", "info")] = c.get(f.get("severity", "info"), 0) + 1
    name = Path(src.get("path") or "document").name
    body = [f"<h1>Audit: {_e(name)}</h1>",
            f'<p class="meta">{_e(meta.get("agency"))} · report year {_e(meta.get("report_year"))} · generation '
            f'{_e(meta.get("generation"))} · format {_e(src.get("format"))} · {len(fields)} values · '
            f'{c["error"]} error / {c["warning"]} warning / {c["info"]} info findings</p>',
            '<p class="legend"><span><i class="sw ok"></i>mapped value</span><span><i class="sw fail"></i>in a failed '
            'rule (thick: the printed total)</span><span><i class="sw warn"></i>in a warning</span><span><i class="sw doubt"></i>read by OCR, doubtful (confidence &lt; 0.9)</span> Hover a value '
            'for its key, value and printed text.</p>']
    if note:
        body.append(f'<p class="meta">Note: {_e(note)}</p>')
    body.append("<h2>Findings</h2>" + _findings_table(findings))
    try:
        for ti, t in enumerate(tables):
            if not t.get("role"):
                continue
            keys = [k for k, f in fields.items() if (f.get("source") or {}).get("table") == ti]
            body.append(f'<h2 id="table-{ti}">tables[{ti}]: {_e(ROLE_TITLE.get(t["role"], t["role"]))}'
                        + (f' — pages {t["page_span"][0]}–{t["page_span"][1]}' if t.get("page_span") else "")
                        + f', {len(keys)} values</h2>')
            if renderer is not None:
                part, unplaced = _pdf_regions(ti, t, keys, fields, renderer, status, where_keys, by_key)
                if not part:  # no geometry at all: fall back to the grid
                    part, unplaced = _grid(ti, t, keys, fields, status, where_keys, by_key)
            else:
                part, unplaced = _grid(ti, t, keys, fields, status, where_keys, by_key)
            body.append(part)
            if unplaced:
                body.append(f'<p class="meta">Not located in this view: {_e(", ".join(unplaced))}</p>')
            body.append(_fields_list(keys, fields, status))
    finally:
        if renderer is not None:
            renderer.close()
    unread = [k for k, f in fields.items() if (f.get("source") or {}).get("table") is None]
    if unread:
        body.append("<h2>Values not read from any table</h2>" + _fields_list(unread, fields, status))
    furniture = output.get("furniture") or []
    if furniture:
        items = "".join(f'<li data-page="{_e(f.get("page"))}">p{_e(f.get("page"))} · {_e(f.get("kind"))}: '
                        f'{_e(f.get("text"))}</li>' for f in furniture)
        body.append(f"<h2>Set aside as page furniture ({len(furniture)})</h2>"
                    '<p class="meta">Page numbers and running headers/footers: not part of any paragraph or table.</p>'
                    f'<ul class="furniture">{items}</ul>')
    if not any(t.get("role") for t in tables):
        body.append('<p class="empty">No table of the report was recognised.</p>')
    return PAGE.format(version=_e(__version__), title=_e(f"Audit: {name}"), css=CSS, body="\n".join(body))


__all__ = ["build"]
