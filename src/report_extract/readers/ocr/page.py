"""One scanned page: its tables (grids from the image's rules, cells read) and its lines of text.

The lines are returned as the PDF reader's own :class:`Line` objects built
from pseudo characters, so the reader joins them into paragraphs, drops
running headers and page numbers and orders blocks exactly as it does for
a text layer. What is not print does not become text: words Tesseract is
unsure of are dropped, and so is a line whose words are mostly unsure (a
pen signature, the remains of a seal, a photo), so a page of those gives no
garbage paragraphs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import cv2
import numpy as np

from ...model import Table
from ..pdf.grid import find_grids
from ..pdf.settings import DEFAULT as GRID_SETTINGS
from ..pdf.text import Line, lines_from_groups
from .cells import chars_of_words, read_tables
from .image import page_image
from .rules import find_rules, framed
from .settings import OcrSettings
from .tesseract import Word, method, read_words


@dataclass
class PageText:
    """What OCR read on one page (the reader's ``_Page`` takes ``tables`` and ``lines``)."""

    number: int
    tables: list[Table] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    skew: float = 0.0
    problem: Optional[str] = None  # why nothing could be read, for a page-level error


def _mark_bold(groups: list[list[dict]], ink: np.ndarray, scale: float, settings: OcrSettings) -> None:
    """Mark the characters of lines printed in bold (as the vector route marks fake bold).

    A scan has no font names; bold print is seen as thicker strokes: the
    ink's area over half its outline (its mean stroke width) well above the
    page's median line.
    """
    density = []
    kernel = np.ones((3, 3), np.uint8)
    for g in groups:
        x0, y0 = int(min(c["x0"] for c in g) * scale), int(min(c["top"] for c in g) * scale)
        x1, y1 = int(max(c["x1"] for c in g) * scale), int(max(c["bottom"] for c in g) * scale)
        region = ink[max(y0, 0):y1, max(x0, 0):x1]
        edge = np.count_nonzero(region) - np.count_nonzero(cv2.erode(region, kernel))
        density.append(2 * np.count_nonzero(region) / max(edge, 1))
    if len(density) < 3:
        return
    median = sorted(density)[len(density) // 2]
    for g, d in zip(groups, density):
        if d >= settings.bold_ink * median:
            for c in g:
                c["_fake_bold"] = True


def _text_lines(words: list[Word], scale: float, settings: OcrSettings, ink: np.ndarray) -> list[Line]:
    by_line: dict[tuple, list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    groups = []
    for ws in by_line.values():
        sure = [w for w in ws if w.conf >= settings.word_conf]  # a pen stroke beside print reads unsure
        n_chars = sum(len(w.text) for w in sure)
        if n_chars < settings.min_line_chars:
            continue
        if sum(w.conf * len(w.text) for w in sure) / n_chars < settings.line_conf:
            continue  # mostly unsure: a signature, a seal's remains, a picture
        chars = chars_of_words(sure, scale)
        chars.sort(key=lambda c: c["x0"])
        groups.append(chars)
    groups.sort(key=lambda g: min(c["top"] for c in g))
    _mark_bold(groups, ink, scale, settings)
    return lines_from_groups(groups)


def read_page(pdf, index: int, settings: OcrSettings) -> PageText:
    """OCR page ``index`` (0-based) of an open pypdfium2 document."""
    img = page_image(pdf, index, settings)
    out = PageText(index + 1, skew=img.skew)
    rules = find_rules(img.ink, img.scale, settings)
    ink = img.ink.copy()  # rules erased: they are not text
    ink[rules.mask > 0] = 0
    grids = [g for g in find_grids(rules.horizontal, rules.vertical, GRID_SETTINGS) if len(g.boxes) > 1 and framed(g, rules, settings)]
    s = img.scale
    for table in read_tables(img, ink, grids, settings, method(settings)):
        if any(c.text for c in table.cells):
            out.tables.append(table)
    # the rest of the page: grey, with the rules and tables erased, and whatever is lighter than
    # print (seal remains, paper tone) turned to paper
    area = img.gray.copy()
    area[(rules.mask > 0) | (area > settings.paper_level)] = 255
    for g in grids:
        x0, top, x1, bottom = g.bbox
        area[max(int(top * s) - 2, 0):int(bottom * s) + 2, max(int(x0 * s) - 2, 0):int(x1 * s) + 2] = 255
    if np.count_nonzero(area < 128) > settings.blank_ink * s * s:
        f = min(settings.text_dpi / settings.dpi, 1.0)  # body text is large: fewer pixels read as well
        small = cv2.resize(area, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else area
        words = read_words(small, settings, settings.label_lang, settings.text_psm, dpi=int(settings.dpi * f))
        for w in words:  # back to page pixels
            w.left, w.top, w.width, w.height = (int(v / f) for v in (w.left, w.top, w.width, w.height))
        out.lines = _text_lines(words, s, settings, ink)
    has_ink = np.count_nonzero(ink) > settings.blank_ink * s * s * 4
    if not out.tables and not out.lines and has_ink:
        out.problem = "OCR found print on this page but could not read it as text or tables"
    return out
