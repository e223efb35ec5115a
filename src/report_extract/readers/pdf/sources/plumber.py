"""The reference source: pdfplumber's page objects (pdfminer parses every content stream in Python).

pdfminer follows an indirect reference to an indirect reference forever, so
the file's references are checked for loops before any page is read
(:func:`..errors.check_references`).
"""
from __future__ import annotations

from pathlib import Path

from ..errors import check_references
from ..info import info_dict
from .model import RawPage

ENGINE = "pdfplumber"


def _fileno(stream):
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a file: the check parses every object instead
        return None


class PlumberSource:
    engine = ENGINE

    def __init__(self, path: Path):
        from .plumber_pdf import TolerantPDF

        self.pdf = TolerantPDF.open(path)
        try:
            check_references(self.pdf.doc, Path(path).name, _fileno(self.pdf.stream))
        except BaseException:
            self.pdf.stream.close()  # not pdf.close(): it walks the page tree, which is what loops
            raise

    def __len__(self) -> int:
        return len(self.pdf.pages)

    def info(self) -> dict:
        return info_dict(self.pdf)

    def page_size(self, index: int) -> tuple[float, float]:
        p = self.pdf.pages[index]
        return float(p.width), float(p.height)

    def page(self, index: int) -> RawPage:
        p = self.pdf.pages[index]
        try:
            objs = p.objects
            return RawPage(p.page_number, float(p.width), float(p.height), chars=objs.get("char", []),
                           lines=objs.get("line", []), rects=objs.get("rect", []), curves=objs.get("curve", []),
                           has_images=bool(objs.get("image")), engine=ENGINE)
        finally:
            p.flush_cache()
            p.close()

    def close(self) -> None:
        self.pdf.close()
