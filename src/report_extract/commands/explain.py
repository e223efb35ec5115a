"""``report-extract explain FILE.json KEY``: where a value was read, and what is said about it."""
from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import click

from ..wording import expected_found, shown
from . import load_output


def _cell(output: dict, src: dict):
    """The rebuilt-grid cell a field was read from (its top-left cell, or the merged cell covering it)."""
    t, row, col = src.get("table"), src.get("row"), src.get("col")
    tables = output.get("tables") or []
    if not isinstance(t, int) or not 0 <= t < len(tables) or row is None or col is None:
        return None, None
    table = tables[t]
    for c in table.get("cells") or []:
        if c.get("row") == row and c.get("col") == col:
            return table, c
    for c in table.get("cells") or []:
        if c["row"] <= row < c["row"] + c.get("row_span", 1) and c["col"] <= col < c["col"] + c.get("col_span", 1):
            return table, c
    return table, None


def close_keys(key: str, keys: list[str], n: int = 8) -> list[str]:
    close = difflib.get_close_matches(key, keys, n=n, cutoff=0.6)
    if len(close) < n:  # also keys sharing the row or column name (denied_x.total → requests.denied_x.*)
        parts = [p for p in key.split(".") if p]
        extra = [k for k in keys if k not in close and any(p in k.split(".") for p in parts[1:])]
        close += difflib.get_close_matches(key, extra, n=n - len(close), cutoff=0.0)
    return close


def explain(output: dict, key: str) -> dict | None:
    """Everything known about ``key`` in one output, or None when the key is unknown."""
    from ..validate.standalone import check

    fields = output.get("fields") or {}
    if key.startswith("metadata."):
        return _explain_metadata(output, key)
    if key not in fields:
        return None
    f = fields[key]
    src = f.get("source") or {}
    table, cell = _cell(output, src)
    findings = [x for x in check(output).findings if key in (x.get("keys") or []) or x.get("where") == key]
    return {
        "key": key, "value": f.get("value"), "text": f.get("text"), "unit": f.get("unit"),
        "page": src.get("page"), "bbox": src.get("bbox"), "locator": src.get("locator"),
        "table": src.get("table"), "row": src.get("row"), "col": src.get("col"),
        "table_role": table.get("role") if table else None,
        "cell_text": cell.get("text") if cell else None,
        "cell": {k: cell.get(k) for k in ("row", "col", "row_span", "col_span", "page", "bbox", "locator")} if cell else None,
        "method": f.get("method"), "confidence": f.get("confidence"),
        "findings": findings,
    }


def _explain_metadata(output: dict, key: str) -> dict | None:
    """A metadata value with its evidence (metadata_sources) and the findings about it."""
    meta = output.get("metadata") or {}
    name = key.split(".", 1)[1]
    if name not in meta:
        return None
    ev = (output.get("metadata_sources") or {}).get(name) or {}
    src = ev.get("source") or {}
    findings = [f for f in output.get("findings") or [] if isinstance(f, dict) and f.get("where") == key]
    return {"key": key, "value": meta[name], "text": ev.get("text"), "unit": None,
            "page": src.get("page"), "bbox": src.get("bbox"), "locator": src.get("locator"),
            "table": None, "method": ev.get("method"), "confidence": ev.get("confidence"), "findings": findings}


def absent_reason(output: dict, key: str) -> str | None:
    """Why a canonical key is not in an output's fields (None: not a canonical key, or present)."""
    from ..mapping.keys import key_info

    info = key_info(key)
    if info is None or key in (output.get("fields") or {}):
        return None
    table = f"table {info.table_number} ({info.table_title}, {info.table})"
    for f in output.get("findings") or []:
        if f.get("where") == info.table and f.get("rule") == "structure.table_not_rebuilt":
            return f"{table} is printed, but its cells could not be rebuilt, so none of its values were read"
        if f.get("where") == info.table and f.get("rule") == "structure.missing_table":
            return f"the document has no {table}"
    present = [key_info(k) for k in output.get("fields") or {} if k.startswith(info.table + ".")]
    printed = set.intersection(*(set(k.generations) for k in present if k)) if present else set()
    if not present:
        return f"no key of {table} is in this output"
    if printed and not printed & set(info.generations):
        return (f"the key belongs to the {'/'.join(info.generations)} layout of table {info.table_number}; "
                f"this document prints the {'/'.join(sorted(printed))} layout (see: report-extract keys)")
    return f"{table} was read, but this key is not among the keys its layout prints"


