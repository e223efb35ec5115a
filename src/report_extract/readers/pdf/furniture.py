"""Page furniture: page numbers and running headers / footers, set aside (not deleted).

A line in the top or bottom margin (two lines at most, outside every table)
is furniture when it reads as a page number, or when the same text (digits
ignored) recurs in the margins of enough pages. It moves from the page's
lines to ``PdfPage.furniture`` as a Paragraph whose ``style`` names the kind
(``page_number``, ``running_header``, ``running_footer``), so the Document
keeps it for the audit while paragraphs and tables never see it.
"""
from __future__ import annotations

import re
from collections import Counter

from ...model import Paragraph, Source
from .page import PdfPage
from .settings import DEFAULT, TableSettings
from .text import Line

PAGE_NUMBER = re.compile(
    r"^[\-—–－~·•\s]*(第\s*)?([0-9０-９]+|[ivxlcdm]+|[IVXLCDM]+)(\s*页)?"
    r"(\s*[/／]\s*[0-9]+|\s*共\s*[0-9]+\s*页)?[\-—–－~·•\s]*$"
)
PAGE_NUMBER_WORDS = re.compile(r"^(page|p\.)\s*\d+(\s*(of|/)\s*\d+)?$", re.I)


def _key(text: str) -> str:
    return re.sub(r"[0-9０-９]+", "#", re.sub(r"\s+", "", text))


def is_page_number(text: str) -> bool:
    t = text.strip()
    return bool(t) and len(t) <= 16 and (bool(PAGE_NUMBER.match(t)) or bool(PAGE_NUMBER_WORDS.match(t)))


def _margin_lines(p: PdfPage, s: TableSettings) -> list[tuple[Line, str]]:
    top_zone, foot_zone = p.height * s.header_share, p.height * s.footer_share
    first_table = min((t.source.bbox[1] for t in p.tables if t.source.bbox), default=p.height)
    last_table = max((t.source.bbox[3] for t in p.tables if t.source.bbox), default=0)
    body = sorted(p.lines, key=lambda ln: ln.top)
    out: list[tuple[Line, str]] = []
    for ln in body[:2]:
        if ln.bottom <= top_zone and ln.bottom <= first_table + 1:
            out.append((ln, "header"))
    for ln in body[-2:]:
        if ln.top >= foot_zone and ln.top >= last_table - 1 and all(ln is not o for o, _ in out):
            out.append((ln, "footer"))
    return out


def set_aside(pages: list[PdfPage], s: TableSettings = DEFAULT) -> None:
    """Move every page's furniture lines from ``lines`` to ``furniture``."""
    cands = {p.number: _margin_lines(p, s) for p in pages}
    counts: Counter = Counter()
    for lines in cands.values():
        for k in {_key(ln.text) for ln, _ in lines}:
            counts[k] += 1
    n = len(pages)
    need = max(2, (n + 1) // 2) if n > 2 else 2
    for p in pages:
        aside = []
        for ln, zone in cands[p.number]:
            if is_page_number(ln.text):
                kind = "page_number"
            elif n >= 2 and counts[_key(ln.text)] >= need and len(ln.text) <= s.furniture_max_chars:
                kind = f"running_{zone}"
            else:
                continue
            aside.append(ln)
            p.furniture.append(Paragraph(text=ln.text, style=kind,
                                         source=Source(page=p.number, bbox=ln.bbox, locator=f"page {p.number}")))
        if aside:
            p.lines = [ln for ln in p.lines if all(ln is not a for a in aside)]
