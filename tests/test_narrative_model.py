"""The narrative model as shipped (issue 12): inside the package, its context as spaCy sees it,
its failures visible to users, its labels by clause, and its scores through the pipeline."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import SHARED, needs

from report_extract.layout.sections import heading_of
from report_extract.narrative.sentences import split_units
from report_extract.narrative.tagger import get_tagger, model_dir

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "fixtures" / "txt" / "txt-cells-2021.txt"


def _script(name):
    sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def tagger():
    return get_tagger()


def _labels(spans):
    return [(s.label, s.text) for s in spans]


# ------------------------------------------------------------------ packaging
def test_model_is_package_data():
    import report_extract

    pkg = Path(report_extract.__file__).parent
    assert model_dir().resolve() == (pkg / "narrative" / "model").resolve()
    assert (model_dir() / "config.cfg").is_file() and (model_dir() / "textcat" / "model").is_file()
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = data["tool"]["setuptools"]["package-data"]["report_extract"]
    shipped = {p.relative_to(pkg).as_posix() for p in model_dir().rglob("*") if p.is_file()}
    assert all(any(Path(f).match(g) for g in globs) for f in shipped), "a model file is not in package-data"


def test_spacy_requirement_matches_the_model_meta():
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    (spacy_req,) = [Requirement(d) for d in deps if Requirement(d).name == "spacy"]
    meta = json.loads((model_dir() / "meta.json").read_text(encoding="utf-8"))
    assert spacy_req.specifier == SpecifierSet(meta["spacy_version"])


def _within(part, whole, where=""):
    """Every setting of ``part`` is in ``whole`` with the same value (spaCy adds its defaults)."""
    for key, value in part.items():
        assert key in whole, where + key
        if isinstance(value, dict):
            _within(value, whole[key], f"{where}{key}.")
        else:
            assert whole[key] == value, where + key


def test_shipped_config_is_the_training_config():
    from spacy import util

    train_cfg = util.load_config(ROOT / "scripts" / "narrative.cfg")
    shipped = util.load_config(model_dir() / "config.cfg")
    assert shipped["nlp"]["pipeline"] == ["narrative_context", "textcat"]
    _within(train_cfg, shipped)


def test_spacy_load_reads_context_from_doc_extensions():
    """A fresh interpreter, spacy.load only (the package's entry points register its parts)."""
    code = (
        "import spacy, sys\n"
        "nlp = spacy.load(sys.argv[1])\n"
        "text = '进一步规范政府信息公开申请办理流程，提高答复质量。'\n"
        "assert nlp.pipe_names == ['narrative_context', 'textcat']\n"
        "plain = nlp(text)\n"
        "assert plain.text == text and plain._.context\n"
        "out = []\n"
        "for sec, ph in (('overview', None), ('problems_improvements', 'improvement')):\n"
        "    d = nlp.make_doc(text); d._.section, d._.phase = sec, ph\n"
        "    d = nlp(d); out.append(max(d.cats, key=d.cats.get))\n"
        "print(' '.join(out))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(model_dir())], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["other", "improvement"]


def _extract(*args, env=None):
    return subprocess.run([sys.executable, "-m", "report_extract.cli", "extract", str(FIXTURE), *args],
                          capture_output=True, text=True, env={**os.environ, **(env or {})})


def test_missing_model_fails_extract_with_an_error_entry(tmp_path):
    out = tmp_path / "o.json"
    r = _extract("-o", str(out), env={"REPORT_EXTRACT_NARRATIVE_MODEL": str(tmp_path / "none")})
    assert r.returncode == 1 and "narrative model" in r.stderr and "--no-narrative" in r.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [e["kind"] for e in doc["errors"]] == ["narrative_model"]
    assert doc["fields"], "the tables are still extracted"


def test_unloadable_model_fails_extract(tmp_path):
    broken = tmp_path / "model"
    broken.mkdir()
    (broken / "config.cfg").write_text("[nlp]\nlang = \"zz\"\n", encoding="utf-8")
    r = _extract(env={"REPORT_EXTRACT_NARRATIVE_MODEL": str(broken)})
    assert r.returncode == 1 and "cannot be loaded" in r.stderr
    assert json.loads(r.stdout)["errors"][0]["kind"] == "narrative_model"


def test_no_narrative_extracts_without_a_model(tmp_path):
    r = _extract("--no-narrative", env={"REPORT_EXTRACT_NARRATIVE_MODEL": str(tmp_path / "none")})
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    paras = [p for s in doc["sections"] for p in s["paragraphs"]]
    assert paras and {(p["label"], p["method"]) for p in paras} == {("other", "none:narrative-disabled")}
    assert doc["errors"] == []


# ------------------------------------------------------------------ clauses and discourse
def test_concession_then_problem_is_labelled_by_clause(tagger):
    text = "一年来，我局政务公开工作取得了新的进展，但政策解读的形式还不够丰富，图解和视频运用较少。"
    got = _labels(tagger.tag(text, context="problems_improvements"))
    assert [lab for lab, _ in got] == ["other", "problem"]
    assert got[1][1].startswith("但政策解读")


def test_problem_then_plan_in_one_sentence_is_labelled_by_clause(tagger):
    text = "一是部分栏目内容更新不够及时，下一步将建立栏目更新台账，每月通报更新情况。"
    got = _labels(tagger.tag(text, context="problems_improvements"))
    assert [lab for lab, _ in got] == ["problem", "improvement"]
    assert got[1][1].startswith("下一步")


def test_a_measure_naming_its_problem_is_a_measure(tagger):
    paras = ["（一）存在问题", "一是依申请公开答复的规范性有待提高。", "二是基层政务公开专区更新滞后。",
             "针对存在问题，下一步，我办将加强答复文书审核，定期开展基层专区督导检查。"]
    labels = [[s.label for s in spans] for spans in tagger.tag_many(paras, context="problems_improvements")]
    assert labels == [["other"], ["problem"], ["problem"], ["improvement"]]


def test_question_and_measure_pairs(tagger):
    text = "问题一：政务新媒体互动回应不够及时。整改措施：建立留言办理限时回复制度。问题二：业务培训覆盖面不广。整改措施：每半年组织一次全员培训。"
    got = _labels(tagger.tag(text, context="problems_improvements"))
    assert [lab for lab, _ in got] == ["other", "problem", "other", "improvement", "other", "problem", "other",
                                       "improvement"]


def test_one_heading_vocabulary():
    """Every part heading the narrative splitter recognises inline is a section heading for layout, and back."""
    variants = ["五、存在的主要问题及改进情况", "五、存在的主要问题和改进措施", "五、本机关存在的主要问题及改进情况",
                "四、存在主要问题及改进情况", "五、政府信息公开工作存在的主要问题及整改情况", "五、存在的问题和不足及改进措施",
                "一、总体情况", "一、总体概述", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开被申请行政复议、提起行政诉讼情况", "六、其他需要报告的事项"]
    for v in variants:
        layout = heading_of(v)
        (unit,) = split_units(v)
        assert layout is not None, v
        assert unit.heading and unit.section == layout[0], (v, unit, layout)


# ------------------------------------------------------------------ data and scores through the pipeline
def test_heldout_sentence_templates_never_occur_in_training():
    data = _script("narrative_data")
    for name, (train, held) in data.T.items():
        assert held and not set(train) & set(held), name
    ex = _script("narrative_examples")
    train = {p["text"] for r in ex.load_reports("train") for s in r["sections"] for p in s["paragraphs"]
             if s["id"] == "problems_improvements"}
    held = {p["text"] for r in ex.load_reports("heldout") for s in r["sections"] for p in s["paragraphs"]
            if s["id"] == "problems_improvements"}
    assert len(train) > 3000 and len(held) > 500 and not train & held


def test_heldout_reports_through_the_pipeline_macro_f1():
    ev = _script("evaluate_model")
    res = ev.evaluate_heldout()
    assert len(res) >= 2000
    _, macro, _ = ev.prf([r[1] for r in res], [r[2] for r in res])
    assert macro >= 0.93, macro


@needs(SHARED / "corpus" / "truth")
def test_shared_corpus_paragraphs_through_the_pipeline():
    ev = _script("evaluate_model")
    res = ev.evaluate_corpus()
    assert len(res) >= 150
    acc = sum(r[1] == r[2] for r in res) / len(res)
    assert acc >= 0.97, [r for r in res if r[1] != r[2]]


@needs(SHARED / "tools" / "score.py")
def test_paragraph_comparison_is_score_py():
    ev = _script("evaluate_model")
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    truth = json.loads(FIXTURE.with_suffix(".json").read_text(encoding="utf-8"))
    import report_extract

    doc = json.loads(report_extract.extract(str(FIXTURE)).dumps())
    mine = ev.paragraph_results(truth["_paragraphs"], doc)
    theirs = score.score_doc(truth, doc)["paragraphs"]
    assert [sum(g == p for g, p, _ in mine), len(mine)] == theirs
