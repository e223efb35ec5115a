"""Scanned PDFs (fixtures/scanned, made by fixtures/generate/scan_writer.py): the OCR route.

The bar is the issue's: on a scan, fields ≥ 0.97 right and no silent error
(every wrong value has confidence < 0.9 or a finding naming it), as
../shared/tools/score.py counts them. Tesseract must be installed (.ci/run
installs it); elsewhere these tests are skipped with the reason, except under
CI, where a missing Tesseract is a failure.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from report_extract.model import ReaderError
from report_extract.readers import ocr, pdf as pdf_reader

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ROOT / "fixtures" / "scanned"
sys.path.insert(0, str(ROOT / "fixtures" / "generate"))

WHY = ocr.unavailable(ocr.OcrSettings())
if WHY and not os.environ.get("CI"):
    pytest.skip(f"OCR unavailable here: {WHY}", allow_module_level=True)

from report_extract.readers.ocr.image import drop_colour_ink, page_image  # noqa: E402
from report_extract.readers.ocr.rules import find_rules, framed  # noqa: E402
from report_extract.readers.pdf.grid import find_grids  # noqa: E402
from scoring import misses  # noqa: E402

SURE = 0.9


@pytest.fixture(scope="session")
def scanned():
    from report_extract import extract

    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            cache[name] = extract(SCANNED / f"{name}.pdf").to_json()
        return cache[name]

    return get


def truth_of(name: str) -> dict:
    return json.loads((SCANNED / f"{name}.json").read_text(encoding="utf-8"))


def flagged(out: dict, key: str) -> bool:
    f = out["fields"].get(key) or {}
    if f.get("confidence", 0) < SURE:
        return True
    return any(key == x.get("where") or key in (x.get("keys") or []) for x in out["findings"])


def test_ocr_is_available_where_ci_runs():
    assert WHY is None, WHY


# --- image analysis, no Tesseract -----------------------------------------------------


def test_colour_ink_becomes_paper_and_print_under_it_stays():
    rgb = np.full((40, 40, 3), 250, np.uint8)
    rgb[5:15, 5:35] = (205, 25, 35)  # seal red on paper
    rgb[20:30, 5:35] = (15, 15, 15)  # black print
    rgb[20:30, 20:35] = (12, 2, 3)  # black print under the seal (multiplied)
    gray = drop_colour_ink(rgb, ocr.OcrSettings())
    assert gray[10, 10] > 190 and gray[25, 10] < 40 and gray[25, 30] < 40


@pytest.mark.parametrize("name,source", [("scan-rl-2021-lines", "rl-2021-lines"), ("scan-lo-2021", "lo-2021")])
def test_image_rules_rebuild_the_grids_of_the_text_layer_route(name, source):
    """Rules found in the scan give the same grids (rows, columns, cells) as the PDF's own drawing."""
    import pypdfium2 as pdfium
    import scan_writer

    settings = ocr.OcrSettings()
    angle = scan_writer.SCANS[name][2]
    vector = pdf_reader.read(ROOT / "fixtures" / "pdf" / f"{source}.pdf")
    want = sorted((t.pages[0], t.n_cols) for t in vector.tables)
    doc = pdfium.PdfDocument(str(SCANNED / f"{name}.pdf"))
    got = []
    try:
        for i in range(len(doc)):
            img = page_image(doc, i, settings)
            assert abs(img.skew + angle) < 0.25, (i, img.skew)  # the scan was turned by `angle`
            rules = find_rules(img.ink, img.scale, settings)
            grids = [g for g in find_grids(rules.horizontal, rules.vertical) if len(g.boxes) > 1 and framed(g, rules, settings)]
            got += [(i + 1, len(g.xs) - 1) for g in grids]
    finally:
        doc.close()
    for page, n_cols in want:  # every table starts on its page with its columns
        assert (page, n_cols) in got


# --- whole documents -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["scan-rl-2021-lines", "scan-rl-hybrid-blanks"])
def test_scanned_fields_are_right_or_flagged(name, scanned):
    out = scanned(name)
    truth = truth_of(name)
    keys = [k for k in truth if not k.startswith(("_", "metadata."))]
    wrong = {k for k, _, _ in misses({k: truth[k] for k in keys}, out)}
    assert len(keys) - len(wrong) >= 0.97 * len(keys), sorted(wrong)
    assert [k for k in wrong if k in out["fields"] and not flagged(out, k)] == []  # no silent error
    assert out["errors"] == []


