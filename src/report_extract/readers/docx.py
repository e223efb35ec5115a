"""Word (.docx) reader: the body in document order, tables rebuilt as true grids.

python-docx opens the package; everything after that works on the lxml tree
(``document.element.body``) because python-docx's API hides what reports need:

* Block order. Paragraphs and tables are read in body order, including
  content controls (``w:sdt``) and ``w:customXml`` wrappers, so headings and
  tables keep their order. Text boxes in a paragraph follow it as paragraphs
  of their own.
* Tables. ``row.cells`` in python-docx repeats a merged cell once per grid
  position; here a table is rebuilt from ``w:gridBefore``/``w:gridAfter``,
  ``w:gridSpan``, ``w:hMerge`` and ``w:vMerge`` (restart/continue) into a grid
  where each merged cell is listed once, at its top-left position, with its
  row and column span. A cell's paragraphs are joined with ``\\n``.
  A table nested inside a cell is emitted as its own :class:`Table` block
  right after the table that holds it (in document order, depth first); its
  text is not repeated in the outer cell. Deleted rows (tracked ``w:del`` in
  ``w:trPr``) are dropped.
* Automatic numbering. Headings numbered by Word (``numbering.xml``) do not
  carry their number in the text; it is recomputed from the numbering
  definitions (``numFmt`` chineseCounting, chineseCountingThousand,
  japaneseCounting, decimal, ...; ``lvlText`` such as ``%1、``; counters per
  list with restarts and ``startOverride``) and prefixed to the text, so the
  layout code sees ``一、总体情况``. Bullets are dropped.
* Tracked changes are read as accepted (``w:ins``/``w:moveTo`` kept,
  ``w:del``/``w:moveFrom`` dropped, a deleted paragraph mark joins the
  paragraph to the next); fields (``w:fldSimple``, complex ``w:fldChar``
  fields) read as their displayed result, never their instruction; hyperlinks
  as their text; hidden runs (``w:vanish``) are dropped.

Locators are XPath-like paths from the body, 1-based, counting siblings of
the same element name, ``w:`` prefixes dropped: ``body/p[12]``,
``body/sdt[1]/sdtContent/p[2]``, ``body/tbl[2]``. A cell's locator names its
``w:tc`` element (the n-th ``tc`` of the row, which is *not* the grid column
when cells are merged) and then the grid column it starts in, 1-based:
``body/tbl[2]/tr[5]/tc[3] (grid column 4)``. ``Cell.row``/``Cell.col`` are the
0-based grid position. A text box paragraph is ``body/p[7]//txbxContent[1]/p[1]``.

Hostile files are refused before python-docx opens them (see
:mod:`.ooxml_safety`): size limits from the zip directory, no DOCTYPE in any
part, encrypted OLE2 packages named as such.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from lxml import etree

from ..model import Cell, Document, Paragraph, ReadProblem, ReaderError, Source, Table
from . import ooxml_safety as safety
from .declared import from_word_core

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT_OFFICE_DOCUMENT = "/officeDocument"
RT_STYLES = "/styles"
RT_NUMBERING = "/numbering"
RT_CORE = "/metadata/core-properties"
RT_APP = "/extended-properties"

CORE_FIELDS = {  # (namespace, local name) -> info key
    ("http://purl.org/dc/elements/1.1/", "title"): "title",
    ("http://purl.org/dc/elements/1.1/", "creator"): "author",
    ("http://purl.org/dc/terms/", "created"): "created",
    ("http://purl.org/dc/terms/", "modified"): "modified",
    ("http://schemas.openxmlformats.org/package/2006/metadata/core-properties", "lastModifiedBy"): "last_modified_by",
    ("http://purl.org/dc/elements/1.1/", "subject"): "subject",
}


def _local(el) -> tuple[Optional[str], Optional[str]]:
    tag = el.tag
    if not isinstance(tag, str):  # comment, processing instruction, entity
        return None, None
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return None, tag


def _wval(el, default=None):
    if el is None:
        return default
    return el.get(W + "val", default)


def _on(el) -> bool:
    """A w:ST_OnOff toggle element: present and not switched off."""
    return el is not None and el.get(W + "val", "true") not in ("0", "false", "off")


def _int(s, default=0) -> int:
    try:
        return int(s)
    except (TypeError, ValueError):
        return default


def _steps(parent) -> Iterator[tuple[etree._Element, str]]:
    """Children of ``parent`` with their XPath step (``p[3]``), counting same-name siblings."""
    counts: dict[str, int] = {}
    for ch in parent:
        ns, local = _local(ch)
        if local is None:
            continue
        key = ch.tag
        counts[key] = counts.get(key, 0) + 1
        prefix = "" if ns == W_NS else ("mc:" if ns == MC_NS else "")
        yield ch, f"{prefix}{local}[{counts[key]}]"


# --------------------------------------------------------------------------- numbering

_ZH_DIGITS = "零一二三四五六七八九"
_ZH_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _zh_number(n: int, digits: str = _ZH_DIGITS, units: str = "十百千", short_ten: bool = True) -> str:
    """Chinese counting: 1 一, 10 十, 11 十一, 20 二十, 105 一百零五, 1010 一千零一十."""
    if n <= 0:
        return digits[0] if n == 0 else str(n)
    if n >= 10000:
        hi, lo = divmod(n, 10000)
        s = _zh_number(hi, digits, units, short_ten) + "万"
        if lo:
            s += (digits[0] if lo < 1000 else "") + _zh_number(lo, digits, units, False)
        return s
    parts = []
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = (n // power) % 10
        if d == 0:
            if parts:
                zero = True
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        parts.append(digits[d] + unit)
    s = "".join(parts)
    if short_ten and 10 <= n < 20:
        s = s[1:]  # 一十一 -> 十一
    return s


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for v, s in vals:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def _letter(n: int) -> str:
    if n <= 0 or n > 780:  # Word stops at ZZZ… (30 letters); a larger counter is a hostile file
        return str(n)
    # Word repeats the letter: 27 -> AA, 28 -> BB
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in Word's ``w:numFmt`` ``fmt``."""
    if fmt in ("chineseCounting", "japaneseCounting", "koreanCounting", "taiwaneseCounting"):
        return _zh_number(n)
    if fmt in ("chineseCountingThousand", "taiwaneseCountingThousand", "japaneseDigitalTenThousand"):
        return _zh_number(n)
    if fmt in ("chineseLegalSimplified", "japaneseLegal"):
        return _zh_number(n, _ZH_LEGAL, "拾佰仟", short_ten=False)
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[n - 1] if 1 <= n <= 10 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[n - 1] if 1 <= n <= 12 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return _PAREN[n - 1] if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return _FULLSTOP[n - 1] if 1 <= n <= 20 else f"{n}."
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n)
    if fmt == "lowerLetter":
        return _letter(n).lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal and anything unknown


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: Optional[str] = "%1."
    restart: Optional[int] = None  # w:lvlRestart (1-based level), 0 = never
    legal: bool = False
    suff: str = "tab"
    pstyle: Optional[str] = None


