"""Dumps whose container shows cells but not rows: one :class:`CellRun` each.

* closed cells: every cell on its own line closed by ``|`` (``规章 |``), no row
  openers; a line of two or more pipes is padding where merged cells were, a
  lone ``|`` an empty cell; a bare line between them is a cell of its own.
* separated cells: lines holding only ``|`` between cells (``规章`` / ``|`` /
  ``0``); two separators in a row hold an empty cell.

Which cells make a row is not decided here (mapping/streams.py reads that from
the form); each cell keeps its line.
"""
from __future__ import annotations

from ...model import Cell, CellRun, Source
from .lines import LONE_PIPE, closed_text, kind, locator

MIN_CLOSED = 3  # closed lines needed before a run is read as cells (one is a caption like "第二十条第（一）项 |")
MAX_BARE = 2  # bare lines a closed run may hold in a row (a heading, a caption) before it ends


def _run(cells: list[Cell], start: int, end: int) -> CellRun:
    return CellRun(cells=cells, source=Source(locator=locator(start + 1, end)))


def _cell(col: int, text: str, line: int) -> Cell:
    return Cell(row=0, col=col, text=text, source=Source(locator=f"line {line}"))


def closed_end(lines: list[str], i: int) -> int:
    """End (exclusive) of a closed-cell run starting at lines[i], or i when there is none."""
    n, j, last, closed, bare = len(lines), i, i, 0, 0
    while j < n:
        k = kind(lines[j])
        if k in ("closed", "pipes"):
            closed += k == "closed"
            last, bare = j, 0
        elif k == "text":
            bare += 1
            if bare > MAX_BARE:
                break
        elif k == "row":
            break
        j += 1
    return last + 1 if closed >= MIN_CLOSED else i


def closed_run(lines: list[str], start: int, end: int) -> CellRun:
    cells: list[Cell] = []
    for i in range(start, end):
        k = kind(lines[i])
        if k == "closed":
            cells.append(_cell(len(cells), closed_text(lines[i]), i + 1))
        elif k == "text":
            cells.append(_cell(len(cells), lines[i].strip(), i + 1))
        elif k == "pipes" and LONE_PIPE.match(lines[i]):
            cells.append(_cell(len(cells), "", i + 1))
    return _run(cells, start, end)


def _kinds(lines: list[str], i: int) -> tuple[str, str]:
    return (kind(lines[i - 1]) if i > 0 else "blank", kind(lines[i + 1]) if i + 1 < len(lines) else "blank")


def separated_end(lines: list[str], i: int) -> int:
    """End (exclusive) of a separated-cell run whose first separator is lines[i]."""
    n, j, last = len(lines), i, i
    while j < n:
        k = kind(lines[j])
        if k == "pipes":
            last = j
        elif k == "text" and "pipes" in _kinds(lines, j):
            last = j
        else:
            break
        j += 1
    return last + 1


def separated_run(lines: list[str], start: int, end: int) -> CellRun:
    cells: list[Cell] = []
    prev = "pipes"
    for i in range(start, end):
        k = kind(lines[i])
        if k == "text":
            cells.append(_cell(len(cells), lines[i].strip(), i + 1))
        elif k == "pipes" and prev == "pipes" and i > start:
            cells.append(_cell(len(cells), "", i + 1))
        prev = k
    return _run(cells, start, end)
