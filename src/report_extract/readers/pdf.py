"""PDF reader: pdfplumber's characters and drawing, read once per page.

Produces paragraphs (wrapped lines joined, headings on their own, page
furniture dropped) and tables rebuilt from visible ruling
(:mod:`report_extract.tables.pdf_grid`) or, where text left over by ruled
tables is laid out in aligned columns, from text alignment alone
(:mod:`report_extract.tables.pdf_text_table`: borderless and three-line
tables), with tables cut by page breaks
stitched into one (:mod:`report_extract.tables.stitch`). Every block and cell
remembers its 1-based page and bbox in PDF points (pdfplumber's page
coordinates: x0, top, x1, bottom).

Unreadable files raise :class:`ReaderError` with a one-line message: ``empty``,
``encrypted``, ``corrupt``, ``needs_ocr`` (no page has a text layer).
Pages without text but with images become ``needs_ocr`` problems.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..model import Document, Paragraph, ReaderError, ReadProblem, Source, Table
from ..tables.pdf_grid import Line, group_lines, is_wide, join_pieces, lines_from_groups, page_tables, split_by_text
from ..tables.pdf_text_table import text_tables
from ..tables.stitch import stitch
from .declared import from_pdf_info

BOLD = re.compile(r"bold|black|heavy|demi|semibold|hei|黑", re.I)
PAGE_NUMBER = re.compile(
    r"^[\-—–－~·•\s]*(第\s*)?([0-9０-９]+|[ivxlcdm]+|[IVXLCDM]+)(\s*页)?"
    r"(\s*[/／]\s*[0-9]+|\s*共\s*[0-9]+\s*页)?[\-—–－~·•\s]*$"
)
PAGE_NUMBER_WORDS = re.compile(r"^(page|p\.)\s*\d+(\s*(of|/)\s*\d+)?$", re.I)


@dataclass
class _Page:
    number: int
    width: float
    height: float
    tables: list[Table] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    has_text: bool = False
    has_images: bool = False


# ---------------------------------------------------------------------------
# entry point


SCAN_LIMIT = 8 * 1024 * 1024  # bytes; larger PDFs must say where their xref is


def _box(t: Table) -> tuple[float, float, float, float]:
    """A PDF table's box (every table a PDF page gives has one)."""
    assert t.source.bbox is not None
    return t.source.bbox


