"""Table 4 (行政复议、行政诉讼情况) → ``review_litigation.<group>.<column>``.

The form prints one row of 15 values under a three-level header; values are
read in printed order: 行政复议, 未经复议直接起诉, 复议后起诉, each 维持/纠正/其他/尚未审结/总计.
"""
from __future__ import annotations

from .fields import from_cell
from .rows import Row, fit_values
from .templates import templates
from ..report import Finding

METHOD = "table4:value-row+printed-column-order"


def map_rows(rows: list[Row], tables, m) -> None:
    spec = templates()["review_litigation"]
    keys = [f"review_litigation.{g}.{c}" for g in spec["groups"] for c in spec["columns"]]
    data = [r for r in rows if len(r.values) >= len(spec["columns"])]
    cells = []
    owners = []
    for r in data:
        cells.extend(r.values)
        owners.extend([r.table] * len(r.values))
    if len(cells) != len(keys):
        m.findings.append(Finding(
            rule="structure.short_row" if len(cells) < len(keys) else "structure.extra_cells",
            severity="warning", where="review_litigation",
            message=f"table 4 prints {len(cells)} value cells where the form has {len(keys)}; read in printed order"))
    fitted = fit_values(cells, len(keys))
    confidence = 0.98 if len(cells) == len(keys) else 0.7
    for i, (k, cell) in enumerate(zip(keys, fitted)):
        m.fields[k] = from_cell(k, cell, owners[i] if i < len(owners) else 0, METHOD, confidence, m.findings)
