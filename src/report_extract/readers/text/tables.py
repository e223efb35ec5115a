"""Dumps whose container shows the rows: tables with cells in printed order.

* cell per line with row openers: a row starts on a line holding only ``|``;
  each cell's text sits on its own line(s) and is closed by ``|``; rows are
  padded with extra ``|`` (``0  | ||``) where merged cells were flattened. A
  real cell always starts on a new line, a padding cell never does.
* row per line: ``a | b | c`` (optionally with outer pipes, Markdown rules).

The dump cannot say where merged cells were, so tables come out with
``exact_grid=False``: cells in printed order.
"""
from __future__ import annotations

from ...model import Cell, Source, Table
from .lines import MD_RULE, PIPES, ROW_OPENER, locator


def _cell_text(raw: str) -> str:
    return "\n".join(s.strip() for s in raw.strip().splitlines() if s.strip())


def opened_rows_end(lines: list[str], i: int) -> int:
    """End (exclusive) of a cell-per-line table whose first row opener is lines[i]."""
    n = len(lines)
    j = i + 1
    while j < n and ("|" in lines[j] or (j + 1 < n and "|" in lines[j + 1] and not ROW_OPENER.match(lines[j + 1])
                                          and not lines[j - 1].rstrip().endswith("|"))):
        j += 1
    return j


def opened_rows_table(lines: list[str], start: int, end: int) -> Table:
    """Rebuild a table from lines[start:end] (0-based), cell-per-line style with row openers."""
    cells: list[Cell] = []
    row = -1
    col = 0
    buf: list[tuple[int, str]] = []  # (line number, text) of the cell being read
    for i in range(start, end):
        line = lines[i]
        if ROW_OPENER.match(line):
            row += 1
            col = 0
            buf = []
            continue
        parts = line.split("|")
        # parts[0] continues the open cell; each further '|' closes one cell
        buf.append((i + 1, parts[0]))
        for extra in parts[1:]:
            if buf:  # a cell that started on a new line: a real cell
                text = _cell_text("\n".join(t for _, t in buf))
                cells.append(Cell(row=max(row, 0), col=col, text=text, source=Source(locator=locator(buf[0][0], buf[-1][0]))))
                col += 1
            buf = []  # text after a pipe on the same line is padding
            if extra.strip():  # unusual: text after a pipe on the same line starts a cell
                buf = [(i + 1, extra)]
        if not parts[1:] and not parts[0].strip():
            buf = buf[:-1]
    n_cols = max((c.col + 1 for c in cells), default=0)
    return Table(cells=cells, n_rows=row + 1, n_cols=n_cols,
                 source=Source(locator=locator(start + 1, end)), exact_grid=False)


def split_row(line: str) -> list[str]:
    """Cell texts of one ``a | b | c`` line (outer pipes dropped; ``<br>`` of Markdown converters kept as a break)."""
    s = line.strip()
    parts = s.split("|")
    if s.startswith("|"):
        parts = parts[1:]
    if s.endswith("|"):
        parts = parts[:-1]
    return [p.replace("<br>", "\n").replace("<br/>", "\n").strip() for p in parts]


def row_lines_table(lines: list[str], start: int, end: int) -> Table:
    cells: list[Cell] = []
    row = 0
    for i in range(start, end):
        line = lines[i].strip()
        if MD_RULE.match(line) or PIPES.match(line):  # a rule, or a closing pipe wrapped onto its own line
            continue
        for col, text in enumerate(split_row(line)):
            cells.append(Cell(row=row, col=col, text=text, source=Source(locator=f"line {i + 1}")))
        row += 1
    n_cols = max((c.col + 1 for c in cells), default=0)
    return Table(cells=cells, n_rows=row, n_cols=n_cols,
                 source=Source(locator=locator(start + 1, end)), exact_grid=False)
