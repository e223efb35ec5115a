"""Thresholds in one place (like pdfplumber's TableSettings), so a tuning is one edit.

The decoding, run-together and cell-stream stages use it so far; other stages
keep their own constants until they move here.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DecodeSettings:
    """When the bytes of a text or HTML file are text with a few bad bytes (readers/textcodec.py)."""

    max_nul_share: float = 0.01  # more NUL bytes than this share: binary data, not text with stray NULs
    max_bad_share: float = 0.02  # more invalid bytes than this share: the encoding does not fit at all
    max_offsets_listed: int = 20  # byte offsets spelled out in one error record; the rest are counted


@dataclass(frozen=True)
class RunTogetherSettings:
    """How digit runs of a table printed without separators are split (runtogether/)."""

    max_cell_digits: int = 9  # no cell of the form prints a longer integer part
    max_splits: int = 2000  # splits of one row enumerated at most; more: the row is left undecided
    max_combinations: int = 5000  # row-split combinations tried against the column arithmetic
    candidates_listed: int = 6  # candidate splits spelled out in a finding; the rest are counted
    confidence: float = 0.8  # a value the arithmetic and the layout decide alone (< 0.9: never certain)
    forced_confidence: float = 0.85  # a row printing only zeros, or one value: one way to read it


@dataclass(frozen=True)
class StreamSettings:
    """How cells printed without rows (mapping/streams.py) are read."""

    max_cell_chars: int = 60  # a paragraph longer than this is prose, not a cell
    min_value_cells: int = 4  # a run of short paragraphs needs this many numbers to be read as a table
    max_label_pieces: int = 4  # a row label broken over up to this many cells is joined again
    row_label_match: float = 0.75  # similarity for a label cell to count as one of the form's row labels
    column_label_match: float = 0.8  # similarity for a header cell to count as one of the form's column labels
    cut_cell_confidence: float = 0.5  # the last cell before a document is cut may itself be cut
    total_only_confidence: float = 0.6  # a row printing one value read as its total
    short_row_confidence: float = 0.7  # a table-3 row printing fewer values than columns: read in order, with doubt


DECODE = DecodeSettings()
RUN_TOGETHER = RunTogetherSettings()
STREAMS = StreamSettings()
