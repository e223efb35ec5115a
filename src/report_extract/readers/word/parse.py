"""WordprocessingML body -> the local model of :mod:`.body`, faithfully.

Blocks are read in body order through content controls (``w:sdt``),
``w:customXml`` and tracked insertions; text boxes follow their paragraph.
Runs give their displayed text: ``w:ins``/``w:moveTo`` kept,
``w:del``/``w:moveFrom`` dropped, fields as their result (``w:fldSimple``,
complex ``w:fldChar`` fields), never their instruction; hyperlinks as their
text; hidden runs (``w:vanish``) dropped; symbols from symbol fonts mapped
out of the private use area.
"""
from __future__ import annotations

from typing import Iterator, Optional

from .. import ooxml_safety as safety
from .body import BodyPart, WordCell, WordParagraph, WordRow, WordTable
from .numbering import NumberingDefinitions
from .styles import Styles
from .xml import M_NS, MC_NS, W, W_NS, alternate_branch, int_hex, local_name, on, steps, to_int, wval

# inline wrappers whose content is displayed as if it stood in the paragraph
_INLINE_WRAPPERS = ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo",
                    "sdtContent")
# displayed run content -> text
_RUN_TEXT = {"tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}


class BodyParser:
    def __init__(self, styles: Styles, numbering: NumberingDefinitions, limits: safety.Limits):
        self.styles = styles
        self.numbering = numbering
        self.max_span = limits.max_span

    # ---- blocks
    def blocks(self, parent, loc: str) -> list[BodyPart]:
        """Paragraphs and tables under ``parent`` in document order."""
        out: list[BodyPart] = []
        for el, path in self._block_children(parent, loc):
            if local_name(el)[1] == "p":
                out.append(self.paragraph(el, path))
            else:
                out.append(self.table(el, path))
        return out

    def _block_children(self, parent, loc: str) -> Iterator:
        """Block-level children, unwrapping content controls and custom XML."""
        for el, step in steps(parent):
            ns, local = local_name(el)
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
                branch = alternate_branch(el)
                if branch is not None:
                    yield from self._block_children(branch, f"{path}/mc:{local_name(branch)[1]}[1]")

    # ---- paragraphs
    def paragraph(self, p, loc: str) -> WordParagraph:
        ppr = p.find(W + "pPr")
        style_id = wval(ppr.find(W + "pStyle")) if ppr is not None else None
        sinfo = self.styles.info(style_id)
        out: list[str] = []
        boxes: list = []
        self._inline(p, out, [], boxes)
        para = WordParagraph(text="".join(out), locator=loc, style_name=sinfo.name or "", outline=sinfo.outline)
        num_id, ilvl = sinfo.num_id, sinfo.ilvl
        if ppr is not None:
            rpr = ppr.find(W + "rPr")
            para.mark_deleted = rpr is not None and (rpr.find(W + "del") is not None
                                                     or rpr.find(W + "moveFrom") is not None)
            num_pr = ppr.find(W + "numPr")
            if num_pr is not None:
                nid = wval(num_pr.find(W + "numId"))
                if nid is not None:
                    num_id, ilvl = nid, None
                il = num_pr.find(W + "ilvl")
                if il is not None:
                    ilvl = to_int(wval(il), 0)
            ol = ppr.find(W + "outlineLvl")
            if ol is not None:
                para.outline = to_int(wval(ol), 9)
            para.align = wval(ppr.find(W + "jc"))
        if num_id and num_id != "0":
            if ilvl is None:
                ilvl = self.numbering.level_for_style(num_id, style_id) if style_id else None
            para.num = (num_id, ilvl or 0)
        para.text_boxes = [self.blocks(box, f"{loc}//txbxContent[{k}]") for k, box in enumerate(boxes, 1)]
        return para

    def _inline(self, el, out: list, fld: list, boxes: list) -> None:
        """Displayed text of the inline content of ``el`` (a paragraph or a wrapper)."""
        for ch in el:
            ns, local = local_name(ch)
            if local is None:
                continue
            if ns == W_NS:
                if local == "r":
                    rpr = ch.find(W + "rPr")
                    self._run_content(ch, rpr is not None and on(rpr.find(W + "vanish")), out, fld, boxes)
                elif local in _INLINE_WRAPPERS:
                    self._inline(ch, out, fld, boxes)
                elif local == "sdt":
                    content = ch.find(W + "sdtContent")
                    if content is not None:
                        self._inline(content, out, fld, boxes)
                # del, moveFrom, pPr, proofErr, bookmarks, comments ... carry no displayed text
            elif ns == MC_NS and local == "AlternateContent":
                branch = alternate_branch(ch)
                if branch is not None:
                    self._inline(branch, out, fld, boxes)
            elif ns == M_NS and local in ("oMath", "oMathPara"):
                out.append("".join(t.text or "" for t in ch.iter("{%s}t" % M_NS)))

    def _run_content(self, parent, hidden: bool, out: list, fld: list, boxes: list) -> None:
        """``fld`` is the stack of open complex fields: True once past their separator."""
        for ch in parent:
            ns, local = local_name(ch)
            if local is None:
                continue
            if ns == MC_NS and local == "AlternateContent":
                branch = alternate_branch(ch)
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
            elif local in _RUN_TEXT:
                out.append(_RUN_TEXT[local])
            elif local == "sym":
                code = int_hex(ch.get(W + "char"))
                if code is not None:
                    if 0xF020 <= code <= 0xF0FF:  # symbol fonts use the private use area
                        code -= 0xF000
                    # no NUL, no lone surrogate (not encodable), nothing past U+10FFFF
                    if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                        out.append(chr(code))
            # delText, instrText, delInstrText, softHyphen, footnote refs: not displayed

    # ---- tables
    def table(self, tbl, loc: str) -> WordTable:
        out = WordTable(locator=loc)
        for tr, rloc in self._members(tbl, loc, "tr", ("customXml", "ins", "moveTo")):
            trpr = tr.find(W + "trPr")
            if trpr is not None and trpr.find(W + "del") is not None:
                continue  # a deleted row, tracked: accepted means gone
            row = WordRow()
            if trpr is not None:
                row.grid_before = self._span(trpr.find(W + "gridBefore"), 0, 0)
                row.grid_after = self._span(trpr.find(W + "gridAfter"), 0, 0)
            for tc, cloc in self._members(tr, rloc, "tc", ("customXml",)):
                row.cells.append(self.cell(tc, cloc))
            out.rows.append(row)
        return out

    def cell(self, tc, loc: str) -> WordCell:
        cell = WordCell(locator=loc)
        tcpr = tc.find(W + "tcPr")
        if tcpr is not None:
            cell.grid_span = self._span(tcpr.find(W + "gridSpan"), 1, 1)
            vm = tcpr.find(W + "vMerge")
            if vm is not None:
                cell.v_merge = vm.get(W + "val", "continue")
            hm = tcpr.find(W + "hMerge")
            if hm is not None:
                cell.h_merge = hm.get(W + "val", "continue")
        cell.content = self.blocks(tc, loc)
        return cell

    def _span(self, el, default: int, lo: int) -> int:
        """A grid count (gridSpan, gridBefore, gridAfter) within the limits."""
        return max(lo, min(to_int(wval(el), default), self.max_span))

    def _members(self, parent, loc: str, want: str, wrappers: tuple[str, ...]) -> Iterator:
        """``w:<want>`` children of ``parent`` with their paths, looking through content
        controls (w:sdt/w:sdtContent) and the given wrapper elements."""
        for el, step in steps(parent):
            ns, local = local_name(el)
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


def _text_boxes(el) -> list:
    """Outermost w:txbxContent elements under a drawing, reading only the first branch
    of any mc:AlternateContent (the fallback repeats the same text box)."""
    found = []

    def walk(node):
        for ch in node:
            ns, local = local_name(ch)
            if local is None:
                continue
            if ns == W_NS and local == "txbxContent":
                found.append(ch)
            elif ns == MC_NS and local == "AlternateContent":
                b = alternate_branch(ch)
                if b is not None:
                    walk(b)
            else:
                walk(ch)

    walk(el)
    return found


def parse_body(body, styles: Styles, numbering: NumberingDefinitions,
               limits: Optional[safety.Limits] = None) -> list[BodyPart]:
    """The blocks of ``w:body`` in the local model."""
    return BodyParser(styles, numbering, limits or safety.DEFAULT_LIMITS).blocks(body, "body")