def test_scanned_values_carry_ocr_method_confidence_and_page_box(scanned):
    out = scanned("scan-rl-2021-lines")
    f = out["fields"]["requests.new_received.total"]
    assert f["method"].endswith("+ocr:tesseract-" + f["method"].split("ocr:tesseract-")[1])
    assert 0 <= f["confidence"] <= 1 and f["source"]["page"] == 2 and len(f["source"]["bbox"]) == 4
    cells = [c for t in out["tables"] for c in t["cells"] if c.get("method")]
    assert cells and all(0 <= c["confidence"] <= 1 for c in cells)
    at = {(t["index"], c["row"], c["col"]): c for t in out["tables"] for c in t["cells"]}

    def cell_conf(field):
        src = field["source"]
        return at.get((src["table"], src["row"], src["col"]), {}).get("confidence", 1.0)

    low = {k for k, v in out["fields"].items() if cell_conf(v) < SURE}  # OCR unsure of the cell
    assert low and all(out["fields"][k]["confidence"] < SURE for k in low)
    named = {x["where"] for x in out["findings"] if x["rule"] == "ocr.low_confidence"}
    assert low <= named


def test_a_failed_sum_makes_its_ocr_values_doubtful(scanned):
    """rl-hybrid-blanks prints one wrong total: the rule fails and every value it names is below sure."""
    out = scanned("scan-rl-hybrid-blanks")
    failed = [x for x in out["findings"] if x["severity"] == "error" and x["rule"].startswith(("requests.", "review_"))]
    assert failed
    for x in failed:
        for k in x["keys"]:
            assert out["fields"][k]["confidence"] < SURE, k


def test_seal_and_signature_give_no_garbage_paragraphs(scanned):
    out = scanned("scan-rl-2021-lines")
    last = [p for s in out["sections"] for p in s["paragraphs"] if (p.get("source") or {}).get("page") == 3]
    assert last
    for p in last:
        text = p["text"]
        good = sum(1 for ch in text if ch.isdigit() or "\u4e00" <= ch <= "\u9fff" or ch in "，。、；：（）()")
        assert good >= 0.8 * len(text), text


def test_one_scanned_page_inside_a_text_pdf(scanned):
    out = scanned("scan-page-lo-2021")
    truth = truth_of("scan-page-lo-2021")
    page2 = [k for k, v in out["fields"].items() if v["source"]["page"] == 2]
    assert page2 and all("ocr:" in out["fields"][k]["method"] for k in page2)
    assert all("ocr:" not in v["method"] for v in out["fields"].values() if v["source"]["page"] not in (2, None))
    wrong = [k for k, _, _ in misses({k: v for k, v in truth.items() if not k.startswith("_")}, out)
             if k in out["fields"]]
    assert [k for k in wrong if not flagged(out, k)] == []


def test_no_ocr_keeps_the_needs_ocr_error(monkeypatch):
    monkeypatch.setenv("REPORT_EXTRACT_OCR", "off")
    with pytest.raises(ReaderError) as err:
        pdf_reader.read(SCANNED / "scan-lo-2019.pdf")
    assert err.value.kind == "needs_ocr"
    doc = pdf_reader.read(SCANNED / "scan-page-lo-2021.pdf")
    assert [p.kind for p in doc.problems] == ["needs_ocr"]


def test_cli_no_ocr_flag(tmp_path):
    import subprocess

    out = tmp_path / "o.json"
    r = subprocess.run([sys.executable, "-m", "report_extract.cli", "extract", "--no-ocr",
                        str(SCANNED / "scan-lo-2019.pdf"), "-o", str(out)], capture_output=True, text=True)
    assert r.returncode == 1 and "OCR is needed" in r.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["errors"][0]["kind"] == "needs_ocr"


def test_same_scan_same_bytes(scanned):
    from report_extract import extract
    from report_extract.report import dumps

    assert extract(SCANNED / "scan-page-lo-2021.pdf").dumps() == dumps(scanned("scan-page-lo-2021"))


def test_batch_time_limit_covers_ocr(tmp_path):
    """OCR runs inside the batch worker: a scan slower than --timeout is a timeout error, and the batch ends."""
    import subprocess

    r = subprocess.run([sys.executable, "-m", "report_extract.cli", "batch", str(SCANNED / "scan-lo-2019.pdf"),
                        "-o", str(tmp_path), "--timeout", "3", "-q", "--workers", "1"], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    rec = json.loads((tmp_path / "manifest.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert rec["status"] == "error" and rec["error_kind"] == "timeout"
