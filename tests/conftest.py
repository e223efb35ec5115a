import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(Path(__file__).parent))

# CI lays ../shared beside the clone: there, a test needing it fails when it is absent instead of skipping.
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def needs(path: Path, what: str = "../shared"):
    """Skip when ``path`` is absent, except under CI=true, where the test runs and fails."""
    return pytest.mark.skipif(not path.exists() and not IN_CI, reason=f"{what} not present ({path})")


def need(path: Path, what: str = "../shared") -> None:
    """Inside a test: skip when ``path`` is absent, fail under CI=true."""
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{what} not present under CI: {path}")
        pytest.skip(f"{what} not present ({path})")


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
