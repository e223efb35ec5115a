"""Readers: one module per file format, each turning a file into a Document.

The format is recognised from the bytes first (a mislabelled file is read as
what it is) and from the extension second: :mod:`.sniff`.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from ..model import Document, ReaderError

# format -> module under report_extract.readers exposing ``read(path) -> Document``
READERS = {
    "pdf": "pdf",
    "docx": "word",
    "doc": "word.legacy",
    "wps": "word.legacy",
    "html": "html",
    "txt": "text",
}

EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "doc",
    ".wps": "wps",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",  # Markdown from PDF-to-Markdown converters: pipe tables are read as text
    ".markdown": "txt",
}

SUPPORTED = sorted(EXTENSIONS)


def sniff_format(path: Path, head: bytes) -> str:
    """The format to read a file as, from its first bytes (see :mod:`.sniff`); ReaderError when
    the bytes are no report format (an image, an archive, a damaged OLE2 file)."""
    from .sniff import sniff

    found = sniff(path, head)
    if found.format is None:
        raise ReaderError(found.kind, found.message)
    return found.format


def read(path: str | Path, pdf_engine: str | None = None) -> Document:
    """Read any supported file into a Document; raises ReaderError with a one-line reason.

    ``pdf_engine`` chooses what parses a PDF (see :mod:`.pdf.sources`); other formats ignore it."""
    p = Path(path)
    try:
        if not p.exists():
            raise ReaderError("not_found", f"no such file: {p}")
        if not p.is_file():
            raise ReaderError("not_a_file", f"not a regular file: {p}")
        with p.open("rb") as fh:
            head = fh.read(8192)
    except OSError as e:  # permission denied, I/O error, name too long, ...
        raise ReaderError("unreadable", f"cannot read {p.name}: {e.strerror or type(e).__name__}") from None
    if not head:
        raise ReaderError("empty", f"empty file: {p.name}")
    fmt = sniff_format(p, head)
    module = importlib.import_module(f".{READERS[fmt]}", __name__)
    try:
        doc = module.read(p, engine=pdf_engine) if fmt == "pdf" else module.read(p)
    except OSError as e:  # the file went away or became unreadable while it was read
        raise ReaderError("unreadable", f"cannot read {p.name}: {e.strerror or type(e).__name__}") from None
    doc.format = doc.format or fmt
    return doc
