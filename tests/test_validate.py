"""Findings (issue 6): §4 arithmetic, structural findings, the narrative cross-check, ``validate``.

Ground truth: fixtures/<format>/*.json next to each fixture document (their
``_findings`` list the arithmetic failures the printed numbers break) and,
when ../shared is present, the real-report corpus.
"""
from __future__ import annotations

import copy
import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import need, needs
from report_extract.pipeline import extract
from report_extract.validate.crosscheck import crosscheck_output, narrative_crosscheck, statements
from report_extract.validate.rules import arithmetic, values_of
from report_extract.validate.standalone import check, check_file, recompute

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"
ARTIFACTS = ROOT / "tests" / "artifacts"
DOC_EXT = {".html", ".htm", ".txt", ".docx", ".doc", ".wps", ".pdf"}
CLI = [sys.executable, "-m", "report_extract.cli"]


def _truth_docs(folder: Path) -> list[tuple[Path, Path]]:
    """(document, truth JSON) pairs: a truth file next to a document of the same stem."""
    out = []
    for truth in sorted(folder.glob("*.json")):
        docs = [p for p in truth.parent.glob(truth.stem + ".*") if p.suffix.lower() in DOC_EXT]
        if docs:
            out.append((docs[0], truth))
    return out


# scans (OCR may misread, and then rightly fail a sum) are checked in tests/test_ocr.py
FIXTURE_DOCS = [pair for sub in sorted(FIXTURES.glob("*")) if sub.is_dir() and sub.name != "scanned"
                for pair in _truth_docs(sub)]


def _truth_values(truth: dict) -> dict:
    vals = {}
    for k, v in truth.items():
        if k.startswith("_") or k.startswith("metadata."):
            continue
        vals[k] = v["any_of"][0] if isinstance(v, dict) and "any_of" in v else v
    return vals


def _same_value(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 1e-4
    return a == b


def _ident(f: dict, with_column: bool = True) -> tuple:
    return (f["rule"], f["where"], f.get("column") if with_column else None, json.dumps(f.get("expected")),
            json.dumps(f.get("found")))


def _errors(findings) -> list[dict]:
    fs = [f.to_json() if hasattr(f, "to_json") else f for f in findings]
    return [f for f in fs if f.get("severity") == "error"]


def _want(truth: dict) -> list[dict]:
    return list(truth.get("_findings") or [])


def _match(got: list[dict], want: list[dict]) -> tuple[list, list]:
    """(missing, extra) comparing rule/where/expected/found, and column where the truth gives one."""
    got_ids = [_ident(g) for g in got]
    got_nocol = [_ident(g, False) for g in got]
    missing = [w for w in want if (_ident(w) not in got_ids if "column" in w else _ident(w, False) not in got_nocol)]
    want_keys = {_ident(w, False) for w in want}
    extra = [g for g in got if _ident(g, False) not in want_keys]
    return missing, extra


@functools.lru_cache(maxsize=None)
def _output(path: str) -> dict:
    """Extract once per test session; the JSON is also kept under tests/artifacts/outputs/."""
    out = extract(path).to_json()
    d = ARTIFACTS / "outputs"
    d.mkdir(parents=True, exist_ok=True)
    (d / (Path(path).stem + ".json")).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


# ---------------------------------------------------------------- the rules themselves


def _requests_values(rows: dict[str, list]) -> dict:
    cols = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
            "legal_service_org", "other_org", "total"]
    return {f"requests.{r}.{c}": v for r, vs in rows.items() for c, v in zip(cols, vs)}


BALANCED = {
    "new_received": [5, 1, 0, 0, 0, 0, 6],
    "carried_over": [1, 0, 0, 0, 0, 0, 1],
    "granted": [3, 1, 0, 0, 0, 0, 4],
    "unavailable_not_held": [2, 0, 0, 0, 0, 0, 2],
    "other_handling": [0, 0, 0, 0, 0, 0, 0],
    "total_processed": [5, 1, 0, 0, 0, 0, 6],
    "carried_forward": [1, 0, 0, 0, 0, 0, 1],
}


