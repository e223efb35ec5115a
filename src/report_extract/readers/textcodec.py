"""Decoding bytes of text-like formats (plain text, HTML) without guessing wildly.

Chinese government sites publish UTF-8 and GBK/GB18030; a declared charset
wins, otherwise UTF-8 is tried strictly before GB18030. A few bad bytes never
cost a document: when no candidate decodes strictly, the one with the fewest
invalid bytes is used with U+FFFD in their place, stray NUL bytes are dropped,
and both are listed by byte offset as read problems (``errors`` of the output).
Bytes that are mostly invalid, or mostly NUL, are not text: ReaderError.
"""
from __future__ import annotations

import codecs
import re
import threading
from bisect import bisect_right
from pathlib import Path
from typing import Callable, Optional

from ..model import ReadProblem, ReaderError
from ..settings import DECODE, DecodeSettings

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


# --------------------------------------------------------------------------- bad-byte bookkeeping

_SPANS = threading.local()  # the decode in progress on this thread: where its invalid bytes are


class _TooMany(Exception):
    pass


def _record(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)  # registered for decoding only
    spans, limit = _SPANS.spans, _SPANS.limit
    spans.append((err.start, err.end))
    _SPANS.bad += err.end - err.start
    if _SPANS.bad > limit:
        raise _TooMany
    return "\ufffd", err.end


codecs.register_error("report_extract.record", _record)


def _decode_recording(data: bytes, enc: str, limit: float) -> Optional[tuple[str, list[tuple[int, int]]]]:
    """``data`` decoded with U+FFFD for invalid bytes and their spans; None past ``limit`` bad bytes."""
    _SPANS.spans, _SPANS.bad, _SPANS.limit = [], 0, limit
    try:
        return data.decode(enc, errors="report_extract.record"), _SPANS.spans
    except (_TooMany, LookupError, UnicodeError):
        return None
    finally:
        _SPANS.spans = []


def _bad(spans: list[tuple[int, int]]) -> int:
    return sum(b - a for a, b in spans)


def _ranges(offsets: list[tuple[int, int]], listed: int) -> str:
    """``12, 40-41, …``: inclusive byte ranges, adjacent spans joined, at most ``listed`` spelled out."""
    merged: list[list[int]] = []
    for a, b in offsets:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    parts = [f"{a}" if b - a == 1 else f"{a}-{b - 1}" for a, b in merged[:listed]]
    if len(merged) > listed:
        parts.append(f"and {len(merged) - listed} more")
    return ", ".join(parts)


def _drop_nuls(data: bytes, name: str, settings: DecodeSettings, problems: list) -> tuple[bytes, list[int]]:
    if b"\x00" not in data:
        return data, []
    nuls = [m.start() for m in re.finditer(b"\x00", data)]
    if len(nuls) > settings.max_nul_share * len(data):
        raise ReaderError("undecodable", f"{name}: binary data (NUL bytes), not text")
    where = _ranges([(i, i + 1) for i in nuls], settings.max_offsets_listed)
    problems.append(ReadProblem("nul_bytes", f"{name}: {len(nuls)} NUL byte(s) dropped at byte offsets {where}",
                                f"bytes {where}"))
    return data.replace(b"\x00", b""), nuls


def _original(offset: int, nuls: list[int]) -> int:
    """An offset in the NUL-free bytes as an offset in the file (the NULs before it added back)."""
    k = 0
    while True:  # each dropped NUL at or before the position moves it one byte further into the file
        n = bisect_right(nuls, offset + k)
        if n == k:
            return offset + k
        k = n


def _choose(body: bytes, candidates: list[str], settings: DecodeSettings, forced: bool):
    """(text, encoding, bad spans) of the first candidate whose bad bytes are a small share of the
    non-ASCII bytes (UTF-8 cut by a truncated download must not fall through to GB18030, which
    often decodes UTF-8 bytes into strict nonsense), else of the candidate with the fewest bad
    bytes when they are a small share of all bytes (an ASCII page with one stray byte); else None."""
    non_ascii = len(body.translate(None, bytes(range(128))))  # ASCII deleted
    fewest = None
    for enc in candidates:
        try:
            return body.decode(enc), enc, []
        except (UnicodeError, LookupError):  # UnicodeDecodeError, and codecs that fail otherwise
            pass
        limit = len(body) if forced else settings.max_bad_share * len(body)
        if fewest is not None:
            limit = min(limit, _bad(fewest[2]) - 1)  # only a candidate with fewer bad bytes replaces it
        got = _decode_recording(body, enc, limit)
        if got is None:
            continue
        if _bad(got[1]) <= settings.max_bad_share * non_ascii:
            return got[0], enc, got[1]
        fewest = (got[0], enc, got[1])
    return fewest


def decode(data: bytes, name: str, *, declared: str | None = None, problems: Optional[list] = None,
           settings: DecodeSettings = DECODE) -> tuple[str, str]:
    """Return (text, encoding); ReaderError('undecodable') when no candidate fits, 'empty' for no text.

    Invalid bytes (replaced) and NUL bytes (dropped) are appended to ``problems`` as
    ReadProblems naming their byte offsets in the file."""
    problems = problems if problems is not None else []
    start = 0
    if data.startswith(codecs.BOM_UTF8):
        candidates, start, forced = ["utf-8"], 3, True
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates, forced = ["utf-16"], True  # NUL bytes are half of UTF-16 text
    else:
        candidates, forced = list(dict.fromkeys(c for c in (declared, "utf-8", "gb18030") if c)), False
    body, nuls = (data, []) if forced and candidates == ["utf-16"] else _drop_nuls(data, name, settings, problems)
    body = body[start:]
    best = _choose(body, candidates, settings, forced)
    if best is None:
        raise ReaderError("undecodable", f"{name}: bytes are neither UTF-8 nor GB18030 text")
    text, enc, spans = best
    if spans:
        file_spans = [(_original(a + start, nuls), _original(b - 1 + start, nuls) + 1) for a, b in spans]
        where = _ranges(file_spans, settings.max_offsets_listed)
        n = _bad(spans)
        problems.append(ReadProblem("bad_bytes", f"{name}: {n} byte(s) invalid in {enc} replaced by U+FFFD "
                                                 f"at byte offsets {where}", f"bytes {where}"))
    if not text.strip():
        raise ReaderError("empty", f"{name}: no text, only whitespace")
    return text, enc


def read_text_file(path: Path, what: str, max_bytes: int,
                   charset_of: Optional[Callable[[bytes], Optional[str]]] = None) -> tuple[str, str, list]:
    """A text-like file (text dump, HTML page) as (text, encoding, read problems): the size bound
    first, then the decoding, whose replaced bad bytes and dropped NULs are the problems."""
    size = path.stat().st_size
    if size > max_bytes:
        raise ReaderError("too_large", f"{path.name}: {size} bytes is more than the {max_bytes} byte limit for {what}")
    data = path.read_bytes()
    problems: list = []
    text, encoding = decode(data, path.name, declared=charset_of(data) if charset_of else None, problems=problems)
    return text, encoding, problems
