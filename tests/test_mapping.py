"""Layout knowledge: labels, values, alignment, metadata and sections."""
from report_extract.layout.metadata import parse_date
from report_extract.layout.sections import segment, split_inline
from report_extract.mapping.align import align
from report_extract.mapping.labels import similarity
from report_extract.mapping.templates import request_rows
from report_extract.mapping.values import parse, to_wan_yuan
from report_extract.model import Document, Paragraph, Source


def test_lost_glyph_label_still_matches_its_row_and_not_another():
    assert similarity("2.其他法律行政止公开", "其他法律行政法规禁止公开") >= 0.7
    assert similarity("2.其他法律行政止公开", "属于国家秘密") < 0.3
    assert similarity("总 计", "总计") == 1.0
    assert similarity("（二）部分公开（区分处理的，只计这一情 形，不计其他情形）",
                      "部分公开区分处理的只计这一情形不计其他情形") == 1.0


def test_alignment_uses_position_for_bare_labels():
    rows = request_rows("2021")
    template = [r["labels"] for r in rows]
    printed = ["（五）不予处理 5.要求行政机关确认或重新出具已获取信息", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
               "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计"]
    got = {i: rows[j]["key"] for i, (j, _) in align(printed, template).items()}
    assert got == {0: "not_processed_confirm", 1: "other_no_correction", 2: "other_unpaid_fee",
                   3: "other_other", 4: "total_processed"}


def test_values_as_printed():
    assert parse("１２").value == 12
    assert parse("1,234").value == 1234
    assert parse("1 234").value == 1234
    assert parse("15件").value == 15
    assert parse("减少3").value == -3
    assert parse("-3").value == -3
    for blank in ("", "—", "-", "/", "／", "无"):
        p = parse(blank)
        assert p.ok and p.value is None
    assert not parse("行政许可").ok


def test_money_normalised_to_wan_yuan():
    assert to_wan_yuan(251000, "元", None) == 25.1
    assert to_wan_yuan(5, "万元", None) == 5
    assert to_wan_yuan(7730.28, None, "万元") == 7730.28


def test_dates():
    assert parse_date("2020-01-31 17:27") == "2020-01-31"
    assert parse_date("2024年1月17日") == "2024-01-17"
    assert parse_date("二○一二年二月二十日") == "2012-02-20"
    assert parse_date("二〇二三年十二月三十一日") == "2023-12-31"


def test_inline_headings_are_cut_out_of_run_together_text():
    text = ("本报告所列数据统计期限为全年。一、总体情况2021年，我区深化公开。二、主动公开政府信息情况第二十条第（一）项"
            "五、存在的主要问题及改进情况一是解读不够。六、其他需要报告的事项无。")
    pieces = split_inline(Paragraph(text, Source(locator="line 10")), 0)
    heads = [p[0] for p in pieces if isinstance(p, tuple)]
    assert heads == ["overview", "proactive_disclosure", "problems_improvements", "other_matters"]
    first = pieces[0]
    assert first.text == "本报告所列数据统计期限为全年。"
    assert first.source.locator == "line 10 chars 0-15"


def test_segment_standalone_headings_with_variants():
    doc = Document("x", "txt", blocks=[Paragraph(t) for t in [
        "一．总体情况", "正文", "五、政府信息公开工作存在的主要问题及整改措施", "（一）存在问题", "六，其他需要报告的事项", "无"]])
    secs = segment(doc)
    assert [s.id for s in secs] == ["overview", "problems_improvements", "other_matters"]
    assert [p.text for p in secs[1].paragraphs] == ["（一）存在问题"]


def test_group_and_item_printed_in_one_cell_match_the_item():
    assert similarity("（三）不予公开 1.属于国家秘密", "属于国家秘密") == 1.0
    assert similarity("三、本年度办理结果（一）予以公开", "予以公开") == 1.0
    assert similarity("（三）不予公开 1.属于国家秘密", "其他法律行政法规禁止公开") < 0.5


def test_title_broken_over_two_lines_and_chrome_line_metadata():
    from report_extract.layout.metadata import extract_metadata

    doc = Document("x", "html", blocks=[Paragraph(t) for t in [
        "首页 > 政务公开", "发布时间：2024-01-20 10:00 来源：示例市人民政府", "示例市水利局",
        "2023年政府信息公开工作年度报告", "一、总体情况", "正文。"]])
    meta = extract_metadata(doc, "2021")
    assert meta["title"] == "示例市水利局2023年政府信息公开工作年度报告"
    assert meta["agency"] == "示例市水利局"
    assert meta["report_year"] == 2023
    assert meta["publish_date"] == "2024-01-20"
    assert meta["source_site"] == "示例市人民政府"


def test_values_under_a_wide_heading_are_read_by_its_span():
    """A row with more cells than columns (a grid carried from the part above gives blank cells
    under a wide heading): each heading owns the cells under its span, its value the printed one."""
    from report_extract.mapping.columns import cells_under_headings
    from report_extract.mapping.rows import Row
    from report_extract.mapping.templates import proactive_rows
    from report_extract.model import Cell

    spec = next(t for t in proactive_rows("2019") if t["key"] == "fees")
    head = Row(0, 12, [Cell(12, 0, "信息内容"), Cell(12, 1, "上一年项目数量", col_span=3),
                       Cell(12, 4, "本年增/减", col_span=2)], [])
    row = Row(0, 13, [Cell(13, 0, "行政事业性收费")],
              [Cell(13, 1, ""), Cell(13, 2, "31"), Cell(13, 3, ""), Cell(13, 4, "2", col_span=2)])
    got = cells_under_headings(head, row, spec)
    assert {k: c.text for k, c in got.items()} == {"prev_items": "31", "change": "2"}
    two = Row(0, 13, [Cell(13, 0, "行政事业性收费")],
              [Cell(13, 1, "5"), Cell(13, 2, "31"), Cell(13, 3, ""), Cell(13, 4, "2", col_span=2)])
    assert cells_under_headings(head, two, spec) is None  # two printed values under one heading: undecided
