"""pdfplumber's PDF, with the page attributes it cannot read settled as PDFium reads them.

pdfplumber builds every page the first time one is asked for, and a page
whose MediaBox is missing or not four numbers, whose CropBox (TrimBox,
BleedBox, ArtBox) holds a name, or whose /Rotate is a name raises there (in
pdfminer's page or in pdfplumber's): one such page costs the whole document,
where PDFium reads it. So a page's attributes are settled (:func:`settle`)
before pdfminer parses them:

* the MediaBox as PDFium reads it (:func:`.model.page_box`): its first four
  entries, lower-left corner first, US Letter when they span no area (as
  pdfminer reads a box it cannot parse). pdfminer would take reversed
  corners as written and move the page's content off the page;
* an unreadable CropBox, TrimBox, BleedBox or ArtBox is left out (the
  CropBox is then the MediaBox);
* a /Rotate that is no number is 0, one written as a decimal (``90.0``) a
  quarter turn, as PDFium and pdfplumber read it (pdfminer would take 0).

A MediaBox of four numbers from the lower-left corner and readable
attributes are left exactly as written: such a page reads as before.
"""
from __future__ import annotations

import math
import numbers
from typing import Any

import pdfplumber
from pdfminer.pdfpage import PDFPage
from pdfplumber.page import Page
from pdfplumber.utils import resolve_all
from pdfplumber.utils.exceptions import PdfminerException

from .model import page_box

_OTHER_BOXES = ("CropBox", "TrimBox", "BleedBox", "ArtBox")


def _readable_box(value: Any) -> bool:
    """What pdfplumber's page reads as a box: a list of at least four entries, all numbers."""
    box = resolve_all(value)
    return isinstance(box, (list, tuple)) and len(box) >= 4 and all(isinstance(x, numbers.Number) for x in box)


def settle(attrs: dict) -> None:
    """Settle, in a page's attributes (its own dict, inherited ones merged in), what pdfplumber or
    pdfminer cannot read, and a box or rotation pdfminer would read otherwise than PDFium."""
    box = resolve_all(attrs.get("MediaBox"))
    settled = page_box(box)
    if not _readable_box(box) or tuple(box) != settled:
        attrs["MediaBox"] = list(settled)
    for name in _OTHER_BOXES:
        if name in attrs and not _readable_box(attrs[name]):
            del attrs[name]
    rotation = resolve_all(attrs.get("Rotate", 0))
    if not isinstance(rotation, int) or isinstance(rotation, bool):
        attrs["Rotate"] = int(rotation) if isinstance(rotation, float) and math.isfinite(rotation) else 0


class _SettledPage(PDFPage):
    """pdfminer's page, built from settled attributes (:func:`settle`)."""

    def __init__(self, doc, pageid, attrs, label=None):
        if isinstance(attrs, dict):
            attrs = dict(attrs)  # a copy: never pdfminer's cached object
            settle(attrs)
        super().__init__(doc, pageid, attrs, label)


class TolerantPDF(pdfplumber.PDF):
    """``pdfplumber.PDF`` whose pages are pdfminer's pages built after :func:`settle` (open it with
    ``TolerantPDF.open``); pdfplumber's own loop otherwise, exceptions wrapped as it wraps them."""

    @property
    def pages(self) -> list[Page]:
        if hasattr(self, "_pages"):
            return self._pages
        pages: list[Page] = []
        doctop: float = 0  # as pdfplumber starts it
        wanted = self.pages_to_parse
        gen = _SettledPage.create_pages(self.doc)
        number = 0
        while True:
            try:
                page = next(gen)
            except StopIteration:
                break
            except Exception as e:
                raise PdfminerException(e) from e
            number += 1
            if wanted is not None and number not in wanted:
                continue
            p = Page(self, page, page_number=number, initial_doctop=doctop)
            pages.append(p)
            doctop += p.height
        self._pages = pages
        return pages
