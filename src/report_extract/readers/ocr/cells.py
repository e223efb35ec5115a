"""Reading the cells of one rebuilt grid: labels with chi_sim, values with a digit-only setting.

Tesseract is slow to start (a process and a language model per call), so the
cells are not read one call each: their crops are stacked into one tall
column (a *montage*), one crop per line band, read in one call, and every
word goes back to the crop its centre falls in. Each crop has paper above
and below, so no word can join two cells.

Pass 1 reads every inked cell with the label language; a cell merged across
columns only because its inner borders are missing is then cut by its text
clumps (:func:`~report_extract.readers.pdf.repair.split_by_text`, as on the
vector route). Pass 2 reads again, digits only, every cell whose pass-1 text
is a number. The value is the digit read; its confidence is the lowest word
confidence of both reads, and a cell the two reads disagree on is doubtful.
Digits are never changed to agree with anything.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Optional

import cv2
import numpy as np

from ...mapping.values import is_null
from ...model import Cell, Table
from ..pdf.grid import Grid, PdfCell, build_table
from ..pdf.repair import split_by_text
from ..pdf.settings import DEFAULT as GRID_SETTINGS
from ..pdf.text import cell_text
from .image import PageImage
from .settings import OcrSettings
from .tesseract import Word, read_words

NUMERIC = re.compile(r"^[-−－]?[0-9０-９][0-9０-９,，.．\s]*$")
MONTAGE_SLOTS = 60  # crops per Tesseract call: bounded images, bounded time per call


@dataclass
class Crop:
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels (tight around the ink)
    image: np.ndarray  # the cell's print alone: black on white, rule remains and dust dropped
    words: list[Word] = field(default_factory=list)  # in page pixels after reading


def ink_crop(ink: np.ndarray, x0: int, y0: int, x1: int, y1: int, settings: OcrSettings, scale: float):
    """The print inside a region of the ink mask as a :class:`Crop`, or None when it is empty."""
    region = ink[max(y0, 0):y1, max(x0, 0):x1]
    x0, y0 = max(x0, 0), max(y0, 0)
    if region.size == 0:
        return None
    n, labels, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
    min_area = settings.speckle * scale * scale
    keep = [i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= min_area]
    if sum(int(stats[i, cv2.CC_STAT_AREA]) for i in keep) < settings.blank_ink * scale * scale:
        return None
    bx0 = min(int(stats[i, 0]) for i in keep)
    by0 = min(int(stats[i, 1]) for i in keep)
    bx1 = max(int(stats[i, 0] + stats[i, 2]) for i in keep)
    by1 = max(int(stats[i, 1] + stats[i, 3]) for i in keep)
    image = np.where(np.isin(labels[by0:by1, bx0:bx1], keep), 0, 255).astype(np.uint8)
    return Crop((x0 + bx0, y0 + by0, x0 + bx1, y0 + by1), image)


def read_crops(crops: list[Crop], settings: OcrSettings, lang: str, chars=None) -> None:
    """Fill each crop's words (page pixels) from montages of at most MONTAGE_SLOTS crops."""
    for start in range(0, len(crops), MONTAGE_SLOTS):
        _read_montage(crops[start:start + MONTAGE_SLOTS], settings, lang, chars)


