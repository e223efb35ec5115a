"""Crawler text dumps in every style: the reader's cell stream and the form read from it."""
import json

import pytest

from conftest import FIXTURES, load_truth
from report_extract.mapping.columns import column_keys
from report_extract.mapping.rows import table_rows
from report_extract.mapping.streams import read_streams, rows_of
from report_extract.mapping.templates import templates
from report_extract.mapping.values import parse
from report_extract.model import Cell, CellRun, Table
from report_extract.readers import read
from report_extract.readers.text import parse_text
from report_extract.vocabulary import is_blank

TXT = FIXTURES / "txt"
CUT = sorted(p for p in TXT.glob("*-cut.*") if p.suffix != ".json")


def _cells(*texts):
    return [Cell(row=0, col=i, text=t) for i, t in enumerate(texts)]


def test_closed_cells_without_row_openers_are_one_cell_run_with_lines():
    text = "二、主动公开\n信息内容 |\n本年制发件数 |\n|||\n规章 |\n3 |\n |\n行政规范性文件 |\n4 |\n5 |\n正文结束。\n"
    doc = parse_text(text, "x.txt")
    (run,) = [b for b in doc.blocks if isinstance(b, CellRun)]
    assert [c.text for c in run.cells] == ["信息内容", "本年制发件数", "规章", "3", "", "行政规范性文件", "4", "5"]
    assert run.cells[4].source.locator == "line 7"  # an indented lone pipe is an empty cell; ||| is padding
    assert [p.text for p in doc.paragraphs] == ["二、主动公开", "正文结束。"]


def test_pipe_separated_cells_keep_an_empty_cell_between_two_separators():
    doc = parse_text("标题\n规章\n|\n3\n|\n|\n5\n", "x.txt")
    (run,) = [b for b in doc.blocks if isinstance(b, CellRun)]
    assert [c.text for c in run.cells] == ["规章", "3", "", "5"]
    assert [p.text for p in doc.paragraphs] == ["标题"]


def test_row_closing_pipe_wrapped_onto_the_next_line():
    doc = parse_text("规章 | 1 | 2\n|\n行政许可 | 3\n|\n", "x.txt")
    (table,) = doc.tables
    assert [[c.text for c in r] for r in table.rows()] == [["规章", "1", "2"], ["行政许可", "3"]]


def test_stream_rows_split_where_a_label_follows_a_value_and_headers_stand_apart():
    rows = rows_of(_cells("信息内容", "本年制发件数", "规章", "1", "2", "3", "行政规范性文件", "4", "--5", "+6"))
    assert [[c.text for c in r] for r in rows] == [
        ["信息内容", "本年制发件数"], ["规章", "1", "2", "3"], ["行政规范性文件", "4", "--5", "+6"]]


def test_a_row_label_broken_over_two_cells_is_joined():
    rows = rows_of(_cells("申请人情况", "（二）部分公开（区分处理的，", "只计这一情形，不计其他情形）", "1", "0"))
    assert [c.text for c in rows[-1]][0] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert [c.text for c in rows[0]] == ["申请人情况"]


def test_one_cell_per_paragraph_becomes_a_table_and_the_paragraphs_stay():
    text = "\n\n".join(["二、主动公开政府信息情况", "第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数",
                       "现行有效件数", "规章", "1", "2", "3", "行政规范性文件", " 4", "5", "6", "全文完。"])
    doc = read_streams(parse_text(text, "x.txt"))
    (table,) = doc.tables
    assert [[c.text for c in r] for r in table.rows()][-1] == ["行政规范性文件", "4", "5", "6"]
    assert "规章" in [p.text for p in doc.paragraphs]  # layout still sees every paragraph


def test_short_paragraphs_that_are_not_the_form_stay_paragraphs_only():
    doc = read_streams(parse_text("\n\n".join(["联系人", "张三", "电话", "12345", "邮编", "100000", "传真", "5", "房间", "7"]),
                                  "x.txt"))
    assert doc.tables == []


def test_signs_and_blank_marks_come_from_one_vocabulary():
    assert parse("--253").value == -253 and parse("+3").value == 3 and parse("减少3").value == -3
    assert parse("103.3879万元").unit == "万元"
    assert all(is_blank(t) for t in ("—", "/", "无", "空", " - "))


