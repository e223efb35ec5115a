"""Paragraph styles of styles.xml, resolved through ``w:basedOn``.

A report's headings are often marked only by their style: its name
(``heading 2``, ``标题 1``), an outline level, or a numbering the style carries.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from lxml import etree

from .xml import W, on_attr, to_int, wval


@dataclass
class StyleInfo:
    name: str = ""
    outline: Optional[int] = None
    num_id: Optional[str] = None
    ilvl: Optional[int] = None


class Styles:
    """Paragraph styles by id, each resolved once with what it inherits."""

    def __init__(self, root: Optional[etree._Element]):
        self.raw: dict[str, etree._Element] = {}
        self.default_para: Optional[str] = None
        self.cache: dict[str, StyleInfo] = {}
        if root is None:
            return
        for st in root.findall(W + "style"):
            sid = st.get(W + "styleId")
            if sid is None:
                continue
            if st.get(W + "type", "paragraph") == "paragraph":
                self.raw[sid] = st
                if on_attr(st.get(W + "default")):
                    self.default_para = sid

    def info(self, sid: Optional[str]) -> StyleInfo:
        sid = sid or self.default_para
        if sid is None or sid not in self.raw:
            return StyleInfo()
        if sid in self.cache:
            return self.cache[sid]
        self.cache[sid] = StyleInfo()  # guards basedOn cycles
        st = self.raw[sid]
        base = wval(st.find(W + "basedOn"))
        out = StyleInfo(**vars(self.info(base))) if base and base != sid else StyleInfo()
        out.name = wval(st.find(W + "name"), sid) or sid
        ppr = st.find(W + "pPr")
        if ppr is not None:
            ol = ppr.find(W + "outlineLvl")
            if ol is not None:
                out.outline = to_int(wval(ol), 9)
            num_pr = ppr.find(W + "numPr")
            if num_pr is not None:
                nid = wval(num_pr.find(W + "numId"))
                if nid is not None:
                    out.num_id = nid
                    out.ilvl = None
                il = num_pr.find(W + "ilvl")
                if il is not None:
                    out.ilvl = to_int(wval(il), 0)
        self.cache[sid] = out
        return out
