"""Tables typed as text: cells separated by runs of spaces, tabs or &nbsp;.

Some pages lay tables out with ``<p>`` and ``&nbsp;`` and some text dumps
with spaces or tabs. Three or more consecutive lines that each split into two
or more cells at runs of two or more blanks (or a tab) are read as a table
(``exact_grid=False``: cells in printed order). Shorter runs stay paragraphs.
"""
from __future__ import annotations

import re

from ..model import Cell, Paragraph, Source, Table

_NUMBERED = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")  # a numbered heading ends a typed table
_GAP = re.compile(r"(?:[ \u00a0\u3000\u2002\u2003]{2,}|\t+)")
MIN_ROWS = 3
_SENTENCE_END = ("。", "！", "？", "；", ".")  # prose, not a cell


def cells_of(raw: str) -> list[str]:
    parts = [p.strip() for p in _GAP.split(raw.strip())]
    return [p for p in parts if p]


def group(lines: list[tuple[str, str, Source, str | None]]) -> list:
    """lines: (raw text, clean text, source, style) → Paragraph and Table blocks in order.

    A short one-cell line between two multi-cell lines (a 第二十条第（五）项
    caption row) stays inside the table.
    """
    parts = [cells_of(raw) for raw, *_ in lines]
    multi = [len(p) >= 2 and max(len(c) for c in p) <= 60 and not any(c.endswith(_SENTENCE_END) for c in p)
             for p in parts]
    in_table = list(multi)
    for i in range(1, len(lines) - 1):
        if (not multi[i] and len(parts[i]) == 1 and len(parts[i][0]) <= 30 and multi[i - 1] and multi[i + 1]
                and not _NUMBERED.match(parts[i][0])):
            in_table[i] = True
    out: list = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and in_table[j]:
            j += 1
        if j > i and sum(multi[i:j]) >= MIN_ROWS:
            cells = [Cell(row=r, col=c, text=t, source=lines[k][2])
                     for r, k in enumerate(range(i, j)) for c, t in enumerate(parts[k])]
            out.append(Table(cells=cells, n_rows=j - i, n_cols=max(len(parts[k]) for k in range(i, j)),
                             source=lines[i][2], exact_grid=False))
            i = j
            continue
        _, clean, src, style = lines[i]
        out.append(Paragraph(text=clean, source=src, style=style))
        i += 1
    return out
