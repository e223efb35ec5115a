"""Metadata as users see it: the reporting body, title, year and dates, each with its evidence.

Fixtures fixtures/*/meta-* (from fixtures/generate/metadata_shapes.py) print the
body the ways real pages do: a township title over two lines, a street office
that calls itself 我街道, a bureau named only as 我局 (with and without a chrome
line naming it), a page whose only title is its <title>, a Markdown mark, a
zone's 片区管理局, a compiling office. Their truth states every metadata value.
"""
from pathlib import Path

import pytest

from conftest import fixture_documents, load_truth
from report_extract.commands.explain import explain
from report_extract.layout.metadata import read_metadata
from report_extract.layout.metadata.names import is_fragment, names_in, reported_body
from report_extract.layout.metadata.title import site_parts
from report_extract.model import Declared, Document, Paragraph, Source
from report_extract.readers.declared import from_html, from_pdf_info, from_word_core
from scoring import same_value

DOCS = fixture_documents()
SHAPES = [d for d in DOCS if d.stem.startswith("meta-")]
KEYS = ("agency", "report_year", "generation", "title", "publish_date", "signed_date", "source_site")


def test_there_is_a_fixture_for_every_shape_the_issue_names():
    names = {d.stem for d in SHAPES}
    assert {"meta-township-2023", "meta-street-2022", "meta-bureau-chrome-2023", "meta-bureau-unnamed-2023",
            "meta-pagetitle-2021"} <= names


@pytest.mark.parametrize("doc", SHAPES, ids=lambda p: p.name)
def test_metadata_matches_truth_by_the_expected_rule(doc, extracted):
    out, truth = extracted(doc), load_truth(doc)
    for key, want in truth.items():
        if key.startswith("metadata."):
            assert same_value(want, out["metadata"][key.split(".", 1)[1]]), key
    for key, method in truth["_methods"].items():
        assert out["metadata_sources"][key]["method"] == method, key


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_metadata_value_has_a_source(doc, extracted):
    out = extracted(doc)
    for key in KEYS:
        if out["metadata"][key] is None:
            continue
        ev = out["metadata_sources"][key]
        assert ev["value"] == out["metadata"][key], key
        assert ev["source"]["locator"] or ev["source"]["bbox"], key
        assert ev["method"] and 0 < ev["confidence"] <= 1, key


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_a_null_agency_always_says_why(doc, extracted):
    out = extracted(doc)
    named = [f for f in out["findings"] if f["where"] == "metadata.agency"]
    assert bool(named) == (out["metadata"]["agency"] is None)


def test_explain_metadata_agency_shows_evidence_and_findings(extracted):
    out = extracted(next(d for d in SHAPES if d.stem == "meta-bureau-chrome-2023"))
    info = explain(out, "metadata.agency")
    assert info["value"] == "青禾市林业局" and info["method"] == "self-reference"
    assert "青禾市林业局" in info["text"] and info["locator"].startswith("/html/")
    unnamed = explain(extracted(next(d for d in SHAPES if d.stem == "meta-bureau-unnamed-2023")), "metadata.agency")
    assert unnamed["value"] is None and "我局" in unnamed["findings"][0]["message"]


@pytest.mark.parametrize("declared, title, site", [
    ("青川街道办事处2022年政府信息公开工作年度报告_政府信息公开年报_南屏区管委会",
     "青川街道办事处2022年政府信息公开工作年度报告", ["政府信息公开年报", "南屏区管委会"]),
    ("2023年度政府信息公开工作年度报告-青禾市人民政府", "2023年度政府信息公开工作年度报告", ["青禾市人民政府"]),
    ("青禾市统计局2021年政府信息公开年报|青禾市人民政府门户网站", "青禾市统计局2021年政府信息公开年报",
     ["青禾市人民政府门户网站"]),
    ("首页", None, ["首页"]),
])
def test_declared_title_is_stripped_of_its_site_suffix(declared, title, site):
    assert site_parts(declared) == (title, site)


@pytest.mark.parametrize("name, fragment", [
    ("区政府办公室", True), ("市人防办", True), ("区政府政务服务办", True), ("我局", True), ("局", True),
    ("区县", True), ("两城镇人民政府", False), ("官洲街道办事处", False), ("团结乡", False),
    ("平潭综合实验区地方税务局", False), ("市中区人民政府", False),
])
def test_fragments_are_told_from_full_names(name, fragment):
    assert is_fragment(name) is fragment


