"""What the PDFium route reads with pdfminer's object parser: the file's structure and font descents.

Structure: PDFium repairs what pdfminer refuses (a cross-reference chain whose
/Prev points back into itself, a stream whose /Length refers to itself, an
object that is a reference to itself), so a damaged file would read on one
route and fail on the other. Here the file is opened as the reference route
opens it (its cross-reference chain, :func:`..errors.check_references`), and
each page's content streams are resolved as objects (not decoded): what
fails there fails as on the reference route, the document as ``corrupt``, a
page as a page problem (:attr:`Structure.bad_pages`).

Page boxes: the MediaBox as written (PDFium rounds it to 32-bit floats).

Descents: a character's box is one em high from the font's descent, and pdfminer takes
the descent from the /FontDescriptor as written (0 when it is missing or 0,
the AFM value for the 14 standard fonts, the sign forced negative). PDFium
fills in a descent of its own where the descriptor says 0 (LibreOffice writes
``/Ascent 0 /Descent 0``) and truncates fractions, which would move every
box of such a font by up to a fifth of an em. So the descents are read here,
with pdfminer's object parser, from the font dictionaries the pages'
resources (and their form XObjects') name, keyed by font name without the
subset prefix. Only objects are resolved (each at most a few hops, so a
reference loop cannot hang it); content streams are never parsed. A name
two fonts share with different descents, or a file this cannot read, leaves
PDFium's own value in force.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .model import page_box

_PREFIX = re.compile(r"^[A-Z]{6}\+")
# a number array of 16 entries or more: /Widths and the runs of /W, the bulk of a font dictionary
_LONG_NUMBERS = re.compile(rb"\[\s*(?:[-+]?[\d.]+\s+){15,}[-+]?[\d.]+\s*\]")  # one way to match: no backtracking
_OBJ_HEAD = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")
_MAX_FONT_BYTES = 1 << 16
_MAX_HOPS = 16
_MAX_NODES = 20000  # page-tree nodes and resource dicts visited at most


def plain_name(name: str) -> str:
    """A font name without its subset tag (``ABCDEF+SimSun`` -> ``SimSun``)."""
    return _PREFIX.sub("", name or "")


class _Walker:
    def __init__(self, doc, fp=None):
        from pdfminer.pdfdocument import PDFObjectNotFound
        from pdfminer.pdftypes import PDFObjRef, PDFStream
        from pdfminer.psparser import PSLiteral

        self.doc, self.Ref, self.Stream, self.Literal = doc, PDFObjRef, PDFStream, PSLiteral
        self.NotFound = PDFObjectNotFound
        self.fp = fp  # the file, for font dictionaries read without their width arrays
        self.out: dict[str, Optional[float]] = {}
        self.bad_pages: dict[int, BaseException] = {}  # 0-based page index -> what failed
        self.boxes: dict[int, tuple] = {}  # 0-based page index -> (MediaBox as written, /Rotate)
        self.n_pages = 0
        self.seen: set[int] = set()
        self.nodes = 0

    def res(self, x):
        """``x`` resolved as pdfminer resolves a reference (None for an object it cannot find)."""
        hops = 0
        while isinstance(x, self.Ref):
            hops += 1
            if hops > _MAX_HOPS:
                return None
            try:
                x = self.doc.getobj(x.objid)
            except self.NotFound:
                return None
        return x

    def dict_of(self, x) -> dict:
        x = self.res(x)
        if isinstance(x, self.Stream):
            x = x.attrs
        return x if isinstance(x, dict) else {}

    def name(self, x) -> str:
        x = self.res(x)
        if isinstance(x, self.Literal):
            return str(x.name)
        if isinstance(x, bytes):
            return x.decode("latin-1")
        return x if isinstance(x, str) else ""

    def num(self, x) -> float:
        x = self.res(x)
        return float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else 0.0

    def once(self, x) -> bool:
        """False when the indirect object ``x`` was visited already (or the walk is too long)."""
        self.nodes += 1
        if self.nodes > _MAX_NODES:
            return False
        if isinstance(x, self.Ref):
            if x.objid in self.seen:
                return False
            self.seen.add(x.objid)
        return True

    # ------------------------------------------------------------------ the tree

    def pages(self, node, inherited, depth: int = 0, box=None, rotate=None) -> None:
        if depth > 64 or not self.once(node):
            return
        d = self.dict_of(node)
        resources = d.get("Resources", inherited)
        box = d.get("MediaBox", box)
        rotate = d.get("Rotate", rotate)
        kids = self.res(d.get("Kids"))
        if isinstance(kids, list):
            for k in kids:
                self.pages(k, resources, depth + 1, box, rotate)
            return
        index = self.n_pages
        self.n_pages += 1
        try:
            mb = self.res(box)
            if isinstance(mb, list):  # as both routes read it (see .model.page_box)
                self.boxes[index] = (page_box([self.res(v) for v in mb]), int(self.num(rotate)))
        except Exception as e:
            if not _parser_error(e):
                raise
        try:
            contents = self.res(d.get("Contents"))
            for c in contents if isinstance(contents, list) else [contents]:
                self.res(c)  # parsed as an object (its /Length resolved), never decoded
        except Exception as e:
            if not _parser_error(e):
                raise
            self.bad_pages[index] = e
        try:
            self.resources(resources, 0)
        except Exception as e:  # damaged resources: this page's fonts keep PDFium's metrics
            if not _parser_error(e):
                raise

    def resources(self, r, depth: int) -> None:
        if depth > 32 or not self.once(r):
            return
        rd = self.dict_of(r)
        for f in self.dict_of(rd.get("Font")).values():
            if self.once(f):
                try:
                    self.font(self.font_dict(f))
                except Exception as e:  # a damaged font: its characters keep PDFium's metrics
                    if not _parser_error(e):
                        raise
        for x in self.dict_of(rd.get("XObject")).values():
            if not self.once(x):
                continue
            xd = self.dict_of(x)
            if self.name(xd.get("Subtype")) == "Form" and "Resources" in xd:
                self.resources(xd["Resources"], depth + 1)

    # ------------------------------------------------------------------ one font

    def font_dict(self, f) -> dict:
        """The font dictionary ``f`` refers to, parsed without its long number arrays.

        pdfminer's tokenizer spends most of this pass on the few hundred numbers of a font's
        /Widths or /W, which no descent depends on. A font written as a plain object (not in an
        object stream) is read from the file up to its ``endobj``, those arrays are cut out and the
        rest is parsed by pdfminer's parser (:meth:`cut_font_dict`); anything else (and anything
        unexpected) is resolved whole, as pdfminer resolves it."""
        got = self.cut_font_dict(f)
        return got if got is not None else self.dict_of(f)

    def cut_font_dict(self, f) -> Optional[dict]:
        if not isinstance(f, self.Ref) or self.fp is None:
            return None
        body = self._raw_object(f.objid)
        if body is None:
            return None
        from pdfminer.pdfparser import PDFParser

        try:
            parser = PDFParser(io.BytesIO(_LONG_NUMBERS.sub(b"[]", body) + b"\nendobj"))
            parser.set_document(self.doc)
            _, got = parser.nextobject()
        except Exception as e:
            if not _parser_error(e):
                raise
            return None
        return got if isinstance(got, dict) else None

    def _raw_object(self, objid: int) -> Optional[bytes]:
        for xref in self.doc.xrefs:  # in the order pdfminer looks objects up
            try:
                strmid, pos, _gen = xref.get_pos(objid)
            except KeyError:
                continue
            if strmid is not None or not isinstance(pos, int):
                return None  # in an object stream: pdfminer parses that stream whole anyway
            self.fp.seek(pos)
            data = self.fp.read(_MAX_FONT_BYTES)
            head = _OBJ_HEAD.match(data)
            end = data.find(b"endobj")
            if head is None or int(head.group(1)) != objid or end < 0:
                return None
            body = data[head.end():end]
            return None if b"stream" in body else body
        return None

    def font(self, spec: dict) -> None:
        from pdfminer.fontmetrics import FONT_METRICS

        subtype = self.name(spec.get("Subtype")) or "Type1"
        names = [self.name(spec.get("BaseFont"))]
        if subtype == "Type0":
            dfonts = self.res(spec.get("DescendantFonts"))
            if not isinstance(dfonts, list) or not dfonts:
                return
            spec = self.font_dict(dfonts[0])
            names.append(self.name(spec.get("BaseFont")))
            subtype = self.name(spec.get("Subtype"))
        if subtype == "Type3":
            bbox = self.res(spec.get("FontBBox"))
            matrix = self.res(spec.get("FontMatrix"))
            if not (isinstance(bbox, list) and len(bbox) == 4 and isinstance(matrix, list) and len(matrix) == 6):
                return
            descent = self.num(bbox[1]) * (self.num(matrix[1]) + self.num(matrix[3])) * 1000
        else:
            base = names[-1]
            if subtype in ("Type1", "MMType1", "TrueType") and base in FONT_METRICS:
                descent = self.num(FONT_METRICS[base][0].get("Descent", 0))
            else:
                desc = self.dict_of(spec.get("FontDescriptor"))
                descent = self.num(desc.get("Descent", 0))
                names.append(self.name(desc.get("FontName")))
            if descent > 0:
                descent = -descent
        for n in {plain_name(n) for n in names if n}:
            if n in self.out and self.out[n] != descent:
                self.out[n] = None  # two fonts of this name disagree: PDFium's value stays
            else:
                self.out[n] = descent


def _parser_error(e: BaseException) -> bool:
    from ..errors import is_parser_error

    return is_parser_error(e)


@dataclass
class Structure:
    descents: dict[str, Optional[float]] = field(default_factory=dict)
    bad_pages: dict[int, BaseException] = field(default_factory=dict)
    # MediaBox and /Rotate of each page as written: PDFium keeps the box as 32-bit floats
    # (841.889763779528 becomes 841.8897705), which would shift every top by that much
    boxes: dict[int, tuple] = field(default_factory=dict)


def read_structure(path: Path) -> Structure:
    """Open ``path`` as the reference route does and read its fonts' descents.

    Raises what the reference route would raise on opening (a parser error, or ``ReaderError``
    for a reference loop); a page whose content streams cannot be resolved is in ``bad_pages``."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    from ..errors import check_references

    with open(path, "rb") as fp:
        doc = PDFDocument(PDFParser(fp))
        check_references(doc, Path(path).name, fp.fileno())
        w = _Walker(doc, fp)
        w.pages(doc.catalog.get("Pages"), None)
        return Structure(w.out, w.bad_pages, w.boxes)
