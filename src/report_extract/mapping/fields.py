"""Turning one printed cell into a Field (value, printed text, provenance)."""
from __future__ import annotations

import re
from typing import Optional

from ..model import Cell
from ..report import Field, FieldSource, Finding
from .values import parse, to_wan_yuan

SURE = 0.9  # a recognised value below this confidence is named in a finding

# digits, then a line break or a tab (readers keep them between numbers printed apart), then digits
_NUMBERS_APART = re.compile(r"\d *[\n\t]\s*[+\-−－]?\d")


def from_cell(key: str, cell: Optional[Cell], table_index: Optional[int], method: str, confidence: float,
              findings: list[Finding], money: bool = False, header_unit: Optional[str] = None) -> Field:
    from . import cell_source

    if cell is None:
        return missing(key, findings, "the table has no cell for this value", method)
    src = cell_source(cell, table_index)
    if cell.confidence is not None:  # the reader recognised the text (OCR): its doubt is the value's
        method = f"{method}+{cell.method}" if cell.method else method
        confidence = min(confidence, cell.confidence)
        if cell.confidence < SURE:
            findings.append(Finding(
                rule="ocr.low_confidence", severity="warning", where=key, keys=[key], found=cell.text,
                message=f"{key}: printed text read as {cell.text!r} by {cell.method or 'OCR'} with confidence "
                        f"{cell.confidence:.2f}; check it on the page"))
    if _NUMBERS_APART.search(cell.text):
        # a value is read from one printed line: numbers on separate lines or far apart are two
        # numbers (rows or columns whose border is not drawn), never one
        findings.append(Finding(
            rule="structure.numbers_apart", severity="warning", where=key, keys=[key], found=cell.text,
            message=f"{key}: the cell prints separate numbers ({cell.text!r}); value left null"))
        return Field(key, None, cell.text, src, method, round(confidence * 0.3, 4))
    p = parse(cell.text)
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
