"""Table 3 (收到和处理政府信息公开申请情况) → ``requests.<row>.<column>``."""
from __future__ import annotations

from typing import Optional

from ..report import Finding
from .align import align
from .fields import from_cell, missing
from .rows import Row, fit_values, join_cut_rows
from .templates import request_rows, templates

METHOD = "table3:row-label-align+printed-column-order"


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
    for rk in wanted:
        if rk not in got:
            for ck in columns:
                k = f"requests.{rk}.{ck}"
                m.fields[k] = missing(k, m.findings, "row not found in table 3")
            continue
        row, sim = got[rk]
        cells = fit_values(row.values, len(columns))
        if len(row.values) < len(columns):
            m.findings.append(Finding(
                rule="structure.short_row", severity="warning", where=f"requests.{rk}",
                message=f"row {row.label!r} prints {len(row.values)} values where table 3 has {len(columns)}"))
        for ck, cell in zip(columns, cells):
            k = f"requests.{rk}.{ck}"
            m.fields[k] = from_cell(k, cell, row.table, METHOD, round(0.99 * sim, 4), m.findings)
    return style
