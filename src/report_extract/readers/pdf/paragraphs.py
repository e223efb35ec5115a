"""Paragraphs of a PDF: wrapped lines joined, headings and titles on their own.

Works on the pages' text lines after tables and page furniture were taken out;
tables are placed in the reading-order stream by their top, and parts of a
table cut by a page break are stitched there (:mod:`.stitch`).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ...model import Paragraph, Source, Table
from .page import PdfPage
from .settings import DEFAULT, TableSettings
from .stitch import stitch
from .text import Line, join_pieces

BOLD = re.compile(r"bold|black|heavy|demi|semibold|hei|黑", re.I)


def _is_bold(ln: Line) -> bool:
    chars = [c for c in ln.chars if c["text"].strip()]
    if not chars:
        return False
    bold = sum(1 for c in chars if c.get("_fake_bold") or _bold_font(c.get("fontname") or ""))
    return bold >= 0.9 * len(chars)


@lru_cache(maxsize=1024)
def _bold_font(name: str) -> bool:
    """A font name that says bold (a page uses a few fonts, for thousands of characters)."""
    return BOLD.search(name) is not None


@dataclass
class _Metrics:
    size: float
    left: dict[int, float]
    right: dict[int, float]
    pitch: float


def _metrics(pages: list[PdfPage]) -> _Metrics:
    sizes: Counter = Counter()
    for p in pages:
        for ln in p.lines:
            sizes[round(ln.size * 2) / 2] += len(ln.text)
    size = sizes.most_common(1)[0][0] if sizes else 12.0
    body = lambda ln: abs(ln.size - size) <= 1.0  # noqa: E731
    all_left: Counter = Counter()
    all_right: Counter = Counter()
    pitches = []
    for p in pages:
        bl = [ln for ln in p.lines if body(ln)]
        all_left.update(round(ln.x0) for ln in bl)
        all_right.update(round(ln.x1) for ln in bl)
        for a, b in zip(bl, bl[1:]):
            d = b.top - a.top
            if 0.8 * size < d < 3 * size:
                pitches.append(d)
    # the text block: the leftmost / rightmost edge that several lines share
    frequent = [v for v, k in all_left.items() if k >= 3]
    dl = min(frequent) if frequent else (all_left.most_common(1)[0][0] if all_left else 72)
    frequent = [v for v, k in all_right.items() if k >= 2]
    dr = max(frequent) if frequent else (max(all_right) if all_right else 520)
    left = {p.number: dl for p in pages}
    right = {p.number: dr for p in pages}
    pitches.sort()
    pitch = pitches[len(pitches) // 2] if pitches else size * 1.5
    return _Metrics(size, left, right, pitch)


def _style(ln: Line, p: PdfPage, m: _Metrics, title_allowed: bool) -> Optional[str]:
    centre = (ln.x0 + ln.x1) / 2
    text_centre = (m.left[p.number] + m.right[p.number]) / 2
    big = ln.size >= 1.2 * m.size
    centred = abs(centre - text_centre) < 0.06 * p.width and (big or ln.x0 > m.left[p.number] + m.size)
    if big and centred and title_allowed:
        return "title"
    short = ln.x1 < m.right[p.number] - 2 * m.size or len(ln.text) <= 40
    if (ln.size >= 1.15 * m.size or _is_bold(ln)) and short and len(ln.text) <= 60:
        return "heading"
    return None


def blocks(pages: list, s: TableSettings = DEFAULT) -> list:
    """Paragraphs and tables of the pages (furniture already set aside) in reading order, parts of
    tables cut by page breaks stitched."""
    m = _metrics(pages)
    # one reading-order stream: per page, tables and lines by their top
    stream: list = []
    heights = {p.number: p.height for p in pages}
    for p in pages:
        items = [(t.source.bbox[1], 0, t) for t in p.tables] + [(ln.top, 1, (p, ln)) for ln in p.lines]
        items.sort(key=lambda it: (it[0], it[1]))
        stream.extend(it[2] for it in items)
    # a table runs to the foot when nothing printed below it reaches past this line
    bottoms = [ln.bottom for p in pages for ln in p.lines] + [t.source.bbox[3] for p in pages for t in p.tables]
    body_bottom = max(bottoms) if bottoms else 0
    foot = {p.number: min(body_bottom, p.height) - max(4 * m.pitch, 0.12 * heights[p.number]) for p in pages}
    stream = stitch(stream, foot, s.stitch_tol)

    blocks: list = []
    cur: list = []  # [(page, line)]
    cur_style: Optional[str] = None
    seen_body = False

    def flush():
        nonlocal cur, cur_style
        if cur:
            text = join_pieces(ln.text for _, ln in cur)
            page = cur[0][0].number
            same = [ln for p, ln in cur if p.number == page]
            bbox = (min(s.x0 for s in same), min(s.top for s in same), max(s.x1 for s in same), max(s.bottom for s in same))
            if text:
                blocks.append(Paragraph(text=text, source=Source(page=page, bbox=bbox, locator=f"page {page}"), style=cur_style))
        cur, cur_style = [], None

    for it in stream:
        if isinstance(it, Table):
            flush()
            seen_body = True
            blocks.append(it)
            continue
        p, ln = it
        style = _style(ln, p, m, title_allowed=not seen_body)
        if style != "title" and cur_style != "title":
            seen_body = seen_body or style is None
        if cur and _continues(cur[-1], (p, ln), style, cur_style, m):
            cur.append((p, ln))
            continue
        flush()
        cur, cur_style = [(p, ln)], style
    flush()
    return blocks


def _continues(prev: tuple, nxt: tuple, style: Optional[str], cur_style: Optional[str], m: _Metrics) -> bool:
    (pp, a), (np_, b) = prev, nxt
    if style != cur_style:
        return False
    size = m.size
    if cur_style == "title":
        return pp.number == np_.number and b.top - a.bottom < 2.5 * max(a.size, b.size)
    full = a.x1 >= m.right[pp.number] - 1.5 * size
    if not full:
        return False
    if cur_style == "heading":
        return pp.number == np_.number and b.top - a.top < 1.6 * m.pitch
    if b.x0 > m.left[np_.number] + 0.9 * size or b.x0 < m.left[np_.number] - 2 * size:
        return False
    if pp.number == np_.number:
        return b.top - a.top < max(1.45 * m.pitch, a.bottom - a.top + 0.2 * size)
    return np_.number == pp.number + 1
