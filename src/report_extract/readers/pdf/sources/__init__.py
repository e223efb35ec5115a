"""Where a PDF's page objects come from: PDFium (pypdfium2, the default) or pdfplumber (the reference).

Both give every page as one :class:`.model.RawPage` of pdfplumber-shaped
character and drawing dicts, so the reader after them cannot tell which
produced it; ``tests/test_pdf_engines.py`` reads every fixture and corpus
PDF through both and requires the same fields, findings, sections and labels.

The engine is chosen per call (``read(path, engine=...)``, ``--pdf-engine``),
else by ``REPORT_EXTRACT_PDF_ENGINE``, else :data:`DEFAULT_ENGINE`, and is
named in every table's ``method`` (``ruled-grid@pdf-tables@3/pdfium``).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from .model import PdfSource, RawPage

ENGINES = ("pdfium", "pdfplumber")
DEFAULT_ENGINE = "pdfium"
ENV = "REPORT_EXTRACT_PDF_ENGINE"


def choose(engine: Optional[str] = None) -> str:
    """The engine to use: the one asked for, else the environment's, else the default."""
    name = (engine or os.environ.get(ENV) or DEFAULT_ENGINE).strip().lower()
    if name not in ENGINES:
        raise ValueError(f"unknown PDF engine {name!r} (choose from {', '.join(ENGINES)})")
    return name


def open_source(path: Path, engine: str) -> PdfSource:
    """The file opened by ``engine``'s source.

    A file PDFium refuses to open after pdfminer opened it (the PDFium source's structure pass
    runs first, and fails as the reference fails) is read by the reference: one damaged byte
    PDFium cannot repair but pdfminer can (a cross-reference it will not rebuild) never costs the
    document on the default route. Its pages name ``pdfplumber`` in their values' ``method``."""
    from .plumber import PlumberSource

    if engine == "pdfium":
        from pypdfium2 import PdfiumError

        from .pdfium import PdfiumSource

        try:
            return PdfiumSource(path)
        except PdfiumError:
            return PlumberSource(path)
    return PlumberSource(path)


def parser_errors(engine: str) -> tuple:
    """Exception types that mean "this file cannot be parsed" for the engine (see :mod:`..errors`)."""
    if engine == "pdfium":
        from pypdfium2 import PdfiumError

        return (PdfiumError,)
    return ()


__all__ = ["ENGINES", "DEFAULT_ENGINE", "choose", "open_source", "parser_errors", "PdfSource", "RawPage"]
