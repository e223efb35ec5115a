"""Row boundaries a PDF table does not draw (readers/pdf/rows.py), through the page's table builder.

Each test draws a small table the way a real border style draws it (rules as
pdfplumber line objects, characters as pdfplumber chars) and checks the cells
read back: one printed row per table row, values never joined across lines,
every rebuilt boundary marked as inferred.
"""
from __future__ import annotations

from report_extract.readers.pdf.grid import page_tables
from report_extract.readers.pdf.rows import ROWS_FROM_RULE_ENDS, ROWS_FROM_TEXT


def _chars(text: str, x0: float, top: float, size: float = 9.0) -> list[dict]:
    return [{"text": ch, "x0": x0 + i * size, "x1": x0 + (i + 1) * size, "top": top, "bottom": top + size,
             "size": size} for i, ch in enumerate(text)]


def _h(y: float, x0: float, x1: float) -> dict:
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "stroke": True, "stroking_color": 0}


def _v(x: float, y0: float, y1: float) -> dict:
    return {"x0": x, "x1": x, "top": y0, "bottom": y1, "stroke": True, "stroking_color": 0}


def _rows(table) -> list[list[str]]:
    return [[c.text for c in r] for r in table.rows()]


def test_value_rows_without_rules_between_them_are_cut_by_text():
    """Frame and column rule only (Word inner horizontal borders off): two value rows."""
    lines = [_h(0, 0, 160), _h(40, 0, 160), _v(0, 0, 40), _v(120, 0, 40), _v(160, 0, 40)]
    chars = _chars("行政许可", 4, 6) + _chars("其他事项", 4, 24) + _chars("49", 131, 6) + _chars("38", 131, 24)
    (table,), rest = page_tables(chars, lines, [], [], 1)
    assert not rest
    assert _rows(table) == [["行政许可", "49"], ["其他事项", "38"]]
    assert {c.inferred for c in table.cells} == {ROWS_FROM_TEXT}


def test_a_label_wrapped_to_the_cell_edge_stays_one_row():
    lines = [_h(0, 0, 100), _h(40, 0, 100), _v(0, 0, 40), _v(60, 0, 40), _v(100, 0, 40)]
    chars = _chars("一二三四五六", 2, 6) + _chars("七八", 2, 20) + _chars("7", 76, 6)
    (table,), _ = page_tables(chars, lines, [], [], 1)
    assert _rows(table) == [["一二三四五六\n七八", "7"]] or _rows(table) == [["一二三四五六七八", "7"]]
    assert not any(c.inferred for c in table.cells)


def test_a_numbered_line_starts_a_new_row_even_after_a_full_line():
    """``2.其他…`` reaches the cell's edge; ``3.危及…`` below it is the next item, not its rest."""
    lines = [_h(0, 0, 150), _h(50, 0, 150), _v(0, 0, 50), _v(110, 0, 50), _v(150, 0, 50)]
    chars = (_chars("2.其他法律行政法规", 2, 6) + _chars("0", 126, 6)
             + _chars("3.危及三安全", 2, 28) + _chars("9", 126, 28))
    (table,), _ = page_tables(chars, lines, [], [], 1)
    assert [r[1] for r in _rows(table)] == ["0", "9"]


def test_a_number_under_a_heading_is_never_read_as_its_wrapped_rest():
    """Column heading and first value in one band: the heading is not a label wrapping onto 49."""
    lines = [_h(0, 0, 200), _h(60, 0, 200), _v(0, 0, 60), _v(80, 0, 60), _v(200, 0, 60)]
    chars = (_chars("信息内容", 4, 6) + _chars("本年新制作数量", 82, 6)
             + _chars("规章", 4, 30) + _chars("49", 131, 30))
    (table,), _ = page_tables(chars, lines, [], [], 1)
    assert _rows(table) == [["信息内容", "本年新制作数量"], ["规章", "49"]]


def test_column_rules_that_start_lower_end_a_spanning_heading():
    """A heading over two columns, their rule starting under it: the heading is a row of its own."""
    lines = [_h(0, 0, 200), _h(70, 0, 200), _v(0, 0, 70), _v(80, 0, 70), _v(200, 0, 70), _v(140, 20, 70)]
    chars = (_chars("信息内容", 4, 6) + _chars("申请人情况", 95, 6)
             + _chars("自然人", 85, 26) + _chars("法人", 150, 26)
             + _chars("新收", 4, 48) + _chars("37", 100, 48) + _chars("32", 160, 48))
    (table,), _ = page_tables(chars, lines, [], [], 1)
    by_text = {c.text: c for c in table.cells}
    assert by_text["申请人情况"].col_span == 2
    assert by_text["申请人情况"].inferred == ROWS_FROM_RULE_ENDS
    assert by_text["37"].col != by_text["32"].col and by_text["37"].row == by_text["32"].row


def test_a_part_drawn_with_column_rules_only_is_a_table():
    """A Word table continued on a new page without inner horizontals: only its column rules."""
    lines = [_v(0, 0, 60), _v(80, 0, 60), _v(120, 0, 60), _v(160, 0, 60)]
    chars = (_chars("予以公开", 4, 6) + _chars("3", 96, 6) + _chars("5", 136, 6)
             + _chars("部分公开", 4, 26) + _chars("0", 96, 26) + _chars("1", 136, 26)
             + _chars("不予公开", 4, 46) + _chars("4", 96, 46) + _chars("2", 136, 46))
    tables, rest = page_tables(chars, lines, [], [], 1)
    assert len(tables) == 1 and not rest
    assert _rows(tables[0]) == [["予以公开", "3", "5"], ["部分公开", "0", "1"], ["不予公开", "4", "2"]]


def test_two_stray_vertical_rules_are_no_table():
    lines = [_v(0, 0, 60), _v(80, 0, 60)]
    chars = _chars("正文一行", 4, 6) + _chars("正文二行", 4, 26)
    tables, rest = page_tables(chars, lines, [], [], 1)
    assert tables == [] and len(rest) == len(chars)
