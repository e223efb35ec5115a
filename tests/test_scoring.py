"""tests/scoring.py makes the comparison ../shared/tools/score.py makes: same values,
same misses, on real outputs and on outputs with values changed on purpose."""
from __future__ import annotations

import copy
import importlib.util

import pytest

import scoring
from conftest import SHARED, fixture_documents, load_truth, needs

SCORE_PY = SHARED / "tools" / "score.py"
pytestmark = needs(SCORE_PY, "../shared/tools/score.py")


@pytest.fixture(scope="module")
def score():
    spec = importlib.util.spec_from_file_location("shared_score", SCORE_PY)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


PAIRS = [(5, 5), (5, "5"), (5, 5.00001), (5, 6), (0, None), (None, None), (None, 0), ("一 、总体", "一、总体"),
         ("甲", "乙"), ({"any_of": [1, 2]}, 2), ({"any_of": [1, 2]}, 3), (1.5, "1.5"), (3, "many"), (True, 1)]


@pytest.mark.parametrize("want,got", PAIRS)
def test_same_value_agrees(score, want, got):
    assert scoring.same_value(want, got) == score.same_value(want, got)


def test_misses_agree_on_fixture_outputs(score, extracted):
    docs = [d for d in fixture_documents() if d.suffix in (".html", ".txt")][:3]
    assert docs
    for doc in docs:
        truth, out = load_truth(doc), extracted(doc)
        wrong = copy.deepcopy(out)
        keys = sorted(k for k, v in wrong["fields"].items() if isinstance(v.get("value"), (int, float)))[:5]
        for k in keys:
            wrong["fields"][k]["value"] += 1
        del wrong["fields"][sorted(wrong["fields"])[-1]]
        for o in (out, wrong):
            ours = [m[0] for m in scoring.misses(truth, o)]
            theirs = [m[0] for m in score.score_doc(truth, o)["misses"] if not m[0].startswith("paragraph:")]
            assert ours == theirs
        assert scoring.misses(truth, wrong), "the changed values are misses"
