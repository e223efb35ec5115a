"""Every fixture document, every field: extracted values equal the truth file."""
import json

import pytest

from conftest import fixture_documents, load_truth
from report_extract.report import dumps
from report_extract.schema import errors as schema_errors
from scoring import misses, unsourced

DOCS = fixture_documents()


def test_there_are_fixtures_of_every_text_format():
    suffixes = {d.suffix for d in DOCS}
    assert {".html", ".txt"} <= suffixes
    assert len([d for d in DOCS if d.suffix in (".html", ".txt")]) >= 8


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_field_matches_truth(doc, extracted):
    out = extracted(doc)
    assert misses(load_truth(doc), out) == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_value_is_sourced(doc, extracted):
    assert unsourced(load_truth(doc), extracted(doc)) == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_output_validates_against_schema(doc, extracted):
    assert schema_errors(extracted(doc)) == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_no_key_is_invented(doc, extracted):
    """Keys of the output are exactly the keys the printed layout has (truth lists them all)."""
    truth = load_truth(doc)
    truth_keys = {k for k in truth if not k.startswith(("_", "metadata."))} | set(truth.get("_past_cut", []))
    assert set(extracted(doc)["fields"]) == truth_keys


@pytest.mark.parametrize("doc", [d for d in DOCS if d.suffix in (".html", ".txt")][:4], ids=lambda p: p.name)
def test_same_input_same_bytes(doc):
    from report_extract import extract

    assert extract(doc).dumps() == extract(doc).dumps()


def test_printed_text_kept_and_source_points_at_it(extracted):
    """An auditor following source finds the printed text: the cell at (table,row,col) prints it."""
    doc = next(d for d in DOCS if d.name == "html-split-2021.html")
    out = extracted(doc)
    for key, f in out["fields"].items():
        if f["text"] is None:
            continue
        src = f["source"]
        cells = out["tables"][src["table"]]["cells"]
        cell = next(c for c in cells if c["row"] == src["row"] and c["col"] == src["col"])
        assert cell["text"] == f["text"], key
        assert cell["locator"] == src["locator"]


def test_dumps_is_stable_json():
    assert dumps({"b": 1, "a": "中"}) == '{\n  "b": 1,\n  "a": "中"\n}\n'
    json.loads(dumps({"x": [1, 2]}))


def _one_per_format():
    seen = {}
    for d in DOCS:
        seen.setdefault(d.suffix, d)
    return list(seen.values())


@pytest.mark.parametrize("doc", _one_per_format(), ids=lambda p: p.name)
def test_same_bytes_across_processes_and_hash_seeds(doc, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).parent / "report-extract"
    outs = []
    for seed in ("1", "2"):
        target = tmp_path / f"{seed}.json"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([str(exe), "extract", str(doc), "-o", str(target)], check=True, env=env)
        outs.append(target.read_bytes())
    assert outs[0] == outs[1]