def _parse_level(lvl) -> _Level:
    out = _Level()
    out.start = _int(_wval(lvl.find(W + "start")), 1) if lvl.find(W + "start") is not None else 1
    out.fmt = _wval(lvl.find(W + "numFmt"), "decimal")
    lt = lvl.find(W + "lvlText")
    out.text = lt.get(W + "val", "") if lt is not None else None
    rs = lvl.find(W + "lvlRestart")
    out.restart = _int(_wval(rs), None) if rs is not None else None
    out.legal = _on(lvl.find(W + "isLgl"))
    out.suff = _wval(lvl.find(W + "suff"), "tab")
    out.pstyle = _wval(lvl.find(W + "pStyle"))
    return out


class Numbering:
    """Numbering definitions and the running counters of each list.

    Counters belong to the abstract numbering (as in Word: two ``w:num``
    instances of one ``w:abstractNum`` continue the same list) unless a
    ``w:num`` overrides a level's start, which restarts that level the first
    time the instance is used.
    """

    def __init__(self, root: Optional[etree._Element]):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.style_links: dict[str, str] = {}  # abstractNum styleLink/numStyleLink
        self.counters: dict[str, dict[int, int]] = {}
        self.used_overrides: set[tuple[str, int]] = set()
        if root is None:
            return
        for an in root.findall(W + "abstractNum"):
            aid = an.get(W + "abstractNumId")
            levels = {}
            for lvl in an.findall(W + "lvl"):
                levels[_int(lvl.get(W + "ilvl"), 0)] = _parse_level(lvl)
            self.abstract[aid] = levels
            link = _wval(an.find(W + "numStyleLink"))
            if link:
                self.style_links[aid] = link
        for num in root.findall(W + "num"):
            nid = num.get(W + "numId")
            aid = _wval(num.find(W + "abstractNumId"))
            starts, lvls = {}, {}
            for ov in num.findall(W + "lvlOverride"):
                il = _int(ov.get(W + "ilvl"), 0)
                so = ov.find(W + "startOverride")
                if so is not None:
                    starts[il] = _int(_wval(so), 1)
                lv = ov.find(W + "lvl")
                if lv is not None:
                    lvls[il] = _parse_level(lv)
                    if so is None and lv.find(W + "start") is not None:
                        starts[il] = lvls[il].start
            self.nums[nid] = (aid, starts, lvls)

    def level_for_style(self, num_id: str, style_id: str) -> Optional[int]:
        aid = self.nums.get(num_id, (None,))[0]
        for il, lv in self.abstract.get(aid, {}).items():
            if lv.pstyle == style_id:
                return il
        return None

    def _level(self, num_id: str, ilvl: int) -> Optional[_Level]:
        aid, _starts, lvls = self.nums[num_id]
        if ilvl in lvls:
            return lvls[ilvl]
        return self.abstract.get(aid, {}).get(ilvl)

    def next_label(self, num_id: str, ilvl: int) -> str:
        """Advance the list of ``num_id`` at level ``ilvl`` and return the printed label."""
        if num_id not in self.nums or num_id == "0":
            return ""
        aid, starts, _lvls = self.nums[num_id]
        lvl = self._level(num_id, ilvl)
        if lvl is None:
            return ""
        counters = self.counters.setdefault(aid, {})
        if ilvl in starts and (num_id, ilvl) not in self.used_overrides:
            self.used_overrides.add((num_id, ilvl))
            counters[ilvl] = starts[ilvl]
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = lvl.start
        # deeper levels restart (unless lvlRestart says otherwise)
        for d in list(counters):
            if d <= ilvl:
                continue
            dl = self._level(num_id, d)
            restart_after = dl.restart if dl is not None and dl.restart is not None else d
            if restart_after == 0:
                continue
            if ilvl < restart_after:
                del counters[d]
        if lvl.text is None:
            return ""
        if lvl.fmt == "bullet":
            return ""

        def repl(m):
            k = int(m.group(1)) - 1
            kl = self._level(num_id, k)
            if kl is None:
                return ""
            n = counters.get(k, kl.start)
            fmt = kl.fmt
            if lvl.legal and k != ilvl:
                fmt = "decimal"
            if lvl.legal and fmt not in ("decimal", "decimalZero"):
                fmt = "decimal"
            return format_number(n, fmt)

        label = re.sub(r"%([1-9])", repl, lvl.text)
        if not label:
            return ""
        if lvl.suff in ("tab", "space") and not re.search(r"[、.．,，:：)）\]】》\s]$", label):
            label += " "
        return label


