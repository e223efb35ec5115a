"""HTML pages: CMS article pages, Word-exported HTML, bare fragments.

The page is walked in document order. Innermost tables become Table blocks
(a table that holds other tables is page layout, and its cells are read as
flowing text); everything else becomes paragraphs at block-element
boundaries. ``rowspan``/``colspan`` are rebuilt into a true grid with the
usual HTML table algorithm. Locators are XPaths into the parsed tree.
Nothing a page points to (scripts, images, links, frames) is fetched or run.
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree, html as lxml_html

from ..model import Cell, Document, ReaderError, Source, Table
from . import aligned
from .declared import from_html
from .textcodec import declared_charset, read_text_file

DROP = {"script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
        "embed", "svg", "math", "select", "button", "input", "textarea", "form-hidden", "head", "title"}
BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
         "header", "footer", "nav", "aside", "blockquote", "pre", "center", "dl", "dt", "dd",
         "table", "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "form", "main",
         "address", "figure", "figcaption", "hr", "body", "html"}
HEADINGS = {"h1": "title", "h2": "heading", "h3": "heading", "h4": "heading"}
_WS = re.compile(r"[ \t\r\f\v\u00a0\u3000\u2002\u2003\u2009\u200b]+")
_MAX_BYTES = 50 * 1024 * 1024
_MAX_TABLE_AREA = 2_000_000  # grid positions the spans of one table may cover


def _clean(text: str) -> str:
    lines = [_WS.sub(" ", s).strip() for s in text.split("\n")]
    return "\n".join(s for s in lines if s)


def _tag(el) -> str:
    t = el.tag
    if not isinstance(t, str):
        return ""
    return t.rsplit("}", 1)[-1].lower().split(":")[-1]


def _span(el, name: str) -> int:
    try:
        return max(1, min(int(re.sub(r"[^0-9]", "", el.get(name, "1")) or 1), 1000))
    except ValueError:
        return 1


class _Walker:
    def __init__(self, tree):
        self.tree = tree
        self.blocks: list = []
        self._buf: list[str] = []
        self._buf_el = None
        self._buf_style = None
        self._lines: list = []  # text lines waiting to become paragraphs (or a typed-out table)

    def flush_lines(self):
        self.flush()
        self.blocks.extend(aligned.group(self._lines))
        self._lines = []

    # -- paragraphs -------------------------------------------------------
    def flush(self):
        raw = "".join(self._buf)
        if _clean(raw) and self._buf_el is not None:
            loc = self.tree.getpath(self._buf_el)
            for line in raw.split("\n"):
                if _clean(line):
                    self._lines.append((line, _clean(line), Source(locator=loc), self._buf_style))
        self._buf = []
        self._buf_el = None
        self._buf_style = None

    def _text(self, s: str | None, el):
        if s:
            if self._buf_el is None and s.strip():
                self._buf_el = el
            self._buf.append(s)

    # -- traversal --------------------------------------------------------
    def walk(self, el):
        tag = _tag(el)
        if tag in DROP or not tag:
            return
        if tag == "table" and not el.xpath(".//table"):
            self.flush_lines()
            table = self.table(el)
            if table.cells:
                self.blocks.append(table)
            return
        if tag == "br":
            self._buf.append("\n")
            return
        block = tag in BLOCK
        if block:
            self.flush()
            if tag in HEADINGS:
                self._buf_style = HEADINGS[tag]
            elif tag in ("p", "div") and "center" in (el.get("align", "") + el.get("style", "")).lower():
                self._buf_style = "centered"
        self._text(el.text, el)
        for child in el:
            self.walk(child)
            if child.tail:
                self._text(child.tail, el if block or self._buf_el is None else self._buf_el)
        if block:
            self.flush()

    # -- tables -----------------------------------------------------------
    def table(self, tab) -> Table:
        rows = [tr for tr in tab.iter() if _tag(tr) == "tr"]
        occupied: dict[tuple[int, int], bool] = {}
        cells: list[Cell] = []
        n_cols = 0
        area = 0  # grid positions claimed by spans (bounds the work a hostile table can cause)
        for r, tr in enumerate(rows):
            c = 0
            for td in tr:
                if _tag(td) not in ("td", "th"):
                    continue
                while occupied.get((r, c)):
                    c += 1
                rs, cs = _span(td, "rowspan"), _span(td, "colspan")
                rs = min(rs, len(rows) - r)
                area += rs * cs
                if area > _MAX_TABLE_AREA:  # stop honouring spans
                    rs = cs = 1
                for dr in range(rs):
                    for dc in range(cs):
                        occupied[(r + dr, c + dc)] = True
                cells.append(Cell(row=r, col=c, text=self.cell_text(td), row_span=rs, col_span=cs,
                                  source=Source(locator=self.tree.getpath(td))))
                c += cs
                n_cols = max(n_cols, c)
        return Table(cells=cells, n_rows=len(rows), n_cols=n_cols, source=Source(locator=self.tree.getpath(tab)))

    def cell_text(self, td) -> str:
        """Text of a cell; <br> and block elements inside it become line breaks."""
        parts: list[str] = []

        def rec(el, top: bool):
            tag = _tag(el)
            if tag in DROP:
                return
            inner_block = tag in BLOCK and not top
            if inner_block or tag == "br":
                parts.append("\n")
            if el.text:
                parts.append(el.text)
            for ch in el:
                rec(ch, False)
                if ch.tail:
                    parts.append(ch.tail)
            if inner_block:
                parts.append("\n")

        rec(td, True)
        return _clean("".join(parts))


def parse_html(text: str, path: str) -> Document:
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise ReaderError("corrupt", f"{Path(path).name}: not parseable as HTML ({e})") from None
    tree = root.getroottree()
    info: dict = {}
    titles = [_clean(t.text_content()) for t in root.iter("title")]
    if titles:
        info["html_title"] = titles[0]
    metas = {}
    for m in root.iter("meta"):
        name, content = m.get("name"), m.get("content")
        if name and content and name not in metas:
            metas[name] = content.strip()
    info["meta"] = dict(sorted(metas.items()))
    body = root.find("body")
    walker = _Walker(tree)
    walker.walk(body if body is not None else root)
    walker.flush_lines()
    return Document(path=path, format="html", blocks=walker.blocks, info=info,
                    declared=from_html(info.get("html_title"), metas))


def read(path: Path) -> Document:
    text, encoding, problems = read_text_file(path, "HTML", _MAX_BYTES, declared_charset)
    doc = parse_html(text, str(path))
    doc.problems[:0] = problems
    doc.info["encoding"] = encoding
    return doc
