"""Validating an output JSON on its own: schema, and findings recomputed from its fields.

The JSON may come from this extractor, from another tool, or be edited by
hand. Arithmetic (§4) and the narrative cross-check are recomputed from
``fields`` / ``sections`` and are what counts; stored findings of those rules
that no longer hold are reported as stale, recomputed ones the file does not
list as new. Structural findings (``structure.*``: a missing table, an unread
key, a table recognised with low confidence) are kept as stored and completed
from what the JSON itself shows.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..report import Finding
from ..wording import shown
from .crosscheck import RULE as CROSSCHECK_RULE
from .crosscheck import crosscheck_output
from .rules import ARITHMETIC_RULES, arithmetic, values_of

RECOMPUTED_RULES = set(ARITHMETIC_RULES) | {CROSSCHECK_RULE, "field.value_text"}
ROLES = ("proactive", "requests", "review_litigation")
TABLE_NUMBER = {"proactive": 2, "requests": 3, "review_litigation": 4}
LOW_CONFIDENCE = 0.7


def _value_text(output: dict) -> list[Finding]:
    """A value that is not what its printed text says (a hand-edited value, or a misread)."""
    from ..mapping.values import parse

    out = []
    for key, f in (output.get("fields") or {}).items():
        if not isinstance(f, dict) or f.get("method") == "missing" or f.get("text") is None:
            continue
        if f.get("unit") == "万元":  # money is normalised to 万元; the printed number differs by design
            continue
        p = parse(f["text"])
        if not p.ok:
            continue
        v = f.get("value")
        same = (p.value is None and v is None) or (
            p.value is not None and isinstance(v, (int, float)) and not isinstance(v, bool)
            and abs(p.value - v) < 1e-6)
        if not same:
            out.append(Finding(rule="field.value_text", severity="warning", where=key, keys=[key],
                               expected=p.value, found=v,
                               message=f"{key}: value {'null' if v is None else shown(v)} is not what the printed text "
                                       f"{shown(f['text'])} says"))
    return out


def structural(output: dict) -> list[Finding]:
    """Structural findings that the JSON itself shows (used where the stored ones are absent)."""
    out: list[Finding] = []
    fields = output.get("fields") or {}
    gen = (output.get("metadata") or {}).get("generation")
    for role in ROLES:
        if not any(k.startswith(role + ".") for k in fields) and gen not in ("legacy", None):
            out.append(Finding(rule="structure.missing_table", severity="warning", where=role,
                               message=f"no key of table {TABLE_NUMBER[role]} ({role}) in fields"))
    for key, f in fields.items():
        if isinstance(f, dict) and f.get("method") == "missing":
            out.append(Finding(rule="structure.missing_value", severity="warning", where=key, keys=[key],
                               message=f"{key}: could not be read; value left null"))
    for i, t in enumerate(output.get("tables") or []):
        conf = t.get("role_confidence") if isinstance(t, dict) else None
        if t.get("role") and isinstance(conf, (int, float)) and conf < LOW_CONFIDENCE:
            out.append(Finding(rule="structure.low_confidence_table", severity="warning", where=f"tables[{i}]",
                               message=f"table {i} recognised as {t['role']} with low confidence {conf}"))
    return out


def finding_id(f: dict) -> str:
    """Identity of a finding for comparing stored and recomputed lists (the message may differ)."""
    return json.dumps([f.get("rule"), f.get("where"), f.get("expected"), f.get("found")], ensure_ascii=False,
                      sort_keys=True, default=str)


def recompute(output: dict) -> list[dict]:
    """Findings recomputed from the JSON's own fields and sections, in the output's format."""
    fs = arithmetic(values_of(output)) + crosscheck_output(output) + _value_text(output)
    return [f.to_json() for f in fs]


DOCUMENT_KEYS = ("schema_version", "extractor", "fields")
# other JSON a batch folder holds, recognised by shape: what it is, keys that show it
OTHER_SHAPES = (("a batch summary (summary.json)", ("by_status", "inputs")),
                ("a batch manifest record", ("path", "status", "output")))


def not_a_document(obj: Any) -> Optional[str]:
    """None for an output document (or a damaged one: it is validated and its faults listed);
    otherwise what the JSON is, so that ``validate out/*.json`` passes over it."""
    if isinstance(obj, dict) and any(k in obj for k in DOCUMENT_KEYS):
        return None
    for what, keys in OTHER_SHAPES:
        if isinstance(obj, dict) and all(k in obj for k in keys):
            return what
    if isinstance(obj, dict):
        return "a JSON object with none of " + ", ".join(DOCUMENT_KEYS)
    return None  # a list or a scalar where a document was expected: a schema violation


@dataclass
class Result:
    path: str
    skipped: Optional[str] = None  # not an output document: what it is instead
    json_error: Optional[str] = None
    schema_errors: list[str] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)  # the effective list: recomputed + structural
    new: list[dict] = field(default_factory=list)  # recomputed, not in the stored findings
    stale: list[dict] = field(default_factory=list)  # stored, no longer reproduced from the fields
    n_fields: int = 0
    read_errors: list[dict] = field(default_factory=list)  # the document's own "errors": what was not read

    @property
    def exit_code(self) -> int:
        if self.skipped:
            return 0
        if self.json_error or self.schema_errors:
            return 2
        return 1 if any(f.get("severity") == "error" for f in self.findings) else 0

    @property
    def status(self) -> str:
        return "skipped" if self.skipped else {0: "ok", 1: "findings", 2: "invalid"}[self.exit_code]

    def counts(self) -> dict:
        c = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            c[f.get("severity", "info")] = c.get(f.get("severity", "info"), 0) + 1
        return c

    def to_json(self) -> dict:
        return {"file": self.path, "status": self.status, "exit_code": self.exit_code, "skipped": self.skipped,
                "json_error": self.json_error, "schema_errors": self.schema_errors, "fields": self.n_fields,
                "counts": self.counts(), "findings": self.findings,
                "not_in_stored_findings": self.new, "stale_stored_findings": self.stale}


def check(output: Any, path: str = "<json>") -> Result:
    """Validate one parsed JSON value."""
    from ..schema import errors as schema_errors

    r = Result(path)
    if not isinstance(output, dict):
        r.schema_errors = [f"(root): {type(output).__name__} is not an object"]
        return r
    r.schema_errors = schema_errors(output)
    r.read_errors = [e for e in output.get("errors") or [] if isinstance(e, dict)] \
        if isinstance(output.get("errors"), list) else []
    fields = output.get("fields")
    r.n_fields = len(fields) if isinstance(fields, dict) else 0
    safe = {
        "fields": {k: v for k, v in fields.items() if isinstance(v, dict)} if isinstance(fields, dict) else {},
        "sections": [s for s in output.get("sections") or [] if isinstance(s, dict)]
        if isinstance(output.get("sections"), list) else [],
        "metadata": output.get("metadata") if isinstance(output.get("metadata"), dict) else {},
        "tables": [t for t in output.get("tables") or [] if isinstance(t, dict)]
        if isinstance(output.get("tables"), list) else [],
    }
    stored_raw = output.get("findings")
    stored = [f for f in stored_raw if isinstance(f, dict)] if isinstance(stored_raw, list) else []
    recomputed = recompute(safe)
    stored_ids = {finding_id(f) for f in stored}
    recomputed_ids = {finding_id(f) for f in recomputed}
    r.new = [f for f in recomputed if finding_id(f) not in stored_ids]
    r.stale = [f for f in stored if f.get("rule") in RECOMPUTED_RULES and finding_id(f) not in recomputed_ids]
    kept = [f for f in stored if f.get("rule") not in RECOMPUTED_RULES]
    covered = {(f.get("rule"), f.get("where")) for f in kept}
    covered_where = {f.get("where") for f in kept if str(f.get("rule", "")).startswith("structure.")}
    extra = [f.to_json() for f in structural(safe)
             if (f.rule, f.where) not in covered and f.where not in covered_where]
    r.findings = recomputed + kept + extra
    return r


def check_file(path: str | Path) -> Result:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return Result(str(p), json_error=f"cannot read: {e}")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        return Result(str(p), json_error=f"not JSON: {e.msg} at line {e.lineno} column {e.colno}")
    what = not_a_document(obj)
    if what:
        return Result(str(p), skipped=what)
    return check(obj, str(p))


def files_of_folder(folder: str | Path) -> list[Path]:
    """The document JSONs of a batch output folder: those its manifest names (error documents
    included), or, without a manifest, every ``*.json`` in it (sorted)."""
    from ..batch.manifest import read_manifest

    folder = Path(folder)
    records = read_manifest(folder)
    if records:
        return sorted({folder / r["output"] for r in records.values() if r.get("output")})
    return sorted(folder.glob("*.json"))
