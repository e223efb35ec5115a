"""Value columns read from the printed column headings, where the table prints them.

Most reports print table 3's columns in the form's order, but some add a
小计 column for 法人或其他组织 (a 28 × 8 variant), leave one out, or print them
in another order. The headings say which is which: each heading cell is
matched to the form's column labels (data/templates.json), a group heading
(法人或其他组织) is replaced by the sub-columns printed under it, and a heading
broken over two cells (``商业`` / ``企业``) is joined again. Headings decide only
when they name every value column of the rows exactly once; otherwise the
caller falls back to printed position and records that it did.
"""
from __future__ import annotations

from typing import Optional

from ..settings import STREAMS
from .labels import similarity
from .rows import Row

UNKEYED = "-"  # a printed column that maps to no key (a 小计 the form does not have)


def _vocabulary(spec: dict) -> list[tuple[str, str]]:
    """(label, key) pairs: the form's columns, its unkeyed extras, and its group headings (key ``group:<label>``)."""
    out = list(zip(spec["column_labels"], spec["columns"]))
    for key, labels in spec.get("unkeyed_columns", {}).items():
        out += [(label, UNKEYED + key) for label in labels]
    out += [(label, "group:" + label) for label in spec.get("column_groups", {})]
    return out


def _match(text: str, vocab: list[tuple[str, str]]) -> Optional[str]:
    best, key = 0.0, None
    for label, k in vocab:
        s = similarity(text, label)
        if s > best:
            best, key = s, k
    return key if best >= STREAMS.column_label_match else None


def heading_keys(texts: list[str], vocab: list[tuple[str, str]]) -> list[str]:
    """Keys of heading cells in printed order; a heading broken over two cells is joined."""
    out: list[str] = []
    i = 0
    while i < len(texts):
        key = _match(texts[i], vocab)
        if key is None and i + 1 < len(texts):
            joined = _match(texts[i] + texts[i + 1], vocab)
            if joined is not None and _match(texts[i + 1], vocab) is None:
                out.append(joined)
                i += 2
                continue
        if key is not None:
            out.append(key)
        i += 1
    return out


def column_keys(headers: list[Row], width: int, spec: dict) -> Optional[list[Optional[str]]]:
    """Key of each of the ``width`` value columns (None: a column that maps to no key), or None when the headings do not decide."""
    texts = [c.text for r in headers for c in r.labels + r.values if c.text.strip()]
    keys = heading_keys(texts, _vocabulary(spec))
    groups = spec.get("column_groups", {})
    leaves = list(keys)
    for g in [k for k in leaves if k.startswith("group:")]:
        members = {m if m in spec["columns"] else UNKEYED + m for m in groups[g[len("group:"):]]}
        subs = [k for k in leaves if k in members]
        rest = [k for k in leaves if k not in members]
        at = rest.index(g)
        leaves = rest[:at] + subs + rest[at + 1:]
    if len(leaves) != width or len(set(leaves)) != len(leaves):
        return None
    return [None if k.startswith(UNKEYED) else k for k in leaves]


def cells_under_headings(head: Row, row: Row, spec: dict) -> Optional[dict]:
    """Each value column's cell read by position: the row's cells under each heading's span.

    For a row with more cells than the form has columns (a table whose grid
    comes from another part: blank cells under a wide heading), a heading that
    spans several grid columns owns the cells below it; its value is the one
    that prints something. None when positions do not decide (a heading
    unmatched or matched twice, a printed cell under no heading, two printed
    cells under one heading).
    """
    vocab = list(zip(spec["column_labels"], spec["columns"]))
    spans: list[tuple[int, int, str]] = []
    for c in head.labels + head.values:
        key = _match(c.text, vocab) if c.text.strip() else None
        if key is not None:
            spans.append((c.col, c.col + c.col_span, key))
    keys = [k for _, _, k in spans]
    if sorted(keys) != sorted(spec["columns"]) or len(set(keys)) != len(keys):
        return None
    out: dict = {}
    for v in row.values:
        owner = [k for a, b, k in spans if a <= v.col and v.col + v.col_span <= b]
        if len(owner) != 1:
            if v.text.strip():
                return None
            continue
        k = owner[0]
        if v.text.strip():
            if k in out and out[k].text.strip():
                return None
            out[k] = v
        else:
            out.setdefault(k, v)
    return out if set(out) == set(spec["columns"]) else None
