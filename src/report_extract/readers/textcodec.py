"""Decoding bytes of text-like formats (plain text, HTML) without guessing wildly.

Chinese government sites publish UTF-8 and GBK/GB18030; a declared charset
wins, otherwise UTF-8 is tried strictly before GB18030. A few damaged bytes
(a character cut off by a truncated download, a flipped bit, a stray NUL) do
not cost the document: when no candidate decodes cleanly, the one with the
fewest bad bytes is used with them replaced (U+FFFD), and a problem says so.
"""
from __future__ import annotations

import codecs
import re

from ..model import ReaderError, ReadProblem

_DECLARED = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_PROBE = b'<meta charset="gb2312"> 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ'
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "utf8": "utf-8"}
# at most this share of a text's bytes may be damaged (undecodable or NUL) before it is "not text"
MAX_DAMAGED_SHARE = 0.01  # more and it is not text (GB18030 reads most byte pairs: keep this low)
MAX_NULS_IN_HEAD = 8  # more NUL bytes than this in the first 4 KiB: binary data


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


def _damage(data: bytes, enc: str) -> int:
    """How many invalid sequences ``data`` has in ``enc`` (more than its length when it is no codec)."""
    try:
        return data.decode(enc, errors="replace").count("\ufffd") - data.decode(enc, errors="ignore").count("\ufffd")
    except (UnicodeError, LookupError, ValueError):
        return len(data) + 1


def decode(data: bytes, name: str, *, declared: str | None = None,
           problems: list | None = None) -> tuple[str, str]:
    """Return (text, encoding); ReaderError('undecodable') when no candidate fits.

    With ``problems``, damaged bytes that were replaced are noted there."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if data[:4096].count(b"\x00") > MAX_NULS_IN_HEAD:
        raise ReaderError("undecodable", f"{name}: binary data (NUL bytes), not text")
    allowed = max(1, int(len(data) * MAX_DAMAGED_SHARE))
    nuls = data.count(b"\x00")
    candidates = [c for c in (declared, "utf-8", "gb18030") if c]
    for enc in dict.fromkeys(candidates):
        try:
            text = data.decode(enc)
        except (UnicodeError, LookupError):  # UnicodeDecodeError, and codecs that fail otherwise
            continue
        if nuls:
            text = text.replace("\x00", "")
            _note(problems, name, f"{nuls} NUL bytes dropped")
        return text, enc
    bad, _, enc = min((_damage(data, enc), k, enc) for k, enc in enumerate(dict.fromkeys(candidates)))
    if bad + nuls > allowed:
        raise ReaderError("undecodable", f"{name}: bytes are neither UTF-8 nor GB18030 text")
    _note(problems, name, f"{bad} byte sequences are not valid {enc} (damaged or cut off), {nuls} NUL bytes; "
                          "read with them replaced")
    return data.decode(enc, errors="replace").replace("\x00", ""), enc


def _note(problems: list | None, name: str, what: str) -> None:
    if problems is not None:
        problems.append(ReadProblem("damaged_text", f"{name}: {what}"))
