"""Word reader (.docx, .doc): block order, true table grids, numbering, revisions,
fields, locators, hostile files, LibreOffice conversion."""
from __future__ import annotations

import json
import os
import re
import shutil
import stat
import sys
import time
import zipfile
from pathlib import Path

import docx as python_docx
import pytest

from conftest import SHARED, needs
from scoring import misses
from lxml import etree

from report_extract.model import Paragraph, ReaderError, Table
from report_extract.readers import word as docx_reader
from report_extract.readers.word import legacy as legacy_word
from report_extract.readers import ooxml_safety as safety
from report_extract.readers import read as read_any

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "docx"
BROKEN = ROOT / "tests" / "broken" / "docx"
TEMPLATE = SHARED / "corpus" / "docs" / "template-2021-blank.docx"
sys.path.insert(0, str(ROOT / "fixtures" / "generate"))
import docx_writer  # noqa: E402
import spec as specmod  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS}
DOCX_FIXTURES = sorted(FIXTURES.glob("*.docx"))

# ----------------------------------------------------------------------------- helpers

CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>"""
PKG_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.gov.cn/" TargetMode="External"/>
</Relationships>"""
XMLNS = (f'xmlns:w="{W_NS}" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
         'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')


def make_docx(path: Path, body: str, *, numbering: str = "", styles: str = "", doctype: str = "",
              extra: dict | None = None, drop: tuple = ()) -> Path:
    """A minimal WordprocessingML package around ``body`` (inner XML of w:body)."""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
                f'<w:document {XMLNS}><w:body>{body}</w:body></w:document>')
    members = {
        "[Content_Types].xml": CT,
        "_rels/.rels": PKG_RELS,
        "word/document.xml": document,
        "word/_rels/document.xml.rels": DOC_RELS,
        "word/numbering.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {XMLNS}>{numbering}</w:numbering>',
        "word/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:styles {XMLNS}>{styles}</w:styles>',
    }
    members.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            if name in drop:
                continue
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def p(text: str = "", ppr: str = "") -> str:
    return f'<w:p>{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def tc(text: str = "", tcpr: str = "") -> str:
    return f'<w:tc>{f"<w:tcPr>{tcpr}</w:tcPr>" if tcpr else ""}{p(text)}</w:tc>'


GS2 = '<w:gridSpan w:val="2"/>'
HM_RESTART = '<w:hMerge w:val="restart"/>'
HM_CONT = "<w:hMerge/>"
VM_RESTART = '<w:vMerge w:val="restart"/>'
VM_CONT = "<w:vMerge/>"
VM_CONT2 = '<w:vMerge w:val="continue"/>'


def read_tmp(tmp_path: Path, body: str, **kw):
    return docx_reader.read(make_docx(tmp_path / "t.docx", body, **kw))


def texts(doc) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def cell_at(table: Table, row: int, col: int):
    return table.grid()[row][col]


def fixture_spec(stem: str):
    if stem in docx_writer.FIXTURES:
        kw = dict(docx_writer.FIXTURES[stem][0])
    else:
        name, kw, _opts = docx_writer.DOC_FIXTURE
        assert name == stem
        kw = dict(kw)
    return specmod.build(stem, kw.pop("seed"), **kw)


def report_tables(doc):
    """(table 2, table 3, table 4) of a fixture: the tables with the most columns of each kind."""
    tables = [t for t in doc.tables if t.n_rows > 1]
    t2 = next(t for t in tables if any("第二十条" in c.text for c in t.cells))
    t3 = next(t for t in tables if any("申请人情况" in c.text for c in t.cells))
    t4 = next(t for t in tables if any(c.text == "行政复议" for c in t.cells))
    return t2, t3, t4


# ----------------------------------------------------------------------------- fixtures: grid

def test_fixtures_exist():
    names = {p.name for p in FIXTURES.iterdir()}
    assert len(DOCX_FIXTURES) >= 4
    assert any(n.endswith(".doc") for n in names)
    for f in list(FIXTURES.glob("*.docx")) + list(FIXTURES.glob("*.doc")):
        truth = json.loads(f.with_suffix(".json").read_text(encoding="utf-8"))
        assert truth["_doc"] == f.name


