"""Readers: formats in, one document model out (no layout knowledge)."""
from report_extract.model import Paragraph, Table
from report_extract.readers import read
from report_extract.readers.html import parse_html
from report_extract.readers.text import parse_text


def test_cell_per_line_dump_padding_is_not_a_cell_but_a_blank_cell_is():
    text = "| \n 规章  | \n 0  | \n   | \n 5  | ||\n| \n 合计  | ||||\n"
    doc = parse_text(text, "x.txt")
    (table,) = doc.tables
    rows = table.rows()
    assert [c.text for c in rows[0]] == ["规章", "0", "", "5"]
    assert [c.text for c in rows[1]] == ["合计"]
    assert rows[0][2].source.locator == "line 4"
    assert table.exact_grid is False


def test_row_per_line_dump():
    doc = parse_text("标题: 报告\n| 规章 | 1 | 2 |\n|---|---|---|\n| 行政许可 | 3 |  |\n正文\n", "x.txt")
    assert isinstance(doc.blocks[0], Paragraph)
    table = doc.blocks[1]
    assert isinstance(table, Table)
    assert [[c.text for c in r] for r in table.rows()] == [["规章", "1", "2"], ["行政许可", "3", ""]]
    assert doc.blocks[2].text == "正文"


def test_html_rowspan_colspan_true_grid():
    html = """<html><body><table>
    <tr><td rowspan="2">A</td><td colspan="2">B</td></tr>
    <tr><td>c</td><td>d<br>e</td></tr>
    <tr><td>1</td><td>&nbsp;</td><td>3</td></tr></table></body></html>"""
    (t,) = parse_html(html, "x.html").tables
    grid = t.grid()
    assert [[c.text if c else None for c in row] for row in grid] == [["A", "B", "B"], ["A", "c", "d\ne"], ["1", "", "3"]]
    assert t.n_cols == 3
    assert t.cells[0].source.locator.endswith("td[1]")


def test_html_layout_table_is_read_as_text_and_inner_table_kept():
    html = """<html><body><table><tr><td><p>一、总体情况</p><table><tr><td>x</td><td>1</td></tr></table></td></tr>
    <tr><td><script>alert(1)</script><p>尾注</p></td></tr></table></body></html>"""
    doc = parse_html(html, "x.html")
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph"]
    assert "alert" not in " ".join(p.text for p in doc.paragraphs)


def test_gbk_declared_page(tmp_path):
    page = '<html><head><meta charset="gb2312"></head><body><p>政府信息公开</p></body></html>'
    f = tmp_path / "p.htm"
    f.write_bytes(page.encode("gbk"))
    doc = read(f)
    assert doc.paragraphs[0].text == "政府信息公开"
    assert doc.info["encoding"] == "gb18030"


def test_undeclared_gbk_text_file(tmp_path):
    f = tmp_path / "d.txt"
    f.write_bytes("一、总体情况\n本机关".encode("gbk"))
    assert [p.text for p in read(f).paragraphs] == ["一、总体情况", "本机关"]


def test_mislabelled_html_named_txt_is_still_text_and_pdf_named_html_is_pdf(tmp_path):
    from report_extract.readers import sniff_format

    assert sniff_format(tmp_path / "a.html", b"%PDF-1.7\n") == "pdf"
    assert sniff_format(tmp_path / "a.pdf", b"<!DOCTYPE html><html>") == "html"


def test_entities_and_external_resources_are_not_fetched(tmp_path):
    page = ('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<html><body><p>&x;安全</p><img src="http://example.invalid/a.png"></body></html>')
    f = tmp_path / "x.html"
    f.write_text(page, encoding="utf-8")
    text = " ".join(p.text for p in read(f).paragraphs)
    assert "root:" not in text


def test_table_typed_with_nbsp_paragraphs_is_rebuilt_but_prose_is_not():
    rows = "".join(f"<p>{a}&nbsp;&nbsp;&nbsp;{b}&nbsp;&nbsp;{c}</p>" for a, b, c in
                   [("信息内容", "本年制发件数", "本年废止件数"), ("规章", "1", "0"), ("行政规范性文件", "2", "—")])
    page = f"<html><body><p>正文  两个空格的句子。</p><p>标题</p>{rows}<p>三、收到和处理政府信息公开申请情况</p></body></html>"
    doc = parse_html(page, "x.html")
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    assert [[c.text for c in r] for r in doc.blocks[2].rows()][2] == ["行政规范性文件", "2", "—"]


def test_tab_separated_text_table():
    text = "二、主动公开\n信息内容\t本年制发件数\n规章\t3\n行政规范性文件\t4\n结尾句子。\n"
    doc = parse_text(text, "x.txt")
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph"]


def test_oversized_text_refused_with_a_clear_reason(tmp_path, monkeypatch):
    import pytest

    from report_extract.model import ReaderError
    from report_extract.readers import text

    f = tmp_path / "big.txt"
    f.write_text("一、总体情况\n" * 100, encoding="utf-8")
    monkeypatch.setattr(text, "MAX_BYTES", 100)
    with pytest.raises(ReaderError) as e:
        read(f)
    assert e.value.kind == "too_large"
    assert "byte limit for text" in e.value.message
