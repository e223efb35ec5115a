"""Plain-text (and Markdown) dumps written by crawlers and PDF converters.

Two layers: ``lines`` tells what each line holds (pipes, a closed cell, a row,
bare text); ``tables`` and ``streams`` turn runs of lines into tables (where the
dump shows rows) or cell runs (where it shows only cells), every block with its
line span. Nothing here knows the report's tables, labels or keys.
"""
from __future__ import annotations

from pathlib import Path

from ...model import Document, Source
from .. import aligned
from ..textcodec import read_text_file
from . import streams, tables
from .lines import DECORATION, LONE_PIPE, ROW_OPENER, closer_wrapped, is_row_line, kind, wrapped_row


def _next_kind(lines: list[str], i: int) -> str:
    """Kind of the next line that is not blank; a row whose closing pipe wrapped counts as a row."""
    for j in range(i + 1, min(len(lines), i + 4)):
        k = kind(lines[j])
        if k != "blank":
            return "row" if wrapped_row(lines, j) else k
    return "blank"


def parse_text(text: str, path: str) -> Document:
    lines = text.splitlines()
    blocks: list = []
    pending: list = []  # plain lines, grouped into paragraphs or a typed-out table

    def flush():
        blocks.extend(aligned.group(pending))
        pending.clear()

    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if LONE_PIPE.match(line) and _next_kind(lines, i) == "row":  # the closing pipe of the row before, wrapped
            i += 1
            continue
        if LONE_PIPE.match(line) and _next_kind(lines, i) == "text":  # separators between bare cells
            start = i - 1 if i > 0 and kind(lines[i - 1]) == "text" else i
            if start < i and pending and pending[-1][2].locator == f"line {i}":
                pending.pop()
            j = streams.separated_end(lines, i)
            flush()
            blocks.append(streams.separated_run(lines, start, j))
            i = j
            continue
        if ROW_OPENER.match(line):
            j = tables.opened_rows_end(lines, i)
            flush()
            blocks.append(tables.opened_rows_table(lines, i, j))
            i = j
            continue
        if kind(line) == "closed":
            j = streams.closed_end(lines, i)
            if j > i:
                flush()
                blocks.append(streams.closed_run(lines, i, j))
                i = j
                continue
        if is_row_line(line) or wrapped_row(lines, i):
            j = i + 1
            while j < n and (is_row_line(lines[j]) or wrapped_row(lines, j) or closer_wrapped(lines, j)):
                j += 1
            if j - i >= 2:
                flush()
                blocks.append(tables.row_lines_table(lines, i, j))
                i = j
                continue
        s = line.strip()
        if s and not DECORATION.match(s):
            pending.append((line, s, Source(locator=f"line {i + 1}"), None))
        i += 1
    flush()
    return Document(path=path, format="txt", blocks=blocks)


MAX_BYTES = 50 * 1024 * 1024  # a report is a few hundred KB; anything this big is not one


def read(path: Path) -> Document:
    text, encoding, problems = read_text_file(path, "text", MAX_BYTES)
    doc = parse_text(text, str(path))
    doc.problems[:0] = problems
    doc.info["encoding"] = encoding
    return doc
