import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(Path(__file__).parent))


def fixture_documents() -> list[Path]:
    """Every fixture document that has a truth file next to it (``name.json``)."""
    docs = []
    for truth in sorted(FIXTURES.glob("*/*.json")):
        # scans are read by OCR, which may misread (flagged) digits: tests/test_ocr.py scores them
        if truth.parent.name in ("narrative", "scanned"):
            continue
        for cand in truth.parent.glob(truth.stem + ".*"):
            # .doc/.wps need LibreOffice at run time: tests/test_docx.py covers them either way
            if cand.suffix not in (".json", ".doc", ".wps"):
                docs.append(cand)
    return sorted(docs)


@pytest.fixture(scope="session")
def extracted():
    """Extract each fixture once per test session: path -> output dict."""
    from report_extract import extract

    cache: dict[Path, dict] = {}

    def get(path: Path) -> dict:
        if path not in cache:
            cache[path] = extract(path).to_json()
        return cache[path]

    return get


def load_truth(doc: Path) -> dict:
    return json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))
