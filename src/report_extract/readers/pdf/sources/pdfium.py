"""The fast source: PDFium (pypdfium2) parses the page in C; Python only reads the results.

Per page: the object tree is walked once (:func:`.pdfium_space.objects`) for
text objects, path objects and images; characters come from PDFium's text
page (:mod:`.pdfium_text`), drawing from the path objects
(:mod:`.pdfium_paths`), both in pdfplumber's shapes and coordinates. The
document /Info is read through ``FPDF_GetMetaText`` for the keys a report
declares (:data:`INFO_KEYS`).

Errors: PDFium refuses a damaged, encrypted or empty file when it is opened
(``PdfiumError``) and guards itself against reference loops and runaway
nesting; what it repairs but the reference route refuses is refused here too
(:mod:`.pdfium_structure`), so both routes fail alike on a damaged file.

Fonts: PDFium measures text objects with the font program, taken from the
machine when the file does not embed it, and leaves zero-wide objects out of
its text page. A page that lost text that way is read by the reference
source (:meth:`PdfiumSource.page`), so no report depends on the fonts installed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from .model import PdfSource, RawPage, page_box
from .pdfium_lib import handle, lib
from .pdfium_paths import read_paths
from .pdfium_space import PageSpace, objects, q
from .pdfium_text import TextReader, _TextObj

ENGINE = "pdfium"
_FLOAT32_STEP = 2.0 ** -23  # the relative spacing of 32-bit floats: PDFium's box is the written one within it
INFO_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate")


class PdfiumSource:
    engine = ENGINE

    def __init__(self, path: Path):
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw

        from .pdfium_structure import read_structure

        self.raw = raw
        self.lib = lib()
        self.structure = read_structure(Path(path))  # first: it fails as the reference route fails
        self.pdf = pdfium.PdfDocument(str(path))
        self.text = TextReader(self.lib, self.structure.descents)
        self.path = Path(path)
        self.reference: Optional[PdfSource] = None  # opened for the first page PDFium cannot place

    def __len__(self) -> int:
        return len(self.pdf)

    def info(self) -> dict:
        from .pdfium_info import meta_text

        out = {}
        for k in INFO_KEYS:
            v = meta_text(self.raw, self.pdf.raw, k)
            if v:
                out[k] = v
        return out

    def _space(self, page, index: int) -> PageSpace:
        written = self.structure.boxes.get(index)
        box = page_box(tuple(q(v) for v in page.get_mediabox()))  # both boxes corners first (page_box)
        # the same box, to the digit: PDFium's 32-bit floats keep about 7 significant digits
        if written is not None and written[1] % 360 == page.get_rotation() \
                and all(abs(a - b) <= max(0.01, abs(a) * _FLOAT32_STEP) for a, b in zip(written[0], box)):
            box = written[0]
        return PageSpace.of(box, page.get_rotation())

    def page_size(self, index: int) -> tuple[float, float]:
        page = self.pdf[index]
        try:
            sp = self._space(page, index)
            return sp.width, sp.height
        finally:
            page.close()

    def page(self, index: int) -> RawPage:
        """The page as PDFium reads it, or as the reference reads it when PDFium's text page holds
        no character of some text object (one that repeats no object before it: fake-bold copies
        are put back by :class:`.pdfium_text.TextReader`).

        PDFium leaves out a text object it measures as zero wide, and it measures with the font
        program: one neither embedded in the file nor installed on this machine (any CJK font on a
        machine without CJK fonts) makes every one-character object vanish, where pdfminer,
        measuring advances, keeps it. So what a page says never depends on the fonts of the
        machine reading it (such a page's values name ``pdfplumber``).

        Only while both find the same pages: where a damaged page tree leaves pdfminer without a
        page PDFium reads, the reference's page ``index`` is another page, and PDFium's stands."""
        out, texts = self._page(index)
        if any(not t.chars for t in texts):
            if self.reference is None:
                from .plumber import PlumberSource

                self.reference = PlumberSource(self.path)
            if len(self.reference) == len(self):
                return self.reference.page(index)
        return out

    def _page(self, index: int) -> tuple[RawPage, list[_TextObj]]:
        """The page and its text objects, each with the characters PDFium's text page gave it."""
        bad = self.structure.bad_pages.get(index)
        if bad is not None:
            raise bad  # what the reference route fails on for this page
        lib = self.lib
        page = self.pdf[index]
        textpage = None
        try:
            space = self._space(page, index)
            out = RawPage(index + 1, space.width, space.height, engine=ENGINE)
            text_objs, path_objs, out.has_images = objects(lib, handle(page.raw))
            drawn = read_paths(lib, path_objs, space)
            out.lines, out.rects, out.curves = drawn["line"], drawn["rect"], drawn["curve"]
            texts = [_TextObj(k, obj, outer) for k, (obj, outer) in enumerate(text_objs)]
            if texts:
                textpage = page.get_textpage()
                out.chars = self.text.chars(handle(textpage.raw), texts, space)
            return out, texts
        finally:
            if textpage is not None:
                textpage.close()
            page.close()

    def close(self) -> None:
        self.pdf.close()
        if self.reference is not None:
            self.reference.close()
