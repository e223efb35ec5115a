"""Thresholds in one place (like pdfplumber's TableSettings), so a tuning is one edit.

Only the cell-stream reading uses it so far; other stages keep their own
constants until they move here.
"""
from __future__ import annotations

from dataclasses import dataclass


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


STREAMS = StreamSettings()
