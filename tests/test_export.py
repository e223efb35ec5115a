"""Tests for `report-extract export` (issue 7): tidy CSV / Parquet tables of a batch folder."""
from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from report_extract.batch.export import DOCUMENT_COLUMNS, FIELD_COLUMNS, documents_path, export
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


def _docs(out: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json") if p.name != "summary.json"}


def test_csv_export(batch_dir, tmp_path):
    r = CliRunner().invoke(main, ["export", str(batch_dir), "--format", "csv", "-o", str(tmp_path / "f.csv")])
    assert r.exit_code == 0, r.output
    assert documents_path(tmp_path / "f.csv") == tmp_path / "f.documents.csv"
    with open(tmp_path / "f.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with open(tmp_path / "f.documents.csv", encoding="utf-8", newline="") as fh:
        docs = list(csv.DictReader(fh))
    assert list(rows[0]) == FIELD_COLUMNS and list(docs[0]) == DOCUMENT_COLUMNS
    outputs = _docs(batch_dir)
    assert sorted(d["document"] for d in docs) == sorted(outputs)
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

    ffile, dfile, nf, nd = export(batch_dir, "parquet", tmp_path / "fields.parquet")
    assert dfile == tmp_path / "fields.documents.parquet"
    fields, docs = pq.read_table(ffile), pq.read_table(dfile)
    assert fields.num_rows == nf and docs.num_rows == nd
    assert fields.schema.field("value").type == pa.float64()
    assert docs.schema.field("report_year").type == pa.int64()
    names = set(docs.column("document").to_pylist())
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
    assert "pip install 'report-extract[parquet]'" in r.output
    assert len(r.output.strip().splitlines()) == 1
    assert not (tmp_path / "f.parquet").exists()


def test_export_folder_without_manifest(batch_dir, tmp_path):
    from report_extract.batch.export import ExportError

    plain = tmp_path / "plain"
    plain.mkdir()
    for p in batch_dir.glob("*.json"):
        if p.name != "summary.json":
            shutil.copy(p, plain / p.name)
    _, _, nf, nd = export(plain, "csv", tmp_path / "x.csv")
    assert nd == len(_docs(batch_dir)) and nf > 0
    with pytest.raises(ExportError):
        export(tmp_path / "nothing-here", "csv", tmp_path / "y.csv")