def test_balanced_table_has_no_finding():
    assert arithmetic(_requests_values(BALANCED)) == []


def test_each_rule_names_rule_where_expected_found_keys():
    rows = copy.deepcopy(BALANCED)
    rows["carried_forward"][6] = 2  # balance breaks in column total
    rows["granted"][6] = 5  # row total breaks, and results in column total
    got = {(f.rule, f.where): f for f in arithmetic(_requests_values(rows))}
    bal = got[("requests.balance", "requests.total_processed.total")]
    assert (bal.expected, bal.found, bal.column, bal.severity) == (5, 6, "total", "error")
    assert "requests.carried_forward.total" in bal.keys
    row = got[("requests.row_total", "requests.granted.total")]
    assert (row.expected, row.found) == (4, 5) and "requests.granted.natural_person" in row.keys
    res = got[("requests.results", "requests.total_processed.total")]
    assert (res.expected, res.found) == (7, 6)
    assert ("requests.row_total", "requests.carried_forward.total") in got  # its own row no longer sums
    assert len(got) == 4


def test_review_litigation_group_total():
    vals = {f"review_litigation.{g}.{c}": 0 for g in ("review", "litigation_direct", "litigation_after_review")
            for c in ("upheld", "corrected", "other", "pending", "total")}
    vals.update({"review_litigation.review.upheld": 2, "review_litigation.review.pending": 1,
                 "review_litigation.review.total": 2})
    (f,) = arithmetic(vals)
    assert (f.rule, f.where, f.expected, f.found) == ("review_litigation.total", "review_litigation.review.total", 3, 2)


def test_null_counts_as_zero_and_the_finding_says_so():
    rows = copy.deepcopy(BALANCED)
    rows["granted"][6] = None  # a blank 总计 cell where the applicants sum to 4
    rows["other_handling"] = [None] * 7  # a blank row: 0, no finding of its own
    fs = arithmetic(_requests_values(rows))
    row = [f for f in fs if f.rule == "requests.row_total"]
    assert len(row) == 1 and row[0].where == "requests.granted.total" and row[0].found is None
    assert row[0].expected == 4 and "counts as 0" in row[0].message
    res = [f for f in fs if f.rule == "requests.results"]
    assert [(f.where, f.expected, f.found) for f in res] == [("requests.total_processed.total", 2, 6)]


def test_unread_key_skips_the_sum_instead_of_guessing():
    vals = _requests_values(BALANCED)
    del vals["requests.granted.total"]  # method "missing": left out by values_of
    assert [f.rule for f in arithmetic(vals)] == []


def test_values_of_leaves_out_missing_keys():
    out = {"fields": {"requests.granted.total": {"value": None, "method": "missing"},
                      "requests.granted.other_org": {"value": None, "method": "table3"}}}
    assert values_of(out) == {"requests.granted.other_org": None}


def test_printed_numbers_are_never_changed():
    vals = _requests_values({**BALANCED, "total_processed": [5, 1, 0, 0, 0, 0, 9]})
    before = dict(vals)
    arithmetic(vals)
    assert vals == before


# ---------------------------------------------------------------- fixtures: truth and extraction


@pytest.mark.parametrize("doc,truth", FIXTURE_DOCS, ids=[d.name for d, _ in FIXTURE_DOCS])
def test_rules_on_fixture_truth_reproduce_truth_findings(doc, truth):
    t = json.loads(truth.read_text(encoding="utf-8"))
    missing, extra = _match(_errors(arithmetic(_truth_values(t))), _want(t))
    assert not missing and not extra, (missing, extra)