@pytest.mark.parametrize("path", DOCX_FIXTURES, ids=lambda p: p.stem)
def test_fixture_table3_geometry(path):
    doc = docx_reader.read(path)
    spec = fixture_spec(path.stem)
    _t2, t3, t4 = report_tables(doc)
    rows = spec.request_rows()
    assert (t3.n_rows, t3.n_cols) == (3 + len(rows), 10)
    corner = cell_at(t3, 0, 0)
    assert (corner.row, corner.col, corner.row_span, corner.col_span) == (0, 0, 3, 3)
    assert corner is cell_at(t3, 2, 2)
    applicant = cell_at(t3, 0, 3)
    assert (applicant.text, applicant.col_span) == ("申请人情况", 7)
    legal = cell_at(t3, 1, 4)
    assert (legal.text, legal.row_span, legal.col_span) == ("法人或其他组织", 1, 5)
    assert cell_at(t3, 1, 3).row_span == 2 and cell_at(t3, 1, 9).row_span == 2
    keys = [k for _g, _l, k in rows]
    results = cell_at(t3, 3 + keys.index("granted"), 0)
    assert results.text == "三、本年度办理结果"
    assert results.row_span == keys.index("total_processed") - keys.index("granted") + 1
    denied = cell_at(t3, 3 + keys.index("denied_state_secret"), 1)
    assert (denied.text, denied.row_span, denied.col_span) == ("（三）不予公开", 8, 1)
    assert cell_at(t3, 3 + keys.index("not_processed_petition"), 1).row_span == 5
    if spec.table3 == "2021":
        assert cell_at(t3, 3 + keys.index("other_no_correction"), 1).row_span == 3
    else:
        other = cell_at(t3, 3 + keys.index("other_handling"), 1)
        assert (other.text, other.row_span, other.col_span) == ("（六）其他处理", 1, 2)
    # table 4
    assert (t4.n_rows, t4.n_cols) == (4, 15)
    assert cell_at(t4, 0, 5).text == "行政诉讼" and cell_at(t4, 0, 5).col_span == 10
    assert cell_at(t4, 0, 0).col_span == 5
    assert all(cell_at(t4, 1, k).row_span == 2 for k in range(5))


@pytest.mark.parametrize("path", DOCX_FIXTURES, ids=lambda p: p.stem)
def test_fixture_every_value_cell_at_its_grid_position(path):
    """Reader-level truth: each printed value sits at the grid position of its key."""
    doc = docx_reader.read(path)
    spec = fixture_spec(path.stem)
    t2, t3, t4 = report_tables(doc)
    for i, (_g, _l, key) in enumerate(spec.request_rows()):
        for c, ck in enumerate(specmod.APPLICANTS + ["total"]):
            cell = cell_at(t3, 3 + i, 3 + c)
            assert cell.text == spec.cells[f"requests.{key}.{ck}"].text, (key, ck)
            assert (cell.row, cell.col) == (3 + i, 3 + c)
    for g, group in enumerate(specmod.REVIEW_GROUPS):
        for k, ck in enumerate(specmod.REVIEW_COLS):
            assert cell_at(t4, 3, g * 5 + k).text == spec.cells[f"review_litigation.{group}.{ck}"].text
    r = 0
    for _item, rows, cols in specmod.PROACTIVE[spec.table2]:
        r += 2
        for label, rk in rows:
            assert cell_at(t2, r, 0).text == label
            printed = [c.text for c in t2.rows()[r][1:]]
            assert printed == [spec.cells[f"proactive.{rk}.{ck}"].text for _cl, ck in cols]
            r += 1


def test_merged_cells_listed_once_unlike_python_docx():
    """python-docx's row.cells repeats a gridSpan'd / vMerge'd cell; the grid lists it once."""
    path = FIXTURES / "word-2021-typed.docx"
    doc = docx_reader.read(path)
    t2, t3, _t4 = report_tables(doc)
    pd = python_docx.Document(str(path))
    pd_t2 = next(t for t in pd.tables if "第二十条" in t.rows[0].cells[0].text)
    # 行政许可: one value cell spanning three grid columns
    lic = next(i for i, row in enumerate(pd_t2.rows) if row.cells[0].text == "行政许可")
    pd_cells = pd_t2.rows[lic].cells
    assert len(pd_cells) == 4 and pd_cells[1]._tc is pd_cells[3]._tc  # python-docx: repeated
    ours = t2.rows()[lic]
    assert [c.col_span for c in ours] == [1, 3] and len(ours) == 2
    # 三、本年度办理结果: vMerge over 22 rows, a single cell in the grid
    assert sum(1 for c in t3.cells if c.text == "三、本年度办理结果") == 1
    pd_t3 = next(t for t in pd.tables if len(t.columns) == 10)
    repeated = sum(1 for row in pd_t3.rows for c in row.cells if c.text == "三、本年度办理结果")
    assert repeated > 1
    # no grid position is claimed by two cells, and spans cover the grid exactly once
    for t in doc.tables:
        seen = {}
        for c in t.cells:
            for r in range(c.row, c.row + c.row_span):
                for k in range(c.col, c.col + c.col_span):
                    assert (r, k) not in seen, (t.source.locator, r, k)
                    seen[(r, k)] = c


@needs(TEMPLATE, "the corpus template")
def test_official_template_grid():
    doc = docx_reader.read(TEMPLATE)
    t2, t3, t4 = report_tables(doc)
    assert (t2.n_rows, t2.n_cols) == (14, 4)
    assert (t3.n_rows, t3.n_cols) == (28, 10)
    assert (t4.n_rows, t4.n_cols) == (4, 15)
    c = cell_at(t3, 0, 0)
    assert (c.row_span, c.col_span) == (3, 3)
    assert cell_at(t3, 5, 0).row_span == 22 and cell_at(t3, 7, 1).row_span == 8
    assert cell_at(t4, 0, 5).col_span == 10
    assert len(t3.rows()[27]) == 8  # label + 7 value cells, no duplicates
    assert doc.info.get("created") and doc.info.get("modified")


