"""Plain-text dumps written by crawlers.

Two table styles are rebuilt:

* cell per line: a row starts on a line holding only ``|``; each cell's text
  sits on its own line(s) and is closed by ``|``; rows are padded with extra
  ``|`` (``0  | ||``) where merged cells were flattened. A real cell always
  starts on a new line, a padding cell never does: that tells them apart.
* row per line: ``a | b | c`` (optionally with outer pipes, markdown rules).

The dump cannot say where merged cells were, so tables come out with
``exact_grid=False``: cells in printed order. Every block records its line span.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..model import Cell, Document, ReaderError, Source, Table
from . import aligned
from .textcodec import decode

_ROW_START = re.compile(r"^\|\s*$")
_DECORATION = re.compile(r"^[=\-_*#~·•—]{3,}.*[=\-_*#~·•—]{3,}$|^[=\-_*#~]{3,}$")
_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def _lines_locator(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}-{last}"


def _cell_text(raw: str) -> str:
    return "\n".join(s.strip() for s in raw.strip().splitlines() if s.strip())


def _cell_per_line_table(lines: list[str], start: int, end: int) -> Table:
    """Rebuild a table from lines[start:end] (0-based), cell-per-line style."""
    cells: list[Cell] = []
    row = -1
    col = 0
    buf: list[tuple[int, str]] = []  # (line number, text) of the cell being read
    for i in range(start, end):
        line = lines[i]
        if _ROW_START.match(line):
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
                loc = _lines_locator(buf[0][0], buf[-1][0])
                cells.append(Cell(row=max(row, 0), col=col, text=text, source=Source(locator=loc)))
                col += 1
            buf = []  # text after a pipe on the same line is padding
            if extra.strip():  # unusual: text after a pipe on the same line starts a cell
                buf = [(i + 1, extra)]
        if not parts[1:] and not parts[0].strip():
            buf = buf[:-1]
    n_rows = row + 1
    n_cols = max((c.col + 1 for c in cells), default=0)
    return Table(cells=cells, n_rows=n_rows, n_cols=n_cols,
                 source=Source(locator=_lines_locator(start + 1, end)), exact_grid=False)


def _row_per_line_table(lines: list[str], start: int, end: int) -> Table:
    cells: list[Cell] = []
    row = 0
    for i in range(start, end):
        line = lines[i].strip()
        if _MD_RULE.match(line):
            continue
        parts = line.split("|")
        if line.startswith("|"):
            parts = parts[1:]
        if line.endswith("|"):
            parts = parts[:-1]
        for col, p in enumerate(parts):
            cells.append(Cell(row=row, col=col, text=p.strip(), source=Source(locator=f"line {i + 1}")))
        row += 1
    n_cols = max((c.col + 1 for c in cells), default=0)
    return Table(cells=cells, n_rows=row, n_cols=n_cols,
                 source=Source(locator=_lines_locator(start + 1, end)), exact_grid=False)


def _is_row_line(line: str) -> bool:
    """``a | b``, ``| a | b |``, a markdown rule, or a one-cell row fenced by pipes (``| 第二十条第（九）项 |``)."""
    s = line.strip()
    if s.startswith("|") and s.endswith("|") and s.strip("| \t"):
        return True
    return s.count("|") >= 2 and len([p for p in s.split("|") if p.strip()]) >= 2 or bool(_MD_RULE.match(s) and "|" in s)


def parse_text(text: str, path: str) -> Document:
    lines = text.splitlines()
    blocks: list = []
    pending: list = []  # plain lines, grouped into paragraphs or a typed-out table

    def flush():
        blocks.extend(aligned.group(pending))
        pending.clear()

    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if _ROW_START.match(line):
            j = i + 1
            while j < n and ("|" in lines[j] or (j + 1 < n and "|" in lines[j + 1] and not _ROW_START.match(lines[j + 1]) and not lines[j - 1].rstrip().endswith("|"))):
                j += 1
            flush()
            blocks.append(_cell_per_line_table(lines, i, j))
            i = j
            continue
        if _is_row_line(line):
            j = i + 1
            while j < n and _is_row_line(lines[j]):
                j += 1
            if j - i >= 2:
                flush()
                blocks.append(_row_per_line_table(lines, i, j))
                i = j
                continue
        s = line.strip()
        if s and not _DECORATION.match(s):
            pending.append((line, s, Source(locator=f"line {i + 1}"), None))
        i += 1
    flush()
    return Document(path=path, format="txt", blocks=blocks)


MAX_BYTES = 50 * 1024 * 1024  # a report is a few hundred KB; anything this big is not one


def read(path: Path) -> Document:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReaderError("too_large", f"{path.name}: {size} bytes is more than the {MAX_BYTES} byte limit for text")
    data = path.read_bytes()
    problems: list = []  # bad bytes replaced, NULs dropped: recorded by byte offset
    text, encoding = decode(data, path.name, problems=problems)
    doc = parse_text(text, str(path))
    doc.problems[:0] = problems
    doc.info["encoding"] = encoding
    return doc
