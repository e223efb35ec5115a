"""Values as a reader of a message expects them: no Python reprs ("None", "'many'", "15.0")."""
from __future__ import annotations

from typing import Any


def shown(value: Any) -> str:
    """A value in a human-readable message: ``15``, ``25.1``, ``nothing``, ``"many"``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return f"“{value}”" if value.strip() else "a blank"
    if isinstance(value, (list, tuple)):
        return ", ".join(shown(v) for v in value) or "nothing"
    return str(value)


def expected_found(f: dict) -> str:
    """``expected 15, found 14`` for a finding that has either ('' when it has neither)."""
    if f.get("expected") is None and f.get("found") is None:
        return ""
    return f"expected {shown(f.get('expected'))}, found {shown(f.get('found'))}"
