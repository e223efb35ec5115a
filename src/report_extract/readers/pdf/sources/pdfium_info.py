"""One /Info entry through PDFium, decoded as :mod:`..info` decodes pdfminer's bytes.

PDFium decodes a string with a UTF-16 byte-order mark (either order) or a
UTF-8 one itself; a string without one it reads as PDFDocEncoding. Some
producers write bare UTF-8 there, which :func:`..info._decode` tries first:
such a string is taken back to its bytes and read as UTF-8 when it is that.
"""
from __future__ import annotations

import ctypes


def _pdfdoc_bytes(s: str):
    from pdfminer.psparser import PSLiteral  # noqa: F401  (pdfminer is there with pdfplumber)
    from pdfminer.utils import PDFDocEncoding

    inverse = {ch: i for i, ch in enumerate(PDFDocEncoding)}
    try:
        return bytes(inverse[ch] for ch in s)
    except KeyError:
        return None


def meta_text(raw, doc, key: str) -> str:
    tag = key.encode("ascii") + b"\x00"
    n = raw.FPDF_GetMetaText(doc, tag, None, 0)
    if n <= 2:
        return ""
    buf = ctypes.create_string_buffer(n)
    raw.FPDF_GetMetaText(doc, tag, buf, n)
    s = buf.raw[: n - 2].decode("utf-16-le", "replace")
    if any(ord(ch) > 0x7F for ch in s) and all(ord(ch) < 0x100 or ch in "\u2018\u2019\u201c\u201d" for ch in s):
        b = _pdfdoc_bytes(s)
        if b is not None:
            try:
                s = b.decode("utf-8")
            except UnicodeDecodeError:
                pass
    return s.replace("\x00", "").strip()