# --------------------------------------------------------------------------- styles


@dataclass
class _StyleInfo:
    name: str = ""
    outline: Optional[int] = None
    num_id: Optional[str] = None
    ilvl: Optional[int] = None


class Styles:
    def __init__(self, root: Optional[etree._Element]):
        self.raw: dict[str, etree._Element] = {}
        self.default_para: Optional[str] = None
        self.cache: dict[str, _StyleInfo] = {}
        if root is None:
            return
        for st in root.findall(W + "style"):
            sid = st.get(W + "styleId")
            if sid is None:
                continue
            if st.get(W + "type", "paragraph") == "paragraph":
                self.raw[sid] = st
                if _on_attr(st.get(W + "default")):
                    self.default_para = sid

    def info(self, sid: Optional[str]) -> _StyleInfo:
        sid = sid or self.default_para
        if sid is None or sid not in self.raw:
            return _StyleInfo()
        if sid in self.cache:
            return self.cache[sid]
        self.cache[sid] = _StyleInfo()  # guards basedOn cycles
        st = self.raw[sid]
        base = _wval(st.find(W + "basedOn"))
        out = _StyleInfo(**vars(self.info(base))) if base and base != sid else _StyleInfo()
        out.name = _wval(st.find(W + "name"), sid) or sid
        ppr = st.find(W + "pPr")
        if ppr is not None:
            ol = ppr.find(W + "outlineLvl")
            if ol is not None:
                out.outline = _int(_wval(ol), 9)
            np_ = ppr.find(W + "numPr")
            if np_ is not None:
                nid = _wval(np_.find(W + "numId"))
                if nid is not None:
                    out.num_id = nid
                    out.ilvl = None
                il = np_.find(W + "ilvl")
                if il is not None:
                    out.ilvl = _int(_wval(il), 0)
        self.cache[sid] = out
        return out


