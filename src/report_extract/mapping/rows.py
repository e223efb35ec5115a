"""Rows of a rebuilt table seen as (label cells, value cells).

Mapping works on printed rows, so a flattened text dump and a true grid are
read the same way: the label is the last cell that is not a value, the values
are the cells after it, in printed order.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Cell, Table
from .values import is_value


@dataclass
class Row:
    table: int  # index of the table in the document's table list
    index: int  # row index inside that table
    labels: list[Cell]
    values: list[Cell]

    @property
    def label(self) -> str:
        """The most specific label: the last label cell with text."""
        for c in reversed(self.labels):
            if c.text.strip():
                return c.text
        return ""

    @property
    def full_label(self) -> str:
        return " ".join(c.text for c in self.labels if c.text.strip())

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.labels + self.values)


def split_row(cells: list[Cell]) -> tuple[list[Cell], list[Cell]]:
    last_label = -1
    for i, c in enumerate(cells):
        if not is_value(c.text):
            last_label = i
    return cells[: last_label + 1], cells[last_label + 1:]


def table_rows(table: Table, table_index: int) -> list[Row]:
    out = []
    for r, cells in enumerate(table.rows()):
        if not cells:
            continue
        labels, values = split_row(cells)
        out.append(Row(table_index, r, labels, values))
    return out


def join_cut_rows(rows: list[Row], variants: list[list[str]]) -> list[Row]:
    """Rejoin a row cut in half at a page foot: the second half prints the rest
    of the label over blank value cells. It is merged into the row before it
    when the joined label matches the template better than either half."""
    from .labels import best_match

    def score(label: str) -> float:
        return max((best_match(label, v) for v in variants), default=0.0)

    out: list[Row] = []
    for row in rows:
        prev = out[-1] if out else None
        if (prev is not None and row.values and all(not c.text.strip() for c in row.values)
                and any(c.text.strip() for c in prev.values) and row.label and prev.label):
            joined = prev.label + row.label
            if score(joined) > max(score(prev.label), score(row.label)):
                out[-1] = Row(prev.table, prev.index, prev.labels[:-1] + [_relabel(prev, joined)], prev.values)
                continue
        out.append(row)
    return out


def _relabel(row: Row, text: str) -> Cell:
    last = next((c for c in reversed(row.labels) if c.text.strip()), row.labels[-1])
    return Cell(row=last.row, col=last.col, text=text, row_span=last.row_span, col_span=last.col_span,
                source=last.source)


def fit_values(values: list[Cell], k: int, keep: str = "first") -> list[Cell | None]:
    """Exactly k value slots; missing → None.

    Surplus cells are dropped in this order: blanks right after the label (a
    label column split by a stray rule line), blanks at the row end (padding
    or a merged header's spare column), then whatever is beyond k.
    """
    vals = list(values)
    while len(vals) > k and not vals[0].text.strip():
        vals.pop(0)
    while len(vals) > k and not vals[-1].text.strip():
        vals.pop()
    if len(vals) > k:
        vals = vals[:k] if keep == "first" else vals[-k:]
    return vals + [None] * (k - len(vals))


def unpadded(values: list[Cell]) -> list[Cell]:
    """Value cells without the blank padding a dump adds at a row's end."""
    out = list(values)
    while out and not out[-1].text.strip():
        out.pop()
    return out
