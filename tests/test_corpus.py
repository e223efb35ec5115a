"""The shared corpus (../shared beside the repository, present on developer machines and CI).

The seed document is the reference example of the whole product: every field
and every metadata value must come out right.
"""
import json

import pytest

from conftest import SHARED, needs
from report_extract.schema import errors as schema_errors
from scoring import misses, unsourced

CORPUS = SHARED / "corpus"
pytestmark = needs(CORPUS / "docs", "the shared corpus")


def _run(stem: str, suffix: str):
    from report_extract import extract

    doc = CORPUS / "docs" / f"{stem}.{suffix}"
    truth = json.loads((CORPUS / "truth" / f"{stem}.json").read_text(encoding="utf-8"))
    return truth, extract(doc).to_json()


def test_seed_document_comes_out_right():
    truth, out = _run("seed-zmd-rfb-2019", "txt")
    assert misses(truth, out) == []
    assert unsourced(truth, out) == []
    assert schema_errors(out) == []
    assert out["metadata"]["agency"] == "驻马店市人民防空办公室"


@pytest.mark.parametrize("stem,suffix", [("sh-2019-office", "html"), ("shuyang-fgj-2023", "html")])
def test_corpus_html(stem, suffix):
    truth, out = _run(stem, suffix)
    assert misses(truth, out) == []
    assert schema_errors(out) == []


@pytest.mark.parametrize("stem", ["pingtan-2021", "pingtan-county-2011", "pingtan-dishui-2013"])
def test_run_together_dumps_give_metadata_and_only_flagged_values(stem):
    """The form tables of a run-together dump are read by splitting digit runs (tests/test_runtogether.py):
    every value below 0.9 with a finding naming it; the legacy reports print no form tables."""
    truth, out = _run(stem, "txt")
    assert [m for m in misses(truth, out) if m[0].startswith("metadata.")] == []
    named = {k for f in out["findings"] for k in f["keys"]}
    if out["metadata"]["generation"] == "legacy":
        assert out["fields"] == {}
        return
    assert out["fields"]
    for k, f in out["fields"].items():
        assert f["confidence"] < 0.9 and k in named, k
