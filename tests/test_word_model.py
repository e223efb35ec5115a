"""The Word reader's first layer: the package read faithfully into the local model
(rows, cells with their gridSpan/vMerge, list membership, resolved styles), before
any grid is rebuilt or any list counted."""
from __future__ import annotations

from test_docx import GS2, NUMBERING, STYLES, VM_CONT, VM_RESTART, make_docx, num, p, tc

from report_extract.readers.word.body import WordParagraph, WordTable
from report_extract.readers.word.numbering import NumberingDefinitions
from report_extract.readers.word.package import open_package
from report_extract.readers.word.parse import parse_body
from report_extract.readers.word.styles import Styles
from report_extract.readers.word.xml import W

DELETED_ROW = '<w:tr><w:trPr><w:del w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"/></w:trPr>' \
              + tc("删") + "</w:tr>"


def parse(tmp_path, body: str):
    package = open_package(make_docx(tmp_path / "m.docx", body, numbering=NUMBERING, styles=STYLES))
    return parse_body(package.document.find(W + "body"), Styles(package.styles),
                      NumberingDefinitions(package.numbering))


def test_cells_keep_their_merge_marks(tmp_path):
    body = ("<w:tbl>"
            f"<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{tc('合并', GS2)}{tc('甲', VM_RESTART)}</w:tr>"
            + DELETED_ROW +
            f"<w:tr>{tc('一')}{tc('二')}{tc('', VM_CONT)}</w:tr>"
            "</w:tbl>")
    [table] = parse(tmp_path, body)
    assert isinstance(table, WordTable) and table.locator == "body/tbl[1]"
    assert len(table.rows) == 2  # the deleted row is gone, as accepted
    first, second = table.rows
    assert first.grid_before == 1
    assert [(c.grid_span, c.v_merge) for c in first.cells] == [(2, None), (1, "restart")]
    assert [(c.grid_span, c.v_merge) for c in second.cells] == [(1, None), (1, None), (1, "continue")]
    assert [c.locator for c in second.cells] == ["body/tbl[1]/tr[3]/tc[1]", "body/tbl[1]/tr[3]/tc[2]",
                                                 "body/tbl[1]/tr[3]/tc[3]"]
    assert [b.text for b in first.cells[0].content] == ["合并"]


def test_paragraphs_name_their_list_and_style_without_counting(tmp_path):
    body = p("总体情况", '<w:pStyle w:val="H1"/>') + p("主动公开方面", num(1, 1)) + p("正文")
    heading, item, plain = parse(tmp_path, body)
    assert all(isinstance(x, WordParagraph) for x in (heading, item, plain))
    # the style carries list 6 (its level found from the numbering's pStyle) and outline level 0
    assert (heading.text, heading.style_name, heading.num, heading.outline) == ("总体情况", "heading 1", ("6", 0), 0)
    # direct numbering; the label is not in the text: counting is the conversion's job
    assert (item.text, item.num) == ("主动公开方面", ("1", 1))
    assert (plain.style_name, plain.num) == ("Normal", None)
