"""``report-extract validate FILE.json...``: schema + findings recomputed from the fields."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..wording import expected_found


def _fmt_finding(f: dict) -> str:
    sev = f.get("severity", "?")
    head = f"  {sev:<7} {f.get('rule', '?'):<28} {f.get('where', '')}"
    if expected_found(f):
        head += "  " + expected_found(f)
    msg = f.get("message") or ""
    return head + (f"\n            {msg}" if msg else "")


def _human(r) -> str:
    lines = []
    if r.skipped:
        return f"{r.path}: SKIPPED — not an output document: {r.skipped}"
    if r.json_error:
        return f"{r.path}: INVALID JSON: {r.json_error}"
    c = r.counts()
    state = {"ok": "OK", "findings": "ERROR FINDINGS", "invalid": "SCHEMA VIOLATIONS"}[r.status]
    lines.append(f"{r.path}: {state} — {r.n_fields} fields; schema "
                 f"{'valid' if not r.schema_errors else f'{len(r.schema_errors)} violation(s)'}; "
                 f"{c['error']} error, {c['warning']} warning, {c['info']} info finding(s)")
    for e in r.read_errors:
        lines.append(f"  not read: {e.get('kind')}: {e.get('message')}")
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
        lines.extend("    + " + f"{f['rule']} {f['where']} {expected_found(f)}"
                     for f in r.new)
    if r.stale:
        lines.append(f"  note: {len(r.stale)} stored finding(s) no longer hold for the fields as they are:")
        lines.extend("    - " + f"{f.get('rule')} {f.get('where')} {expected_found(f)}"
                     for f in r.stale)
    return "\n".join(lines)


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    """Files as given; a folder is a batch OUTDIR (its manifest's outputs, else its *.json)."""
    from ..validate.standalone import files_of_folder

    out: list[Path] = []
    for p in paths:
        out.extend(files_of_folder(p) if p.is_dir() else [p])
    return out


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE|OUTDIR...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Readable summary, or one JSON document for machines.")
def command(files: tuple[Path, ...], fmt: str):
    """Validate output JSON FILES (or every document of a batch OUTDIR) against the
    shipped schema and recompute their findings. Documents are recognised by their
    shape, not their name: other JSON (a batch's summary.json) is listed as skipped.

    The arithmetic of report-format.md §4 and the narrative cross-check are
    recomputed from each file's "fields" and "sections", so JSON produced or
    edited elsewhere is checked too (a changed total breaks a rule even when
    the stored "findings" do not list it).

    \b
    Exit status: 0 valid with no error findings; 1 error findings;
    2 a file is not JSON or violates the schema (the highest over all files),
    or no document was given.

    \b
    Example:
      report-extract validate out/            # a batch folder: what its manifest lists
      report-extract validate out/*.json
      report-extract validate --format json report.json | jq '.files[0].counts'
    """
    from ..validate.standalone import check_file

    results = [check_file(p) for p in _expand(files)]
    checked = [r for r in results if not r.skipped]
    code = max(r.exit_code for r in checked) if checked else 2
    if fmt == "json":
        sys.stdout.write(json.dumps({"exit_code": code, "files": [r.to_json() for r in results]},
                                    ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        for r in results:
            click.echo(_human(r))
        n = {s: sum(r.status == s for r in results) for s in ("ok", "findings", "invalid", "skipped")}
        if not checked:
            click.echo("report-extract validate: no output document among the files given", err=True)
        elif len(results) > 1:
            click.echo(f"{len(checked)} files: {n['ok']} ok, {n['findings']} with error findings, "
                       f"{n['invalid']} invalid" + (f"; {n['skipped']} other file(s) skipped" if n["skipped"] else ""))
    sys.exit(code)
