"""The Word reader's first layer: the package read faithfully into the local model
(rows, cells with their gridSpan/vMerge, list membership, resolved styles), before
any grid is rebuilt or any list counted."""
from __future__ import annotations

import zipfile

import pytest
from conftest import load_truth
from scoring import misses
from test_docx import DOCX_FIXTURES, GS2, NUMBERING, STYLES, VM_CONT, VM_RESTART, make_docx, num, p, tc

from report_extract import extract

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


# ---------------------------------------------------------------- a damaged main part costs only what is damaged

def _rezip(src, dst, document: bytes, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compression) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, document if info.filename == "word/document.xml" else zin.read(info))
    return dst


def _table_misses(path, doc):
    truth = {k: v for k, v in load_truth(path).items() if not k.startswith(("_", "metadata."))}
    return misses(truth, doc)


@pytest.mark.parametrize("src", DOCX_FIXTURES, ids=lambda p: p.name)
def test_document_cut_short_after_its_tables_keeps_every_value(src, tmp_path):
    xml = zipfile.ZipFile(src).read("word/document.xml")
    cut = xml.rindex(b"</w:tbl>") + len(b"</w:tbl>") + 40
    out = extract(_rezip(src, tmp_path / src.name, xml[:cut])).to_json()
    assert _table_misses(src, out) == []
    assert [(e["kind"], e["where"]) for e in out["errors"]] == [("corrupt", "word/document.xml")]
    assert out["errors"][0]["message"].endswith("; read what could be recovered")


def test_a_damaged_byte_in_a_stored_main_part_keeps_every_value(tmp_path):
    src = DOCX_FIXTURES[0]
    xml = zipfile.ZipFile(src).read("word/document.xml")
    data = bytearray(_rezip(src, tmp_path / "stored.docx", xml, zipfile.ZIP_STORED).read_bytes())
    at = bytes(data).rindex(b"<w:sectPr") + 3
    data[at] ^= 0x20  # <w:sectPr ...> becomes <w:SectPr ...>: a bad CRC and a tag mismatch
    (tmp_path / "damaged.docx").write_bytes(bytes(data))
    out = extract(tmp_path / "damaged.docx").to_json()
    assert _table_misses(src, out) == []
    assert "Bad CRC-32" in out["errors"][0]["message"]
