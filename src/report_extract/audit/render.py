"""Rendering a region of a PDF page to PNG (pdfplumber → pypdfium2: no system package needed)."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Region:
    """A rendered page region and how PDF points map to its pixels."""

    png: bytes
    width: int  # pixels
    height: int
    x0: float  # the region's top-left corner in PDF points (pdfplumber page coordinates)
    top: float
    sx: float  # pixels per point
    sy: float

    def to_px(self, bbox) -> tuple[float, float, float, float]:
        """(left, top, width, height) in pixels of a PDF-point bbox [x0, top, x1, bottom]."""
        x0, top, x1, bottom = bbox
        return ((x0 - self.x0) * self.sx, (top - self.top) * self.sy, (x1 - x0) * self.sx, (bottom - top) * self.sy)


class PageRenderer:
    """Renders each page once per resolution; crops regions from it."""

    def __init__(self, path: str | Path, resolution: int = 144):
        from ..readers.pdf.sources.plumber_pdf import TolerantPDF

        self.pdf = TolerantPDF.open(str(path))  # the pages as the reader reads them
        self.resolution = resolution
        self._cache: dict[int, object] = {}

    def close(self) -> None:
        self.pdf.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def n_pages(self) -> int:
        return len(self.pdf.pages)

    def page_size(self, page_no: int) -> tuple[float, float]:
        p = self.pdf.pages[page_no - 1]
        return float(p.width), float(p.height)

    def _image(self, page_no: int):
        if page_no not in self._cache:
            page = self.pdf.pages[page_no - 1]
            self._cache[page_no] = page.to_image(resolution=self.resolution, antialias=True).original.convert("RGB")
        return self._cache[page_no]

    def region(self, page_no: int, bbox, margin: float = 6.0) -> Region:
        """The page region ``bbox`` (points, [x0, top, x1, bottom]) plus ``margin``, clipped to the page."""
        page = self.pdf.pages[page_no - 1]
        img = self._image(page_no)
        ox, oy = float(page.bbox[0]), float(page.bbox[1])  # page coordinates need not start at 0
        sx, sy = img.width / float(page.width), img.height / float(page.height)
        left = max(0, int((bbox[0] - ox - margin) * sx))
        top = max(0, int((bbox[1] - oy - margin) * sy))
        right = min(img.width, int(round((bbox[2] - ox + margin) * sx)))
        bottom = min(img.height, int(round((bbox[3] - oy + margin) * sy)))
        crop = img.crop((left, top, right, bottom))
        buf = io.BytesIO()
        crop.save(buf, format="PNG", optimize=True)
        return Region(buf.getvalue(), crop.width, crop.height, ox + left / sx, oy + top / sy, sx, sy)
