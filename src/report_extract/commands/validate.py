"""``report-extract validate FILE.json...``: schema + findings recomputed from the fields."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def _fmt_finding(f: dict) -> str:
    sev = f.get("severity", "?")
    head = f"  {sev:<7} {f.get('rule', '?'):<28} {f.get('where', '')}"
    if f.get("expected") is not None or f.get("found") is not None:
        head += f"  expected {f.get('expected')!r}, found {f.get('found')!r}"
    msg = f.get("message") or ""
    return head + (f"\n            {msg}" if msg else "")


def _human(r) -> str:
    lines = []
    if r.json_error:
        return f"{r.path}: INVALID JSON: {r.json_error}"
    c = r.counts()
    state = {"ok": "OK", "findings": "ERROR FINDINGS", "invalid": "SCHEMA VIOLATIONS"}[r.status]
    lines.append(f"{r.path}: {state} — {r.n_fields} fields; schema "
                 f"{'valid' if not r.schema_errors else f'{len(r.schema_errors)} violation(s)'}; "
                 f"{c['error']} error, {c['warning']} warning, {c['info']} info finding(s)")
    for e in r.schema_errors[:50]:
        lines.append(f"  schema  {e}")
    if len(r.schema_errors) > 50:
        lines.append(f"  schema  … {len(r.schema_errors) - 50} more")
    order = {"error": 0, "warning": 1, "info": 2}
    for f in sorted(r.findings, key=lambda f: order.get(f.get("severity"), 3)):
        lines.append(_fmt_finding(f))
    if r.new:
        lines.append(f"  note: {len(r.new)} finding(s) recomputed from the fields are not in the file's "
                     "stored findings (edited, or produced by another tool):")
        lines.extend("    + " + f"{f['rule']} {f['where']} expected {f.get('expected')!r} found {f.get('found')!r}"
                     for f in r.new)
    if r.stale:
        lines.append(f"  note: {len(r.stale)} stored finding(s) no longer hold for the fields as they are:")
        lines.extend("    - " + f"{f.get('rule')} {f.get('where')} expected {f.get('expected')!r} found {f.get('found')!r}"
                     for f in r.stale)
    return "\n".join(lines)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Readable summary, or one JSON document for machines.")
def command(files: tuple[Path, ...], fmt: str):
    """Validate output JSON FILES against the shipped schema and recompute their findings.

    The arithmetic of report-format.md §4 and the narrative cross-check are
    recomputed from each file's "fields" and "sections", so JSON produced or
    edited elsewhere is checked too (a changed total breaks a rule even when
    the stored "findings" do not list it).

    \b
    Exit status: 0 valid with no error findings; 1 error findings;
    2 a file is not JSON or violates the schema (the highest over all files).

    \b
    Example:
      report-extract validate out/*.json
      report-extract validate --format json report.json | jq '.files[0].counts'
    """
    from ..validate.standalone import check_file

    results = [check_file(p) for p in files]
    code = max(r.exit_code for r in results)
    if fmt == "json":
        sys.stdout.write(json.dumps({"exit_code": code, "files": [r.to_json() for r in results]},
                                    ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        for r in results:
            click.echo(_human(r))
        if len(results) > 1:
            n = {s: sum(r.status == s for r in results) for s in ("ok", "findings", "invalid")}
            click.echo(f"{len(results)} files: {n['ok']} ok, {n['findings']} with error findings, {n['invalid']} invalid")
    sys.exit(code)
