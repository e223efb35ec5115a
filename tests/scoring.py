"""The comparison that ../shared/tools/score.py makes, for the project's own fixtures.

Kept identical in meaning to score.py (tests/test_scoring.py checks the two
agree whenever the shared tool is present), so a fixture that passes here
scores the same there.
"""
from __future__ import annotations

import math
import re

MONEY_TOL = 1e-4


def norm_text(s):
    return re.sub(r"\s+", "", str(s)) if s is not None else None


def same_value(truth, got) -> bool:
    if isinstance(truth, dict) and "any_of" in truth:
        return any(same_value(t, got) for t in truth["any_of"])
    if truth is None or got is None:
        return truth is None and got is None
    if isinstance(truth, (int, float)) and not isinstance(truth, bool):
        try:
            return math.isclose(float(got), float(truth), abs_tol=MONEY_TOL)
        except (TypeError, ValueError):
            return False
    return norm_text(truth) == norm_text(got)


def output_value(doc: dict, key: str):
    fields = doc.get("fields") or {}
    if key in fields:
        f = fields[key]
        return f.get("value") if isinstance(f, dict) else f
    if key.startswith("metadata."):
        return (doc.get("metadata") or {})[key.split(".", 1)[1]]
    raise KeyError(key)


def misses(truth: dict, doc: dict) -> list[tuple[str, object, object]]:
    """Every truth key whose output value differs: (key, want, got)."""
    out = []
    for key, want in truth.items():
        if key.startswith("_"):
            continue
        try:
            got = output_value(doc, key)
        except (KeyError, TypeError):
            out.append((key, want, "<missing>"))
            continue
        if not same_value(want, got):
            out.append((key, want, got))
    return out


def unsourced(truth: dict, doc: dict) -> list[str]:
    """Non-null truth values whose field has neither bbox nor locator."""
    out = []
    for key, want in truth.items():
        if key.startswith(("_", "metadata.")) or want is None:
            continue
        src = ((doc.get("fields") or {}).get(key) or {}).get("source") or {}
        if not (src.get("bbox") or src.get("locator")):
            out.append(key)
    return out
