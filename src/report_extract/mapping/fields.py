"""Turning one printed cell into a Field (value, printed text, provenance)."""
from __future__ import annotations

from typing import Optional

from ..model import Cell
from ..report import Field, FieldSource, Finding
from .values import parse, to_wan_yuan


def from_cell(key: str, cell: Optional[Cell], table_index: Optional[int], method: str, confidence: float,
              findings: list[Finding], money: bool = False, header_unit: Optional[str] = None) -> Field:
    from . import cell_source

    if cell is None:
        return missing(key, findings, "the table has no cell for this value", method)
    p = parse(cell.text)
    src = cell_source(cell, table_index)
    if not p.ok:
        findings.append(Finding(
            rule="structure.unreadable_value", severity="warning", where=key, keys=[key], found=cell.text,
            message=f"{key}: printed text {cell.text!r} is not a number; value left null"))
        return Field(key, None, cell.text, src, method, round(confidence * 0.3, 4))
    value, unit = p.value, p.unit
    if money:
        value = to_wan_yuan(value, unit, header_unit)
        unit = "万元"
    return Field(key, value, cell.text, src, method, confidence, unit=unit)


def missing(key: str, findings: list[Finding], why: str, method: str = "missing") -> Field:
    findings.append(Finding(rule="structure.missing_value", severity="warning", where=key, keys=[key],
                            message=f"{key}: could not be read ({why}); value left null"))
    return Field(key, None, None, FieldSource(), "missing", 0.0)