def _on_attr(v) -> bool:
    return v in ("1", "true", "on")


_HEADING_NAME = re.compile(r"^(heading|标题)\s*[1-9]$", re.IGNORECASE)
_TITLE_NAME = re.compile(r"^(title|标题)$", re.IGNORECASE)
_TOC_NAME = re.compile(r"^(toc|目录)\s*[1-9]$", re.IGNORECASE)


# --------------------------------------------------------------------------- walker


class _Walker:
    def __init__(self, styles: Styles, numbering: Numbering):
        self.styles = styles
        self.numbering = numbering

    # ---- blocks
    def blocks(self, parent, loc: str) -> Iterator:
        """Paragraphs and tables under ``parent`` in document order."""
        carry_text, carry_src = "", None  # paragraph whose mark was deleted (tracked)
        for el, step in self._block_children(parent, loc):
            ns, local = _local(el)
            if local == "p":
                text, style, mark_deleted, boxes = self._paragraph(el)
                if carry_text:
                    text = carry_text + text
                    src = carry_src
                else:
                    src = Source(locator=step)
                if mark_deleted:
                    carry_text, carry_src = text, src
                else:
                    carry_text, carry_src = "", None
                    if text.strip():
                        yield Paragraph(text=text, source=src, style=style)
                for k, box in enumerate(boxes, 1):
                    yield from self.blocks(box, f"{step}//txbxContent[{k}]")
            elif local == "tbl":
                if carry_text.strip():
                    yield Paragraph(text=carry_text, source=carry_src)
                carry_text, carry_src = "", None
                yield from self._table(el, step)
        if carry_text.strip():
            yield Paragraph(text=carry_text, source=carry_src)

    def _block_children(self, parent, loc: str):
        """Block-level children, unwrapping content controls and custom XML."""
        for el, step in _steps(parent):
            ns, local = _local(el)
            path = f"{loc}/{step}"
            if ns == W_NS and local in ("p", "tbl"):
                yield el, path
            elif ns == W_NS and local == "sdt":
                content = el.find(W + "sdtContent")
                if content is not None:
                    yield from self._block_children(content, f"{path}/sdtContent")
            elif ns == W_NS and local in ("customXml", "ins", "moveTo"):
                yield from self._block_children(el, path)
            elif ns == MC_NS and local == "AlternateContent":
                branch = _alternate_branch(el)
                if branch is not None:
                    yield from self._block_children(branch, f"{path}/mc:{_local(branch)[1]}[1]")

    # ---- paragraphs
    def _paragraph(self, p) -> tuple[str, Optional[str], bool, list]:
        ppr = p.find(W + "pPr")
        style_id = _wval(ppr.find(W + "pStyle")) if ppr is not None else None
        sinfo = self.styles.info(style_id)
        out: list[str] = []
        boxes: list = []
        self._inline(p, out, [], boxes)
        text = "".join(out)
        # paragraph mark deleted as a tracked change: accepted, the paragraph joins the next one
        mark_deleted = False
        if ppr is not None:
            rpr = ppr.find(W + "rPr")
            if rpr is not None and (rpr.find(W + "del") is not None or rpr.find(W + "moveFrom") is not None):
                mark_deleted = True
        # numbering
        num_id, ilvl = sinfo.num_id, sinfo.ilvl
        outline = sinfo.outline
        if ppr is not None:
            np_ = ppr.find(W + "numPr")
            if np_ is not None:
                nid = _wval(np_.find(W + "numId"))
                if nid is not None:
                    num_id, ilvl = nid, None
                il = np_.find(W + "ilvl")
                if il is not None:
                    ilvl = _int(_wval(il), 0)
            ol = ppr.find(W + "outlineLvl")
            if ol is not None:
                outline = _int(_wval(ol), 9)
        if num_id and num_id != "0" and not mark_deleted:
            if ilvl is None:
                ilvl = self.numbering.level_for_style(num_id, style_id) if style_id else None
                ilvl = ilvl or 0
            label = self.numbering.next_label(num_id, ilvl)
            if label:
                text = label + text.lstrip(" \t")
        # style hint
        name = sinfo.name or ""
        style = None
        if _TITLE_NAME.match(name):
            style = "title"
        elif _HEADING_NAME.match(name) or (outline is not None and outline < 9):
            style = "heading"
        elif _TOC_NAME.match(name):
            style = "toc"
        elif ppr is not None and _wval(ppr.find(W + "jc")) == "center":
            style = "centered"
        elif ppr is not None and _wval(ppr.find(W + "jc")) in ("right", "end"):
            style = "right"
        return text, style, mark_deleted, boxes

    def _inline(self, el, out: list, fld: list, boxes: list) -> None:
        """Displayed text of the inline content of ``el`` (a paragraph or a wrapper)."""
        for ch in el:
            ns, local = _local(ch)
            if local is None:
                continue
            if ns == W_NS:
                if local == "r":
                    self._run(ch, out, fld, boxes)
                elif local in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple",
                               "dir", "bdo", "sdtContent"):
                    self._inline(ch, out, fld, boxes)
                elif local == "sdt":
                    content = ch.find(W + "sdtContent")
                    if content is not None:
                        self._inline(content, out, fld, boxes)
                # del, moveFrom, pPr, proofErr, bookmarks, comments ... carry no displayed text
            elif ns == MC_NS and local == "AlternateContent":
                branch = _alternate_branch(ch)
                if branch is not None:
                    self._inline(branch, out, fld, boxes)
            elif ns == M_NS and local in ("oMath", "oMathPara"):
                out.append("".join(t.text or "" for t in ch.iter("{%s}t" % M_NS)))

    def _run(self, r, out: list, fld: list, boxes: list) -> None:
        rpr = r.find(W + "rPr")
        hidden = rpr is not None and _on(rpr.find(W + "vanish"))
        self._run_content(r, hidden, out, fld, boxes)

    def _run_content(self, parent, hidden: bool, out: list, fld: list, boxes: list) -> None:
        for ch in parent:
            ns, local = _local(ch)
            if local is None:
                continue
            if ns == MC_NS and local == "AlternateContent":
                branch = _alternate_branch(ch)
                if branch is not None:
                    self._run_content(branch, hidden, out, fld, boxes)
                continue
            if ns != W_NS:
                continue
            if local == "fldChar":
                kind = ch.get(W + "fldCharType")
                if kind == "begin":
                    fld.append(False)
                elif kind == "separate" and fld:
                    fld[-1] = True
                elif kind == "end" and fld:
                    fld.pop()
                continue
            if local in ("drawing", "pict", "object"):
                boxes.extend(_text_boxes(ch))
                continue
            if hidden or not all(fld):
                continue
            if local == "t":
                out.append(ch.text or "")
            elif local in ("tab", "ptab"):
                out.append("\t")
            elif local in ("br", "cr"):
                out.append("\n")
            elif local == "noBreakHyphen":
                out.append("-")
            elif local == "sym":
                code = _int_hex(ch.get(W + "char"))
                if code is not None:
                    if 0xF020 <= code <= 0xF0FF:  # symbol fonts use the private use area
                        code -= 0xF000
                    # no NUL, no lone surrogate (not encodable), nothing past U+10FFFF
                    if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                        out.append(chr(code))
            # delText, instrText, delInstrText, softHyphen, footnote refs: not displayed

    # ---- tables
    def _table(self, tbl, loc: str) -> Iterator:
        nested: list = []
        rows = [(tr, path) for tr, path in self._rows(tbl, loc)]
        cells: list[Cell] = []
        occ: dict[tuple[int, int], Cell] = {}
        n_cols = 0
        area = 0  # grid positions claimed so far (bounds the work a hostile table can cause)
        for r, (tr, rloc) in enumerate(rows):
            trpr = tr.find(W + "trPr")
            col = _clamp(_int(_wval(trpr.find(W + "gridBefore")), 0), 0, MAX_SPAN) if trpr is not None else 0
            after = _clamp(_int(_wval(trpr.find(W + "gridAfter")), 0), 0, MAX_SPAN) if trpr is not None else 0
            prev: Optional[Cell] = None
            for tc, cloc in self._cells(tr, rloc):
                tcpr = tc.find(W + "tcPr")
                span = 1
                vmerge = hmerge = None
                if tcpr is not None:
                    span = _clamp(_int(_wval(tcpr.find(W + "gridSpan")), 1), 1, MAX_SPAN)
                    if area > MAX_TABLE_AREA:  # a hostile table: stop honouring spans
                        span = 1
                    vm = tcpr.find(W + "vMerge")
                    if vm is not None:
                        vmerge = vm.get(W + "val", "continue")
                    hm = tcpr.find(W + "hMerge")
                    if hm is not None:
                        hmerge = hm.get(W + "val", "continue")
                text = self._cell_text(tc, cloc, nested)
                area += span
                if hmerge == "continue" and prev is not None and prev.row == r:
                    prev.col_span += span
                    for k in range(col, col + span):
                        occ[(r, k)] = prev
                    prev.text = _join(prev.text, text)
                    col += span
                    continue
                if vmerge == "continue":
                    above = occ.get((r - 1, col))
                    if above is not None and above.col == col:
                        above.row_span = r - above.row + 1
                        area += max(span, above.col_span) - span
                        for k in range(col, col + max(span, above.col_span)):
                            occ[(r, k)] = above
                        above.text = _join(above.text, text)
                        col += span
                        prev = above
                        continue
                cell = Cell(row=r, col=col, text=text, row_span=1, col_span=span,
                            source=Source(locator=f"{cloc} (grid column {col + 1})"))
                cells.append(cell)
                for k in range(col, col + span):
                    occ[(r, k)] = cell
                prev = cell
                col += span
            n_cols = max(n_cols, col + after)
        table = Table(cells=cells, n_rows=len(rows), n_cols=n_cols, source=Source(locator=loc))
        yield table
        yield from nested

    def _rows(self, tbl, loc: str):
        for tr, path in self._members(tbl, loc, "tr", ("customXml", "ins", "moveTo")):
            trpr = tr.find(W + "trPr")
            if trpr is not None and trpr.find(W + "del") is not None:
                continue  # a deleted row, tracked: accepted means gone
            yield tr, path

    def _cells(self, tr, loc: str):
        return self._members(tr, loc, "tc", ("customXml",))

    def _members(self, parent, loc: str, want: str, wrappers: tuple[str, ...]):
        """``w:<want>`` children of ``parent`` with their paths, looking through content
        controls (w:sdt/w:sdtContent) and the given wrapper elements."""
        for el, step in _steps(parent):
            ns, local = _local(el)
            path = f"{loc}/{step}"
            if ns != W_NS:
                continue
            if local == want:
                yield el, path
            elif local == "sdt":
                content = el.find(W + "sdtContent")
                if content is not None:
                    yield from self._members(content, f"{path}/sdtContent", want, wrappers)
            elif local in wrappers:
                yield from self._members(el, path, want, wrappers)

    def _cell_text(self, tc, loc: str, nested: list) -> str:
        texts = []
        for b in self.blocks(tc, loc):
            if isinstance(b, Paragraph):
                texts.append(b.text.strip())
            else:
                nested.append(b)
        return "\n".join(t for t in texts if t)


