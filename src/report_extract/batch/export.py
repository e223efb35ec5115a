"""Export a batch output folder as tidy tables (CSV or Parquet) for pandas / DuckDB.

Two tables:

* fields: one row per (document, key): value, printed text, unit, page, bbox,
  confidence, locator, method, and the rebuilt-table cell it came from;
* documents: one row per document: source facts, metadata, status and counts.

``document`` (the output JSON's file name) joins the two.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterator

from . import manifest as mf

FIELD_COLUMNS = ["document", "key", "table", "value", "text", "unit", "page", "confidence", "locator", "method",
                 "source_table", "source_row", "source_col", "bbox_x0", "bbox_top", "bbox_x1", "bbox_bottom"]
DOCUMENT_COLUMNS = ["document", "path", "sha256", "format", "bytes", "pages", "status", "error_kind",
                    "error_message", "agency", "report_year", "generation", "title", "publish_date", "signed_date",
                    "source_site", "n_fields", "n_values", "n_findings", "n_findings_error", "n_errors",
                    "n_tables", "extractor_version", "schema_version"]
# Parquet types (pyarrow type names); CSV leaves typing to the reader
FIELD_TYPES = {"value": "float64", "page": "int64", "confidence": "float64", "source_table": "int64",
               "source_row": "int64", "source_col": "int64", "bbox_x0": "float64", "bbox_top": "float64",
               "bbox_x1": "float64", "bbox_bottom": "float64"}
DOCUMENT_TYPES = {"bytes": "int64", "pages": "int64", "report_year": "int64", "n_fields": "int64",
                  "n_values": "int64", "n_findings": "int64", "n_findings_error": "int64", "n_errors": "int64",
                  "n_tables": "int64"}


class ExportError(Exception):
    pass


def documents_path(file: Path) -> Path:
    """fields.csv -> fields.documents.csv; fields.parquet -> fields.documents.parquet."""
    return file.with_name(f"{file.stem}.documents{file.suffix or ''}")


def _outputs(outdir: Path) -> Iterator[tuple[str, dict | None]]:
    """(output name, manifest record or None) for every document JSON of the folder, sorted."""
    records = mf.read_manifest(outdir)
    listed: dict[str, dict | None]
    if records:
        listed = {r["output"]: r for r in records.values() if r.get("output")}
    else:  # a folder of JSON files without a manifest (e.g. made by `extract -o`)
        listed = {p.name: None for p in outdir.glob("*.json") if p.name != mf.SUMMARY}
    if not listed and not (outdir / mf.MANIFEST).exists():
        raise ExportError(f"{outdir}: no manifest.jsonl and no JSON documents")
    for name in sorted(listed):
        yield name, listed[name]


def rows(outdir: str | Path) -> tuple[list[dict], list[dict]]:
    """(field rows, document rows) of a batch output folder."""
    outdir = Path(outdir)
    if not outdir.is_dir():
        raise ExportError(f"{outdir}: not a folder")
    frows: list[dict] = []
    drows: list[dict] = []
    for name, rec in _outputs(outdir):
        p = outdir / name
        try:
            doc = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ExportError(f"{p}: not readable as a document JSON ({e})") from None
        src, meta = doc.get("source") or {}, doc.get("metadata") or {}
        fields = doc.get("fields") or {}
        findings, errors = doc.get("findings") or [], doc.get("errors") or []
        rec = rec or {}
        status = rec.get("status") or ("error" if errors and not fields and not doc.get("tables") else "ok")
        first_error = errors[0] if errors else {}
        drows.append({
            "document": name, "path": src.get("path"), "sha256": src.get("sha256"),
            "format": src.get("format") or rec.get("format"), "bytes": src.get("bytes"), "pages": src.get("pages"),
            "status": status,
            "error_kind": rec.get("error_kind") if rec else (
                first_error.get("kind") if status == "error" else None),
            "error_message": rec.get("error_message") if rec else (
                first_error.get("message") if status == "error" else None),
            **{k: meta.get(k) for k in ("agency", "report_year", "generation", "title", "publish_date",
                                        "signed_date", "source_site")},
            "n_fields": len(fields), "n_values": sum(1 for f in fields.values() if f.get("value") is not None),
            "n_findings": len(findings), "n_findings_error": sum(1 for f in findings if f.get("severity") == "error"),
            "n_errors": len(errors), "n_tables": len(doc.get("tables") or []),
            "extractor_version": (doc.get("extractor") or {}).get("version"),
            "schema_version": doc.get("schema_version"),
        })
        for key, f in fields.items():
            s = f.get("source") or {}
            bbox = s.get("bbox") or [None] * 4
            frows.append({
                "document": name, "key": key, "table": key.split(".", 1)[0], "value": f.get("value"),
                "text": f.get("text"), "unit": f.get("unit"), "page": s.get("page"),
                "confidence": f.get("confidence"), "locator": s.get("locator"), "method": f.get("method"),
                "source_table": s.get("table"), "source_row": s.get("row"), "source_col": s.get("col"),
                "bbox_x0": bbox[0], "bbox_top": bbox[1], "bbox_x1": bbox[2], "bbox_bottom": bbox[3],
            })
    return frows, drows


def _csv_text(table: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for r in table:
        w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in columns})
    return buf.getvalue()


def _arrow_table(table: list[dict], columns: list[str], types: dict[str, str]):
    import pyarrow as pa

    fields = []
    for c in columns:
        t = types.get(c, "string")
        if c == "value" and any(isinstance(r.get(c), str) for r in table):
            t = "string"  # values are numbers; keep anything else rather than fail
        fields.append(pa.field(c, {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}[t]))
    schema = pa.schema(fields)
    data = {}
    for f in fields:
        col = [r.get(f.name) for r in table]
        if f.type == pa.float64():
            col = [None if v is None else float(v) for v in col]
        elif f.type == pa.string():
            col = [None if v is None else str(v) for v in col]
        data[f.name] = col
    return pa.table(data, schema=schema)


def export(outdir: str | Path, fmt: str, file: str | Path) -> tuple[Path, Path, int, int]:
    """Write the fields table to ``file`` and the documents table next to it; returns
    (fields file, documents file, field rows, document rows)."""
    file = Path(file)
    frows, drows = rows(outdir)
    dfile = documents_path(file)
    if fmt == "csv":
        mf.write_durable(file, _csv_text(frows, FIELD_COLUMNS))
        mf.write_durable(dfile, _csv_text(drows, DOCUMENT_COLUMNS))
    elif fmt == "parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise ExportError("parquet export needs pyarrow: pip install 'report-extract[parquet]'") from None
        for path, tbl in ((file, _arrow_table(frows, FIELD_COLUMNS, FIELD_TYPES)),
                          (dfile, _arrow_table(drows, DOCUMENT_COLUMNS, DOCUMENT_TYPES))):
            sink = io.BytesIO()
            pq.write_table(tbl, sink, compression="zstd")
            mf.write_durable(path, sink.getvalue())
    else:
        raise ExportError(f"unknown format {fmt!r}: csv or parquet")
    return file, dfile, len(frows), len(drows)
