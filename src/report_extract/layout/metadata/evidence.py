"""One metadata value with where it was read, how, and how sure we are (as fields have)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ...model import Source


@dataclass
class Evidence:
    value: Any
    text: Optional[str]  # the printed or declared text the value was read from
    source: Source = field(default_factory=Source)
    method: str = ""
    confidence: float = 0.0

    def to_json(self) -> dict:
        return {"value": self.value, "text": self.text, "source": self.source.to_json(),
                "method": self.method, "confidence": round(self.confidence, 4)}


def excerpt(text: str, needle: str, width: int = 30) -> str:
    """The printed text around ``needle``: enough to find it again, not the whole paragraph."""
    t = " ".join(text.split())
    i = t.find(needle)
    if i < 0 or len(t) <= len(needle) + 2 * width:
        return t[: len(needle) + 2 * width]
    return t[max(0, i - width): i + len(needle) + width]


def declared_source(where: str) -> Source:
    return Source(locator=f"declared: {where}")
