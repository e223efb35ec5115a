"""Every threshold of the OCR route in one place (like pdfplumber's TableSettings).

Lengths are in PDF points unless the name says otherwise, so they hold at any
rendering resolution. ``OcrSettings.from_env()`` is what the PDF reader uses:
``REPORT_EXTRACT_OCR=off`` (what ``--no-ocr`` sets) turns the route off, and
``REPORT_EXTRACT_TESSERACT`` names a tesseract binary that is not on ``PATH``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace

OFF_VALUES = ("0", "off", "no", "false")


@dataclass(frozen=True)
class OcrSettings:
    enabled: bool = True
    tesseract: str = "tesseract"  # binary name or path
    # rendering: 300 dpi gives 10.5 pt CJK glyphs about 44 px, where chi_sim reads best
    dpi: int = 300
    text_dpi: int = 200  # narrative is read from a copy at this resolution (body text is larger)
    # deskew: angles searched (degrees) and the step of the fine search
    max_skew: float = 3.0
    skew_step: float = 0.05
    # a pixel whose brightest and darkest channels differ by more than this is colour ink
    # (a seal, a pen signature), not black print
    colour_margin: int = 40
    paper_level: int = 185  # grey lighter than this is paper when text is read (seal remains, tone)
    # table rules: horizontal runs of ink at least min_rule long, vertical ones at least
    # min_border (they must then meet rules at both ends); gaps up to rule_gap are bridged;
    # ends meet within rule_tolerance
    min_rule: float = 24.0
    min_border: float = 6.0
    rule_gap: float = 0.75
    rule_tolerance: float = 0.75
    max_rule_thickness: float = 3.0
    min_frame: float = 0.8  # share of a table's top and bottom edges that rules must cover
    # cells: the border band left out of a cell crop; ink below blank_ink (pt², after speckles
    # are dropped) is an empty cell
    cell_inset: float = 1.5
    blank_ink: float = 1.2
    speckle: float = 0.25  # pt²: ink blobs smaller than this are noise
    # languages and page segmentation modes (tesseract --psm)
    label_lang: str = "chi_sim"
    digit_lang: str = "eng"
    digit_chars: str = "0123456789,.-"
    cell_psm: int = 6
    text_psm: int = 4
    # confidence: a value whose tesseract word confidence (0..1) is below this is doubtful
    min_confidence: float = 0.9
    doubtful: float = 0.6  # the confidence given to a value the two reads disagree on
    # narrative: words below word_conf are dropped, lines below line_conf (mean) are not text
    word_conf: float = 0.4
    line_conf: float = 0.6
    min_line_chars: int = 2
    bold_ink: float = 1.25  # a line whose strokes are this many times the median line's is bold
    # one tesseract call may take at most this long (seconds) before the page is given up
    call_timeout: float = 120.0

    @property
    def scale(self) -> float:
        """Pixels per PDF point."""
        return self.dpi / 72.0

    @classmethod
    def from_env(cls, environ=None) -> "OcrSettings":
        env = os.environ if environ is None else environ
        s = cls()
        if env.get("REPORT_EXTRACT_OCR", "").strip().lower() in OFF_VALUES:
            s = replace(s, enabled=False)
        if env.get("REPORT_EXTRACT_TESSERACT"):
            s = replace(s, tesseract=env["REPORT_EXTRACT_TESSERACT"])
        return s
