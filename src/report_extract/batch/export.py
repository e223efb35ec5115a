"""Export a batch output folder as tidy tables (CSV or Parquet) for pandas / DuckDB.

Three tables:

* fields: one row per (document, key): value, printed text, unit, page, bbox,
  confidence, locator, method, and the rebuilt-table cell it came from;
* documents: one row per input of the manifest: source facts, metadata, status
  and counts; inputs without a document (skipped, missing) too, with an empty
  ``document``;
* findings: one row per (document, finding): rule, severity, where, expected, found.

``document`` (the output JSON's file name) joins them. CSV is written as UTF-8
with a byte-order mark by default, so that Excel shows the Chinese text
(pandas, DuckDB and csv with ``utf-8-sig`` read it as usual).
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterator, NamedTuple, Optional

from ..outcome import status_of
from . import manifest as mf

FIELD_COLUMNS = ["document", "key", "table_role", "value", "text", "unit", "page", "confidence", "locator", "method",
                 "source_table", "source_row", "source_col", "bbox_x0", "bbox_top", "bbox_x1", "bbox_bottom"]
DOCUMENT_COLUMNS = ["document", "path", "file_name", "sha256", "format", "bytes", "pages", "status", "error_kind",
                    "error_message", "agency", "report_year", "generation", "title", "publish_date", "signed_date",
                    "source_site", "n_fields", "n_values", "n_findings", "n_findings_error", "n_errors",
                    "n_tables", "extractor_version", "schema_version"]
# Parquet types (pyarrow type names); CSV leaves typing to the reader
FIELD_TYPES = {"value": "float64", "page": "int64", "confidence": "float64", "source_table": "int64",
               "source_row": "int64", "source_col": "int64", "bbox_x0": "float64", "bbox_top": "float64",
               "bbox_x1": "float64", "bbox_bottom": "float64"}
FINDING_COLUMNS = ["document", "rule", "severity", "where", "column", "expected", "found", "keys", "message"]
FINDING_TYPES = {"expected": "float64", "found": "float64"}
DOCUMENT_TYPES = {"bytes": "int64", "pages": "int64", "report_year": "int64", "n_fields": "int64",
                  "n_values": "int64", "n_findings": "int64", "n_findings_error": "int64", "n_errors": "int64",
                  "n_tables": "int64"}


class ExportError(Exception):
    pass


class Exported(NamedTuple):
    fields_file: Path
    documents_file: Path
    findings_file: Path
    n_fields: int
    n_documents: int
    n_findings: int


def companion(file: Path, table: str) -> Path:
    """fields.csv -> fields.documents.csv; fields.parquet -> fields.findings.parquet."""
    return file.with_name(f"{file.stem}.{table}{file.suffix or ''}")


def documents_path(file: Path) -> Path:
    return companion(file, "documents")


def _inputs(outdir: Path) -> Iterator[tuple[Optional[str], dict]]:
    """(output name or None, manifest record) for every input of the folder, sorted by path;
    without a manifest (JSON made by ``extract -o``), every ``*.json`` of the folder and no record."""
    records = mf.read_manifest(outdir)
    if records:
        for path in sorted(records):
            yield records[path].get("output"), records[path]
    elif not (outdir / mf.MANIFEST).exists():
        for p in sorted(outdir.glob("*.json")):
            yield p.name, {}


def _document_row(name: Optional[str], rec: dict, doc: dict) -> dict:
    src, meta = doc.get("source") or {}, doc.get("metadata") or {}
    fields, findings, errors = doc.get("fields") or {}, doc.get("findings") or [], doc.get("errors") or []
    status = rec.get("status") or status_of(doc)
    first_error = errors[0] if errors and status == "error" else {}
    path = rec.get("path") or src.get("path")
    return {
        "document": name, "path": path, "file_name": Path(path).name if path else None,
        "sha256": rec.get("sha256") or src.get("sha256"), "format": src.get("format") or rec.get("format"),
        "bytes": src.get("bytes") or rec.get("bytes"), "pages": src.get("pages"), "status": status,
        "error_kind": rec.get("error_kind") if rec else first_error.get("kind"),
        "error_message": rec.get("error_message") if rec else first_error.get("message"),
        **{k: meta.get(k) for k in ("agency", "report_year", "generation", "title", "publish_date",
                                    "signed_date", "source_site")},
        "n_fields": len(fields), "n_values": sum(1 for f in fields.values() if f.get("value") is not None),
        "n_findings": len(findings), "n_findings_error": sum(1 for f in findings if f.get("severity") == "error"),
        "n_errors": len(errors), "n_tables": len(doc.get("tables") or []),
        "extractor_version": (doc.get("extractor") or {}).get("version") or rec.get("extractor_version"),
        "schema_version": doc.get("schema_version"),
    }


def _field_rows(name: str, doc: dict) -> list[dict]:
    out = []
    for key, f in (doc.get("fields") or {}).items():
        s = f.get("source") or {}
        bbox = s.get("bbox") or [None] * 4
        out.append({
            "document": name, "key": key, "table_role": key.split(".", 1)[0], "value": f.get("value"),
            "text": f.get("text"), "unit": f.get("unit"), "page": s.get("page"),
            "confidence": f.get("confidence"), "locator": s.get("locator"), "method": f.get("method"),
            "source_table": s.get("table"), "source_row": s.get("row"), "source_col": s.get("col"),
            "bbox_x0": bbox[0], "bbox_top": bbox[1], "bbox_x1": bbox[2], "bbox_bottom": bbox[3],
        })
    return out


def _finding_rows(name: str, doc: dict) -> list[dict]:
    return [{"document": name, **{k: f.get(k) for k in FINDING_COLUMNS[1:] if k != "keys"},
             "keys": " ".join(f.get("keys") or [])} for f in doc.get("findings") or [] if isinstance(f, dict)]


def rows(outdir: str | Path) -> tuple[list[dict], list[dict], list[dict]]:
    """(field rows, document rows, finding rows) of a batch output folder."""
    outdir = Path(outdir)
    if not outdir.is_dir():
        raise ExportError(f"{outdir}: not a folder")
    frows: list[dict] = []
    drows: list[dict] = []
    xrows: list[dict] = []
    from ..validate.standalone import not_a_document

    for name, rec in _inputs(outdir):
        doc: dict = {}
        if name:
            p = outdir / name
            try:
                doc = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                raise ExportError(f"{p}: not readable as a document JSON ({e})") from None
            if not rec and not_a_document(doc):  # no manifest: a summary.json or other JSON
                continue
        drows.append(_document_row(name, rec, doc))
        if name:
            frows += _field_rows(name, doc)
            xrows += _finding_rows(name, doc)
    if not drows and not (outdir / mf.MANIFEST).exists():
        raise ExportError(f"{outdir}: no manifest.jsonl and no JSON documents")
    return frows, drows, xrows


def _csv_text(table: list[dict], columns: list[str], bom: bool) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for r in table:
        w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in columns})
    return ("\ufeff" if bom else "") + buf.getvalue()


def _arrow_table(table: list[dict], columns: list[str], types: dict[str, str]):
    import pyarrow as pa

    fields = []
    for c in columns:
        t = types.get(c, "string")
        if t == "float64" and any(isinstance(r.get(c), str) for r in table):
            t = "string"  # values are numbers; keep anything else (a hand-edited value) rather than fail
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


def export(outdir: str | Path, fmt: str, file: str | Path, *, bom: bool = True) -> Exported:
    """Write the fields table to ``file`` and the documents and findings tables next to it."""
    file = Path(file)
    frows, drows, xrows = rows(outdir)
    tables = ((file, frows, FIELD_COLUMNS, FIELD_TYPES),
              (companion(file, "documents"), drows, DOCUMENT_COLUMNS, DOCUMENT_TYPES),
              (companion(file, "findings"), xrows, FINDING_COLUMNS, FINDING_TYPES))
    if fmt == "csv":
        for path, table, columns, _ in tables:
            mf.write_durable(path, _csv_text(table, columns, bom))
    elif fmt == "parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise ExportError("parquet export needs pyarrow; from the checkout: pip install -e '.[parquet]' "
                              "(or pip install pyarrow)") from None
        for path, table, columns, types in tables:
            sink = io.BytesIO()
            pq.write_table(_arrow_table(table, columns, types), sink, compression="zstd")
            mf.write_durable(path, sink.getvalue())
    else:
        raise ExportError(f"unknown format {fmt}: csv or parquet")
    return Exported(tables[0][0], tables[1][0], tables[2][0], len(frows), len(drows), len(xrows))
