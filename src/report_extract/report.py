"""The output model: one Report per input document, serialised as canonical JSON.

Serialisation is deterministic (fixed key order, no timestamps), so the same
input always gives the same bytes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Optional

SCHEMA_VERSION = "1.0.0"


@dataclass
class FieldSource:
    page: Optional[int] = None
    bbox: Optional[list[float]] = None
    table: Optional[int] = None
    row: Optional[int] = None
    col: Optional[int] = None
    locator: Optional[str] = None

    def to_json(self) -> dict:
        return {"page": self.page, "bbox": self.bbox, "table": self.table, "row": self.row,
                "col": self.col, "locator": self.locator}


@dataclass
class Field:
    key: str
    value: Any
    text: Optional[str]
    source: FieldSource
    method: str
    confidence: float
    unit: Optional[str] = None

    def to_json(self) -> dict:
        return {"value": self.value, "text": self.text, "unit": self.unit, "source": self.source.to_json(),
                "method": self.method, "confidence": round(self.confidence, 4)}


@dataclass
class Finding:
    rule: str
    severity: str  # error | warning | info
    where: str
    message: str
    expected: Any = None
    found: Any = None
    keys: list[str] = field(default_factory=list)
    column: Optional[str] = None

    def to_json(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "where": self.where, "column": self.column,
                "expected": self.expected, "found": self.found, "keys": self.keys, "message": self.message}


@dataclass
class Report:
    extractor_version: str
    source: dict
    metadata: dict = field(default_factory=dict)
    metadata_sources: dict = field(default_factory=dict)  # metadata key -> value, text, source, method, confidence
    fields: dict[str, Field] = field(default_factory=dict)
    tables: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    furniture: list[dict] = field(default_factory=list)  # page furniture the reader set aside

    def value(self, key: str) -> Any:
        f = self.fields.get(key)
        return f.value if f else None

    def to_json(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "extractor": {"name": "report-extract", "version": self.extractor_version},
            "source": self.source,
            "metadata": self.metadata,
            "metadata_sources": self.metadata_sources,
            "fields": {k: f.to_json() for k, f in self.fields.items()},
            "tables": self.tables,
            "sections": self.sections,
            "findings": [f.to_json() for f in self.findings],
            "errors": self.errors,
            "furniture": self.furniture,
        }

    def dumps(self) -> str:
        return dumps(self.to_json())


def dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
