"""OCR for PDF pages that have no text layer (scans): the same tables and lines as the vector route.

The PDF reader calls :func:`read_scanned_pages` once, with its pages; every
page that has images but no text is rendered and read here (see
:mod:`.page`), and gets tables (cells with page, bbox in PDF points, and the
OCR's own ``confidence`` and ``method``) and lines of text, so everything
after the reader runs unchanged. Without OpenCV, pytesseract or Tesseract's
chi_sim data, or with ``REPORT_EXTRACT_OCR=off`` (``--no-ocr``), nothing
happens and those pages keep their ``needs_ocr`` error.

Modules: :mod:`.settings` (every threshold), :mod:`.image` (render, colour
ink, binarise, deskew), :mod:`.rules` (table rules from the image, no OCR),
:mod:`.tesseract` (the only caller of Tesseract), :mod:`.cells` (reading a
grid's cells), :mod:`.page` (one page).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ...model import ReadProblem
from .settings import OcrSettings


def unavailable(settings: Optional[OcrSettings] = None) -> Optional[str]:
    """Why scanned pages cannot be read here (None when they can)."""
    settings = settings or OcrSettings.from_env()
    if not settings.enabled:
        return "OCR is turned off (--no-ocr)"
    try:
        import cv2  # noqa: F401
        import numpy  # noqa: F401
        import pypdfium2  # noqa: F401
    except ImportError as e:
        return f"{e.name} is not installed (from the checkout: pip install -e '.[ocr]')"
    from .tesseract import unavailable as tesseract_unavailable

    return tesseract_unavailable(settings)


def read_scanned_pages(path: Path, pages: list, problems: list[ReadProblem],
                       settings: Optional[OcrSettings] = None) -> None:
    """Fill in the pages (the PDF reader's page records) that have images but no text layer.

    A page read gets ``tables``, ``lines`` and ``has_text``; a page OCR could
    not read gets a page-level problem ``ocr_unreadable`` (and is no longer
    counted as waiting for OCR). Does nothing when OCR is unavailable.
    """
    todo = [p for p in pages if p.has_images and not p.has_text]
    if not todo:
        return
    settings = settings or OcrSettings.from_env()
    if unavailable(settings):
        return
    import pypdfium2 as pdfium

    from .page import read_page
    from .tesseract import OcrFailed

    pdf = pdfium.PdfDocument(str(path))
    try:
        for p in todo:
            try:
                got = read_page(pdf, p.number - 1, settings)
                why = got.problem
            except OcrFailed as e:
                got, why = None, f"Tesseract failed ({e})"
            except (MemoryError, KeyboardInterrupt):
                raise
            except Exception as e:  # a page that cannot be rendered or analysed costs only itself
                got, why = None, f"{type(e).__name__}: {str(e)[:120]}"
            p.has_images = False  # OCR has been tried: no longer "needs OCR"
            if got is not None and (got.tables or got.lines):
                p.tables, p.lines, p.has_text = got.tables, got.lines, True
            if why:
                problems.append(ReadProblem("ocr_unreadable", f"page {p.number}: {why}", where=f"page {p.number}"))
    finally:
        pdf.close()


__all__ = ["OcrSettings", "read_scanned_pages", "unavailable"]
