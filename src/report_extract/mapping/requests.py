"""Table 3 (收到和处理政府信息公开申请情况) → ``requests.<row>.<column>``."""
from __future__ import annotations

from collections import Counter
from typing import Optional

from ..report import Finding
from ..settings import STREAMS
from .align import align
from .columns import column_keys
from .fields import from_cell, missing
from .rows import Row, fit_values, join_cut_rows, unpadded
from .templates import request_rows, templates

METHOD = "table3:row-label-align+printed-column-order"
METHOD_HEADERS = "table3:row-label-align+column-headings"
METHOD_TOTAL_ONLY = "table3:row-label-align+total-only-row"


def map_rows(rows: list[Row], tables, m, default_style: Optional[str] = None) -> str:
    spec = templates()["requests"]
    columns = spec["columns"]
    full = request_rows()
    data = join_cut_rows([r for r in rows if r.values and r.label], [t["labels"] for t in full])
    matched = align([r.label for r in data], [t["labels"] for t in full])
    keys_seen = {full[j]["key"] for j, _ in matched.values()}
    if keys_seen & {"other_no_correction", "other_unpaid_fee", "other_other"}:
        style = "2021"
    elif "other_handling" in keys_seen:
        style = "2019"
    else:
        style = default_style or "2021"
    wanted = [t["key"] for t in request_rows(style)]
    got: dict[str, tuple[Row, float]] = {}
    for i, (j, sim) in sorted(matched.items()):
        key = full[j]["key"]
        if key in wanted and key not in got:
            got[key] = (data[i], sim)
    printed, method = _printed_columns(rows, [r for r, _ in got.values()], spec, m)
    for rk in wanted:
        if rk not in got:
            for ck in columns:
                k = f"requests.{rk}.{ck}"
                m.fields[k] = missing(k, m.findings, "row not found in table 3")
            continue
        row, sim = got[rk]
        if len(row.values) == 1 and len(printed) > 2 and row.values[0].text.strip():
            _total_only(rk, row, columns, m)
            continue
        cells = dict(zip(printed, fit_values(row.values, len(printed))))
        confidence = round(0.99 * sim, 4)
        if len(row.values) < len(printed):  # which cell is missing is not printed: positions are a guess
            confidence = min(confidence, STREAMS.short_row_confidence)
            m.findings.append(Finding(
                rule="structure.short_row", severity="warning", where=f"requests.{rk}.*",
                keys=[f"requests.{rk}.{ck}" for ck in columns],
                message=f"row {row.label!r} prints {len(row.values)} values where table 3 has {len(printed)}"))
        for ck in columns:
            k = f"requests.{rk}.{ck}"
            if ck not in cells:
                m.fields[k] = missing(k, m.findings, "table 3 prints no column for it")
                continue
            m.fields[k] = from_cell(k, cells[ck], row.table, method, confidence, m.findings)
    return style


def _printed_columns(rows: list[Row], data: list[Row], spec: dict, m) -> tuple[list, str]:
    """Keys of the printed value columns and the method naming how they were read:
    from the column headings where they decide, else by position (recorded in a finding)."""
    columns = spec["columns"]
    first = min((r.table, r.index) for r in data) if data else None
    headers = [r for r in rows if first and (r.table, r.index) < first and len([v for v in r.values if v.text.strip()]) == 0]
    widths = Counter(len(r.values) for r in data)
    width = widths.most_common(1)[0][0] if widths else len(columns)
    core = Counter(len(unpadded(r.values)) for r in data).most_common(1)[0][0] if data else width
    keys = (column_keys(headers, width, spec) or column_keys(headers, core, spec)) if headers else None
    if keys:
        return keys, METHOD_HEADERS
    if core != len(columns) and width != len(columns):
        m.findings.append(Finding(
            rule="structure.columns_by_position", severity="warning", where="requests.*.*",
            message=f"table 3 rows print {width} values where the form has {len(columns)} columns and the column "
                    "headings do not say which is which: values are read by printed position"))
    return columns, METHOD


def _total_only(rk: str, row: Row, columns: list[str], m) -> None:
    """A row that prints one value where the form has a column per applicant: its total, with doubt."""
    for ck in columns[:-1]:
        k = f"requests.{rk}.{ck}"
        m.fields[k] = missing(k, m.findings, "the row prints only its total")
    k = f"requests.{rk}.{columns[-1]}"
    m.fields[k] = from_cell(k, row.values[0], row.table, METHOD_TOTAL_ONLY, STREAMS.total_only_confidence, m.findings)
    m.findings.append(Finding(
        rule="structure.total_only_row", severity="warning", where=f"requests.{rk}.*", keys=[k],
        message=f"row {row.label!r} prints one value; read as its total {k}, the other columns left null"))