# Word allows 63 grid columns; anything past these bounds is a hostile or broken file.
MAX_SPAN = 1000
MAX_TABLE_AREA = 2_000_000


def _clamp(v: int, lo: int, hi: int) -> int:
    return max(lo, min(v, hi))


def _join(a: str, b: str) -> str:
    if not b:
        return a
    return f"{a}\n{b}" if a else b


def _int_hex(s) -> Optional[int]:
    try:
        return int(s, 16)
    except (TypeError, ValueError):
        return None


def _alternate_branch(ac):
    """The branch of mc:AlternateContent to read: the first Choice, else the Fallback."""
    choice = ac.find("{%s}Choice" % MC_NS)
    if choice is not None:
        return choice
    return ac.find("{%s}Fallback" % MC_NS)


def _text_boxes(el) -> list:
    """Outermost w:txbxContent elements under a drawing, reading only the first branch
    of any mc:AlternateContent (the fallback repeats the same text box)."""
    found = []

    def walk(node):
        for ch in node:
            ns, local = _local(ch)
            if local is None:
                continue
            if ns == W_NS and local == "txbxContent":
                found.append(ch)
            elif ns == MC_NS and local == "AlternateContent":
                b = _alternate_branch(ch)
                if b is not None:
                    walk(b)
            else:
                walk(ch)

    walk(el)
    return found


