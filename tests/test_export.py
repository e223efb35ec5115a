"""Tests for `report-extract export` (issue 7): tidy CSV / Parquet tables of a batch folder."""
from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from report_extract.batch.export import (DOCUMENT_COLUMNS, FIELD_COLUMNS, FINDING_COLUMNS, ExportError,
                                         documents_path, export)
from report_extract.batch.runner import run_batch
from report_extract.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("export")
    src = tmp / "in"
    src.mkdir()
    docs = []
    for fmt in ("html", "txt"):
        d = ROOT / "fixtures" / fmt
        if d.is_dir():
            docs += [p for p in sorted(d.iterdir()) if p.suffix in (".html", ".txt")][:2]
    if not docs:
        pytest.skip("no html/txt fixtures")
    for p in docs:
        shutil.copy(p, src / p.name)
    (src / "empty.txt").write_bytes(b"")  # an error document: in the documents table, no field rows
    (src / "notes.xyz").write_text("skipped")  # skipped: no output, not exported
    out = tmp / "out"
    run_batch([src], out, workers=2)
    return out


def _csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _docs(out: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json") if p.name != "summary.json"}


def test_csv_export(batch_dir, tmp_path):
    r = CliRunner().invoke(main, ["export", str(batch_dir), "--format", "csv", "-o", str(tmp_path / "f.csv")])
    assert r.exit_code == 0, r.output
    assert documents_path(tmp_path / "f.csv") == tmp_path / "f.documents.csv"
    rows, docs = _csv(tmp_path / "f.csv"), _csv(tmp_path / "f.documents.csv")
    assert list(rows[0]) == FIELD_COLUMNS and list(docs[0]) == DOCUMENT_COLUMNS
    outputs = _docs(batch_dir)
    assert sorted(d["document"] for d in docs if d["document"]) == sorted(outputs)
    assert len(rows) == sum(len(o["fields"]) for o in outputs.values())
    # one row per (document, key), with what the JSON says
    seen = set()
    for row in rows:
        key = (row["document"], row["key"])
        assert key not in seen
        seen.add(key)
        f = outputs[row["document"]]["fields"][row["key"]]
        assert row["text"] == (f["text"] or "")
        assert row["method"] == f["method"]
        assert (float(row["value"]) if row["value"] else None) == (None if f["value"] is None else float(f["value"]))
    status = {d["document"]: d["status"] for d in docs}
    assert sorted(status.values()).count("error") == 1
    err = next(d for d in docs if d["status"] == "error")
    assert err["error_kind"] == "empty" and err["n_fields"] == "0"


def test_parquet_export_joins(batch_dir, tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    ffile, dfile, _, nf, nd, _ = export(batch_dir, "parquet", tmp_path / "fields.parquet")
    assert dfile == tmp_path / "fields.documents.parquet"
    fields, docs = pq.read_table(ffile), pq.read_table(dfile)
    assert fields.num_rows == nf and docs.num_rows == nd
    assert fields.schema.field("value").type == pa.float64()
    assert docs.schema.field("report_year").type == pa.int64()
    names = set(docs.column("document").to_pylist()) - {None}
    assert set(fields.column("document").to_pylist()) <= names
    try:
        import pandas as pd
    except ImportError:
        return
    f, d = pd.read_parquet(ffile), pd.read_parquet(dfile)
    joined = f.merge(d, on="document", how="left")
    assert len(joined) == len(f) and joined["path"].notna().all()


def test_parquet_without_pyarrow_says_so(batch_dir, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    r = CliRunner().invoke(main, ["export", str(batch_dir), "--format", "parquet", "-o", str(tmp_path / "f.parquet")])
    assert r.exit_code == 1
    assert "pip install -e '.[parquet]'" in r.output  # works from the checkout (the package is on no index)
    assert len(r.output.strip().splitlines()) == 1
    assert not (tmp_path / "f.parquet").exists()


def test_export_folder_without_manifest(batch_dir, tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    for p in batch_dir.glob("*.json"):
        if p.name != "summary.json":
            shutil.copy(p, plain / p.name)
    done = export(plain, "csv", tmp_path / "x.csv")
    assert done.n_documents == len(_docs(batch_dir)) and done.n_fields > 0
    with pytest.raises(ExportError):
        export(tmp_path / "nothing-here", "csv", tmp_path / "y.csv")


# --------------------------------------------------------------------------- first use (issue 14)

def test_csv_opens_in_excel_with_a_bom_and_no_bom_on_request(batch_dir, tmp_path):
    export(batch_dir, "csv", tmp_path / "f.csv")
    for name in ("f.csv", "f.documents.csv", "f.findings.csv"):
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), name  # Excel reads UTF-8 only with the mark
    agencies = {d["agency"] for d in _csv(tmp_path / "f.documents.csv") if d["agency"]}
    assert agencies and agencies == {o["metadata"]["agency"] for o in _docs(batch_dir).values()} - {None}
    r = CliRunner().invoke(main, ["export", str(batch_dir), "-o", str(tmp_path / "plain.csv"), "--no-bom"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "plain.csv").read_bytes().startswith(b"document,")


def test_no_column_is_an_sql_keyword(batch_dir, tmp_path):
    assert "table" not in FIELD_COLUMNS and "table_role" in FIELD_COLUMNS
    rows = _csv(export(batch_dir, "csv", tmp_path / "f.csv").fields_file)
    assert {r["table_role"] for r in rows} <= {"proactive", "requests", "review_litigation"}
    assert all(r["key"].startswith(r["table_role"] + ".") for r in rows)


def test_findings_table_lists_every_finding(batch_dir, tmp_path):
    done = export(batch_dir, "csv", tmp_path / "f.csv")
    assert done.findings_file == tmp_path / "f.findings.csv"
    rows = _csv(done.findings_file)
    assert list(rows[0]) == FINDING_COLUMNS
    outputs = _docs(batch_dir)
    want = sorted((name, f["rule"], f["where"]) for name, o in outputs.items() for f in o["findings"])
    assert sorted((r["document"], r["rule"], r["where"]) for r in rows) == want
    errors = [r for r in rows if r["severity"] == "error"]
    assert errors, "the gbk hybrid fixture breaks arithmetic: its error findings are exported"
    for r in errors:
        f = next(f for f in outputs[r["document"]]["findings"] if (f["rule"], f["where"]) == (r["rule"], r["where"]))
        assert float(r["expected"]) == f["expected"] and float(r["found"]) == f["found"]


def test_skipped_and_missing_inputs_are_in_the_documents_table(batch_dir, tmp_path):
    docs = _csv(export(batch_dir, "csv", tmp_path / "f.csv").documents_file)
    skipped = [d for d in docs if d["status"] == "skipped"]
    assert [d["file_name"] for d in skipped] == ["notes.xyz"]
    assert skipped[0]["document"] == "" and skipped[0]["error_kind"] == "unsupported_extension"
    assert skipped[0]["path"].endswith("/in/notes.xyz")
