"""Recognised values (OCR) that a failed arithmetic rule involves are doubtful.

The report's own arithmetic (spec §4) is the check on OCR: a misread digit
almost always breaks a sum. The values are never changed; every recognised
value a failed rule names drops below the sure threshold, and the rule's
finding already lists the keys, so the reader knows which cells could be at
fault (a printed total that really is wrong looks the same: the page decides).
"""
from __future__ import annotations

from ..report import Field, Finding
from .rules import ARITHMETIC_RULES

RECOGNISED = "ocr:"  # in a field's method when its text was recognised rather than read
DOUBT = 0.8  # the confidence at most of a recognised value in a failed rule


def doubt_recognised(fields: dict[str, Field], findings: list[Finding]) -> None:
    for f in findings:
        if f.rule not in ARITHMETIC_RULES or f.severity != "error":
            continue
        for k in f.keys:
            field = fields.get(k)
            if field is not None and RECOGNISED in field.method and field.confidence > DOUBT:
                field.confidence = DOUBT
