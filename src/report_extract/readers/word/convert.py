"""The local model of :mod:`.body` -> the blocks of a Document.

Here the body becomes what layout code reads: list labels recomputed and
prefixed (``一、总体情况``), a paragraph whose mark was deleted joined to the
next, style hints named, and every table rebuilt as a true grid
(:mod:`.grid`). Nested tables follow the table that holds them.
"""
from __future__ import annotations

import re
from typing import Iterator, Optional

from ...model import Block, Paragraph, Source
from .. import ooxml_safety as safety
from .body import BodyPart, WordParagraph, WordTable
from .grid import build_table
from .numbering import ListCounters

_TITLE_NAME = re.compile(r"^(title|标题)$", re.IGNORECASE)
_HEADING_NAME = re.compile(r"^(heading|标题)\s*[1-9]$", re.IGNORECASE)
_TOC_NAME = re.compile(r"^(toc|目录)\s*[1-9]$", re.IGNORECASE)
_ALIGN_HINTS = {"center": "centered", "right": "right", "end": "right"}


def style_hint(para: WordParagraph) -> Optional[str]:
    """``title``, ``heading`` (by style name or outline level), ``toc``, ``centered``, ``right``."""
    name = para.style_name
    if _TITLE_NAME.match(name):
        return "title"
    if _HEADING_NAME.match(name) or (para.outline is not None and para.outline < 9):
        return "heading"
    if _TOC_NAME.match(name):
        return "toc"
    return _ALIGN_HINTS.get(para.align or "")


class Converter:
    def __init__(self, counters: ListCounters, limits: safety.Limits = safety.DEFAULT_LIMITS):
        self.counters = counters
        self.limits = limits

    def blocks(self, parts: list[BodyPart]) -> Iterator[Block]:
        """Paragraphs and tables in document order; lists are counted in that order."""
        carry_text, carry_src = "", None  # paragraph whose mark was deleted (tracked)
        for part in parts:
            if isinstance(part, WordParagraph):
                text = self._labelled(part)
                if carry_text:
                    text = carry_text + text
                    src = carry_src
                else:
                    src = Source(locator=part.locator)
                if part.mark_deleted:
                    carry_text, carry_src = text, src
                else:
                    carry_text, carry_src = "", None
                    if text.strip():
                        yield Paragraph(text=text, source=src or Source(), style=style_hint(part))
                for box in part.text_boxes:
                    yield from self.blocks(box)
            else:
                if carry_text.strip():
                    yield Paragraph(text=carry_text, source=carry_src or Source())
                carry_text, carry_src = "", None
                yield from self.table(part)
        if carry_text.strip():
            yield Paragraph(text=carry_text, source=carry_src or Source())

    def _labelled(self, para: WordParagraph) -> str:
        """The paragraph's text behind the label its list prints (a deleted mark counts nothing)."""
        if para.num is None or para.mark_deleted:
            return para.text
        label = self.counters.next_label(*para.num)
        return label + para.text.lstrip(" \t") if label else para.text

    def table(self, table: WordTable) -> Iterator[Block]:
        nested: list[Block] = []
        yield build_table(table, lambda content: self._cell_text(content, nested), self.limits)
        yield from nested

    def _cell_text(self, content: list[BodyPart], nested: list[Block]) -> str:
        texts = []
        for b in self.blocks(content):
            if isinstance(b, Paragraph):
                texts.append(b.text.strip())
            else:
                nested.append(b)
        return "\n".join(t for t in texts if t)
