"""Segmenting a document into the canonical sections (一、总体情况 … 六、其他需要报告的事项).

Headings are found as standalone short paragraphs ("五、存在的主要问题及改进情况",
"(五)…", "五．…") and, for dumps where a whole report runs together on one
line, cut out of the running text where a numbered canonical title appears.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..mapping.labels import nfkc
from ..model import Document, Paragraph, Source

NUMERALS = "一二三四五六七八九十"
_HEAD = re.compile(r"^\s*(?:第)?([一二三四五六七八九十]{1,3})(?:部分)?\s*[、.．，,:：]\s*(.{2,50}?)\s*[。：:]?\s*$")


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """data/sections.json: the heading vocabulary shared with the narrative tagger."""
    with resources.files("report_extract").joinpath("data/sections.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def section_specs() -> list[dict]:
    specs = vocabulary()["sections"]
    for s in specs:
        s["_inline"] = re.compile("|".join(f"(?:{p})" for p in s["inline"]))
    return specs


INLINE_NUMBER = r"([一二三四五六七八九十]{1,2})\s*[、.．，,]\s*"


@lru_cache(maxsize=1)
def inline_heading_re() -> re.Pattern:
    """A numbered canonical title anywhere in text; the group named after a section id says which."""
    alts = "|".join(f"(?P<{s['id']}>{'|'.join(f'(?:{p})' for p in s['inline'])})" for s in section_specs())
    return re.compile(INLINE_NUMBER + f"(?:{alts})")


@lru_cache(maxsize=1)
def part5_heading_patterns() -> dict[str, str]:
    """{'problem': regex, 'improvement': regex}: the sub-headings that open each half of part 五."""
    return {half: "|".join(f"(?:{p})" for p in pats) for half, pats in vocabulary()["part5"].items()}


def numeral_value(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + NUMERALS.index(s[1]) + 1
    if s.endswith("十"):
        return (NUMERALS.index(s[0]) + 1) * 10
    if "十" in s:
        a, b = s.split("十")
        return (NUMERALS.index(a) + 1) * 10 + NUMERALS.index(b) + 1
    return NUMERALS.index(s[0]) + 1 if s and s[0] in NUMERALS else 0


def section_of_title(title: str) -> str | None:
    t = re.sub(r"\s+", "", nfkc(title))
    for spec in section_specs():
        if any(k in t for k in spec["keywords"]):
            return spec["id"]
    return None


def heading_of(text: str, style: str | None = None) -> tuple[str, int] | None:
    """(section id, number) when a standalone paragraph is a top-level section heading."""
    s = nfkc(text).strip()
    m = _HEAD.match(s)
    if m and len(s) <= 48:
        sid = section_of_title(m.group(2))
        if sid:
            return sid, numeral_value(m.group(1))
    if style in ("heading", "title") and len(s) <= 30:
        sid = section_of_title(s)
        if sid:
            return sid, 0
    return None


def _inline_heads(text: str) -> list[tuple[int, int, str, int]]:
    """(start, end, section id, number) of numbered canonical titles inside running text."""
    norm = nfkc(text)
    out = []
    for m in inline_heading_re().finditer(norm):
        sid = next(k for k, v in m.groupdict().items() if v is not None)
        out.append((m.start(), m.end(), sid, numeral_value(m.group(1))))
    return out


@dataclass
class Section:
    id: str
    heading: str | None
    number: int
    source: Source
    paragraphs: list[Paragraph] = field(default_factory=list)


def split_inline(par: Paragraph, last_number: int) -> list[tuple[str, Paragraph, int] | Paragraph]:
    """Cut a run-together paragraph at the canonical headings it contains."""
    heads = [h for h in _inline_heads(par.text)]
    picked = []
    for h in heads:
        if h[3] > last_number:
            picked.append(h)
            last_number = h[3]
    if not picked:
        return [par]
    out: list = []
    pos = 0
    for start, end, sid, num in picked:
        before = par.text[pos:start].strip()
        if before:
            out.append(_sub(par, pos, start))
        out.append((sid, _sub(par, start, end), num))
        pos = end
    if par.text[pos:].strip():
        out.append(_sub(par, pos, len(par.text)))
    return out


def _sub(par: Paragraph, start: int, end: int) -> Paragraph:
    raw = par.text[start:end]
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    loc = par.source.locator
    if loc:
        loc = f"{loc} chars {start + lead}-{start + lead + len(text)}"
    return Paragraph(text=text, source=Source(page=par.source.page, bbox=par.source.bbox, locator=loc), style=par.style)


def segment(doc: Document) -> list[Section]:
    """Sections in document order; text before the first heading goes to ``preamble``."""
    sections = [Section("preamble", None, 0, Source())]
    last = 0
    for block in doc.blocks:
        if not isinstance(block, Paragraph):
            continue
        h = heading_of(block.text, block.style)
        if h and (h[1] == 0 or h[1] > last or h[0] != sections[-1].id):
            sid, num = h
            if num and num <= last and any(s.id == sid for s in sections):
                sections[-1].paragraphs.append(block)
                continue
            sections.append(Section(sid, block.text.strip(), num, block.source))
            last = max(last, num)
            continue
        pieces = split_inline(block, last) if len(block.text) > 60 else [block]
        for piece in pieces:
            if isinstance(piece, tuple):
                sid, head, num = piece
                sections.append(Section(sid, head.text, num, head.source))
                last = max(last, num)
            else:
                sections[-1].paragraphs.append(piece)
    return [s for s in sections if s.id != "preamble" or s.paragraphs]