@pytest.mark.parametrize("doc,truth", FIXTURE_DOCS, ids=[d.name for d, _ in FIXTURE_DOCS])
def test_fixture_output_findings_match_truth(doc, truth):
    """Extracted output: its arithmetic findings are the truth's ``_findings`` (none where it lists none)."""
    from report_extract.model import ReaderError
    from report_extract.readers.word.legacy import find_soffice

    t = json.loads(truth.read_text(encoding="utf-8"))
    if doc.suffix in (".doc", ".wps") and find_soffice() is None:  # LibreOffice is optional: its error, exactly
        with pytest.raises(ReaderError) as e:
            _output(str(doc))
        assert e.value.kind == "missing_program"
        return
    out = _output(str(doc))
    got = _errors(out["findings"])
    missing, extra = _match(got, _want(t))
    if missing or extra:
        truth_vals = _truth_values(t)
        wrong = sorted(k for k, v in truth_vals.items() if not _same_value(out["fields"].get(k, {}).get("value"), v))
        pytest.fail(f"{doc.name}: findings differ from truth (missing {missing}, extra {extra}); "
                    f"keys extracted differently from truth: {wrong[:10]}")
    # and every finding recomputed from the JSON alone is the stored one
    assert {_ident(f) for f in _errors(recompute(out))} == {_ident(f) for f in got}


def test_structural_findings_of_the_mapping():
    """A document with no tables gets one structure.* finding per table and no keys of them."""
    from report_extract.pipeline import build_report
    from report_extract.model import Document, Paragraph

    doc = Document(path="synthetic.txt", format="txt", blocks=[Paragraph(text="示例县2023年政府信息公开工作年度报告"),
                                         Paragraph(text="一、总体情况"), Paragraph(text="本年度工作平稳推进。")])
    rep = build_report(doc, Path("synthetic.txt")).to_json()
    assert rep["fields"] == {}
    rules = {(f["rule"], f["where"]) for f in rep["findings"]}
    for role in ("proactive", "requests", "review_litigation"):
        assert ("structure.missing_table", role) in rules


def test_structural_findings_recomputed_from_json():
    out = copy.deepcopy(_output(str(FIXTURES / "html" / "html-plain-2021.html")))
    out["findings"] = []
    for k in [k for k in out["fields"] if k.startswith("review_litigation.")]:
        del out["fields"][k]
    out["fields"]["requests.granted.total"].update(value=None, text=None, method="missing", confidence=0.0)
    out["tables"][0]["role_confidence"] = 0.55
    got = {(f["rule"], f["where"]) for f in check(out).findings}
    assert ("structure.missing_table", "review_litigation") in got
    assert ("structure.missing_value", "requests.granted.total") in got
    assert ("structure.low_confidence_table", "tables[0]") in got


# ---------------------------------------------------------------- the narrative cross-check


def _sections(*paragraphs: str) -> list[dict]:
    return [{"id": "overview", "heading": "一、总体情况",
             "paragraphs": [{"text": p, "label": "other", "confidence": 1.0, "source": {}} for p in paragraphs]}]


RL = {f"review_litigation.{g}.{c}": 0 for g in ("review", "litigation_direct", "litigation_after_review")
      for c in ("upheld", "corrected", "other", "pending", "total")}


def test_crosscheck_warns_when_text_and_table_differ():
    vals = {"requests.new_received.total": 95, "requests.carried_over.total": 0, "requests.total_processed.total": 95}
    (f,) = narrative_crosscheck(_sections("2024年，本机关受理政府信息公开申请17件，均已按时答复。"), vals, 2024)
    assert (f.rule, f.severity, f.where, f.expected, f.found) == (
        "narrative.crosscheck", "warning", "requests.new_received.total", 95, 17)
    assert "17" in f.message and "requests.new_received.total" in f.keys


def test_crosscheck_agrees_with_any_reasonable_reading():
    vals = {"requests.new_received.total": 74, "requests.carried_over.total": 1, "requests.total_processed.total": 75,
            **RL, "review_litigation.review.upheld": 1, "review_litigation.review.total": 2,
            "review_litigation.litigation_direct.total": 1, "review_litigation.litigation_after_review.total": 2}
    text = ("全年共收到政府信息公开申请75件（含上年结转）。本年度新收74件。"
            "发生行政复议案件2件、行政诉讼案件3件。")
    assert narrative_crosscheck(_sections(text), vals, 2022) == []


