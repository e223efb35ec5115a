"""How a document came out, in one word: the status shared by ``extract``, ``batch`` and ``export``.

* ``ok``: read, and at least one table value was read;
* ``no_tables``: read, but not one table value came out (no table printed, or none
  that could be rebuilt): the JSON holds metadata and narrative only;
* ``error``: not read at all (the JSON lists why in ``errors``);
* ``skipped``: not a report format (batch only; no JSON is written).
"""
from __future__ import annotations

from .mapping import TABLE_NUMBER

STATUSES = ("ok", "no_tables", "error", "skipped")


def has_table_values(doc: dict) -> bool:
    """True when at least one field was read from a table (a printed-blank cell counts)."""
    return any(isinstance(f, dict) and f.get("method") != "missing" for f in (doc.get("fields") or {}).values())


def status_of(doc: dict) -> str:
    """``ok``, ``no_tables`` or ``error`` for an output document JSON seen on its own (a batch
    knows better: whether the reader failed is in its manifest)."""
    if doc.get("errors") and not doc.get("fields") and not doc.get("tables") and not doc.get("sections"):
        return "error"
    return "ok" if has_table_values(doc) else "no_tables"


def no_tables_reason(doc: dict) -> str:
    """Why a document has no table value, from its structural findings."""
    printed, absent = [], []
    for f in doc.get("findings") or []:
        role = f.get("where")
        if role not in TABLE_NUMBER:
            continue
        if f.get("rule") == "structure.table_not_rebuilt":
            printed.append(TABLE_NUMBER[role])
        elif f.get("rule") == "structure.missing_table":
            absent.append(TABLE_NUMBER[role])
    parts = []
    if printed:
        parts.append(f"{_tables(printed)} printed, but {'its' if len(set(printed)) == 1 else 'their'} cells "
                     "could not be rebuilt")
    if absent:
        parts.append(f"{_tables(absent)} not found")
    return "no table value read: " + ("; ".join(parts) if parts else "no table was rebuilt")


def _tables(ns: list[int]) -> str:
    ns = sorted(set(ns))
    if len(ns) == 1:
        return f"table {ns[0]}"
    return "tables " + ", ".join(map(str, ns[:-1])) + " and " + str(ns[-1])