# --------------------------------------------------------------------------- package


@dataclass
class _Parts:
    document: etree._Element
    styles: Optional[etree._Element] = None
    numbering: Optional[etree._Element] = None
    info: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)


def _rels(zf: zipfile.ZipFile, part: str, doc_name: str, limits) -> dict[str, str]:
    """Relationship type suffix -> target member name, for the part ``part``."""
    d, base = posixpath.split(part)
    rels_name = posixpath.join(d, "_rels", base + ".rels")
    try:
        data = safety.read_member(zf, rels_name, limits)
    except KeyError:
        return {}
    root = safety.parse_xml_part(data, rels_name, doc_name)
    out = {}
    for rel in root.iter("{%s}Relationship" % REL_NS):
        if rel.get("TargetMode") == "External":
            continue
        rtype, target = rel.get("Type", ""), rel.get("Target", "")
        if not target:
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(d, target))
        suffix = rtype[rtype.rfind("/"):] if "/" in rtype else rtype
        if "core-properties" in rtype:
            suffix = RT_CORE
        out.setdefault(suffix, name)
    return out


def _read_part(zf, name, doc_name, limits, problems: Optional[list] = None) -> Optional[etree._Element]:
    """Parse one part; with ``problems``, a damaged part is noted there and skipped
    (styles, numbering and properties are not worth losing the document for)."""
    if not name:
        return None
    try:
        data = safety.read_member(zf, name, limits)  # bad CRC, truncated member: ReaderError("corrupt")
        return safety.parse_xml_part(data, name, doc_name)
    except KeyError:
        return None
    except ReaderError as e:
        if problems is None or e.kind != "corrupt":
            raise
        problems.append(ReadProblem("corrupt", f"{e.message}; read without it", name))
        return None


