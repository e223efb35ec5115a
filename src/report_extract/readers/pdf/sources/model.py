"""The page as every PDF source hands it to the reader: pdfplumber-shaped objects, nothing else.

A :class:`RawPage` holds the page's characters and drawing as plain dicts with
pdfplumber's keys and coordinates (points, origin at the top-left: ``x0``,
``x1``, ``top``, ``bottom``; lines, rectangles and curves with ``stroke``,
``fill``, ``stroking_color``, ``non_stroking_color``, curves with ``pts``).
The format-free code after it (:mod:`..grid`, :mod:`..text_table`,
:mod:`..paragraphs`) reads only these keys, so it cannot tell which source
produced a page.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Protocol

# What a page without a usable MediaBox is laid out on, by PDFium and by pdfminer alike
US_LETTER = (0.0, 0.0, 612.0, 792.0)


def _coordinate(x: Any) -> float:
    """A box entry as a coordinate: 0 for anything but a number a double holds."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return 0.0
    try:
        v = float(x)
    except OverflowError:  # an integer of hundreds of digits
        return 0.0
    return v if math.isfinite(v) else 0.0


def page_box(entries: Any) -> tuple:
    """The MediaBox a page is read on, from its entries as PDFium reads them: the first four (a
    missing or non-number entry 0, and one too large for a number) as lower-left and upper-right
    corner, whichever two opposite corners were written; US Letter when they span no area
    (missing, cut short, written with a name or a string)."""
    first = list(entries)[:4] if isinstance(entries, (list, tuple)) else []
    v = [_coordinate(x) for x in first]
    v += [0.0] * (4 - len(v))
    if v[0] == v[2] or v[1] == v[3]:
        return US_LETTER
    return (min(v[0], v[2]), min(v[1], v[3]), max(v[0], v[2]), max(v[1], v[3]))


@dataclass
class RawPage:
    number: int  # 1-based
    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    curves: list[dict] = field(default_factory=list)
    has_images: bool = False
    engine: str = ""  # the engine that read it (named at the end of its tables' methods)


class PdfSource(Protocol):
    """One open PDF: its pages in the local model, its /Info, and how to let it go."""

    engine: str

    def __len__(self) -> int: ...

    def info(self) -> dict: ...

    def page_size(self, index: int) -> tuple[float, float]: ...

    def page(self, index: int) -> RawPage: ...

    def close(self) -> None: ...