def _read_montage(crops: list[Crop], settings: OcrSettings, lang: str, chars) -> None:
    if not crops:
        return
    pad = int(settings.scale * 4)
    heights = sorted(c.box[3] - c.box[1] for c in crops)
    gap = max(pad * 2, int(heights[len(heights) // 2] * 1.2))
    width = max(c.box[2] - c.box[0] for c in crops) + 2 * pad
    height = sum(c.box[3] - c.box[1] for c in crops) + gap * (len(crops) + 1)
    sheet = np.full((height, width), 255, dtype=np.uint8)
    starts, y = [], gap
    for c in crops:
        x0, y0, x1, y1 = c.box
        sheet[y:y + y1 - y0, pad:pad + x1 - x0] = c.image
        starts.append(y)
        y += y1 - y0 + gap
    for w in read_words(sheet, settings, lang, settings.cell_psm, chars):
        i = max(bisect_right(starts, w.top + w.height / 2 + gap / 2) - 1, 0)
        c = crops[i]
        dx, dy = c.box[0] - pad, c.box[1] - starts[i]
        c.words.append(Word(w.text, w.conf, w.left + dx, w.top + dy, w.width, w.height, w.line))


def _text(words: list[Word]) -> str:
    lines: dict[tuple, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    ordered = sorted(lines.values(), key=lambda ws: min(w.top for w in ws))
    return cell_text(_chars_of_lines(ordered, 1.0), GRID_SETTINGS.clump_gap_em)


def _chars_of_lines(lines: list[list[Word]], scale: float) -> list[dict]:
    """Pseudo characters (pdfplumber-like dicts, in points) for the vector route's text helpers."""
    out = []
    for ws in lines:
        # the line's band: the median word box (one tall box, a bracket or a stray mark, must not
        # make the line overlap its neighbours or look like a larger font)
        top = sorted(w.top for w in ws)[len(ws) // 2] / scale
        bottom = sorted(w.bottom for w in ws)[len(ws) // 2] / scale
        end = None
        for w in sorted(ws, key=lambda w: w.left):
            # a word's glyphs share its box evenly; boxes that overlap are laid after each other,
            # so the characters keep Tesseract's order
            left = w.left if end is None else max(w.left, end)
            right = max(w.right, left + len(w.text))
            step = (right - left) / max(len(w.text), 1)
            for k, ch in enumerate(w.text):
                out.append({"text": ch, "x0": (left + k * step) / scale, "x1": (left + (k + 1) * step) / scale,
                            "top": top, "bottom": bottom, "size": bottom - top, "conf": w.conf})
            end = right
    return out


def chars_of_words(words: list[Word], scale: float) -> list[dict]:
    lines: dict[tuple, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    return _chars_of_lines(list(lines.values()), scale)


class TableRead:
    """Reading one grid in two passes, so that a page's tables share each Tesseract call.

    ``first`` → read them (label language) → ``after_first`` → ``second`` →
    read them (digits only) → ``finish``. ``ink`` has the rules erased.
    """

    def __init__(self, page: PageImage, ink: np.ndarray, grid: Grid, settings: OcrSettings, method: str):
        self.page, self.ink, self.settings, self.method = page, ink, settings, method
        self.table = build_table(grid, {}, page.number, GRID_SETTINGS)
        self.crops = {id(c): self._crop(c) for c in self.table.cells}
        self.numeric: list[tuple[Cell, Crop]] = []

    def _crop(self, cell: Cell) -> Optional[Crop]:
        s, inset = self.page.scale, int(self.settings.cell_inset * self.page.scale)
        x0, y0, x1, y1 = _bbox(cell)
        return ink_crop(self.ink, int(x0 * s) + inset, int(y0 * s) + inset, int(x1 * s) - inset,
                        int(y1 * s) - inset, self.settings, s)

    def first(self) -> list[Crop]:
        return [c for c in self.crops.values() if c]

    def after_first(self) -> None:
        chars_of = {}
        for cell in self.table.cells:  # PdfCells: split_by_text cuts them by their .chars
            crop = self.crops[id(cell)]
            if crop:
                cell.text = _text(crop.words)
                cell.method = self.method
                cell.confidence = min((w.conf for w in crop.words), default=0.0)  # ink read as nothing: 0
                if cell.col_span > 1 and crop.words and isinstance(cell, PdfCell):
                    chars_of[id(cell)] = cell.chars = chars_of_words(crop.words, self.page.scale)
        split = split_by_text(self.table, GRID_SETTINGS)
        if split is not self.table:  # pieces of cut cells: the text and confidence of their clump
            pieces = [ch for chars in chars_of.values() for ch in chars]
            for cell in split.cells:
                if id(cell) in self.crops:
                    continue
                self.crops[id(cell)] = self._crop(cell)
                x0, y0, x1, y1 = _bbox(cell)
                mine = [ch for ch in pieces
                        if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1 and y0 <= (ch["top"] + ch["bottom"]) / 2 <= y1]
                if self.crops[id(cell)]:
                    cell.method = self.method
                    cell.confidence = min((ch["conf"] for ch in mine), default=0.0)
            self.table = split

    def second(self) -> list[Crop]:
        """Crops of whatever looks like a number (or is ink read as nothing), for the digit-only read.

        A blank mark read surely ("—", "/") is not read again: digits only would make it a 7."""
        self.numeric = [(c, Crop(crop.box, crop.image)) for c in self.table.cells
                        if (crop := self.crops.get(id(c))) and (not c.text or _number_like(c.text))
                        and not (is_null(c.text) and (c.confidence or 0.0) >= self.settings.min_confidence)]
        return [crop for _, crop in self.numeric]

    def finish(self) -> Table:
        st = self.settings
        for cell, crop in self.numeric:
            digits = "".join(w.text for w in sorted(crop.words, key=lambda w: w.left))
            if not digits:
                continue
            conf = min(w.conf for w in crop.words)
            if not NUMERIC.match(cell.text) or _norm(digits) != _norm(cell.text):
                conf = min(conf, st.doubtful)  # the two reads disagree
            elif cell.confidence is not None:
                conf = min(conf, cell.confidence)
            cell.text, cell.confidence = digits, conf
        for cell in self.table.cells:
            if cell.confidence is not None and cell.confidence < st.min_confidence:
                cell.confidence = min(cell.confidence, 0.89)
        return self.table


def read_tables(page: PageImage, ink: np.ndarray, grids: list[Grid], settings: OcrSettings, method: str) -> list[Table]:
    """The Tables of a page's grids, every cell read (two Tesseract calls for all of them)."""
    reads = [TableRead(page, ink, g, settings, method) for g in grids]
    read_crops([c for r in reads for c in r.first()], settings, settings.label_lang)
    for r in reads:
        r.after_first()
    read_crops([c for r in reads for c in r.second()], settings, settings.digit_lang, settings.digit_chars)
    return [r.finish() for r in reads]


def _bbox(cell: Cell) -> tuple[float, float, float, float]:
    assert cell.source.bbox is not None  # every cell of a rebuilt grid has its box
    return cell.source.bbox


def _number_like(text: str) -> bool:
    """Short, with at most one ideograph and no brackets: a number as the label language may misread
    it ("和8" for 48, "O" for 0, "工" for 1), not a label ("其他", "(一)")."""
    t = _norm(text)
    return len(t) <= 12 and sum(1 for ch in t if ord(ch) > 0x2E80) <= 1 and not re.search(r"[()\[\]]", t)


def _norm(text: str) -> str:
    """What two reads of a number must agree on: digits and separators, spaces aside."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