def _core_info(zf, pkg_rels, doc_name, limits, problems: list) -> dict:
    info = {}
    core = _read_part(zf, pkg_rels.get(RT_CORE, "docProps/core.xml"), doc_name, limits, problems)
    if core is not None:
        for el in core:
            ns, local = _local(el)
            key = CORE_FIELDS.get((ns, local))
            if key and el.text and el.text.strip():
                info[key] = el.text.strip()
    app = _read_part(zf, pkg_rels.get(RT_APP, "docProps/app.xml"), doc_name, limits, problems)
    if app is not None:
        for el in app:
            ns, local = _local(el)
            if local == "Application" and el.text and el.text.strip():
                info["application"] = el.text.strip()
    return info


def _load(path: Path, limits: safety.Limits) -> _Parts:
    doc_name = path.name
    kind = safety.sniff_office(path)
    if kind == "ole2":
        if safety.is_encrypted_ole(path):
            raise ReaderError("encrypted", f"{doc_name} is password-protected (an encrypted Office file); "
                                           "remove the password in Word or WPS and save it again")
        raise _LegacyFile()
    if kind != "zip":
        raise ReaderError("corrupt", f"{doc_name} is not a valid .docx (not a zip archive)")
    zf = safety.check_zip(path, limits)
    with zf:
        names = set(zf.namelist())
        # cheap DOCTYPE scan of every XML part's prolog before any full parse
        for name in names:
            if name.lower().endswith((".xml", ".rels")):
                try:
                    head = safety.read_member(zf, name, limits, max_bytes=65536)
                except ReaderError:
                    continue  # cannot be decompressed: refused or noted when (if) it is read
                safety.check_xml_part(head, name, doc_name)
        problems: list = []
        try:
            pkg_rels = _rels(zf, "", doc_name, limits) if "_rels/.rels" in names else {}
        except ReaderError as e:
            if e.kind != "corrupt":
                raise
            problems.append(ReadProblem("corrupt", f"{e.message}; the usual part names are assumed", "_rels/.rels"))
            pkg_rels = {}
        main = pkg_rels.get(RT_OFFICE_DOCUMENT, "word/document.xml")
        if main not in names:
            main = "word/document.xml" if "word/document.xml" in names else None
        if main is None:
            raise ReaderError("corrupt", f"{doc_name} is not a valid .docx: the archive has no main document "
                                         "part (word/document.xml)")
        info = _core_info(zf, pkg_rels, doc_name, limits, problems)
        parts = _load_python_docx(path, doc_name)
        if parts is None:  # python-docx refused it (macro-enabled, template, damaged part): read the parts directly
            try:
                doc_rels = _rels(zf, main, doc_name, limits)
            except ReaderError as e:
                if e.kind != "corrupt":
                    raise
                problems.append(ReadProblem("corrupt", f"{e.message}; styles and numbering not read", main))
                doc_rels = {}
            parts = _Parts(document=_read_part(zf, main, doc_name, limits),
                           styles=_read_part(zf, doc_rels.get(RT_STYLES), doc_name, limits, problems),
                           numbering=_read_part(zf, doc_rels.get(RT_NUMBERING), doc_name, limits, problems))
        parts.info = info
        parts.problems = problems
    body = parts.document.find(W + "body")
    if body is None:
        raise ReaderError("corrupt", f"{doc_name}: the main document part has no w:body")
    return parts


