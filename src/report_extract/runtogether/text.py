"""The Document's paragraph text as one searchable stream.

Row labels are searched in a *label view*: NFKC characters with spaces and
punctuation dropped (as ``mapping.labels.norm_label`` drops them from the
form's labels), each remembering its offset in the stream, so a label found
in the view points back at the printed text around it. Digit runs are read
from the stream itself, where spaces and decimal points still count.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from ..mapping.labels import _DROP, norm_label
from ..model import Document


@dataclass
class Span:
    start: int  # offsets in Stream.text
    end: int


class Stream:
    def __init__(self, doc: Document):
        paras = doc.paragraphs
        parts, self._starts, self._locators = [], [], []
        pos = 0
        for p in paras:
            t = unicodedata.normalize("NFKC", p.text)  # full-width digits and brackets → ASCII
            self._starts.append(pos)
            self._locators.append(p.source.locator)
            parts.append(t)
            pos += len(t) + 1
        self.text = "\n".join(parts)
        view, where = [], []
        for i, ch in enumerate(self.text):
            if not _DROP.fullmatch(ch):
                view.append(ch)
                where.append(i)
        self.view = "".join(view)
        self._where = where

    def find(self, label: str, start: int, end: int | None = None) -> Span | None:
        """The first printing of ``label`` (normalised like the form's labels) at or after
        stream offset ``start`` and ending before ``end``."""
        needle = norm_label(label)
        if not needle:
            return None
        vi = bisect_right(self._where, start - 1)
        k = self.view.find(needle, vi)
        if k < 0:
            return None
        span = Span(self._where[k], self._where[k + len(needle) - 1] + 1)
        return span if end is None or span.end <= end else None

    def first(self, labels: list[str], start: int, end: int | None = None) -> Span | None:
        """The earliest printing of any of ``labels`` (variants of one form label); longest on ties."""
        found = [s for s in (self.find(v, start, end) for v in labels) if s]
        return min(found, key=lambda s: (s.start, -s.end)) if found else None

    def locator(self, span: Span) -> str:
        """``line 12, chars 340-346`` (the paragraph's own locator and 1-based character offsets in it)."""
        i = max(0, bisect_right(self._starts, span.start) - 1)
        base = self._locators[i] if i < len(self._locators) else None
        a, b = span.start - self._starts[i] + 1, span.end - self._starts[i]
        chars = f"char {a}" if a == b else f"chars {a}-{b}"
        return f"{base}, {chars}" if base else chars


# a cell's digits (and the blank marks that print "nothing") right after a row label; closing
# brackets and quotes of the label are skipped first
_CLOSERS = re.compile(r"[\s)\]”’」』】》〉>\"']*")
_RUN = re.compile(r"(?:[\d\s.,+\-−—/]|万元|元)*")
NUMBERING = re.compile(r"(\d{1,2})[.、]$")


def run_after(stream: Stream, label_end: int, limit: int) -> Span:
    """The printed value text after a label: digits, spaces, signs, decimal points, blank marks, a unit."""
    m = _CLOSERS.match(stream.text, label_end, limit)
    a = m.end() if m else label_end
    r = _RUN.match(stream.text, a, limit)
    b = r.end() if r else a
    while b > a and stream.text[b - 1].isspace():
        b -= 1
    return Span(a, b)
