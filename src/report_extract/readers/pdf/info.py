"""The PDF's document information dictionary (/Info), decoded to plain strings."""
from __future__ import annotations


def _decode(v) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    v = resolve1(v)
    if isinstance(v, PSLiteral):
        return str(v.name)
    if isinstance(v, bytes):
        if v.startswith(b"\xfe\xff"):
            return v[2:].decode("utf-16-be", "replace")
        if v.startswith(b"\xff\xfe"):  # WPS writes little-endian UTF-16
            return v[2:].decode("utf-16-le", "replace")
        if v.startswith(b"\xef\xbb\xbf"):
            return v[3:].decode("utf-8", "replace")
        try:
            return v.decode("utf-8")
        except UnicodeDecodeError:
            return decode_text(v)
    return str(v)


def info_dict(pdf) -> dict:
    out: dict = {}
    try:
        for d in pdf.doc.info:
            for k, v in d.items():
                try:
                    s = _decode(v).replace("\x00", "").strip()
                except MemoryError:
                    raise
                except Exception:  # one undecodable entry does not lose the others
                    continue
                if s:
                    out[str(k)] = s
    except MemoryError:
        raise
    except Exception:  # a damaged info dict: the document is still read
        pass
    return out
