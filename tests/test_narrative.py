"""Tests for the narrative tagger (issue 5)."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest


from report_extract.narrative.sentences import split_units
from report_extract.narrative.tagger import ModelNotFoundError, NarrativeTagger, TaggedSpan, get_tagger, model_dir

ROOT = Path(__file__).resolve().parents[1]
MODEL = model_dir()


@pytest.fixture(scope="module")
def tagger():
    return get_tagger()


def _joined(spans):
    return "".join(s.text for s in spans)


def _nows(s):
    return "".join(s.split())


# ------------------------------------------------------------------ model loading
def test_model_dir_is_shipped_and_small():
    assert (MODEL / "config.cfg").is_file()
    size = sum(p.stat().st_size for p in MODEL.rglob("*") if p.is_file())
    assert size < 10 * 1024 * 1024


def test_loads_offline_without_network(tmp_path):
    # a fresh interpreter with networking disabled at the socket level
    code = (
        "import socket\n"
        "def _no(*a, **k): raise RuntimeError('network access attempted')\n"
        "socket.socket.connect = _no\nsocket.create_connection = _no\n"
        "from report_extract.narrative.tagger import get_tagger\n"
        "tg = get_tagger()\n"
        "print(tg.tag('政策解读形式还不够丰富。', context='problems_improvements')[0].label)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["problem"]


def test_missing_model_dir_raises_clear_error(tmp_path):
    with pytest.raises(ModelNotFoundError, match="narrative model not found"):
        NarrativeTagger(tmp_path / "nope")


def test_get_tagger_is_cached(tagger):
    assert get_tagger() is tagger


# ------------------------------------------------------------------ contract
def test_interface_contract(tagger):
    assert tagger.method == "spacy-textcat:report-extract-narrative@0.2.0"
    text = "一是政策解读形式还不够丰富；二是依申请公开答复规范性有待提高。下一步，我们将进一步加强业务培训。"
    spans = tagger.tag(text, context="problems_improvements")
    assert spans and all(isinstance(s, TaggedSpan) for s in spans)
    assert {f.name for f in dataclasses.fields(TaggedSpan)} == {"text", "start", "end", "label", "confidence"}
    prev_end = 0
    for s in spans:
        assert s.label in ("problem", "improvement", "other")
        assert 0.0 <= s.confidence <= 1.0 and round(s.confidence, 4) == s.confidence
        assert text[s.start:s.end] == s.text
        assert s.start >= prev_end
        prev_end = s.end
    assert _nows(_joined(spans)) == _nows(text)


def test_empty_text(tagger):
    assert tagger.tag("") == []
    assert tagger.tag("   \n") == []


# ------------------------------------------------------------------ behaviour
def test_unmixed_paragraph_gives_one_span(tagger):
    text = "一是部分单位信息更新不够及时；二是政策解读的形式较为单一；三是工作人员业务能力有待提升。"
    spans = tagger.tag(text, context="problems_improvements")
    assert [s.label for s in spans] == ["problem"]
    assert spans[0].start == 0 and spans[0].end == len(text)


def test_mixed_paragraph_labels_right_spans(tagger):
    p1 = "一是基层政务公开标准化水平还有待提高；"
    p2 = "二是政务新媒体互动回应不够及时。"
    i1 = "下一步，我局将加强对基层的业务指导，"
    i1b = "定期开展培训。"
    i2 = "同时，健全政务新媒体留言办理机制，提升回应时效。"
    text = p1 + p2 + i1 + i1b + i2
    spans = tagger.tag(text, context="problems_improvements")
    assert [s.label for s in spans] == ["problem", "improvement"]
    assert spans[0].text == p1 + p2
    assert spans[1].start == len(p1 + p2) and spans[1].end == len(text)


def test_headings_are_other_and_set_context(tagger):
    text = ("五、存在的主要问题及改进情况（一）存在问题 一是信息公开工作人员多为兼职，专业能力不足；"
            "二是公开内容的深度不够。（二）改进措施 一是每季度组织一次业务培训；二是建立信息发布三级审核制度。")
    spans = tagger.tag(text)
    labels = [s.label for s in spans]
    assert labels == ["other", "problem", "other", "improvement"]
    assert spans[0].text.startswith("五、存在的主要问题及改进情况")
    assert spans[2].text == "（二）改进措施"
    assert "三级审核" in spans[3].text


def test_section_context_changes_reading(tagger):
    # the same wording is a piece of work done in part 1 and a planned measure in part 5
    s = "进一步规范政府信息公开申请办理流程，提高答复质量。"
    assert tagger.tag(s, context="overview")[0].label == "other"
    assert tagger.tag(s, context="problems_improvements", heading="（二）改进措施")[0].label == "improvement"


def test_tag_many_carries_sub_headings(tagger):
    paras = ["五、存在的主要问题及改进情况", "（一）存在问题", "信息公开工作人员业务能力有待提升。",
             "（二）改进措施", "每半年组织一次全员业务培训。"]
    res = tagger.tag_many(paras)
    assert [[s.label for s in r] for r in res] == [["other"], ["other"], ["problem"], ["other"], ["improvement"]]


def test_nothing_to_report_is_other(tagger):
    for s in ("无。", "本年度无其他需要报告的事项。"):
        assert tagger.tag(s, context="other_matters")[0].label == "other"


def test_enumeration_splitting():
    text = "存在的问题主要有：一是甲不够；二是乙不足。1.丙有待提高。2、丁仍需加强。（三）戊滞后。"
    units = [u.text for u in split_units(text, context="problems_improvements")]
    assert units == ["存在的问题主要有：", "一是甲不够；", "二是乙不足。", "1.丙有待提高。", "2、丁仍需加强。", "（三）戊滞后。"]
    # references such as 第二十条第（一）项 and decimals are not items
    assert len(split_units("依据第二十条第（一）项，收费1.5万元。")) == 1


def test_long_one_line_paragraph(tagger):
    part1 = "一、总体情况 " + "本机关认真做好政府信息主动公开工作，全年发布信息120条。" * 80
    part5 = ("五、存在的主要问题及改进情况 存在的不足主要有：一是政策解读的方式不够多样；二是栏目更新不够及时。"
             "下一步，我们将丰富解读形式，加强栏目日常维护。")
    text = "本报告依据条例编制。" + part1 + part5 + "六、其他需要报告的事项 无。"
    assert len(text) > 2000
    spans = tagger.tag(text)  # its speed is measured in benchmarks/narrative.py
    assert _nows(_joined(spans)) == _nows(text)
    probs = [s for s in spans if s.label == "problem"]
    imps = [s for s in spans if s.label == "improvement"]
    assert len(probs) == 1 and "栏目更新不够及时" in probs[0].text
    assert len(imps) == 1 and "加强栏目日常维护" in imps[0].text
    assert all(s.label == "other" for s in spans if "全年发布信息120条" in s.text)


def test_determinism_same_input_same_spans(tagger):
    text = "一是政务公开队伍建设有待加强；二是依申请公开答复质量待提升。下一步，将多渠道加强业务培训。"
    a = tagger.tag(text, context="problems_improvements")
    b = tagger.tag(text, context="problems_improvements")
    c = NarrativeTagger(MODEL).tag(text, context="problems_improvements")
    assert a == b == c


# ------------------------------------------------------------------ training
def test_training_is_deterministic(tmp_path):
    """Two trainings (a quick one: 40 reports, 2 epochs) give byte-identical weights."""
    weights = []
    for i in range(2):
        out = tmp_path / f"m{i}"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "train_model.py"), "--out", str(out), "--epochs", "2",
                        "--limit", "40"], check=True, capture_output=True)
        weights.append((out / "textcat" / "model").read_bytes())
        assert NarrativeTagger(out).tag("政策解读形式还不够丰富。", context="problems_improvements")
    assert weights[0] == weights[1]


def test_numbering_restart_in_part_five_opens_the_measures_half(tagger):
    """No sub-headings: problems 一是…三是, then measures numbered again from 一是."""
    paras = ["一是信息发布的及时性还不够强。", "二是基层公开专栏内容更新滞后。",
             "一是建立信息发布台账，定期组织培训。", "二是按季度开展专项检查。"]
    labels = [[s.label for s in spans] for spans in tagger.tag_many(paras, context="problems_improvements")]
    assert labels == [["problem"], ["problem"], ["improvement"], ["improvement"]]