def test_names_start_where_the_clause_or_the_recurring_place_starts():
    counts = "北塘市人民政府 北塘市 北塘市农业农村局"
    found = [(n.text, n.clause_start) for n in names_in("资料上传北塘市农业农村局网站，由桂花镇人民政府党政办公室编制", counts)]
    assert found == [("北塘市农业农村局", False), ("桂花镇人民政府党政办公室", True)]
    compiled = names_in("由桂花镇人民政府党政办公室编制", "")[0]
    assert reported_body(compiled) == "桂花镇人民政府"
    assert names_in("在区委、区政府的领导下", "") == []


def _doc(lines, declared=None, fmt="txt"):
    return Document("x", fmt, blocks=[Paragraph(t, Source(locator=f"line {i + 1}")) for i, t in enumerate(lines)],
                    declared=declared or Declared())


def test_report_year_comes_from_the_title_before_the_running_text():
    doc = _doc(["北塘市水务局2023年政府信息公开工作年度报告", "2024年1月，根据2024年工作安排，2024年继续推进。"])
    meta = read_metadata(doc, "2021")
    assert meta.values["report_year"] == 2023 and meta.evidence["report_year"].method == "title"


def test_a_title_fragment_is_never_the_agency():
    meta = read_metadata(_doc(["区政府办公室2022年政府信息公开工作年度报告", "2022年，我办认真落实条例。"]), "2021")
    assert meta.values["agency"] is None and meta.values["title"] == "区政府办公室2022年政府信息公开工作年度报告"
    assert "区政府办公室" in meta.findings[0].message


def test_declared_title_and_date_are_used_when_nothing_is_printed():
    declared = from_html("桂花镇人民政府2021年政府信息公开工作年度报告-北塘市人民政府",
                         {"PubDate": "2022-01-25 09:30", "SiteName": "北塘市人民政府"})
    meta = read_metadata(_doc(["一、总体情况", "2021年，我镇认真落实条例。"], declared, "html"), "2019")
    v = meta.values
    assert (v["agency"], v["title"], v["publish_date"], v["source_site"]) == (
        "桂花镇人民政府", "桂花镇人民政府2021年政府信息公开工作年度报告", "2022-01-25", "北塘市人民政府")
    assert meta.evidence["publish_date"].source.locator == 'declared: /html/head/meta[@name="PubDate"]'


def test_each_format_fills_the_same_declared_fields():
    pdf = from_pdf_info({"Title": "北塘市水务局2023年政府信息公开工作年度报告", "CreationDate": "D:20240118093000+08'00'"})
    word = from_word_core({"title": "北塘市水务局2023年政府信息公开工作年度报告", "created": "2024-01-18T01:00:00Z"})
    assert pdf.title == word.title and pdf.where["title"] == "PDF Info /Title"
    assert word.where["title"] == "docProps/core.xml title" and pdf.created and word.created


def test_markdown_marks_never_reach_the_agency(extracted):
    out = extracted(next(d for d in SHAPES if d.stem == "meta-markdown-2022"))
    assert out["metadata"]["agency"] == "东川县人民政府" and "#" not in out["metadata"]["title"]


def test_every_shape_fixture_is_generated_from_the_spec():
    gen = Path(__file__).resolve().parent.parent / "fixtures" / "generate" / "metadata_shapes.py"
    text = gen.read_text(encoding="utf-8")
    assert all(f'"{d.stem}"' in text for d in SHAPES)


@pytest.mark.parametrize("lines, title, agency", [
    (["北塘市东湖风景区管理委员会", "卫生健康办公室2023年政府信息公开工作年度报告", "一、总体情况"],
     "北塘市东湖风景区管理委员会卫生健康办公室2023年政府信息公开工作年度报告", "北塘市东湖风景区管理委员会卫生健康办公室"),
    (["北塘市水务局2023年政府信息公开", "工作年度报告", "一、总体情况"],
     "北塘市水务局2023年政府信息公开工作年度报告", "北塘市水务局"),
    (["北塘市人民政府", "北塘市水务局2023年政府信息公开工作年度报告", "一、总体情况"],
     "北塘市水务局2023年政府信息公开工作年度报告", "北塘市水务局"),
])
def test_a_title_broken_over_lines_is_joined_only_where_it_continues(lines, title, agency):
    v = read_metadata(_doc(lines), "2021").values
    assert (v["title"], v["agency"]) == (title, agency)


def test_a_title_quoted_in_a_notice_names_the_body_inside_the_quotes():
    v = read_metadata(_doc(["关于印发《北塘市水务局2023年政府信息公开工作年度报告》的通知", "一、总体情况"]), "2021").values
    assert v["agency"] == "北塘市水务局" and v["report_year"] == 2023