@pytest.mark.parametrize("doc", CUT, ids=lambda p: p.name)
def test_text_cut_mid_table_reads_every_complete_row_and_names_the_rest(doc, extracted):
    out, truth = extracted(doc), load_truth(doc)
    past = truth["_past_cut"]
    assert past and all(out["fields"][k]["value"] is None for k in past)
    (cut,) = [f for f in out["findings"] if f["rule"] == "structure.truncated_table"]
    assert set(past) <= set(cut["keys"])
    kept = [k for k in truth if k.startswith("requests.")]
    assert kept and all(out["fields"][k]["value"] == truth[k] for k in kept)


def test_markdown_is_read_as_text_and_a_table_broken_by_a_page_footer_is_one_table_3(extracted):
    doc = TXT / "md-converted-2021.md"
    out, truth = extracted(doc), load_truth(doc)
    assert out["source"]["format"] == "txt"
    after_break = "requests.denied_administrative_inquiry.total"  # the first row printed after "— 3 —"
    assert out["fields"][after_break]["value"] == truth[after_break]
    assert read(doc).tables  # rows with |---| rules are tables


def test_columns_by_headings_extra_subtotal_column_moves_no_value(extracted):
    for name in ("html/html-subtotal-2021.html", "txt/txt-subtotal-2019.txt"):
        out, truth = extracted(FIXTURES / name), load_truth(FIXTURES / name)
        for k in ("requests.granted.other_org", "requests.granted.total", "requests.carried_forward.total"):
            assert out["fields"][k]["value"] == truth[k], (name, k)
            assert out["fields"][k]["method"] == "table3:row-label-align+column-headings"


def test_columns_in_another_order_and_a_missing_column(extracted):
    out = extracted(FIXTURES / "html/html-reordered-2021.html")
    truth = load_truth(FIXTURES / "html/html-reordered-2021.html")
    assert out["fields"]["requests.new_received.total"]["value"] == truth["requests.new_received.total"]
    out = extracted(FIXTURES / "txt/txt-no-other-2021.txt")
    assert out["fields"]["requests.granted.other_org"]["value"] is None
    assert any(f["rule"] == "structure.missing_value" and f["where"] == "requests.granted.other_org"
               for f in out["findings"])


def test_headings_that_do_not_decide_leave_position_to_decide():
    spec = templates()["requests"]
    head = Table(cells=[Cell(0, i, t) for i, t in enumerate(["本年新", "本年新", "总计"])], n_rows=1, n_cols=3)
    assert column_keys(table_rows(head, 0), 3, spec) is None  # a heading printed twice decides nothing
    head = Table(cells=[Cell(0, i, t) for i, t in enumerate(
        ["自然人", "法人或其他组织", "总计", "商业", "企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])], n_rows=1, n_cols=9)
    assert column_keys(table_rows(head, 0), 7, spec) == spec["columns"]


def test_a_row_that_prints_only_its_total_is_read_as_total_with_doubt():
    text = "\n".join(["| 自然人 | 法人或其他组织 | 总计 |", "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
                      "| 一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
                      "| 二、上年结转政府信息公开申请数量 | 0 |", "| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
                      "五、存在的主要问题及改进情况", "问题很多。"])
    from report_extract.pipeline import build_report
    from pathlib import Path

    out = build_report(parse_text(text, "x.txt"), Path("x.txt")).to_json()
    f = out["fields"]["requests.carried_over.total"]
    assert f["value"] == 0 and f["confidence"] < 0.9
    assert out["fields"]["requests.carried_over.natural_person"]["value"] is None
    assert json.dumps(out)  # still a valid document


def test_table_2_columns_in_another_order_follow_their_headings():
    from pathlib import Path

    from report_extract.pipeline import build_report

    text = "\n".join(["二、主动公开政府信息情况", "| 第二十条第（一）项 |", "| 信息内容 | 现行有效件数 | 本年制发件数 | 本年废止件数 |",
                      "| 规章 | 9 | 1 | 2 |", "| 行政规范性文件 | 7 | 3 | 4 |", "| 第二十条第（五）项 |",
                      "| 信息内容 | 本年处理决定数量 |", "| 行政许可 | 5 |", "三、收到和处理政府信息公开申请情况", "正文。"])
    out = build_report(parse_text(text, "x.txt"), Path("x.txt")).to_json()["fields"]
    assert [out[f"proactive.regulations.{c}"]["value"] for c in ("issued", "repealed", "in_force")] == [1, 2, 9]
    assert out["proactive.normative_documents.in_force"]["method"] == "table2:row-label-align+column-headings"