def _human(info: dict) -> str:
    if "text" not in info:
        return f"{info['key']} = {info['value']!r}"
    lines = [f"{info['key']} = {shown(info['value'])}" + (f" {info['unit']}" if info.get("unit") else "")]
    text = "(none: not read)" if info["text"] is None else (
        f"{shown(info['text'])} (prints nothing: value null, counted as 0 in arithmetic)" if info["value"] is None
        and not info["text"].strip() else shown(info["text"]))
    lines.append(f"  printed text : {text}")
    where = []
    if info["page"] is not None:
        where.append(f"page {info['page']}")
    if info["bbox"]:
        where.append("bbox [" + ", ".join(f"{v:g}" for v in info["bbox"]) + "] (PDF points, x0 top x1 bottom)")
    if info["locator"]:
        where.append(f"locator {info['locator']}")
    lines.append("  where        : " + ("; ".join(where) if where else "(no location)"))
    if info["table"] is not None:
        cell = f"tables[{info['table']}]" + (f" ({info['table_role']})" if info["table_role"] else "")
        cell += f" row {info['row']} col {info['col']}"
        c = info.get("cell")
        if c and (c.get("row_span", 1) > 1 or c.get("col_span", 1) > 1):
            cell += f" (merged cell at row {c['row']} col {c['col']}, spans {c['row_span']}x{c['col_span']})"
        lines.append(f"  table cell   : {cell}")
        lines.append(f"  cell text    : {shown(info['cell_text'])}" if info["cell_text"] is not None else "  cell text    : (no such cell in tables)")
    lines.append(f"  method       : {info['method']}  (confidence {info['confidence']})")
    if info["findings"]:
        lines.append(f"  findings     : {len(info['findings'])}")
        for x in info["findings"]:
            lines.append(f"    {x.get('severity')} {x.get('rule')} at {x.get('where')}"
                         + (f": {expected_found(x)}" if expected_found(x) else ""))
            if x.get("message"):
                lines.append(f"      {x['message']}")
    else:
        lines.append("  findings     : none involve this key")
    return "\n".join(lines)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("key")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def command(file: Path, key: str, fmt: str):
    """Explain one KEY of an output FILE.json: the printed text, page, bbox or locator,
    the table cell it was read from (and that cell's text), the method and confidence,
    and every finding (stored or recomputed) that involves the key.

    \b
    Exit status: 0 explained; 2 unknown key (close keys are listed), a canonical
    key FILE has no value for (why is said), or unreadable FILE.

    \b
    Example:
      report-extract explain out/hzq-2023.json review_litigation.review.total
    """
    output = load_output(file, "explain")
    info = explain(output, key)
    why = absent_reason(output, key) if info is None else None
    if why:
        click.echo(f"report-extract explain: {key} is a canonical key, but {file} has no value for it: {why}",
                   err=True)
        sys.exit(2)
    if info is None:
        from ..mapping.keys import all_keys

        keys = list(dict.fromkeys(list(output.get("fields") or {}) + [k.key for k in all_keys()]
                                  + [f"metadata.{k}" for k in output.get("metadata") or {}]))
        close = close_keys(key, keys)
        msg = f"report-extract explain: unknown key {key} in {file}"
        msg += (": close keys:\n  " + "\n  ".join(close)) if close else f" ({len(keys)} keys; none close)"
        click.echo(msg, err=True)
        sys.exit(2)
    if fmt == "json":
        sys.stdout.write(json.dumps(info, ensure_ascii=False, indent=2) + "\n")
    else:
        click.echo(_human(info))
