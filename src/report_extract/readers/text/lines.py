"""What one line of a crawler dump holds, as far as pipes and blanks can tell.

Kinds: ``blank``; ``pipes`` (only ``|`` and spaces: a row opener, a separator,
an empty cell or padding where merged cells were); ``closed`` (text closed by a
pipe, ``规章 |`` or ``0 | ||``: one cell plus padding); ``row`` (``a | b | c``,
``| a | b |``, a Markdown rule); ``text`` (no pipe at all).
"""
from __future__ import annotations

import re

PIPES = re.compile(r"^[|｜\s]*[|｜][|｜\s]*$")
LONE_PIPE = re.compile(r"^\s*[|｜]\s*$")
ROW_OPENER = re.compile(r"^[|｜]\s*$")  # at the line start; an indented lone pipe closes a blank cell
MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
CLOSED = re.compile(r"^(?P<text>[^|｜]*[^|｜\s][^|｜]*?)\s*[|｜][|｜\s]*$")
DECORATION = re.compile(r"^[=\-_*#~·•—]{3,}.*[=\-_*#~·•—]{3,}$|^[=\-_*#~]{3,}$")


def is_row_line(line: str) -> bool:
    """``a | b``, ``| a | b |``, a Markdown rule, or a one-cell row fenced by pipes (``| 第二十条第（九）项 |``)."""
    s = line.strip()
    if s.startswith("|") and s.endswith("|") and s.strip("| \t"):
        return True
    return s.count("|") >= 2 and len([p for p in s.split("|") if p.strip()]) >= 2 or bool(MD_RULE.match(s) and "|" in s)


def wrapped_row(lines: list[str], i: int) -> bool:
    """``a | b`` whose closing pipe wrapped onto the next line (one pipe is then enough for a row)."""
    s = lines[i].strip()
    return (i + 1 < len(lines) and bool(LONE_PIPE.match(lines[i + 1])) and not s.endswith("|")
            and (is_row_line(s) or len([p for p in s.split("|") if p.strip()]) >= 2))


def closer_wrapped(lines: list[str], i: int) -> bool:
    """lines[i] is a lone pipe that closes the row on the line before (the line wrapped before its last pipe)."""
    return i > 0 and bool(LONE_PIPE.match(lines[i])) and wrapped_row(lines, i - 1)


def kind(line: str) -> str:
    s = line.strip()
    if not s:
        return "blank"
    if PIPES.match(s):
        return "pipes"
    if "|" not in s and "｜" not in s:
        return "text"
    if CLOSED.match(s) and not s.startswith(("|", "｜")):
        return "closed"
    return "row" if is_row_line(s) else "text"


def closed_text(line: str) -> str:
    """The cell text of a ``closed`` line (what precedes its first pipe)."""
    m = CLOSED.match(line.strip())
    return m.group("text").strip() if m else line.strip()


def locator(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}-{last}"
