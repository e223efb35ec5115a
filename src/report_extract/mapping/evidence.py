"""What the reader says about a value's cell, carried into the value.

A table's ``method`` (how the reader rebuilt it, with the settings in force by
name and version) is appended to each value's ``method``. A value read from a
cell whose boundary the reader inferred (``Cell.inferred``: not drawn, rebuilt
from text alignment) is kept below confidence 0.9 unless the table's own
arithmetic confirms it: a passing row total and a passing column sum (balance
or results) both include it, so both its row and its column are right (a row
total alone passes whichever columns its values went to). The inference is
named in ``method`` too. Format-free: any reader may mark tables and cells.
"""
from __future__ import annotations

from typing import Optional

from ..model import Cell, Table
from ..report import Field

UNCONFIRMED_CAP = 0.85  # below the 0.9 that marks a value as sure


def _cell_at(table: Table, row: Optional[int], col: Optional[int]) -> Optional[Cell]:
    if row is None or col is None:
        return None
    return next((c for c in table.cells if c.row == row and c.col == col), None)


def apply(fields: dict[str, Field], tables: list[Table], confirmed: dict[str, set]) -> None:
    """Fold each value's table method and cell inference into its method and confidence."""
    for key, f in fields.items():
        ti = f.source.table
        if f.method == "missing" or ti is None or not 0 <= ti < len(tables):
            continue
        table = tables[ti]
        if table.method:
            f.method = f"{f.method}+{table.method}"
        cell = _cell_at(table, f.source.row, f.source.col)
        if cell is None or not cell.inferred:
            continue
        f.method = f"{f.method}+{cell.inferred}"
        if not {"row", "column"} <= confirmed.get(key, set()):
            f.confidence = min(f.confidence, UNCONFIRMED_CAP)
