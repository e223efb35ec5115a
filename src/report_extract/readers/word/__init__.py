"""Word reader (.docx; .doc and .wps through LibreOffice, :mod:`.legacy`).

Two layers, like pandoc's Docx reader:

1. :mod:`.package` opens the package, the one way (checked by
   :mod:`..ooxml_safety` first: size limits from the zip directory, no
   DOCTYPE in any part, encrypted OLE2 packages named as such), and
   :mod:`.parse` reads the body faithfully into the local model of
   :mod:`.body`: paragraphs with their displayed text, style (:mod:`.styles`)
   and list (:mod:`.numbering`); tables as rows of cells with their
   ``gridSpan``/``vMerge``/``hMerge``.
2. :mod:`.convert` turns that model into the Document: list labels
   recomputed, tracked changes accepted, tables rebuilt as true grids
   (:mod:`.grid`), nested tables emitted right after the table that holds
   them (depth first; their text is not repeated in the outer cell).

Locators are XPath-like paths from the body, 1-based, counting siblings of
the same element name, ``w:`` prefixes dropped: ``body/p[12]``,
``body/sdt[1]/sdtContent/p[2]``, ``body/tbl[2]``. A cell's locator names its
``w:tc`` element (the n-th ``tc`` of the row, which is *not* the grid column
when cells are merged) and then the grid column it starts in, 1-based:
``body/tbl[2]/tr[5]/tc[3] (grid column 4)``. ``Cell.row``/``Cell.col`` are the
0-based grid position. A text box paragraph is ``body/p[7]//txbxContent[1]/p[1]``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ...model import Document, ReaderError
from .. import ooxml_safety as safety
from ..declared import from_word_core
from .convert import Converter
from .numbering import ListCounters, NumberingDefinitions
from .numformat import format_number
from .package import LegacyFile, open_package
from .parse import parse_body
from .styles import Styles
from .xml import W

__all__ = ["read", "format_number"]


def read(path, *, limits: Optional[safety.Limits] = None, fmt: str = "docx") -> Document:
    """Read a .docx into a Document; raises ReaderError for files that cannot be read.

    ``paragraph.style`` hints: ``title`` (Title style), ``heading`` (Heading
    styles or an outline level), ``toc``, ``centered``, ``right`` (alignment).
    A legacy .doc saved under a .docx name is handed to :mod:`.legacy`.
    """
    p = Path(path)
    limits = limits or safety.DEFAULT_LIMITS
    try:
        package = open_package(p, limits)
    except LegacyFile:
        from . import legacy

        return legacy.read(p)
    numbering = NumberingDefinitions(package.numbering)
    try:
        body = parse_body(package.document.find(W + "body"), Styles(package.styles), numbering, limits)
        blocks = list(Converter(ListCounters(numbering), limits).blocks(body))
    except RecursionError:
        raise ReaderError("corrupt", f"{p.name}: the document nests too deeply to read") from None
    return Document(path=str(p), format=fmt, blocks=blocks, pages=None, info=package.info,
                    problems=list(package.problems), declared=from_word_core(package.info))
