"""The Word reader's local model: a body as the package says it, before any layout.

:mod:`.parse` fills it from the XML (one pass, no counters, no grid); the
conversion (:mod:`.convert`) numbers the lists, rebuilds table grids and
makes the :class:`~report_extract.model.Document`. Locators are already full
paths (see :mod:`report_extract.readers.word`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union


@dataclass
class WordParagraph:
    text: str  # displayed text: fields as results, tracked changes accepted, hidden runs dropped
    locator: str
    style_name: str = ""  # resolved paragraph style name (``heading 1``)
    outline: Optional[int] = None  # outline level, direct or from the style
    num: Optional[tuple[str, int]] = None  # (numId, ilvl) of the list it belongs to
    align: Optional[str] = None  # w:jc
    mark_deleted: bool = False  # its paragraph mark is a tracked deletion: it joins the next one
    text_boxes: list[list["BodyPart"]] = field(default_factory=list)  # text boxes anchored in it


@dataclass
class WordCell:
    locator: str  # names the w:tc element (the n-th tc of the row, not the grid column)
    grid_span: int = 1
    v_merge: Optional[str] = None  # "restart" or "continue"
    h_merge: Optional[str] = None  # "restart" or "continue" (legacy horizontal merge)
    content: list["BodyPart"] = field(default_factory=list)


@dataclass
class WordRow:
    cells: list[WordCell] = field(default_factory=list)
    grid_before: int = 0
    grid_after: int = 0


@dataclass
class WordTable:
    locator: str
    rows: list[WordRow] = field(default_factory=list)  # deleted rows (tracked) are not listed


BodyPart = Union[WordParagraph, WordTable]
