"""Seeded mutations of sound documents, for benchmarks/fuzz.py.

Each mutator takes the bytes of a sound file and a ``random.Random`` and
returns the mutant's bytes. Generic mutators work on any file; the others
know the container: a member of a sound zip (.docx), the xref table and
streams of a PDF, the markup and charset declaration of an HTML page.
"""
from __future__ import annotations

import io
import random
import re
import zipfile
from typing import Callable

Mutator = Callable[[bytes, random.Random], bytes]


def _span(data: bytes, r: random.Random, most: int = 4096) -> tuple[int, int]:
    start = r.randrange(len(data))
    return start, min(len(data), start + r.randint(1, max(1, min(most, len(data) // 4))))


# ------------------------------------------------------------------ any file


def flip_bit(data: bytes, r: random.Random) -> bytes:
    """One bit of one byte: the mutant differs from its base by one byte."""
    i = r.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << r.randrange(8))]) + data[i + 1:]


def set_byte(data: bytes, r: random.Random) -> bytes:
    """One byte set to another value: the mutant differs from its base by one byte."""
    i = r.randrange(len(data))
    return data[:i] + bytes([(data[i] + r.randint(1, 255)) % 256]) + data[i + 1:]


def flip_bits(data: bytes, r: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(r.randint(2, 32)):
        b[r.randrange(len(b))] ^= 1 << r.randrange(8)
    return bytes(b)


def truncate(data: bytes, r: random.Random) -> bytes:
    return data[:r.randint(1, len(data) - 1)]


def delete_chunk(data: bytes, r: random.Random) -> bytes:
    a, b = _span(data, r)
    return data[:a] + data[b:]


def duplicate_chunk(data: bytes, r: random.Random) -> bytes:
    a, b = _span(data, r)
    return data[:b] + data[a:b] + data[b:]


def insert_junk(data: bytes, r: random.Random) -> bytes:
    i = r.randrange(len(data))
    return data[:i] + r.randbytes(r.randint(1, 512)) + data[i:]


GENERIC: dict[str, Mutator] = {"flip_bit": flip_bit, "set_byte": set_byte, "flip_bits": flip_bits,
                               "truncate": truncate, "delete_chunk": delete_chunk,
                               "duplicate_chunk": duplicate_chunk, "insert_junk": insert_junk}
ONE_BYTE = ("flip_bit", "set_byte")

# ------------------------------------------------------------------ markup (XML parts, HTML)

_TAG = re.compile(rb"<[^<>]{1,200}>")
_VALUE = re.compile(rb'(w:val|colspan|rowspan|w:numId|w:ilvl)="([^"]*)"', re.IGNORECASE)
ODD_VALUES = [b"-1", b"0", b"99999999", b"abc", b"", b"1e9", b"2147483648", b"\xe4\xb8\x80"]


def drop_tag(data: bytes, r: random.Random) -> bytes:
    tags = list(_TAG.finditer(data))
    if not tags:
        return delete_chunk(data, r)
    m = r.choice(tags)
    return data[:m.start()] + data[m.end():]


def duplicate_tag(data: bytes, r: random.Random) -> bytes:
    tags = list(_TAG.finditer(data))
    if not tags:
        return duplicate_chunk(data, r)
    m = r.choice(tags)
    return data[:m.end()] + m.group(0) * r.randint(1, 50) + data[m.end():]


def odd_value(data: bytes, r: random.Random) -> bytes:
    vals = list(_VALUE.finditer(data))
    if not vals:
        return drop_tag(data, r)
    m = r.choice(vals)
    return data[:m.start(2)] + r.choice(ODD_VALUES) + data[m.end(2):]


MARKUP: dict[str, Mutator] = {"drop_tag": drop_tag, "duplicate_tag": duplicate_tag, "odd_value": odd_value,
                              "truncate": truncate, "delete_chunk": delete_chunk, "flip_bits": flip_bits}

# ------------------------------------------------------------------ .docx: a sound zip around a mutated part

DOCX_PARTS = ("word/document.xml",) * 6 + ("word/styles.xml", "word/numbering.xml", "word/_rels/document.xml.rels",
                                           "[Content_Types].xml", "_rels/.rels", "docProps/core.xml")


def zip_member(data: bytes, r: random.Random) -> bytes:
    """Rezip the package (sound CRCs and directory) with one XML part mutated."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    target = r.choice([n for n in DOCX_PARTS if n in names] or names)
    kind = r.choice(sorted(MARKUP))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == target:
                body = MARKUP[kind](body, r) if body else body
            zf.writestr(info.filename, body)
    return out.getvalue()


# ------------------------------------------------------------------ PDF: xref and streams

_XREF = re.compile(rb"xref\s*\n(.*?)trailer", re.DOTALL)
_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_LENGTH = re.compile(rb"/Length\s+(\d+)")


def _sub_digits(data: bytes, a: int, b: int, r: random.Random) -> bytes:
    digits = [i for i in range(a, b) if 48 <= data[i] <= 57]
    if not digits:
        return flip_bits(data, r)
    out = bytearray(data)
    for i in r.sample(digits, min(len(digits), r.randint(1, 6))):
        out[i] = 48 + r.randrange(10)
    return bytes(out)


def pdf_xref(data: bytes, r: random.Random) -> bytes:
    m = _XREF.search(data)
    if m is None or r.random() < 0.3:
        m = _STARTXREF.search(data)
        if m is None:
            return truncate(data, r)
        return _sub_digits(data, m.start(1), m.end(1), r)
    if r.random() < 0.2:  # no xref table at all
        return data[:m.start()] + data[m.end(1):]
    return _sub_digits(data, m.start(1), m.end(1), r)


def pdf_stream(data: bytes, r: random.Random) -> bytes:
    streams = [m for m in _STREAM.finditer(data) if m.end(1) > m.start(1)]
    if not streams:
        return flip_bits(data, r)
    m = r.choice(streams)
    inner = data[m.start(1):m.end(1)]
    inner = r.choice([flip_bits, truncate if len(inner) > 1 else flip_bits, delete_chunk, insert_junk])(inner, r)
    return data[:m.start(1)] + inner + data[m.end(1):]


def pdf_length(data: bytes, r: random.Random) -> bytes:
    lengths = list(_LENGTH.finditer(data))
    if not lengths:
        return pdf_stream(data, r)
    m = r.choice(lengths)
    return data[:m.start(1)] + str(r.choice([0, 1, 10**9, int(m.group(1)) * 2])).encode() + data[m.end(1):]


# ------------------------------------------------------------------ HTML: markup and charset

_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([\w-]*)", re.IGNORECASE)
CHARSETS = [b"utf-8", b"gbk", b"gb2312", b"big5", b"latin-1", b"utf-16", b"bogus-99", b""]
HTML_JUNK = [b"<!--", b"<table>", b"<td colspan=99999>", b"</table></table>", b"<script>", b"&#99999999;",
             b"<tr><td rowspan=-3>", b"\x00\x00", b"]]>", b"<![CDATA["]


def html_charset(data: bytes, r: random.Random) -> bytes:
    m = _CHARSET.search(data)
    if m is None:
        return b'<meta charset="' + r.choice(CHARSETS) + b'">' + data
    if r.random() < 0.2:  # no declaration
        return data[:m.start()] + data[m.end():]
    return data[:m.start(1)] + r.choice(CHARSETS) + data[m.end(1):]


def html_junk(data: bytes, r: random.Random) -> bytes:
    i = r.randrange(len(data))
    return data[:i] + r.choice(HTML_JUNK) + data[i:]


# ------------------------------------------------------------------ text dumps

def text_lines(data: bytes, r: random.Random) -> bytes:
    lines = data.split(b"\n")
    i = r.randrange(len(lines))
    op = r.randrange(3)
    if op == 0:
        del lines[i]
    elif op == 1:
        lines.insert(i, lines[i])
    else:
        lines[i] = lines[i].replace(b" ", b"\t")
    return b"\n".join(lines)


def text_encoding(data: bytes, r: random.Random) -> bytes:
    """Part of the text in another encoding (a dump glued from two sources)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return flip_bits(data, r)
    cut = r.randrange(len(text))
    return text[:cut].encode("utf-8") + text[cut:].encode(r.choice(["gbk", "utf-16-le", "big5"]), "replace")


BY_FORMAT: dict[str, dict[str, Mutator]] = {
    "docx": {**GENERIC, "zip_member": zip_member},
    "pdf": {**GENERIC, "pdf_xref": pdf_xref, "pdf_stream": pdf_stream, "pdf_length": pdf_length},
    "html": {**GENERIC, **{f"html_{k}": v for k, v in MARKUP.items()}, "html_charset": html_charset,
             "html_junk": html_junk},
    "txt": {**GENERIC, "text_lines": text_lines, "text_encoding": text_encoding},
}
# container-aware mutations are drawn this much more often than each generic one
WEIGHT = {"zip_member": 6, "pdf_xref": 3, "pdf_stream": 3, "pdf_length": 2, "html_charset": 3, "html_junk": 2}