@pytest.mark.parametrize("text,kinds", [
    ("本机关共受理政府信息公开申请859件，答复805件。", [("requests", 859)]),
    ("全区接收各类政府信息公开申请共计81件。", [("requests", 81)]),
    ("本年度共收到70件申请，办结69件。", [("requests", 70)]),
    ("共收到依申请信息公开２６件。", [("requests", 26)]),
    ("信息公开类行政复议7件，诉讼9件，均获维持。", [("litigation", 9), ("review", 7)]),
    ("引发的行政复议36起，行政诉讼9起。", [("litigation", 9), ("review", 36)]),
    # skipped: other years, parts of a total, joint counts, no number
    ("较上年受理政府信息公开申请100件有所下降。", []),
    ("2022年受理政府信息公开申请40件。", []),
    ("其中，通过网络受理政府信息公开申请12件。", []),
    ("发生行政复议和行政诉讼案件3件。", []),
    ("未发生政府信息公开行政复议、行政诉讼案件。", []),
])
def test_crosscheck_patterns(text, kinds):
    got = [(s.kind, s.number) for s in statements(_sections(text), 2023)]
    assert sorted(got) == sorted(kinds)


def test_crosscheck_reads_numbers_split_across_paragraphs():
    st = statements(_sections("全区共收到政府信息公开申请1", "54件，共办结148件。"), 2025)
    assert [(s.kind, s.number, s.paragraph) for s in st] == [("requests", 154, 0)]


def test_crosscheck_only_reads_part_one():
    secs = _sections("本年度工作平稳。")
    secs.append({"id": "requests", "heading": "三", "paragraphs": [
        {"text": "受理政府信息公开申请3件。", "label": "other", "confidence": 1, "source": {}}]})
    assert narrative_crosscheck(secs, {"requests.new_received.total": 9}, 2023) == []


# ---------------------------------------------------------------- validate


def _run(*args) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + list(args), capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def good_json(tmp_path_factory) -> Path:
    out = _output(str(FIXTURES / "html" / "html-plain-2021.html"))
    p = tmp_path_factory.mktemp("validate") / "good.json"
    p.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return p


def test_validate_clean_file_exits_0(good_json):
    r = _run("validate", str(good_json))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "OK" in r.stdout and "schema valid" in r.stdout


def test_validate_catches_a_hand_edited_total(good_json, tmp_path):
    out = json.loads(good_json.read_text(encoding="utf-8"))
    key = "requests.new_received.total"
    printed = out["fields"][key]["value"]
    out["fields"][key]["value"] = printed + 1  # edited by hand; the stored findings are not updated
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    r = _run("validate", str(edited))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "requests.row_total" in r.stdout and key in r.stdout and "not in the file's stored findings" in r.stdout
    r = _run("validate", "--format", "json", str(edited))
    assert r.returncode == 1
    res = json.loads(r.stdout)["files"][0]
    new = {(f["rule"], f["where"]) for f in res["not_in_stored_findings"]}
    assert ("requests.row_total", key) in new
    assert ("requests.balance", "requests.total_processed.total") in new
    assert ("field.value_text", key) in new  # the value no longer says what the printed text says
    assert res["status"] == "findings" and res["schema_errors"] == []


def test_validate_reports_stale_findings_after_a_fix(tmp_path):
    out = copy.deepcopy(_output(str(FIXTURES / "html" / "html-gbk-hybrid.html")))
    assert any(f["severity"] == "error" for f in out["findings"])
    for f in [f for f in out["findings"] if f["rule"] == "review_litigation.total"]:
        out["fields"][f["where"]]["value"] = f["expected"]
        out["fields"][f["where"]]["text"] = str(f["expected"])
    p = tmp_path / "fixed.json"
    p.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    r = check_file(p)
    assert r.exit_code == 0 and r.stale and not any(f["severity"] == "error" for f in r.findings)


