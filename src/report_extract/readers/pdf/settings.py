"""Every threshold of the PDF reader in one object (after pdfplumber's TableSettings).

Distances are in PDF points unless named ``*_em`` (× the font size) or
``*_share`` (a fraction). The settings in force are named in each value's
``method`` by :attr:`TableSettings.tag`: ``pdf-tables@<version>`` for the
defaults, with a short digest of the values appended when any differs, so an
output always says which thresholds produced it. Bump ``VERSION`` whenever a
default changes.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, fields

NAME = "pdf-tables"
VERSION = "3"


@dataclass(frozen=True)
class TableSettings:
    # ruling (readers/pdf/ruling.py)
    snap: float = 3.0  # rule positions closer than this are one rule
    rule_width: float = 2.5  # a filled rectangle thinner than this is a rule (a bar)
    bar_width: float = 5.0  # ... and up to this when it is also long (a thick frame side)
    bar_aspect: float = 20.0  # length / thickness a thick bar needs
    min_rule: float = 2.0  # shorter pieces are not rules (a dot of a dotted rule is joined first)
    dash_gap: float = 6.0  # pieces of one rule (dashes, dots) with gaps up to this are one rule
    cell_gap: float = 6.0  # rules this close face each other across a gap (cells drawn as boxes,
    #                        double frames): one boundary
    min_cover_share: float = 0.5  # a boundary is drawn when rules cover this share of it
    min_grid: tuple = (10.0, 6.0)  # a drawing smaller than this (w, h) is no table
    # text inside cells (readers/pdf/repair.py, rows.py)
    clump_gap_em: float = 0.9  # a wider horizontal gap separates text clumps of a merged cell
    wrap_em: float = 1.5  # a cell line ending within this of the cell's right edge wraps on
    block_gap_em: float = 0.8  # lines of one cell text are at most this far apart (rows.py)
    # borderless tables (readers/pdf/text_table.py)
    chunk_gap_em: float = 1.0  # a wider gap starts a new chunk
    digit_gap_em: float = 0.7  # between two digits or two CJK characters (narrow columns)
    min_text_rows: int = 3
    # page layout (readers/pdf/reader.py, furniture.py)
    header_share: float = 0.14  # running headers sit above this share of the page height
    footer_share: float = 0.86  # page numbers / footers below this share
    furniture_max_chars: int = 60
    stitch_tol: float = 3.0  # column boundaries of two table parts this close are the same
    # input limits
    scan_limit: int = 8 * 1024 * 1024  # bytes: a larger PDF must say where its xref is

    @property
    def tag(self) -> str:
        """``name@version`` of these settings (plus a digest when not the defaults)."""
        if self is DEFAULT or self == DEFAULT:  # asked for every table: the common case first
            return f"{NAME}@{VERSION}"
        digest = hashlib.sha1(repr(sorted(asdict(self).items())).encode()).hexdigest()[:8]
        return f"{NAME}@{VERSION}+{digest}"

    def replace(self, **changes) -> "TableSettings":
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise TypeError(f"unknown table settings: {', '.join(sorted(unknown))}")
        return TableSettings(**{**asdict(self), **changes})


DEFAULT = TableSettings()