def _has_xref_pointer(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(max(0, path.stat().st_size - 64 * 1024))
        return b"startxref" in fh.read()


def read(path: Path) -> Document:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise ReaderError("not_found", f"cannot open {path.name}: {e.strerror or e}") from None
    if size == 0:
        raise ReaderError("empty", f"empty file: {path.name}")
    if size > SCAN_LIMIT and not _has_xref_pointer(path):
        # without startxref pdfminer scans the whole file for objects, in time that grows
        # faster than the size: refuse rather than hang a batch on a damaged giant
        raise ReaderError("corrupt", f"{path.name}: no cross-reference pointer (startxref) at the end of a "
                                     f"{size // (1024 * 1024)} MB file: damaged or not a PDF")
    try:
        return _read(path)
    except ReaderError:
        raise
    except MemoryError:
        raise
    except Exception as e:  # pdfminer raises many unrelated types for bad input
        kind, msg = _classify(e)
        raise ReaderError(kind, f"{path.name}: {msg}") from None


def _classify(e: BaseException) -> tuple[str, str]:
    chain = []
    seen = set()
    cur: Optional[BaseException] = e
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        chain.append(cur)
        nxt = cur.__cause__ or cur.__context__
        if nxt is None and cur.args and isinstance(cur.args[0], BaseException):
            nxt = cur.args[0]
        cur = nxt
    names = " ".join(type(x).__name__ for x in chain)
    if re.search(r"Password|Encrypt", names) or any("password" in str(x).lower() for x in chain):
        return "encrypted", "the PDF is encrypted with a password; cannot read it"
    detail = ""
    for x in chain:
        s = str(x).strip().splitlines()[0] if str(x).strip() else ""
        if s:
            detail = f" ({type(x).__name__}: {s[:120]})"
            break
    if not detail:
        detail = f" ({type(chain[-1]).__name__})"
    return "corrupt", f"not a readable PDF: the file is damaged or truncated{detail}"


def _read(path: Path) -> Document:
    import pdfplumber

    problems: list[ReadProblem] = []
    pages: list[_Page] = []
    chars_of: dict[int, list] = {}  # id(cell) -> chars of merged cells
    carry = None  # columns of a borderless table that ran to the previous page's foot
    with pdfplumber.open(path) as pdf:
        info = _info(pdf)
        n_pages = len(pdf.pages)
        if n_pages == 0:
            raise ReaderError("corrupt", f"{path.name}: the PDF has no pages")
        for page in pdf.pages:
            pg = _Page(page.page_number, float(page.width), float(page.height))
            try:
                objs = page.objects
                chars = _dedupe(objs.get("char", []))
                pg.has_images = bool(objs.get("image"))
                pg.has_text = any(c["text"].strip() for c in chars)
                tables, rest = page_tables(chars, objs.get("line", []), objs.get("rect", []),
                                           objs.get("curve", []), pg.number, chars_of)
                groups = group_lines(rest)
                for g in groups:
                    g.sort(key=lambda c: c["x0"])
                # tables printed without ruling, among the text the ruled tables left
                borderless, groups, grid_x = text_tables(groups, pg.number, carry, top_zone=pg.height * 0.14)
                carry = None
                if borderless:
                    tables = sorted(tables + borderless, key=lambda t: _box(t)[1])
                pg.tables = tables
                pg.lines = lines_from_groups(groups)
                if borderless and tables[-1] is borderless[-1]:
                    # a borderless table that runs to the foot may continue on the next page
                    last = _box(borderless[-1])[3]
                    if not any(ln.top > last and ln.top < pg.height * 0.86 for ln in pg.lines):
                        carry = grid_x
            except ReaderError:
                raise
            except Exception as e:  # one damaged page does not lose the document
                kind, msg = _classify(e)
                problems.append(ReadProblem(kind, f"page {pg.number}: {msg}", where=f"page {pg.number}"))
            finally:
                page.flush_cache()
                page.close()
            pages.append(pg)
    if not any(p.has_text for p in pages):
        if any(p.has_images for p in pages):
            raise ReaderError("needs_ocr", f"{path.name}: no text layer on any of {n_pages} page(s) (scanned images); OCR is needed")
        if problems:
            raise ReaderError(problems[0].kind, f"{path.name}: {problems[0].message}")
        raise ReaderError("empty", f"{path.name}: no text on any of {n_pages} page(s)")
    for p in pages:
        if not p.has_text and p.has_images:
            problems.append(ReadProblem("needs_ocr", f"page {p.number} has no text layer (scanned image); OCR is needed",
                                        where=f"page {p.number}"))
    blocks = [split_by_text(b, chars_of) if isinstance(b, Table) else b for b in _blocks(pages)]
    return Document(path=str(path), format="pdf", blocks=blocks, pages=n_pages, info=info, problems=problems,
                    declared=from_pdf_info(info))


# ---------------------------------------------------------------------------
# info dict


def _decode(v) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    v = resolve1(v)
    if isinstance(v, PSLiteral):
        return str(v.name)
    if isinstance(v, bytes):
        if v.startswith(b"\xfe\xff"):
            return v[2:].decode("utf-16-be", "replace")
        if v.startswith(b"\xff\xfe"):  # WPS writes little-endian UTF-16
            return v[2:].decode("utf-16-le", "replace")
        if v.startswith(b"\xef\xbb\xbf"):
            return v[3:].decode("utf-8", "replace")
        try:
            return v.decode("utf-8")
        except UnicodeDecodeError:
            return decode_text(v)
    return str(v)


def _info(pdf) -> dict:
    out: dict = {}
    try:
        for d in pdf.doc.info:
            for k, v in d.items():
                try:
                    s = _decode(v).replace("\x00", "").strip()
                except Exception:
                    continue
                if s:
                    out[str(k)] = s
    except Exception:
        pass
    return out


# ---------------------------------------------------------------------------
# characters


def _dedupe(chars: list) -> list:
    """Drop characters printed twice at (almost) the same place (fake bold, shadows).

    The kept character is marked ``_fake_bold`` (it reads as bold).
    """
    out = []
    seen: dict[tuple, list] = {}
    for c in chars:
        key = (c["text"], int(c["top"]))
        x = c["x0"]
        dup = False
        for k in (key, (key[0], key[1] - 1), (key[0], key[1] + 1)):
            for x2, t2, kept in seen.get(k, ()):
                if abs(x2 - x) < 1.0 and abs(t2 - c["top"]) < 1.0:
                    dup = True
                    if c["text"].strip():
                        kept["_fake_bold"] = True
                    break
            if dup:
                break
        if dup:
            continue
        seen.setdefault(key, []).append((x, c["top"], c))
        out.append(c)
    return out


# ---------------------------------------------------------------------------
# page furniture


def _furniture_key(text: str) -> str:
    return re.sub(r"[0-9０-９]+", "#", re.sub(r"\s+", "", text))


def _is_page_number(text: str) -> bool:
    t = text.strip()
    return bool(t) and len(t) <= 16 and (bool(PAGE_NUMBER.match(t)) or bool(PAGE_NUMBER_WORDS.match(t)))


def _drop_furniture(pages: list[_Page]) -> None:
    """Remove page numbers and running headers/footers from the pages' lines."""

    def margin_lines(p: _Page) -> list[Line]:
        top_zone, foot_zone = p.height * 0.14, p.height * 0.86
        first_table = min((t.source.bbox[1] for t in p.tables if t.source.bbox), default=p.height)
        last_table = max((t.source.bbox[3] for t in p.tables if t.source.bbox), default=0)
        body = sorted(p.lines, key=lambda ln: ln.top)
        out = []
        for ln in body[:2]:
            if ln.bottom <= top_zone and ln.bottom <= first_table + 1:
                out.append(ln)
        for ln in body[-2:]:
            if ln.top >= foot_zone and ln.top >= last_table - 1 and ln not in out:
                out.append(ln)
        return out

    cands = {p.number: margin_lines(p) for p in pages}
    counts: Counter[str] = Counter()
    for lines in cands.values():
        for k in {_furniture_key(ln.text) for ln in lines}:
            counts[k] += 1
    n = len(pages)
    need = max(2, (n + 1) // 2) if n > 2 else 2
    for p in pages:
        drop = set()
        for ln in cands[p.number]:
            if _is_page_number(ln.text) or (n >= 2 and counts[_furniture_key(ln.text)] >= need and len(ln.text) <= 60):
                drop.add(id(ln))
        if drop:
            p.lines = [ln for ln in p.lines if id(ln) not in drop]


# ---------------------------------------------------------------------------
# paragraphs


def _is_bold(ln: Line) -> bool:
    chars = [c for c in ln.chars if c["text"].strip()]
    if not chars:
        return False
    bold = sum(1 for c in chars if c.get("_fake_bold") or BOLD.search(c.get("fontname") or ""))
    return bold >= 0.9 * len(chars)


@dataclass
class _Metrics:
    size: float
    left: dict[int, float]
    right: dict[int, float]
    pitch: float


def _metrics(pages: list[_Page]) -> _Metrics:
    sizes: Counter = Counter()
    for p in pages:
        for ln in p.lines:
            sizes[round(ln.size * 2) / 2] += len(ln.text)
    size = sizes.most_common(1)[0][0] if sizes else 12.0
    body = lambda ln: abs(ln.size - size) <= 1.0  # noqa: E731
    all_left: Counter = Counter()
    all_right: Counter = Counter()
    pitches = []
    for p in pages:
        bl = [ln for ln in p.lines if body(ln)]
        all_left.update(round(ln.x0) for ln in bl)
        all_right.update(round(ln.x1) for ln in bl)
        for a, b in zip(bl, bl[1:]):
            d = b.top - a.top
            if 0.8 * size < d < 3 * size:
                pitches.append(d)
    # the text block: the leftmost / rightmost edge that several lines share
    frequent = [v for v, k in all_left.items() if k >= 3]
    dl = min(frequent) if frequent else (all_left.most_common(1)[0][0] if all_left else 72)
    frequent = [v for v, k in all_right.items() if k >= 2]
    dr = max(frequent) if frequent else (max(all_right) if all_right else 520)
    left = {p.number: dl for p in pages}
    right = {p.number: dr for p in pages}
    pitches.sort()
    pitch = pitches[len(pitches) // 2] if pitches else size * 1.5
    return _Metrics(size, left, right, pitch)


def _style(ln: Line, p: _Page, m: _Metrics, title_allowed: bool) -> Optional[str]:
    centre = (ln.x0 + ln.x1) / 2
    text_centre = (m.left[p.number] + m.right[p.number]) / 2
    big = ln.size >= 1.2 * m.size
    centred = abs(centre - text_centre) < 0.06 * p.width and (big or ln.x0 > m.left[p.number] + m.size)
    if big and centred and title_allowed:
        return "title"
    short = ln.x1 < m.right[p.number] - 2 * m.size or len(ln.text) <= 40
    if (ln.size >= 1.15 * m.size or _is_bold(ln)) and short and len(ln.text) <= 60:
        return "heading"
    return None


def _blocks(pages: list[_Page]) -> list:
    _drop_furniture(pages)
    m = _metrics(pages)
    # one reading-order stream: per page, tables and lines by their top
    stream: list = []
    heights = {p.number: p.height for p in pages}
    for p in pages:
        items = [(_box(t)[1], 0, t) for t in p.tables] + [(ln.top, 1, (p, ln)) for ln in p.lines]
        items.sort(key=lambda it: (it[0], it[1]))
        stream.extend(it[2] for it in items)
    # a table runs to the foot when nothing printed below it reaches past this line
    bottoms = [ln.bottom for p in pages for ln in p.lines] + [_box(t)[3] for p in pages for t in p.tables]
    body_bottom = max(bottoms) if bottoms else 0
    foot = {p.number: min(body_bottom, p.height) - max(4 * m.pitch, 0.12 * heights[p.number]) for p in pages}
    stream = stitch(stream, foot)

    blocks: list = []
    cur: list = []  # [(page, line)]
    cur_style: Optional[str] = None
    seen_body = False

    def flush():
        nonlocal cur, cur_style
        if cur:
            text = join_pieces(ln.text for _, ln in cur)
            page = cur[0][0].number
            same = [ln for p, ln in cur if p.number == page]
            bbox = (min(s.x0 for s in same), min(s.top for s in same), max(s.x1 for s in same), max(s.bottom for s in same))
            if text:
                blocks.append(Paragraph(text=text, source=Source(page=page, bbox=bbox, locator=f"page {page}"), style=cur_style))
        cur, cur_style = [], None

    for it in stream:
        if isinstance(it, Table):
            flush()
            seen_body = True
            blocks.append(it)
            continue
        p, ln = it
        style = _style(ln, p, m, title_allowed=not seen_body)
        if style != "title" and cur_style != "title":
            seen_body = seen_body or style is None
        if cur and _continues(cur[-1], (p, ln), style, cur_style, m):
            cur.append((p, ln))
            continue
        flush()
        cur, cur_style = [(p, ln)], style
    flush()
    return blocks


def _continues(prev: tuple, nxt: tuple, style: Optional[str], cur_style: Optional[str], m: _Metrics) -> bool:
    (pp, a), (np_, b) = prev, nxt
    if style != cur_style:
        return False
    size = m.size
    if cur_style == "title":
        return pp.number == np_.number and b.top - a.bottom < 2.5 * max(a.size, b.size)
    full = a.x1 >= m.right[pp.number] - 1.5 * size
    if not full:
        return False
    if cur_style == "heading":
        return pp.number == np_.number and b.top - a.top < 1.6 * m.pitch
    if b.x0 > m.left[np_.number] + 0.9 * size or b.x0 < m.left[np_.number] - 2 * size:
        return False
    if pp.number == np_.number:
        return b.top - a.top < max(1.45 * m.pitch, a.bottom - a.top + 0.2 * size)
    return np_.number == pp.number + 1


__all__ = ["read", "is_wide"]