# ----------------------------------------------------------------------------- locators

@pytest.mark.parametrize("path", DOCX_FIXTURES + ([TEMPLATE] if TEMPLATE.exists() else []), ids=lambda p: p.stem)
def test_locators_resolve_to_the_text(path):
    """Every block and cell locator, as XPath on word/document.xml, finds its text."""
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    body = root.find(f"{{{W_NS}}}body")

    def resolve(loc: str):
        loc = re.sub(r" \(grid column \d+\)$", "", loc)
        assert loc.startswith("body")
        xp = "." + re.sub(r"/(?!/)(?:(mc):)?([A-Za-z]+)", lambda m: f"/{m.group(1) or 'w'}:{m.group(2)}", loc[4:])
        found = body.xpath(xp, namespaces={**NS, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"})
        assert len(found) == 1, (loc, xp)
        return found[0]

    doc = docx_reader.read(path)
    n = 0
    for b in doc.blocks:
        el = resolve(b.source.locator)
        if isinstance(b, Paragraph):
            assert el.tag == f"{{{W_NS}}}p"
            assert b.text[-4:] in "".join(el.itertext()), b.source.locator
        else:
            assert el.tag == f"{{{W_NS}}}tbl"
            for c in b.cells:
                m = re.search(r"\(grid column (\d+)\)$", c.source.locator)
                assert m and int(m.group(1)) == c.col + 1
                tcel = resolve(c.source.locator)
                assert tcel.tag == f"{{{W_NS}}}tc"
                if c.text and not re.match(r"^\d+\.", c.text):  # auto-numbered labels print more than the XML
                    assert c.text.split("\n")[0] in "".join(tcel.itertext())
                n += 1
    assert n > 100


# ----------------------------------------------------------------------------- numbering

NUMBERING = """
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="3">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="第%1章"/><w:suff w:val="space"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="4">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="5">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="japaneseCounting"/><w:lvlText w:val="%1、"/><w:pStyle w:val="H1"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="4"/></w:num>
<w:num w:numId="6"><w:abstractNumId w:val="5"/></w:num>
<w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>
"""
STYLES = """
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>
  <w:pPr><w:numPr><w:numId w:val="6"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="T"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="Plain"><w:name w:val="Body Text"/><w:basedOn w:val="a"/></w:style>
"""


def num(nid, ilvl=0):
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{nid}"/></w:numPr>'


def test_auto_numbered_headings_recovered(tmp_path):
    body = "".join([
        p("总体情况", num(1)),
        p("主动公开方面", num(1, 1)),
        p("依申请公开方面", num(1, 1)),
        p("第一条", num(1, 2)),
        p("第二条", num(1, 2)),
        p("主动公开政府信息情况", num(1)),
        p("新一节", num(1, 1)),  # level 1 restarts after level 0
        p("甲", num(2)), p("乙", num(2)),
        p("丙", num(3)),  # startOverride restarts the shared list
        p("丁", num(3)),
        p("总则", num(4)),
        p("要点", num(5)),  # bullets are dropped
        p("收到和处理政府信息公开申请情况", num(7)),  # another num of abstract 1 continues its list
        p("不编号", num(0)),
    ])
    doc = read_tmp(tmp_path, body, numbering=NUMBERING, styles=STYLES)
    assert texts(doc) == [
        "一、总体情况", "（一）主动公开方面", "（二）依申请公开方面", "1.第一条", "2.第二条",
        "二、主动公开政府信息情况", "（一）新一节", "1.甲", "2.乙", "1.丙", "2.丁", "第一章 总则", "要点",
        "三、收到和处理政府信息公开申请情况", "不编号",
    ]


def test_numbering_from_heading_style(tmp_path):
    body = p("总体情况", '<w:pStyle w:val="H1"/>') + p("正文") + p("主动公开", '<w:pStyle w:val="H1"/>') \
        + p("报告标题", '<w:pStyle w:val="T"/>') + p("大纲", '<w:outlineLvl w:val="1"/>') \
        + p("居中", '<w:jc w:val="center"/>')
    doc = read_tmp(tmp_path, body, numbering=NUMBERING, styles=STYLES)
    got = [(b.text, b.style) for b in doc.paragraphs]
    assert got == [("一、总体情况", "heading"), ("正文", None), ("二、主动公开", "heading"),
                   ("报告标题", "title"), ("大纲", "heading"), ("居中", "centered")]


@pytest.mark.parametrize("n,fmt,want", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"), (21, "japaneseCounting", "二十一"),
    (105, "chineseCountingThousand", "一百零五"), (110, "chineseCountingThousand", "一百一十"),
    (1010, "chineseCountingThousand", "一千零一十"), (3, "chineseLegalSimplified", "叁"),
    (3, "decimalEnclosedCircle", "③"), (2, "ideographTraditional", "乙"), (7, "decimalZero", "07"),
    (4, "upperRoman", "IV"), (28, "lowerLetter", "bb"), (12, "decimalFullWidth", "１２"), (5, "decimal", "5"),
])
def test_format_number(n, fmt, want):
    assert docx_reader.format_number(n, fmt) == want


def test_fixture_auto_numbering():
    doc = docx_reader.read(FIXTURES / "word-2019-auto.docx")
    heads = [b.text for b in doc.paragraphs if b.style == "heading"]
    assert heads == [f"{n}、{t}" for n, (_s, t) in zip("一二三四五六", docx_writer.HEADINGS)]
    _t2, t3, _t4 = report_tables(doc)
    labels = [c.text for c in t3.cells if c.col == 2]
    spec = fixture_spec("word-2019-auto")
    assert labels == [lab for g, lab, _k in spec.request_rows() if g and g.startswith("（") and g != "三、本年度办理结果"]


# ----------------------------------------------------------------------------- revisions and fields

def test_tracked_changes_accepted(tmp_path):
    rev = 'w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"'
    body = (
        f'<w:p><w:r><w:t>保留</w:t></w:r><w:del {rev}><w:r><w:delText>删除</w:delText></w:r></w:del>'
        f'<w:ins {rev}><w:r><w:t>插入</w:t></w:r></w:ins><w:moveFrom {rev}><w:r><w:t>移出</w:t></w:r></w:moveFrom>'
        f'<w:moveTo {rev}><w:r><w:t>移入</w:t></w:r></w:moveTo></w:p>'
        # a paragraph whose mark was deleted joins the next one
        f'<w:p><w:pPr><w:rPr><w:del {rev}/></w:rPr></w:pPr><w:r><w:t>前半</w:t></w:r></w:p>'
        f'<w:p><w:r><w:t>后半</w:t></w:r></w:p>'
        # a wholly deleted paragraph disappears
        f'<w:p><w:pPr><w:rPr><w:del {rev}/></w:rPr></w:pPr><w:del {rev}><w:r><w:delText>全删</w:delText></w:r></w:del></w:p>'
        f'<w:p><w:r><w:t>末段</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r></w:p>'
        # a deleted table row is gone
        f'<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr>{tc("甲")}</w:tr>'
        f'<w:tr><w:trPr><w:del {rev}/></w:trPr>{tc("删行")}</w:tr><w:tr>{tc("乙")}</w:tr></w:tbl>'
    )
    doc = read_tmp(tmp_path, body)
    assert texts(doc) == ["保留插入移入", "前半后半", "末段"]
    assert [c.text for c in doc.tables[0].cells] == ["甲", "乙"]
    assert doc.paragraphs[1].source.locator == "body/p[2]"


def test_fixture_tracked_paragraph_reads_as_accepted():
    doc = docx_reader.read(FIXTURES / "word-hybrid-tracked.docx")
    spec = fixture_spec("word-hybrid-tracked")
    want = [t for _l, t in spec.narrative["problems_improvements"]]
    got = texts(doc)
    for t in want:
        assert t in got
    assert not any("原稿删除" in t or "移走的句子" in t for t in got)


def test_fields_and_hyperlinks_read_as_displayed(tmp_path):
    body = (
        '<w:p><w:r><w:t>见</w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:t>门户网站</w:t></w:r></w:hyperlink>'
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \\@ "yyyy年M月d日" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2024年1月5日</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        # nested field: the inner result is part of the outer instruction, not displayed
        '<w:p><w:r><w:t>共</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>NUMPAGES</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>9</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:instrText> &gt; 1 "多页" "单页"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>多页</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        # a field without a result shows nothing
        '<w:p><w:r><w:t>无结果</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText>TOC \\o</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    doc = read_tmp(tmp_path, body)
    assert texts(doc) == ["见门户网站3", "2024年1月5日", "共多页", "无结果"]


def test_fixture_fields():
    doc = docx_reader.read(FIXTURES / "word-2021-typed.docx")
    spec = fixture_spec("word-2021-typed")
    got = texts(doc)
    y, m, d = (int(x) for x in spec.signed_date.split("-"))
    assert f"{y}年{m}月{d}日" in got
    assert spec.narrative["overview"][1][1] in got  # hyperlink + simple field paragraph
    assert not any("DATE" in t or "MERGEFIELD" in t for t in got)


# ----------------------------------------------------------------------------- structure

def test_content_controls_keep_body_order(tmp_path):
    body = (p("一、总体情况")
            + f'<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>{p("二、主动公开")}'
            + f'<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>{tc("规章")}'
            + f'<w:sdt><w:sdtContent>{tc("5")}</w:sdtContent></w:sdt></w:tr></w:tbl></w:sdtContent></w:sdt>'
            + '<w:p><w:r><w:t>落款：</w:t></w:r><w:sdt><w:sdtContent><w:r><w:t>某局</w:t></w:r></w:sdtContent></w:sdt></w:p>'
            + '<w:customXml w:element="x">' + p("三、依申请") + '</w:customXml>')
    doc = read_tmp(tmp_path, body)
    kinds = [(type(b).__name__, b.source.locator) for b in doc.blocks]
    assert kinds == [("Paragraph", "body/p[1]"), ("Paragraph", "body/sdt[1]/sdtContent/p[1]"),
                     ("Table", "body/sdt[1]/sdtContent/tbl[1]"), ("Paragraph", "body/p[2]"),
                     ("Paragraph", "body/customXml[1]/p[1]")]
    t = doc.tables[0]
    assert [(c.col, c.text) for c in t.cells] == [(0, "规章"), (1, "5")]
    assert t.cells[1].source.locator == "body/sdt[1]/sdtContent/tbl[1]/tr[1]/sdt[1]/sdtContent/tc[1] (grid column 2)"
    assert doc.paragraphs[2].text == "落款：某局"


def test_grid_before_after_hmerge_and_multiline(tmp_path):
    grid = "<w:tblGrid>" + "<w:gridCol/>" * 4 + "</w:tblGrid>"
    body = ('<w:tbl>' + grid
            + f'<w:tr>{tc("A", GS2)}{tc("B")}{tc("C")}</w:tr>'
            + f'<w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>{tc("D")}{tc("E")}</w:tr>'
            + f'<w:tr>{tc("F", HM_RESTART)}{tc("", HM_CONT)}{tc("G", VM_RESTART)}'
            + f'{tc("H")}</w:tr>'
            + '<w:tr><w:tc><w:p><w:r><w:t>本年新</w:t></w:r></w:p><w:p><w:r><w:t>公开数量</w:t></w:r></w:p></w:tc>'
            + f'{tc("", VM_CONT)}{tc("", VM_CONT)}{tc("I")}</w:tr>'
            + '</w:tbl>')
    doc = read_tmp(tmp_path, body)
    t = doc.tables[0]
    got = {(c.row, c.col): (c.text, c.row_span, c.col_span) for c in t.cells}
    assert (t.n_rows, t.n_cols) == (4, 4)
    assert got[(0, 0)] == ("A", 1, 2) and got[(0, 2)] == ("B", 1, 1) and got[(0, 3)] == ("C", 1, 1)
    assert got[(1, 1)] == ("D", 1, 1) and got[(1, 2)] == ("E", 1, 1) and (1, 0) not in got and (1, 3) not in got
    assert got[(2, 0)] == ("F", 1, 2) and got[(2, 2)] == ("G", 2, 1) and got[(2, 3)] == ("H", 1, 1)
    # row 3: a two-line cell; a vMerge continue under F's middle (no cell above starts at
    # column 1) becomes a cell of its own; the continue under G extends G
    assert got[(3, 0)] == ("本年新\n公开数量", 1, 1)
    assert got[(3, 1)] == ("", 1, 1) and (3, 2) not in got and got[(3, 3)] == ("I", 1, 1)


def test_vmerge_continue_extends_the_cell_above(tmp_path):
    grid = "<w:tblGrid>" + "<w:gridCol/>" * 3 + "</w:tblGrid>"
    body = ('<w:tbl>' + grid
            + f'<w:tr>{tc("组", VM_RESTART)}{tc("1.甲")}{tc("5")}</w:tr>'
            + f'<w:tr>{tc("", VM_CONT)}{tc("2.乙")}{tc("6")}</w:tr>'
            + f'<w:tr>{tc("", VM_CONT2)}{tc("3.丙")}{tc("7")}</w:tr>'
            + f'<w:tr>{tc("合计", GS2)}{tc("18")}</w:tr>'
            + '</w:tbl>')
    t = read_tmp(tmp_path, body).tables[0]
    assert [(c.row, c.col, c.text, c.row_span, c.col_span) for c in t.cells] == [
        (0, 0, "组", 3, 1), (0, 1, "1.甲", 1, 1), (0, 2, "5", 1, 1),
        (1, 1, "2.乙", 1, 1), (1, 2, "6", 1, 1), (2, 1, "3.丙", 1, 1), (2, 2, "7", 1, 1),
        (3, 0, "合计", 1, 2), (3, 2, "18", 1, 1)]


def test_nested_table_follows_its_outer_table(tmp_path):
    inner = f'<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>{tc("行政复议")}{tc("3")}</w:tr></w:tbl>'
    body = (p("前") + f'<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>{p("外层")}{inner}<w:p/></w:tc></w:tr></w:tbl>'
            + p("后"))
    doc = read_tmp(tmp_path, body)
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Table", "Paragraph"]
    outer, inner_t = doc.tables
    assert outer.cells[0].text == "外层"  # the inner table's text is not repeated in the outer cell
    assert inner_t.source.locator == "body/tbl[1]/tr[1]/tc[1]/tbl[1]"
    assert [c.text for c in inner_t.cells] == ["行政复议", "3"]


def test_fixture_nested_table4_and_header_rows():
    doc = docx_reader.read(FIXTURES / "word-2021-continued.docx")
    _t2, t3, t4 = report_tables(doc)
    assert t4.source.locator.endswith("/tr[1]/tc[1]/tbl[1]")
    i = doc.blocks.index(t4)
    assert isinstance(doc.blocks[i - 1], Table) and doc.blocks[i - 1].n_cols == 1
    # header rows marked to repeat appear once in the grid
    assert sum(1 for c in t3.cells if c.text == "申请人情况") == 1
    with zipfile.ZipFile(FIXTURES / "word-2021-continued.docx") as zf:
        assert zf.read("word/document.xml").count(b"tblHeader") == 3


def test_core_properties_and_format():
    doc = docx_reader.read(FIXTURES / "word-2021-typed.docx")
    spec = fixture_spec("word-2021-typed")
    assert doc.format == "docx" and doc.pages is None
    assert doc.info["title"] == spec.title
    assert doc.info["author"] == "fixture"
    assert doc.info["created"] == "2024-01-02T09:00:00Z" and doc.info["modified"] == "2024-01-02T09:00:00Z"


def test_macro_enabled_content_type_is_still_read(tmp_path):
    """python-docx refuses a .docm main part; the reader falls back to the raw parts."""
    ct = CT.replace("document.main+xml", "document.main+xml").replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml")
    path = make_docx(tmp_path / "m.docx", p("总体情况", num(1)), numbering=NUMBERING, styles=STYLES,
                     extra={"[Content_Types].xml": ct})
    with pytest.raises(ValueError):
        python_docx.Document(str(path))
    assert texts(docx_reader.read(path)) == ["一、总体情况"]


def test_registry_reads_docx_by_content():
    doc = read_any(FIXTURES / "word-2021-typed.docx")
    assert doc.format == "docx" and doc.tables


def test_reading_twice_gives_the_same_document():
    a = docx_reader.read(FIXTURES / "word-hybrid-tracked.docx")
    b = docx_reader.read(FIXTURES / "word-hybrid-tracked.docx")
    assert a == b


# ----------------------------------------------------------------------------- hostile files

def _err(fn, *a, **kw) -> ReaderError:
    with pytest.raises(ReaderError) as e:
        fn(*a, **kw)
    return e.value


def test_not_a_zip(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_bytes(b"This is plain text pretending to be a Word file.\n" * 10)
    e = _err(docx_reader.read, path)
    assert e.kind == "corrupt"
    assert e.message == "fake.docx is not a valid .docx (not a zip archive)"


def test_truncated_zip(tmp_path):
    good = (FIXTURES / "word-2021-typed.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(good[: len(good) // 2])
    e = _err(docx_reader.read, path)
    assert e.kind == "corrupt" and "cut.docx is not a valid .docx (not a zip archive" in e.message


def test_zip_without_document_xml(tmp_path):
    path = make_docx(tmp_path / "nodoc.docx", p("x"), drop=("word/document.xml",))
    e = _err(docx_reader.read, path)
    assert e.kind == "corrupt"
    assert e.message == ("nodoc.docx is not a valid .docx: the archive has no main document part "
                         "(word/document.xml)")


def test_zip_bomb_refused_before_inflating(tmp_path):
    path = make_docx(tmp_path / "bomb.docx", p("x"))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("word/media/image1.png", "w") as fh:  # 64 MiB of zeros, ~64 KiB compressed
            block = b"\0" * (1 << 20)
            for _ in range(64):
                fh.write(block)
    assert path.stat().st_size < 1 << 20
    e = _err(docx_reader.read, path)
    assert e.kind == "too_large"
    assert re.fullmatch(r"bomb\.docx: refused as a zip bomb, part word/media/image1\.png inflates \d+x to "
                        r"64\.0 MiB \(limit 200x\)", e.message), e.message


def _forge_size(path: Path, member: str, size: int):
    """Rewrite the declared uncompressed size of ``member`` in the central directory."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    i = data.find(b"PK\x01\x02" + b"")
    while i != -1:
        nlen = int.from_bytes(data[i + 28:i + 30], "little")
        if data[i + 46:i + 46 + nlen] == name:
            data[i + 24:i + 28] = size.to_bytes(4, "little")
            data[i + 20:i + 24] = (size // 10).to_bytes(4, "little")  # keep the ratio plausible
            path.write_bytes(bytes(data))
            return
        i = data.find(b"PK\x01\x02", i + 4)
    raise AssertionError("member not found")


def test_huge_part_refused_from_directory(tmp_path):
    path = make_docx(tmp_path / "huge.docx", p("x"))
    _forge_size(path, "word/document.xml", 3_000_000_000)
    e = _err(docx_reader.read, path)
    assert e.kind == "too_large"
    assert e.message == "huge.docx: refused, part word/document.xml inflates to 2861.0 MiB (limit 64.0 MiB)"


def test_limits_are_configurable(tmp_path):
    path = make_docx(tmp_path / "big.docx", p("x" * 5000))
    small = safety.Limits(max_xml_part_bytes=2000)
    e = _err(docx_reader.read, path, limits=small)
    assert e.kind == "too_large" and "word/document.xml" in e.message
    e = _err(docx_reader.read, path, limits=safety.Limits(max_members=3))
    assert e.message == "big.docx: refused, the archive has 6 members (limit 3)"
    e = _err(docx_reader.read, path, limits=safety.Limits(max_total_bytes=4000))
    assert e.message == "big.docx: refused, the parts inflate to more than 0.0 MiB in all"


BILLION_LAUGHS = """<!DOCTYPE w:document [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>"""


def test_billion_laughs_refused(tmp_path):
    path = make_docx(tmp_path / "lol.docx", "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", doctype=BILLION_LAUGHS)
    e = _err(docx_reader.read, path)
    assert e.kind == "unsafe"
    assert e.message == ("lol.docx: refused, part word/document.xml declares a DOCTYPE/entities "
                         "(possible XML entity-expansion bomb)")


def test_doctype_hidden_after_long_prolog_refused(tmp_path):
    """A DOCTYPE pushed past the prolog scan by a long comment is still refused after parsing."""
    pad = "<!--" + "x" * 70000 + "-->"
    path = make_docx(tmp_path / "late.docx", "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", doctype=pad + BILLION_LAUGHS)
    e = _err(docx_reader.read, path)
    assert e.kind == "unsafe" and "word/document.xml" in e.message


def test_safe_parser_never_expands_entities():
    xml = (BILLION_LAUGHS + f'<w:document xmlns:w="{W_NS}"><w:t>&lol9;</w:t></w:document>').encode()
    try:  # libxml2 either leaves the entities unexpanded or refuses the amplification
        root = etree.fromstring(xml, safety.SAFE_PARSER)
        assert len("".join(root.itertext())) < 100
    except etree.XMLSyntaxError as e:
        assert "amplification" in str(e) or "entity" in str(e).lower()
    with pytest.raises(ReaderError):
        safety.parse_xml_part(xml, "x.xml", "d.docx")


def _fake_encrypted_ole(path: Path):
    """The shape of a password-protected .docx: an OLE2 file with EncryptionInfo/EncryptedPackage."""
    header = bytearray(512)
    header[:8] = safety.OLE2_MAGIC
    header[0x1E:0x20] = (9).to_bytes(2, "little")
    body = bytearray(1024)
    for k, name in enumerate(("EncryptionInfo", "EncryptedPackage")):
        raw = name.encode("utf-16-le")
        body[k * 128:k * 128 + len(raw)] = raw
    path.write_bytes(bytes(header + body))
    return path


def test_encrypted_office_file(tmp_path):
    path = _fake_encrypted_ole(tmp_path / "secret.docx")
    e = _err(docx_reader.read, path)
    assert e.kind == "encrypted"
    assert e.message.startswith("secret.docx is password-protected (an encrypted Office file)")
    e = _err(read_any, path)  # the registry sends OLE2 to the legacy reader: same answer
    assert e.kind == "encrypted"


def test_empty_and_bad_legacy_files(tmp_path):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    assert _err(docx_reader.read, empty).kind == "corrupt"
    junk = tmp_path / "junk.doc"
    junk.write_bytes(b"not a word file at all" * 10)
    e = _err(legacy_word.read, junk)
    assert e.kind == "corrupt" and e.message == "junk.doc is not a valid .doc (not an OLE2 compound file)"


def test_broken_corpus(tmp_path):
    """Every file under tests/broken/docx gives a ReaderError, never a crash."""
    files = sorted(BROKEN.glob("*"))
    assert files, "tests/broken/docx is empty"
    for f in files:
        with pytest.raises(ReaderError):
            read_any(f)


# ----------------------------------------------------------------------------- .doc through LibreOffice

DOC_FIXTURE = FIXTURES / "word-2021-legacy.doc"


def test_doc_fixture_is_a_real_ole2_file():
    assert DOC_FIXTURE.read_bytes()[:8] == safety.OLE2_MAGIC
    assert not legacy_word._doc_fib_encrypted(DOC_FIXTURE)


def test_doc_read_or_missing_program():
    """With LibreOffice: the .doc reads like its .docx; without: the missing_program error."""
    if legacy_word.find_soffice() is None:
        e = _err(read_any, DOC_FIXTURE)
        assert e.kind == "missing_program"
        assert e.message == ("reading .doc needs LibreOffice (soffice), not found on PATH; install it with: "
                             "apt-get install -y --no-install-recommends libreoffice-writer-nogui")
        return
    doc = read_any(DOC_FIXTURE)
    assert doc.format == "doc" and doc.path == str(DOC_FIXTURE)
    spec = fixture_spec("word-2021-legacy")
    _t2, t3, t4 = report_tables(doc)
    assert cell_at(t3, 0, 0).row_span == 3 and cell_at(t3, 0, 0).col_span == 3
    for i, (_g, _l, key) in enumerate(spec.request_rows()):
        for c, ck in enumerate(specmod.APPLICANTS + ["total"]):
            assert cell_at(t3, 3 + i, 3 + c).text == spec.cells[f"requests.{key}.{ck}"].text
    heads = [b.text for b in doc.paragraphs if b.style == "heading"]
    assert heads[0] == "一、总体情况" and heads[-1] == "六、其他需要报告的事项"
    # table 4: LibreOffice may add a grid column; the values keep their order
    values = [c.text for c in t4.rows()[3]]
    assert values == [spec.cells[f"review_litigation.{g}.{k}"].text
                      for g in specmod.REVIEW_GROUPS for k in specmod.REVIEW_COLS]


def test_doc_without_libreoffice(monkeypatch):
    monkeypatch.setattr(legacy_word, "find_soffice", lambda: None)
    e = _err(read_any, DOC_FIXTURE)
    assert e.kind == "missing_program"
    assert e.message == ("reading .doc needs LibreOffice (soffice), not found on PATH; install it with: "
                         "apt-get install -y --no-install-recommends libreoffice-writer-nogui")


def test_wps_without_libreoffice(monkeypatch, tmp_path):
    monkeypatch.setattr(legacy_word, "find_soffice", lambda: None)
    wps = tmp_path / "report.wps"
    shutil.copyfile(DOC_FIXTURE, wps)
    e = _err(read_any, wps)
    assert e.kind == "missing_program" and e.message.startswith("reading .wps needs LibreOffice")


def test_conversion_time_limit(monkeypatch, tmp_path):
    """A hanging converter is killed at the time limit (with the processes it started)."""
    fake = tmp_path / "soffice"
    pidfile = tmp_path / "child.pid"
    fake.write_text(f"#!/bin/sh\nsleep 30 &\necho $! > {pidfile}\nwait\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("REPORT_EXTRACT_SOFFICE", str(fake))
    t0 = time.perf_counter()
    e = _err(legacy_word.read, DOC_FIXTURE, timeout=1)
    assert time.perf_counter() - t0 < 10
    assert e.kind == "timeout"
    assert e.message == "word-2021-legacy.doc: LibreOffice did not convert the file within 1 s"
    child = int(pidfile.read_text())
    time.sleep(0.2)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie awaiting its reaper counts as gone
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def test_failed_conversion_is_reported(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 0\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("REPORT_EXTRACT_SOFFICE", str(fake))
    e = _err(legacy_word.read, DOC_FIXTURE)
    assert e.kind == "corrupt"
    assert e.message == ("word-2021-legacy.doc: LibreOffice could not convert the file "
                         "(Error: source file could not be loaded)")


# ----------------------------------------------------------------------------- end to end

WORD_FIXTURES = sorted(FIXTURES.glob("*.docx")) + sorted(FIXTURES.glob("*.doc"))


def _check_against_truth(out: dict, truth: dict, locator_prefix: str = "body/"):
    from report_extract.schema import errors as schema_errors

    assert schema_errors(out) == []
    for key in truth:
        if key in out["fields"]:
            loc = (out["fields"][key].get("source") or {}).get("locator") or ""
            assert loc.startswith(locator_prefix) and "(grid column" in loc, (key, loc)
    assert misses(truth, out) == []
    # no invented keys: every table key in the output is in the truth
    assert sorted(k for k in out["fields"] if k not in truth) == []


@pytest.mark.parametrize("path", WORD_FIXTURES, ids=lambda p: p.name)
def test_pipeline_every_field_matches_truth(path):
    from report_extract import extract

    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    if path.suffix == ".doc" and legacy_word.find_soffice() is None:
        e = _err(extract, path)
        assert e.kind == "missing_program"
        return
    out = extract(path).to_json()
    assert out["source"]["format"] == path.suffix[1:]
    _check_against_truth(out, truth)


@needs(TEMPLATE, "the corpus template")
def test_pipeline_official_template():
    from report_extract import extract

    truth = json.loads((TEMPLATE.parent.parent / "truth" / "template-2021-blank.json").read_text(encoding="utf-8"))
    _check_against_truth(extract(TEMPLATE).to_json(), truth)


def test_damaged_numbering_part_is_a_problem_not_a_failure(tmp_path):
    path = make_docx(tmp_path / "n.docx", p("总体情况", num(1)) + p("正文"), styles=STYLES,
                     extra={"word/numbering.xml": "<w:numbering <<< broken"})
    doc = docx_reader.read(path)
    assert texts(doc) == ["总体情况", "正文"]
    assert [(pr.kind, pr.where) for pr in doc.problems] == [("corrupt", "word/numbering.xml")]
    assert doc.problems[0].message.endswith("; read without it")


def test_one_way_of_opening_the_package():
    """Every fixture opens through the reader's package layer, with its styles and numbering."""
    from report_extract.readers.word.package import open_package

    for path in DOCX_FIXTURES:
        package = open_package(path)
        assert package.styles is not None and package.numbering is not None and package.problems == []
