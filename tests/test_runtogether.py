"""Tables printed with their cells run together (issue 10 item 4): values where the layout
and the arithmetic leave one split, each flagged below 0.9; null with candidates elsewhere."""
import pytest

from conftest import FIXTURES, SHARED, load_truth, needs
from report_extract import extract
from report_extract.model import Document, Paragraph
from report_extract.runtogether import read_run_together
from scoring import misses

TOGETHER = sorted((FIXTURES / "txt").glob("txt-together-*.txt"))
SPLIT_RULES = ("structure.split_by_layout", "structure.split_by_arithmetic")


def _doc(text: str) -> Document:
    return Document(path="x.txt", format="txt", blocks=[Paragraph(text)])


def _values(rec, row: str, cols: list[str]):
    return [rec.fields[f"{row}.{c}"].value for c in cols]


REQ_COLS = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
            "legal_service_org", "other_org", "total"]


def test_there_are_run_together_fixtures_with_undecidable_rows():
    assert len(TOGETHER) >= 4
    assert all(load_truth(p).get("_undecided") for p in TOGETHER)


@pytest.mark.parametrize("doc", TOGETHER, ids=lambda p: p.name)
def test_every_decided_value_is_flagged_and_every_undecided_row_lists_its_candidates(doc, extracted):
    out, truth = extracted(doc), load_truth(doc)
    assert misses(truth, out) == []
    named = {k for f in out["findings"] for k in f["keys"]}
    flagged = {k for f in out["findings"] if f["rule"] in SPLIT_RULES for k in f["keys"]}
    undecided = [f for f in out["findings"] if f["rule"] == "structure.ambiguous_split"]
    assert sorted(f["where"] for f in undecided) == truth["_undecided"]
    for k, f in out["fields"].items():
        assert f["confidence"] < 0.9, k
        if f["value"] is not None:
            assert k in flagged, f"{k} read from run-together digits without a finding naming the method"
        else:
            assert k in named, k
    for f in undecided:
        assert len(f["expected"]) >= 2 and "candidates:" in f["message"]


def test_row_total_decides_and_the_next_rows_numbering_is_not_a_digit():
    text = ("申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
            "一、本年新收政府信息公开申请数量310020336二、上年结转政府信息公开申请数量0000000"
            "三、本年度办理结果（一）予以公开120000012（二）部分公开（区分处理的，只计这一情形，不计其他情形）0000000"
            "（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开1000001")
    rec = read_run_together(_doc(text), ["requests"])
    assert _values(rec, "requests.new_received", REQ_COLS) == [31, 0, 0, 2, 0, 3, 36]
    assert _values(rec, "requests.denied_state_secret", REQ_COLS) == [0] * 7  # "…00000002." is 0000000 + "2."
    assert _values(rec, "requests.denied_prohibited_by_law", REQ_COLS) == [1, 0, 0, 0, 0, 0, 1]
    by_row = {f.where: f for f in rec.findings}
    assert by_row["requests.new_received"].rule == "structure.split_by_arithmetic"
    assert by_row["requests.new_received"].expected == "31 | 0 | 0 | 2 | 0 | 3 | 36"
    assert rec.fields["requests.new_received.natural_person"].confidence < 0.9
    at = text.index("310020336") + 1  # 1-based character offsets of "31" in the paragraph
    assert rec.fields["requests.new_received.natural_person"].source.locator == f"chars {at}-{at + 1}"
    # 1 | 20 | 0 | 0 | 0 | 0 | 12 does not add up: 12 | 0 | 0 | 0 | 0 | 0 | 12 is the only reading
    assert _values(rec, "requests.granted", REQ_COLS) == [12, 0, 0, 0, 0, 0, 12]


def test_table4_group_totals_decide_the_split():
    text = ("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
            "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
            "10203120001200000五、存在的主要问题及改进情况")
    rec = read_run_together(_doc(text), ["review_litigation"])
    got = [rec.fields[k].value for k in sorted(rec.fields, key=list(rec.fields).index)]
    assert got == [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]
    (f,) = rec.findings
    assert f.rule == "structure.split_by_arithmetic" and "row's own total" in f.message


def test_several_splits_leave_the_row_null_with_candidates():
    text = "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件1205行政许可17"
    rec = read_run_together(_doc(text), ["proactive"])
    assert _values(rec, "proactive.regulations", ["issued", "repealed", "in_force"]) == [0, 0, 0]
    assert _values(rec, "proactive.normative_documents", ["issued", "repealed", "in_force"]) == [None] * 3
    (amb,) = [f for f in rec.findings if f.rule == "structure.ambiguous_split"]
    assert amb.where == "proactive.normative_documents" and amb.found == "1205"
    # no leading zeros: 1 | 2 | 05 and 1 | 20 | 5 ... only splits whose cells print as numbers do
    assert amb.expected == ["1 | 20 | 5", "12 | 0 | 5"]
    assert rec.fields["proactive.licensing.decisions"].value == 17


def test_a_row_breaking_its_own_total_is_not_forced_into_a_split():
    text = "申请人情况自然人一、本年新收政府信息公开申请数量12000009二、上年结转政府信息公开申请数量0000000"
    rec = read_run_together(_doc(text), ["requests"])
    assert _values(rec, "requests.new_received", REQ_COLS) == [None] * 7
    (f,) = [f for f in rec.findings if f.where == "requests.new_received"]
    assert f.rule == "structure.ambiguous_split" and "no split fits" in f.message


PINGTAN = SHARED / "corpus" / "docs" / "pingtan-2021.txt"


@needs(PINGTAN)
def test_pingtan_2021_values_checked_by_reading():
    out = extract(PINGTAN).to_json()
    v = {k: f["value"] for k, f in out["fields"].items()}
    assert [v[f"requests.new_received.{c}"] for c in REQ_COLS] == [64, 0, 0, 2, 0, 4, 70]
    assert [v[f"requests.granted.{c}"] for c in REQ_COLS] == [27, 0, 0, 2, 0, 1, 30]  # by the columns
    assert [v[f"review_litigation.litigation_direct.{c}"] for c in ("upheld", "total")] == [12, 12]
    assert v["proactive.normative_documents.issued"] is None  # 693665: ten splits, no arithmetic
    assert v["proactive.licensing.decisions"] == 2293
    assert sum(x is not None for x in v.values()) == 197
