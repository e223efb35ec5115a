"""Table 2 (主动公开政府信息情况) → ``proactive.<row>.<column>``.

The generation (2019 or 2021) is read from the column headings this table
prints; rows are matched by label and position, values read in printed order.
"""
from __future__ import annotations

from collections import Counter

from .align import align
from .fields import from_cell, missing
from .labels import compact
from .columns import cells_under_headings, column_keys, heading_keys
from .rows import Row, fit_values, join_cut_rows, unpadded
from .templates import proactive_rows, templates

METHOD = "table2:row-label-align+printed-column-order"
METHOD_HEADERS = "table2:row-label-align+column-headings"


def detect_generation(text: str) -> str | None:
    """2019 or 2021 from the column headings printed in ``text`` (None when neither shows)."""
    gens = templates()["proactive"]["generations"]
    hits = Counter({g: sum(1 for mk in spec["markers"] if mk in text) for g, spec in gens.items()})
    (best, n), = hits.most_common(1)
    return best if n else None


def _money_unit(text: str) -> str | None:
    if "万元" in text:
        return "万元"
    if "(元)" in text or "单位:元" in text or "（元）" in text or "单位：元" in text:
        return "元"
    return None


def map_rows(rows: list[Row], tables, m) -> str:
    text = compact(" ".join(c.text for r in rows for c in r.labels + r.values))
    generation = detect_generation(text) or "2021"
    template = proactive_rows(generation)
    data = join_cut_rows([r for r in rows if r.values and r.label], [t["labels"] for t in template])
    matched = align([r.label for r in data], [t["labels"] for t in template], threshold=0.75)
    got: dict = {}
    for i, (j, sim) in sorted(matched.items()):
        got.setdefault(j, (data[i], sim))
    header_unit = _money_unit(text)
    for j, spec in enumerate(template):
        cols = spec["columns"]
        money_cols = set(spec.get("money_columns", cols if spec.get("money") else []))
        if j not in got:
            for ck in cols:
                k = f"proactive.{spec['key']}.{ck}"
                m.fields[k] = missing(k, m.findings, "row not found in table 2")
            continue
        row, sim = got[j]
        head = _nearest_heading(spec, row, rows)
        printed = _heading_columns(spec, row, head) if head else None
        by_span = cells_under_headings(head, row, spec) if head and not printed \
            and len(row.values) > len(cols) else None
        method = METHOD_HEADERS if printed or by_span else METHOD
        cells = by_span or dict(zip(printed or cols, fit_values(row.values, len(printed or cols))))
        for ck in cols:
            k = f"proactive.{spec['key']}.{ck}"
            if ck not in cells:
                m.fields[k] = missing(k, m.findings, "table 2 prints no column for it")
                continue
            m.fields[k] = from_cell(k, cells[ck], row.table, method, round(0.99 * sim, 4), m.findings,
                                    money=ck in money_cols, header_unit=header_unit)
    return generation


def _nearest_heading(spec: dict, row: Row, rows: list[Row]) -> Row | None:
    """The nearest row before ``row`` that prints no value and whose labels are this row's column headings."""
    vocab = list(zip(spec["column_labels"], spec["columns"]))
    for head in reversed([r for r in rows if (r.table, r.index) < (row.table, row.index)]):
        if any(v.text.strip() for v in head.values):
            continue
        if heading_keys([c.text for c in head.labels], vocab):
            return head
    return None


def _heading_columns(spec: dict, row: Row, head: Row) -> list | None:
    """Keys of the row's value columns from its heading row, when those headings decide by their count.

    (When they do not and the row has more cells than columns, it is read by
    the headings' spans: columns.cells_under_headings.)"""
    return column_keys([head], len(row.values), spec) or column_keys([head], len(unpadded(row.values)), spec)