def test_validate_schema_violation_exits_2(good_json, tmp_path):
    out = json.loads(good_json.read_text(encoding="utf-8"))
    out["fields"]["requests.new_received.total"]["value"] = "many"
    del out["metadata"]["agency"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    r = _run("validate", str(bad))
    assert r.returncode == 2, r.stdout + r.stderr
    assert "schema" in r.stdout and "agency" in r.stdout and "requests.new_received.total" in r.stdout


def test_validate_invalid_json_exits_2_and_worst_code_wins(good_json, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"fields": ', encoding="utf-8")
    r = _run("validate", str(good_json), str(broken))
    assert r.returncode == 2
    assert "INVALID JSON" in r.stdout and "2 files" in r.stdout
    r = _run("validate", "--format", "json", str(broken))
    assert r.returncode == 2 and json.loads(r.stdout)["files"][0]["json_error"]


def test_validate_json_other_tools_produced(tmp_path):
    """A minimal JSON made by hand (no stored findings): arithmetic is still checked."""
    vals = _requests_values({**BALANCED, "total_processed": [5, 1, 0, 0, 0, 0, 7]})
    obj = {"schema_version": "1.0.0", "extractor": {"name": "report-extract", "version": "x"},
           "source": {"path": "x", "sha256": None, "format": None, "bytes": None, "pages": None},
           "metadata": {k: None for k in ("agency", "report_year", "generation", "title", "publish_date",
                                          "signed_date", "source_site")},
           "fields": {k: {"value": v, "text": str(v), "unit": None, "source": {"page": None, "bbox": None, "locator": None},
                          "method": "hand", "confidence": 1} for k, v in vals.items()},
           "tables": [], "sections": [], "findings": [], "errors": []}
    p = tmp_path / "hand.json"
    p.write_text(json.dumps(obj), encoding="utf-8")
    r = check_file(p)
    assert r.exit_code == 1
    assert {(f["rule"], f["where"]) for f in r.new} >= {("requests.row_total", "requests.total_processed.total"),
                                                        ("requests.balance", "requests.total_processed.total")}


def test_pipeline_stores_the_crosscheck():
    """The pipeline's stored findings include the cross-check (patch to pipeline.py, applied by the lead)."""
    from report_extract import pipeline
    from report_extract.model import Paragraph
    from report_extract.readers import read

    path = FIXTURES / "html" / "html-plain-2021.html"
    doc = read(path)
    at = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph) and "总体情况" in b.text)
    doc.blocks.insert(at + 1, Paragraph(text="本年度受理政府信息公开申请99999件，均按时答复。"))
    out = pipeline.build_report(doc, path).to_json()
    got = [f for f in out["findings"] if f["rule"] == "narrative.crosscheck"]
    assert [(f["where"], f["found"], f["severity"]) for f in got] == [("requests.new_received.total", 99999, "warning")]
    assert check(out).new == []  # stored findings are exactly what validate recomputes


# ---------------------------------------------------------------- the real-report corpus (when ../shared is there)

def _corpus_docs() -> list[tuple[Path, Path]]:
    out = []
    if not (CORPUS / "truth").is_dir():
        return out
    for truth in sorted((CORPUS / "truth").glob("*.json")):
        t = json.loads(truth.read_text(encoding="utf-8"))
        doc = CORPUS / "docs" / t.get("_doc", "")
        if doc.is_file():
            out.append((doc, truth))
    return out


CORPUS_DOCS = _corpus_docs()
needs_corpus = needs(CORPUS / "truth", "the shared corpus")


