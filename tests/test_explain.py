"""``report-extract explain FILE.json KEY`` (issue 6)."""
from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from report_extract.commands.explain import close_keys, explain
from report_extract.pipeline import extract

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CLI = [sys.executable, "-m", "report_extract.cli"]


@functools.lru_cache(maxsize=None)
def _json(path: str) -> str:
    return json.dumps(extract(path).to_json(), ensure_ascii=False)


@pytest.fixture()
def pdf_json(tmp_path) -> tuple[Path, dict]:
    doc = FIXTURES / "pdf" / "rl-hybrid-blanks.pdf"
    if not doc.is_file():
        pytest.skip("PDF fixture rl-hybrid-blanks.pdf not present")
    p = tmp_path / "out.json"
    p.write_text(_json(str(doc)), encoding="utf-8")
    return p, json.loads(p.read_text(encoding="utf-8"))


@pytest.fixture()
def html_json(tmp_path) -> tuple[Path, dict]:
    p = tmp_path / "html.json"
    p.write_text(_json(str(FIXTURES / "html" / "html-gbk-hybrid.html")), encoding="utf-8")
    return p, json.loads(p.read_text(encoding="utf-8"))


def _run(*args) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + [str(a) for a in args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def _failing_total(out: dict) -> dict:
    errs = [f for f in out["findings"] if f["severity"] == "error"]
    assert errs, "fixture expected to print a wrong total"
    return errs[0]


def test_explain_pdf_value_with_its_finding(pdf_json):
    path, out = pdf_json
    bad = _failing_total(out)
    key = bad["where"]
    info = explain(out, key)
    f = out["fields"][key]
    assert info["text"] == f["text"] and info["value"] == f["value"]
    assert info["page"] == f["source"]["page"] and info["bbox"] == f["source"]["bbox"] and info["bbox"]
    assert info["cell_text"] == f["text"]  # the grid cell the value was read from prints the same text
    assert (info["table"], info["row"], info["col"]) == (f["source"]["table"], f["source"]["row"], f["source"]["col"])
    assert info["method"] == f["method"] and info["confidence"] == f["confidence"]
    assert any(x["rule"] == bad["rule"] and x["where"] == key for x in info["findings"])

    r = _run("explain", path, key)
    assert r.returncode == 0, r.stderr
    for piece in (key, f"page {f['source']['page']}", "bbox", f"tables[{f['source']['table']}]", bad["rule"],
                  f["method"], "cell text"):
        assert piece in r.stdout, piece


def test_explain_lists_findings_of_every_key_involved(pdf_json):
    _, out = pdf_json
    bad = _failing_total(out)
    part = next(k for k in bad["keys"] if k != bad["where"])
    assert any(x["rule"] == bad["rule"] for x in explain(out, part)["findings"])
    clean = next(k for k in out["fields"] if not any(k in (x.get("keys") or []) for x in out["findings"]))
    assert explain(out, clean)["findings"] == []


def test_explain_html_locator_and_json_format(html_json):
    path, out = html_json
    key = "requests.new_received.total"
    r = _run("explain", "--format", "json", path, key)
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["locator"] and info["locator"].startswith("/html")
    assert info["cell_text"] == out["fields"][key]["text"]
    assert info["page"] is None and info["bbox"] is None


def test_explain_unknown_key_lists_close_keys(html_json):
    path, _ = html_json
    r = _run("explain", path, "requests.new_recieved.totl")
    assert r.returncode == 2
    assert "unknown key" in r.stderr and "requests.new_received.total" in r.stderr


def test_explain_unreadable_file_exits_2(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("[1, 2", encoding="utf-8")
    r = _run("explain", bad, "requests.new_received.total")
    assert r.returncode == 2 and "cannot read" in r.stderr


def test_explain_metadata_key(html_json):
    _, out = html_json
    assert explain(out, "metadata.report_year")["value"] == out["metadata"]["report_year"]


def test_close_keys():
    keys = ["requests.granted.total", "requests.granted.natural_person", "review_litigation.review.total"]
    assert close_keys("requests.granted.totl", keys)[0] == "requests.granted.total"
