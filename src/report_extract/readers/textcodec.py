"""Decoding bytes of text-like formats (plain text, HTML) without guessing wildly.

Chinese government sites publish UTF-8 and GBK/GB18030; a declared charset
wins, otherwise UTF-8 is tried strictly before GB18030.
"""
from __future__ import annotations

import codecs
import re

from ..model import ReaderError

_DECLARED = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_PROBE = b'<meta charset="gb2312"> 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ'
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "utf8": "utf-8"}


def declared_charset(data: bytes) -> str | None:
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    name = _ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
        # only a text encoding that spells ASCII as ASCII can be declared in ASCII bytes
        # (this rules out rot13/hex/zlib, utf-16/32, idna, undefined, ...)
        if not getattr(info, "_is_text_encoding", True) or _PROBE.decode(info.name) != _PROBE.decode("ascii"):
            return None
    except (LookupError, UnicodeError, ValueError):
        return None
    return name


def decode(data: bytes, name: str, *, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding); ReaderError('undecodable') when no candidate fits."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if b"\x00" in data[:4096]:
        raise ReaderError("undecodable", f"{name}: binary data (NUL bytes), not text")
    candidates = [c for c in (declared, "utf-8", "gb18030") if c]
    for enc in dict.fromkeys(candidates):
        try:
            return data.decode(enc), enc
        except (UnicodeError, LookupError):  # UnicodeDecodeError, and codecs that fail otherwise
            continue
    raise ReaderError("undecodable", f"{name}: bytes are neither UTF-8 nor GB18030 text")