def _load_python_docx(path: Path, doc_name: str) -> Optional[_Parts]:
    import docx as python_docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        d = python_docx.Document(str(path))
    except Exception:
        return None

    def related(rt):
        try:
            return d.part.part_related_by(rt).element
        except (KeyError, AttributeError):
            return None

    parts = _Parts(document=d.element, styles=related(RT.STYLES), numbering=related(RT.NUMBERING))
    for name, el in (("document", parts.document), ("styles", parts.styles), ("numbering", parts.numbering)):
        if el is not None:
            safety.assert_no_doctype(el, name, doc_name)
    return parts


class _LegacyFile(Exception):
    """The file is a legacy binary Word/WPS file (OLE2) under a .docx name."""


def read(path, *, limits: Optional[safety.Limits] = None, fmt: str = "docx") -> Document:
    """Read a .docx into a Document; raises ReaderError for files that cannot be read.

    ``paragraph.style`` hints: ``title`` (Title style), ``heading`` (Heading
    styles or an outline level), ``toc``, ``centered``, ``right`` (alignment).
    A legacy .doc saved under a .docx name is handed to :mod:`.legacy_word`.
    """
    p = Path(path)
    limits = limits or safety.DEFAULT_LIMITS
    try:
        parts = _load(p, limits)
    except _LegacyFile:
        from . import legacy_word

        return legacy_word.read(p)
    walker = _Walker(Styles(parts.styles), Numbering(parts.numbering))
    body = parts.document.find(W + "body")
    try:
        blocks = list(walker.blocks(body, "body"))
    except RecursionError:
        raise ReaderError("corrupt", f"{p.name}: the document nests too deeply to read") from None
    return Document(path=str(p), format=fmt, blocks=blocks, pages=None, info=parts.info,
                    problems=list(parts.problems), declared=from_word_core(parts.info))
