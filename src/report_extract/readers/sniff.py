"""What a file is, from its bytes: the format to read it as, or what it is instead.

The extension says what the sender thought the file was; the bytes say what it
is. Every caller (``extract``, ``batch``'s discovery and planning) asks this
module, so a mislabelled file is read the same way everywhere, and a file that
is no report at all is named for what it is ("a PNG image, not a PDF").
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from . import EXTENSIONS, SUPPORTED

HEAD_BYTES = 8192

# what the user thought the file was, for "…, not a PDF"
FORMAT_NAMES = {
    "pdf": "a PDF", "docx": "a Word document (.docx)", "doc": "a Word 97-2003 document (.doc)",
    "wps": "a WPS document (.wps)", "html": "an HTML page", "txt": "a text file",
}

# leading bytes of files that are not reports: (magic, offset, what it is)
NOT_REPORTS = (
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"WEBP", 8, "a WebP image"),
    (b"\x1f\x8b", 0, "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"BZh", 0, "a bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "an xz archive"),
    (b"%!PS", 0, "a PostScript file"),
    (b"\x7fELF", 0, "a program (ELF executable)"),
    (b"MZ", 0, "a Windows program"),
    (b"SQLite format 3\x00", 0, "an SQLite database"),
    (b"ftyp", 4, "a video (MP4/QuickTime)"),
    (b"ID3", 0, "an MP3 audio file"),
    (b"OggS", 0, "an Ogg audio/video file"),
    (b"MIME-Version:", 0, "an MHTML web archive (a page saved by a browser or by Word as one file)"),
)
IMAGE_HINT = " (a scanned report needs OCR into a PDF with a text layer first)"

# members of a zip that say which kind of package it is (only Word packages are read)
ZIP_PACKAGES = (
    ("word/document.xml", None),
    ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    ("content.xml", "an OpenDocument file (.odt/.ods)"),
    ("META-INF/container.xml", "an EPUB e-book"),
)

# streams of an OLE2 compound file: a Word (or WPS) document, an encrypted OOXML package
# (the .docx reader says it is password-protected), or another Office file
OLE_DOCUMENT_STREAMS = ("WordDocument", "CONTENTS", "EncryptedPackage")
OLE_OTHER_STREAMS = (
    ("Workbook", "an Excel workbook (.xls)"),
    ("Book", "an Excel workbook (.xls)"),
    ("PowerPoint Document", "a PowerPoint presentation (.ppt)"),
    ("VisioDocument", "a Visio drawing"),
)

# markup that only an HTML page has: at the start of the file, or anywhere as a structural tag
_HTML_START = (b"<!doctype html", b"<html", b"<head", b"<meta", b"<body", b"<table", b"<div", b"<p", b"<!--",
               b"<title", b"<style", b"<script")
_HTML_TAG = re.compile(rb"<(?:html|body|table)[\s>/]", re.I)


@dataclass(frozen=True)
class Sniffed:
    """The format to read (None: not read), what the bytes are, and why not when not."""

    format: Optional[str]
    what: str
    kind: str = "unsupported"
    message: str = ""


def _name_of(fmt: Optional[str]) -> str:
    return FORMAT_NAMES.get(fmt or "", "")


def _refuse(path: Path, what: str, hint: str = "") -> Sniffed:
    expected = EXTENSIONS.get(path.suffix.lower())
    if expected:
        message = f"{path.name} is {what}, not {_name_of(expected)}{hint}"
    else:
        message = f"{path.name} is {what}{hint}; read are: {' '.join(SUPPORTED)}"
    return Sniffed(None, what, "unsupported", message)


def _zip(path: Path) -> Sniffed:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except Exception:  # damaged or cut short: the Word reader says how
        return Sniffed("docx", "a zip archive")
    for member, what in ZIP_PACKAGES:
        if member in names:
            return Sniffed("docx", "a Word document") if what is None else _refuse(path, what)
    return Sniffed("docx", "a zip archive")  # no known part: the Word reader says which is missing


def _ole2(path: Path, ext: Optional[str]) -> Sniffed:
    import olefile  # type: ignore[import-untyped]

    word = ext if ext in ("doc", "wps") else "doc"
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(s) for s in ole.listdir(streams=True, storages=False)}
    except Exception as e:
        if _names_encryption(path):  # a password-protected file: its reader says so, whatever else is odd
            return Sniffed(word, "an encrypted Office file")
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        return Sniffed(None, "a damaged OLE2 compound file", "corrupt",
                       f"{path.name}: damaged or not a Word file: the OLE2 container (of .doc/.wps files) "
                       f"does not parse ({reason})")
    if any(s in streams for s in OLE_DOCUMENT_STREAMS):
        return Sniffed(word, "an OLE2 document")
    for stream, what in OLE_OTHER_STREAMS:
        if stream in streams:
            return _refuse(path, what)
    if _names_encryption(path):
        return Sniffed(word, "an encrypted Office file")
    return Sniffed(None, "an OLE2 compound file", "corrupt",
                   f"{path.name}: damaged or not a Word file: an OLE2 container with no Word document in it")


def _names_encryption(path: Path, limit: int = 64 * 1024 * 1024) -> bool:
    """The directory of an encrypted OOXML package names these streams (in UTF-16LE)."""
    with path.open("rb") as fh:
        data = fh.read(limit)
    return any(n.encode("utf-16-le") in data for n in ("EncryptedPackage", "EncryptionInfo"))


_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _looks_like_text(head: bytes) -> bool:
    """UTF-8 or GB18030 without control characters (only for files whose extension says nothing)."""
    if _CONTROL.search(head):
        return False
    for enc in ("utf-8", "gb18030"):
        try:
            head.decode(enc)
            return True
        except UnicodeDecodeError as e:
            if enc == "utf-8" and e.start >= len(head) - 4:  # a character cut by the end of the head
                return True
    return False


def looks_like_html(head: bytes) -> bool:
    """Markup a text dump never has: a page that starts as HTML, or has html/body/table tags."""
    probe = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith(b"<?xml"):
        return b"<html" in probe
    return probe.startswith(_HTML_START) or _HTML_TAG.search(head) is not None


def sniff(path: Path, head: bytes) -> Sniffed:
    """Name what ``path`` is from ``head`` (its first bytes) and, for containers, its directory."""
    ext = EXTENSIONS.get(path.suffix.lower())
    if head.find(b"%PDF-", 0, 1024) >= 0:
        return Sniffed("pdf", "a PDF")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip(path) if path.is_file() else Sniffed("docx", "a zip archive")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole2(path, ext) if path.is_file() else Sniffed(ext if ext in ("doc", "wps") else "doc", "OLE2")
    if head.startswith(b"{\\rtf"):
        return Sniffed("wps" if ext == "wps" else "doc", "an RTF document")  # LibreOffice converts it
    for magic, offset, what in NOT_REPORTS:
        if head[offset:offset + len(magic)] == magic:
            return _refuse(path, what, hint=IMAGE_HINT if what.endswith("image") else "")
    if looks_like_html(head):
        return Sniffed("html", "an HTML page")
    if ext:  # its reader says what is wrong when the bytes are not what the name says
        return Sniffed(ext, _name_of(ext))
    suffix = other_extension(path)
    if _looks_like_text(head):
        if not suffix:  # a crawler dump saved without an extension
            return Sniffed("txt", "a text file")
        return Sniffed(None, "a text file", "unsupported",
                       f"{path.name}: extension {suffix} is not read (its bytes are plain text: name it .txt "
                       f"to read it as a text dump)")
    return Sniffed(None, "binary data", "unsupported",
                   f"unknown format for {path.name} (binary data of no known kind); read are: {' '.join(SUPPORTED)}")


def other_extension(path: Path) -> str:
    """The file's extension when it is one of another kind of file (``.md``, ``.xlsx``), else "".

    Only letters and digits after the last dot, starting with a letter, count: ``report.2021``
    or ``报告.终稿`` have no extension."""
    suffix = path.suffix
    return suffix.lower() if re.fullmatch(r"\.[A-Za-z][A-Za-z0-9]{0,7}", suffix) else ""


def sniff_file(path: str | Path) -> Sniffed:
    """:func:`sniff` on a file; a file that cannot be opened is sniffed by its extension alone."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        head = b""
    if not head:
        ext = EXTENSIONS.get(p.suffix.lower())
        return Sniffed(ext, _name_of(ext) or "an empty or unreadable file")
    return sniff(p, head)
