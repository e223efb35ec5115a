"""WordprocessingML names and the small lxml helpers every part parser uses."""
from __future__ import annotations

from typing import Iterator, Optional

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def local_name(el) -> tuple[Optional[str], Optional[str]]:
    """(namespace, local name) of an element; (None, None) for comments and PIs."""
    tag = el.tag
    if not isinstance(tag, str):  # comment, processing instruction, entity
        return None, None
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return None, tag


def wval(el, default=None):
    """The ``w:val`` attribute of ``el`` (``default`` when ``el`` is absent)."""
    if el is None:
        return default
    return el.get(W + "val", default)


def on(el) -> bool:
    """A w:ST_OnOff toggle element: present and not switched off."""
    return el is not None and el.get(W + "val", "true") not in ("0", "false", "off")


def on_attr(v) -> bool:
    return v in ("1", "true", "on")


def to_int(s, default=0) -> int:
    try:
        return int(s)
    except (TypeError, ValueError):
        return default


def int_hex(s) -> Optional[int]:
    try:
        return int(s, 16)
    except (TypeError, ValueError):
        return None


def steps(parent) -> Iterator[tuple[etree._Element, str]]:
    """Children of ``parent`` with their XPath step (``p[3]``), counting same-name siblings."""
    counts: dict[str, int] = {}
    for ch in parent:
        ns, local = local_name(ch)
        if local is None:
            continue
        key = ch.tag
        counts[key] = counts.get(key, 0) + 1
        prefix = "" if ns == W_NS else ("mc:" if ns == MC_NS else "")
        yield ch, f"{prefix}{local}[{counts[key]}]"


def alternate_branch(ac):
    """The branch of mc:AlternateContent to read: the first Choice, else the Fallback."""
    choice = ac.find("{%s}Choice" % MC_NS)
    if choice is not None:
        return choice
    return ac.find("{%s}Fallback" % MC_NS)
