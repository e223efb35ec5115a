"""The PDF reader: tables rebuilt from ruling, stitched across pages; paragraphs; errors.

Fixtures come from fixtures/generate/pdf_writer.py (reportlab ``rl-*`` and
LibreOffice ``lo-*``); their contents are known from fixtures/generate/spec.py,
so every printed cell is checked against the grid the writer printed.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from conftest import need
from report_extract.model import Paragraph, ReaderError, Table
from report_extract.readers import ocr, pdf as pdf_reader
from report_extract.readers.pdf import ruling, stitch
from report_extract.readers.pdf import text as pdf_text

ROOT = Path(__file__).resolve().parent.parent
PDF_DIR = ROOT / "fixtures" / "pdf"
BROKEN = ROOT / "tests" / "broken" / "pdf"
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT / "fixtures" / "generate"))

import grids  # noqa: E402
import spec as specmod  # noqa: E402
from spec import APPLICANTS, REQUEST_ROWS_HEAD, REQUEST_ROWS_TAIL, REVIEW_COLS, REVIEW_GROUPS  # noqa: E402

# the same table as pdf_writer.RL_FIXTURES / LO_FIXTURES (kept here so tests need no reportlab)
BUILD = {
    "rl-2021-lines": dict(seed=301, table2="2021", agency="示例市交通运输局", year=2022),
    "rl-2019-bars": dict(seed=302, table2="2019", agency="示例县市场监督管理局", year=2020, style="thousands",
                         big=True, blank_rate=0.3),
    "rl-hybrid-blanks": dict(seed=303, table2="2021", table3="2019", agency="示例区人民政府", year=2023,
                             style="mixed_blanks", blank_rate=0.5, break_rules=True),
    "lo-2021": dict(seed=311, table2="2021", agency="示例市生态环境局", year=2022, style="fullwidth"),
    "lo-2019": dict(seed=312, table2="2019", agency="示例镇人民政府", year=2020, blank_rate=0.3),
    # no inner horizontal rules at all (Word insideH off): rows from rule ends and text lines.
    # (rl-2019-openrows is not here: its group labels are centred in groups with no rule at all,
    # so which rows a label spans is not printed; its values are checked in test_fixtures.)
    "lo-2019-openrows": dict(seed=335, table2="2019", agency="示例县林业局", year=2020, blank_rate=0.2),
}
# (The LibreOffice tables with no inner rules at all, lo-2021-zebra, lo-2019-shaded and
# lo-2021-framehead, are read from text alignment, which joins label columns into one: their
# values are checked in test_fixtures and test_text_tables_across_pages_are_one below.)
_cache: dict = {}


def spec_of(name):
    kw = dict(BUILD[name])
    return specmod.build(name, kw.pop("seed"), **kw)


def doc_of(name):
    if name not in _cache:
        _cache[name] = pdf_reader.read(PDF_DIR / f"{name}.pdf")
    return _cache[name]


def norm(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def printed_rows(table: Table) -> list[list[str]]:
    return [[norm(c.text) for c in row if norm(c.text)] for row in table.rows()]


def expected_rows(grid) -> list[list[str]]:
    return [[norm(t) for t, _, _ in row if norm(t)] for row in grid]


def test_fixture_set_is_complete():
    for name in BUILD:
        assert (PDF_DIR / f"{name}.pdf").is_file()
        truth = json.loads((PDF_DIR / f"{name}.json").read_text(encoding="utf-8"))
        assert truth == json.loads(json.dumps(spec_of(name).truth(f"{name}.pdf"), ensure_ascii=False))


@pytest.mark.parametrize("name", sorted(BUILD))
def test_every_printed_cell_is_in_its_row(name):
    """Tables 2, 3 and 4 come out whole, every row with exactly the printed texts in order."""
    sp = spec_of(name)
    doc = doc_of(name)
    assert len(doc.tables) == 3
    for table, grid in zip(doc.tables, (grids.proactive_grid(sp), grids.requests_grid(sp), grids.review_grid(sp))):
        assert printed_rows(table) == expected_rows(grid)


@pytest.mark.parametrize("name", sorted(BUILD))
def test_table3_values_in_grid_positions_with_sources(name):
    sp = spec_of(name)
    doc = doc_of(name)
    t3 = doc.tables[1]
    rows = sp.request_rows()
    assert (t3.n_rows, t3.n_cols) == (3 + len(rows), 10)
    grid = t3.grid()
    for i, (_g, _label, key) in enumerate(rows):
        for j, col in enumerate(APPLICANTS + ["total"]):
            cell = grid[3 + i][3 + j]
            assert cell is not None and (cell.row, cell.col) == (3 + i, 3 + j)
            assert cell.text == sp.cells[f"requests.{key}.{col}"].text.strip()
            assert cell.source.page in t3.pages
            x0, top, x1, bottom = cell.source.bbox
            assert 0 < x0 < x1 < 595 and 0 < top < bottom < 842
    # merged labels: the corner 3x3, 申请人情况 over 7 columns, 法人或其他组织 over 5
    first = {(c.row, c.col): c for c in t3.cells}
    assert (first[(0, 0)].row_span, first[(0, 0)].col_span) == (3, 3)
    assert first[(0, 3)].col_span == 7 and first[(1, 4)].col_span == 5


def test_split_table3_is_stitched_with_each_cell_on_its_page():
    doc = doc_of("rl-2021-lines")
    t3 = doc.tables[1]
    assert t3.pages == [2, 3]
    assert t3.source.page == 2
    pages_by_row = {}
    for c in t3.cells:
        pages_by_row.setdefault(c.row, set()).add(c.source.page)
    assert all(len(p) == 1 for p in pages_by_row.values())  # a row is on one page
    last = t3.rows()[-1]
    assert last[-1].source.page == 3 and last[-1].source.bbox[1] < 200  # near the top of page 3
    # the row-group label cut by the break is not invented on the continuation
    assert sum(1 for c in t3.cells if norm(c.text) == "三、本年度办理结果") == 1


def test_repeated_header_rows_are_dropped():
    doc = doc_of("lo-2021")  # LibreOffice repeats table 3's three header rows on every page
    t3 = doc.tables[1]
    assert len(t3.pages) >= 2
    assert sum(1 for c in t3.cells if norm(c.text) == "申请人情况") == 1


def test_borderless_value_row_is_split_into_columns():
    for name in ("rl-2021-lines", "rl-2019-bars"):
        sp = spec_of(name)
        t4 = doc_of(name).tables[2]
        assert (t4.n_rows, t4.n_cols) == (4, 15)
        values = t4.rows()[-1]
        assert [c.col for c in values] == list(range(15))
        want = [sp.cells[f"review_litigation.{g}.{c}"].text for g in REVIEW_GROUPS for c in REVIEW_COLS]
        assert [c.text for c in values] == want


def test_white_fill_rectangles_make_no_tables():
    # every body line of the rl fixtures has a white filled rectangle behind it
    doc = doc_of("rl-2021-lines")
    paras = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    sp = spec_of("rl-2021-lines")
    for _label, text in sp.narrative["overview"] + sp.narrative["problems_improvements"]:
        assert text in paras
    white = [{"x0": 80, "top": 100 + 27 * i, "x1": 515, "bottom": 127 + 27 * i, "width": 435, "height": 27,
              "fill": True, "stroke": False, "non_stroking_color": (1.0, 1.0, 1.0), "stroking_color": (0, 0, 0)}
             for i in range(10)]
    assert ruling.ruling([], white) == ([], [])
    shaded = [dict(white[0], non_stroking_color=(0.78, 0.85, 0.95))]  # a shaded cell, not a rule
    assert ruling.ruling([], shaded) == ([], [])
    bar = [dict(white[0], height=0.6, bottom=100.6, non_stroking_color=(0,))]  # a thin black bar is a rule
    hs, vs = ruling.ruling([], bar)
    assert len(hs) == 1 and not vs


def test_paragraphs_in_order_joined_and_furniture_dropped():
    for name in ("rl-2021-lines", "lo-2019"):
        sp = spec_of(name)
        doc = doc_of(name)
        paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
        texts = [p.text for p in paras]
        assert paras[0].style == "title" and paras[0].text == sp.title
        wanted = [t for _, t in sp.narrative["overview"] + sp.narrative["problems_improvements"]
                  + sp.narrative["other_matters"]]
        positions = [texts.index(t) for t in wanted]
        assert positions == sorted(positions)
        assert not any(re.fullmatch(r"[-—\s\d]+", t) for t in texts)  # page numbers
        assert not any("政务公开" == t[-4:] and len(t) < 20 for t in texts)  # running header
        for p in paras:
            assert p.source.page >= 1 and p.source.bbox is not None
        headings = [p.text for p in paras if p.text.startswith(("一、", "五、"))]
        assert headings == ["一、总体情况", "五、存在的主要问题及改进情况"]  # fake bold deduplicated


def test_block_order_puts_tables_between_their_headings():
    doc = doc_of("rl-2019-bars")
    seq = ["T" if isinstance(b, Table) else b.text[:2] for b in doc.blocks]
    assert seq.index("二、") < seq.index("T") < seq.index("三、")
    assert [i for i, s in enumerate(seq) if s == "T"][-1] < seq.index("五、")


def test_info_dict_is_decoded():
    doc = doc_of("rl-2021-lines")
    assert doc.format == "pdf" and doc.pages == 3
    assert doc.info.get("Title") == spec_of("rl-2021-lines").title


BROKEN_CASES = {
    "empty.pdf": ("empty", "empty file: empty.pdf"),
    "truncated.pdf": ("corrupt", "truncated.pdf: not a readable PDF: the file is damaged or truncated"),
    "random-bytes.pdf": ("corrupt", "random-bytes.pdf: not a readable PDF: the file is damaged or truncated"),
    "encrypted.pdf": ("encrypted", "encrypted.pdf: the PDF is encrypted with a password; cannot read it"),
    # rules only, no text: what OCR says, or (no Tesseract here) that OCR is needed
    "image-only.pdf": ("ocr_unreadable", "image-only.pdf: page 1: OCR found print on this page but could not read it")
    if ocr.unavailable() is None else
    ("needs_ocr", "image-only.pdf: no text layer on any of 2 page(s) (scanned images); OCR is needed"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_CASES))
def test_broken_pdfs_give_one_line_errors(name):
    kind, message = BROKEN_CASES[name]
    with pytest.raises(ReaderError) as err:
        pdf_reader.read(BROKEN / name)
    assert err.value.kind == kind
    assert err.value.message.startswith(message)
    assert "\n" not in err.value.message


def test_stitch_requires_matching_columns():
    doc = doc_of("rl-2021-lines")
    t2, t3 = doc.tables[0], doc.tables[1]
    assert not stitch.compatible(t2, t3)  # different column boundaries
    assert stitch.compatible(t3, t3)


def test_cjk_text_helpers():
    assert pdf_text.tidy("总 计") == "总计"
    assert pdf_text.tidy("hzzwgk@126.com ）") == "hzzwgk@126.com）"
    assert pdf_text.tidy("Word  PDF") == "Word PDF"
    assert pdf_text.join_pieces(["本年新", "公开数量"]) == "本年新公开数量"
    assert pdf_text.join_pieces(["三", "、", "本", "年"]) == "三、本年"


# --- fields through the whole pipeline ---------------------------------------------


@pytest.mark.parametrize("name", sorted(BUILD))
def test_every_field_of_pdf_fixture_equals_truth(name):
    from report_extract.pipeline import extract
    from scoring import misses

    out = extract(PDF_DIR / f"{name}.pdf").to_json()
    truth = json.loads((PDF_DIR / f"{name}.json").read_text(encoding="utf-8"))
    assert misses(truth, out) == []


# --- the real corpus (skipped where ../shared is absent) -------------------------------


@pytest.mark.parametrize("stem", ["hzq-2023", "hzq-2024"])
def test_corpus_tables_have_every_value_cell(stem):
    path = CORPUS / "docs" / f"{stem}.pdf"
    need(path, "the shared corpus")
    truth = json.loads((CORPUS / "truth" / f"{stem}.json").read_text(encoding="utf-8"))
    doc = pdf_reader.read(path)
    assert doc.problems == []
    t3 = next(t for t in doc.tables if t.n_cols == 10)
    value_rows = []
    for row in t3.rows():
        vals = [c for c in row if re.fullmatch(r"[\d,.]+", c.text)]
        if len(vals) == 7:
            value_rows.append(vals)
    keys = [k for _, _, k in REQUEST_ROWS_HEAD] + ["other_handling"] + [k for _, _, k in REQUEST_ROWS_TAIL]
    assert len(value_rows) == len(keys)
    for key, vals in zip(keys, value_rows):
        for col, cell in zip(APPLICANTS + ["total"], vals):
            assert float(cell.text) == truth[f"requests.{key}.{col}"], (key, col)
            assert cell.source.page in (3, 4) and cell.source.bbox
    t4 = next(t for t in doc.tables if t.n_cols == 15)
    got = [float(c.text) for c in t4.rows()[-1]]
    assert got == [truth[f"review_litigation.{g}.{c}"] for g in REVIEW_GROUPS for c in REVIEW_COLS]
    assert len(doc.tables) == 3  # table 2 and table 3 each stitched across a page break


# --- tables printed without ruling (borderless, three-line) ---------------------------

BORDERLESS = {
    "rl-2021-borderless": dict(seed=304, table2="2021", agency="示例市自然资源局", year=2022, blank_rate=0.3),
    "rl-2019-threeline": dict(seed=305, table2="2019", agency="示例县教育局", year=2020, style="thousands", big=True),
}


def _borderless_spec(name):
    kw = dict(BORDERLESS[name])
    return specmod.build(name, kw.pop("seed"), **kw)


@pytest.mark.parametrize("name", sorted(BORDERLESS))
def test_borderless_fixture_truth_is_current(name):
    truth = json.loads((PDF_DIR / f"{name}.json").read_text(encoding="utf-8"))
    assert truth == json.loads(json.dumps(_borderless_spec(name).truth(f"{name}.pdf"), ensure_ascii=False))


@pytest.mark.parametrize("name", sorted(BORDERLESS))
def test_borderless_tables_are_found_with_blank_cells_kept(name):
    sp = _borderless_spec(name)
    doc = pdf_reader.read(PDF_DIR / f"{name}.pdf")
    tables = doc.tables
    assert 3 <= len(tables) <= 4  # table 2 may stay cut in two at a section heading on a page break
    t3 = next(t for t in tables if any(norm(c.text) == "（七）总计" for c in t.cells))
    assert len(t3.pages) == 2  # the page-split part is stitched on the same columns
    rows = {norm(next(c.text for c in reversed(r) if norm(c.text) and not re.fullmatch(r"[\d,]*", norm(c.text)))): r
            for r in t3.rows() if any(re.fullmatch(r"[\d,]+", c.text) for c in r)}
    for _g, label, key in sp.request_rows():
        row = rows[norm(label)]
        values = row[-7:]  # a true grid: blank cells are empty cells in their columns
        assert [c.text for c in values] == [sp.cells[f"requests.{key}.{col}"].text.strip()
                                            for col in APPLICANTS + ["total"]], key
        for c in values:
            assert c.source.page in t3.pages and c.source.bbox is not None
    t4 = tables[-1]
    want = [sp.cells[f"review_litigation.{g}.{c}"].text for g in REVIEW_GROUPS for c in REVIEW_COLS]
    assert [c.text for c in t4.rows()[-1]] == want


@pytest.mark.parametrize("name", sorted(BORDERLESS))
def test_borderless_prose_title_and_signature_stay_paragraphs(name):
    sp = _borderless_spec(name)
    doc = pdf_reader.read(PDF_DIR / f"{name}.pdf")
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    texts = [p.text for p in paras]
    assert paras[0].style == "title" and paras[0].text == sp.title
    for _label, text in sp.narrative["overview"] + sp.narrative["problems_improvements"] + sp.narrative["other_matters"]:
        assert text in texts
    assert sp.agency in texts  # the signature block
    table_text = "".join(c.text for t in doc.tables for c in t.cells)
    assert sp.agency not in table_text and "总体情况" not in table_text


def _chars(text, x, top, size=10.0):
    return [{"text": ch, "x0": x + i * size, "x1": x + (i + 1) * size, "top": top, "bottom": top + size,
             "size": size} for i, ch in enumerate(text)]


def test_text_table_joins_wrapped_labels_and_ignores_prose():
    from report_extract.readers.pdf.text_table import text_tables

    chars = []
    chars += _chars("这是一段很长的叙述文字，没有任何表格的对齐方式，只是一行。", 80, 60)
    chars += _chars("项目", 80, 100) + _chars("甲", 300, 100) + _chars("乙", 400, 100)
    chars += _chars("第一项", 80, 125) + _chars("1", 300, 125) + _chars("2", 400, 125)
    # a label wrapped over three lines, its values on the middle line
    chars += _chars("第二项很长", 80, 145) + _chars("的标签文字", 80, 157) + _chars("3", 300, 157)
    chars += _chars("4", 400, 157) + _chars("继续写完", 80, 169)
    chars += _chars("第三项", 80, 195) + _chars("5", 400, 195)  # a blank cell under 甲
    chars += _chars("示例市人民政府", 400, 260) + _chars("2023年1月5日", 410, 275)
    from report_extract.readers.pdf.text import group_lines

    groups = group_lines(chars)
    for g in groups:
        g.sort(key=lambda c: c["x0"])
    tables, rest, _grid = text_tables(groups, 1)
    assert len(tables) == 1
    rows = [[c.text for c in r] for r in tables[0].rows()]
    assert rows == [["项目", "甲", "乙"], ["第一项", "1", "2"], ["第二项很长的标签文字继续写完", "3", "4"],
                    ["第三项", "", "5"]]
    left = ["".join(c["text"] for c in g) for g in rest]
    assert left[0].startswith("这是一段") and "示例市人民政府" in left and "2023年1月5日" in left
    for c in tables[0].cells:
        assert c.source.page == 1 and c.source.bbox is not None


def _text_table_rows(chars):
    from report_extract.readers.pdf.text import group_lines
    from report_extract.readers.pdf.text_table import text_tables

    groups = group_lines(chars)
    for g in groups:
        g.sort(key=lambda c: c["x0"])
    tables, _rest, _grid = text_tables(groups, 1)
    assert len(tables) == 1
    return [[c.text for c in r] for r in tables[0].rows()]


def test_text_table_label_printed_from_the_top_joins_its_first_line():
    """Cells printed from the top (Word, LibreOffice): a label wrapped to the column's edge goes on
    in the lines below its values, right up to the next row; those lines are its rest."""
    chars = _chars("项目", 80, 100) + _chars("甲", 300, 100) + _chars("乙", 400, 100)
    chars += _chars("第一项的很长标", 80, 114) + _chars("1", 300, 114) + _chars("2", 400, 114)
    chars += _chars("签文字写到这里", 80, 126) + _chars("写完", 80, 138)
    chars += _chars("第二项", 80, 150) + _chars("3", 300, 150) + _chars("4", 400, 150)
    chars += _chars("第三项", 80, 174) + _chars("5", 300, 174) + _chars("6", 400, 174)
    rows = _text_table_rows(chars)
    assert rows == [["项目", "甲", "乙"], ["第一项的很长标签文字写到这里写完", "1", "2"], ["第二项", "3", "4"],
                    ["第三项", "5", "6"]]


def test_text_table_with_two_label_lines_above_its_first_row():
    """Two tight label lines above the first row (a heading wrapped over two lines) are read, not a crash."""
    chars = _chars("表头第一行", 80, 88) + _chars("表头第二行", 80, 100)
    chars += _chars("第一项", 80, 112) + _chars("1", 300, 112) + _chars("2", 400, 112)
    chars += _chars("第二项", 80, 136) + _chars("3", 300, 136) + _chars("4", 400, 136)
    chars += _chars("第三项", 80, 160) + _chars("5", 300, 160) + _chars("6", 400, 160)
    rows = _text_table_rows(chars)
    assert [r[1:] for r in rows if len(r) > 1 and r[1]] == [["1", "2"], ["3", "4"], ["5", "6"]]


def test_section_heading_ends_a_text_table():
    """The report's next numbered section heading is never a label of the table above it."""
    chars = _chars("项目", 80, 100) + _chars("甲", 300, 100) + _chars("乙", 400, 100)
    chars += _chars("第一项", 80, 124) + _chars("1", 300, 124) + _chars("2", 400, 124)
    chars += _chars("第二项", 80, 148) + _chars("3", 300, 148) + _chars("4", 400, 148)
    chars += _chars("三、收到和处理政府信息公开申请情况", 80, 162)
    rows = _text_table_rows(chars)
    assert rows[-1] == ["第二项", "3", "4"]


def test_prose_alone_makes_no_text_table():
    from report_extract.readers.pdf.text import group_lines
    from report_extract.readers.pdf.text_table import text_tables

    chars = []
    for i in range(8):
        chars += _chars("本机关坚持以公开为常态、不公开为例外，推进政务公开。" [: 20 - i], 80, 100 + 20 * i)
    groups = group_lines(chars)
    for g in groups:
        g.sort(key=lambda c: c["x0"])
    assert text_tables(groups, 1)[0] == []


@pytest.mark.parametrize("name", ["lo-2021-zebra", "lo-2019-shaded", "lo-2021-framehead"])
def test_text_tables_across_pages_are_one(name):
    """Tables printed without inner rules by LibreOffice (cells top-aligned, rows never cut by a
    page break) come out as tables 2, 3 and 4, each part of table 3 stitched to the one above."""
    doc = pdf_reader.read(PDF_DIR / f"{name}.pdf")
    assert len(doc.tables) == 3
    t3 = doc.tables[1]
    assert len(t3.pages) >= 2
    labels = [norm(row[0].text) for row in t3.rows() if row]
    assert sum("本年新收" in x for x in labels) == 1 and sum("结转下年度" in x for x in labels) == 1