@needs_corpus
@pytest.mark.parametrize("doc,truth", CORPUS_DOCS, ids=[d.name for d, _ in CORPUS_DOCS])
def test_corpus_rules_on_truth_values(doc, truth):
    t = json.loads(truth.read_text(encoding="utf-8"))
    missing, extra = _match(_errors(arithmetic(_truth_values(t))), _want(t))
    assert not missing and not extra, (missing, extra)


@needs_corpus
@pytest.mark.parametrize("doc,truth", CORPUS_DOCS, ids=[d.name for d, _ in CORPUS_DOCS])
def test_corpus_output_findings(doc, truth):
    """Every truth finding is reproduced from the extracted output. A finding the truth does not
    list must involve a key the extraction read differently from the truth: findings point at misreads."""
    t = json.loads(truth.read_text(encoding="utf-8"))
    out = _output(str(doc))
    got = _errors(out["findings"])
    missing, extra = _match(got, _want(t))
    truth_vals = _truth_values(t)
    wrong = {k for k, v in truth_vals.items() if not _same_value(out["fields"].get(k, {}).get("value"), v)}
    assert not missing or wrong, f"truth findings not reproduced: {missing}"
    # a truth without a table's keys (the pingtan dumps list none) cannot judge findings on that table
    extra = [f for f in extra if set(f.get("keys") or [f["where"]]) & set(truth_vals)]
    for f in extra:
        assert set(f.get("keys") or [f["where"]]) & wrong, f"false alarm on correctly read values: {f}"
    if not wrong:
        assert not missing and not extra


@needs_corpus
def test_corpus_crosscheck_no_false_alarms():
    """Only 淮安市洪泽区 2024 (17 in the text, 95 in table 3) disagrees in the corpus."""
    warned = {}
    for doc, _ in CORPUS_DOCS:
        out = _output(str(doc))
        warned[doc.stem] = [(f.where, f.expected, f.found) for f in crosscheck_output(out)]
    flagged = {k: v for k, v in warned.items() if v}
    assert set(flagged) <= {"hzq-2024"}, flagged
    if "hzq-2024" in warned:
        assert ("requests.new_received.total", 95, 17) in warned["hzq-2024"]


# counts read from the flattened tables of the crawled pingtan reports (the extractor does not rebuild them):
# the statements of part 一 must agree with them
PINGTAN_TABLES = {
    "pingtan-2020": {"requests.new_received.total": 21, "requests.carried_over.total": 0},
    "pingtan-2021": {"requests.new_received.total": 70, "requests.carried_over.total": 0},
    "pingtan-2022": {"requests.new_received.total": 74, "requests.carried_over.total": 1,
                     "review_litigation.review.total": 2, "review_litigation.litigation_direct.total": 1,
                     "review_litigation.litigation_after_review.total": 0},
    "pingtan-2023": {"requests.new_received.total": 81, "requests.carried_over.total": 0,
                     "review_litigation.review.total": 2, "review_litigation.litigation_direct.total": 5,
                     "review_litigation.litigation_after_review.total": 2},
    "pingtan-2025": {"requests.new_received.total": 154, "requests.carried_over.total": 0,
                     "review_litigation.review.total": 36, "review_litigation.litigation_direct.total": 6,
                     "review_litigation.litigation_after_review.total": 3},
}


@needs_corpus
@pytest.mark.parametrize("stem", sorted(PINGTAN_TABLES))
def test_corpus_crosscheck_reads_pingtan_statements_without_alarm(stem):
    doc = CORPUS / "docs" / f"{stem}.txt"
    need(doc, "the shared corpus")
    out = _output(str(doc))
    assert statements(out["sections"], out["metadata"].get("report_year")), "no count statement read"
    assert narrative_crosscheck(out["sections"], PINGTAN_TABLES[stem], out["metadata"].get("report_year")) == []
    wrong = {k: v + 100 for k, v in PINGTAN_TABLES[stem].items() if k.endswith("new_received.total")}
    assert narrative_crosscheck(out["sections"], wrong, out["metadata"].get("report_year"))
