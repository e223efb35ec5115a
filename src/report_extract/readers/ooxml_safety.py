"""Safety checks for Office files, run before anything decompresses or parses them.

A ``.docx`` is a zip archive of XML parts. A hostile one can be

* a zip bomb: a small archive whose members inflate to gigabytes, or simply
  a huge part. :func:`check_zip` refuses the archive from its central
  directory alone (declared sizes, compression ratios, member count) before
  any member is decompressed. Python's ``zipfile`` never inflates a member
  beyond its declared size, so the declared sizes are binding.
* an XML bomb ("billion laughs"): entity declarations in a DOCTYPE that
  expand exponentially. OOXML parts never carry a DOCTYPE, so
  :func:`check_xml_part` refuses any part that declares one, and
  :data:`SAFE_PARSER` never resolves entities, loads DTDs or touches the
  network.
* not a zip at all, or an encrypted Office file (an OLE2 compound file
  holding an ``EncryptedPackage`` stream): :func:`sniff_office` tells them
  apart so the reader can say which.
"""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..model import ReaderError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"

# What zipfile raises for a damaged archive or member, besides BadZipFile: a bad
# deflate stream (zlib.error), a member cut short (EOFError), a compression method
# it does not know (NotImplementedError), a name in bad UTF-8 (UnicodeDecodeError,
# a ValueError), a bogus offset or a struct that does not unpack.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError,
              ValueError, struct.error, RuntimeError, OverflowError)


@dataclass(frozen=True)
class Limits:
    """Size limits for an OOXML package and its tables; the defaults are far above any real report."""

    max_members: int = 5_000
    max_part_bytes: int = 256 * 1024 * 1024  # any single member, uncompressed
    max_xml_part_bytes: int = 64 * 1024 * 1024  # members we parse (.xml, .rels)
    max_total_bytes: int = 1024 * 1024 * 1024  # all members, uncompressed
    max_ratio: float = 200.0  # uncompressed / compressed, for members over ratio_floor
    ratio_floor: int = 1024 * 1024  # small members may compress as well as they like
    # tables: Word allows 63 grid columns; past these a table is hostile or broken
    max_span: int = 1000  # gridSpan, gridBefore, gridAfter
    max_table_area: int = 2_000_000  # grid positions of one table before spans are ignored


DEFAULT_LIMITS = Limits()

# Never resolve entities, never load a DTD, never touch the network, keep libxml2's
# own size guards (huge_tree=False).
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                              dtd_validation=False, huge_tree=False, remove_blank_text=False)
# the same, reading what it can of a part that is not well-formed (damaged bytes, cut short)
RECOVERING_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                    dtd_validation=False, huge_tree=False, remove_blank_text=False, recover=True)

_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def sniff_office(path: Path) -> str:
    """``zip``, ``ole2``, ``empty`` or ``other``, from the first bytes of the file."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        return "empty"
    if head.startswith(ZIP_MAGIC) or head.startswith(EMPTY_ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    return "other"


def is_encrypted_ole(path: Path, max_scan: int = 512 * 1024 * 1024) -> bool:
    """True for an OLE2 file that is an encrypted OOXML package (or says so).

    Password-protected .docx/.xlsx files are OLE2 compound files with the
    streams ``EncryptionInfo`` and ``EncryptedPackage``; their directory
    entries store the names in UTF-16LE. An encrypted legacy .doc sets
    ``fEncrypted`` in its FIB; :func:`doc_fib_encrypted` checks that.
    """
    size = path.stat().st_size
    if size > max_scan:
        return False
    data = path.read_bytes()
    if not data.startswith(OLE2_MAGIC):
        return False
    return ("EncryptedPackage".encode("utf-16-le") in data
            or "EncryptionInfo".encode("utf-16-le") in data)


def check_zip(path: Path, limits: Limits = DEFAULT_LIMITS, what: str = ".docx") -> zipfile.ZipFile:
    """Open ``path`` as a zip and refuse it, from its central directory alone, when it is
    too big to inflate safely. Returns the open ZipFile (the caller closes it)."""
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        raise ReaderError("corrupt", f"{path.name} is not a valid {what} (not a zip archive: {_one_line(e)})") from None
    except OSError as e:
        raise ReaderError("corrupt", f"{path.name} could not be opened: {_one_line(e)}") from None
    except ZIP_ERRORS as e:
        raise ReaderError("corrupt", f"{path.name} is not a valid {what} (damaged zip directory: "
                                     f"{type(e).__name__}: {_one_line(e)})") from None
    try:
        infos = zf.infolist()
        if len(infos) > limits.max_members:
            raise ReaderError("too_large", f"{path.name}: refused, the archive has {len(infos)} members "
                                           f"(limit {limits.max_members})")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise ReaderError("encrypted", f"{path.name}: member {info.filename} is encrypted")
            size = info.file_size
            name = info.filename
            is_xml = name.lower().endswith((".xml", ".rels"))
            limit = limits.max_xml_part_bytes if is_xml else limits.max_part_bytes
            if size > limit:
                raise ReaderError("too_large", f"{path.name}: refused, part {name} inflates to {_mib(size)} "
                                               f"(limit {_mib(limit)})")
            if size > limits.ratio_floor:
                ratio = size / max(info.compress_size, 1)
                if ratio > limits.max_ratio:
                    raise ReaderError("too_large", f"{path.name}: refused as a zip bomb, part {name} inflates "
                                                   f"{ratio:.0f}x to {_mib(size)} (limit {limits.max_ratio:.0f}x)")
            total += size
            if total > limits.max_total_bytes:
                raise ReaderError("too_large", f"{path.name}: refused, the parts inflate to more than "
                                               f"{_mib(limits.max_total_bytes)} in all")
    except BaseException:
        zf.close()
        raise
    return zf


def check_xml_part(data: bytes, name: str, doc_name: str) -> None:
    """Refuse a part that declares a DOCTYPE or entities (OOXML never does)."""
    # The prolog comes before the root element; look at the bytes up to it, in
    # UTF-8 and UTF-16 spellings (libxml2 accepts both).
    head = data[:65536]
    candidates = [head]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00<\x00" in head[:8] or b"<\x00" in head[:4]:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                candidates.append(head.decode(enc, errors="ignore").encode("utf-8"))
            except Exception:  # pragma: no cover
                pass
    for c in candidates:
        if _DOCTYPE.search(c):
            raise ReaderError("unsafe", f"{doc_name}: refused, part {name} declares a DOCTYPE/entities "
                                        "(possible XML entity-expansion bomb)")


def _refuse_declarations(data: bytes, name: str, doc_name: str) -> None:
    """:func:`check_xml_part`, then the whole part (not just its prolog): markup declarations
    cannot occur anywhere in a well-formed OOXML part except inside comments or CDATA, which
    Office never writes."""
    check_xml_part(data, name, doc_name)
    if _DOCTYPE.search(data) or (b"\x00" in data[:4] and _DOCTYPE.search(data.replace(b"\x00", b""))):
        raise ReaderError("unsafe", f"{doc_name}: refused, part {name} declares a DOCTYPE/entities "
                                    "(possible XML entity-expansion bomb)")


def parse_xml_part(data: bytes, name: str, doc_name: str) -> etree._Element:
    """Parse one part with :data:`SAFE_PARSER` once it has no markup declarations."""
    _refuse_declarations(data, name, doc_name)
    try:
        root = etree.fromstring(data, SAFE_PARSER)
    except etree.XMLSyntaxError as e:
        raise ReaderError("corrupt", f"{doc_name}: part {name} is not well-formed XML ({e})") from None
    assert_no_doctype(root, name, doc_name)
    return root


def recover_xml_part(data: bytes, name: str, doc_name: str) -> etree._Element | None:
    """What the recovering parser reads of a damaged part (after the same DOCTYPE checks), or None."""
    _refuse_declarations(data, name, doc_name)
    try:
        root = etree.fromstring(data, RECOVERING_PARSER)
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    assert_no_doctype(root, name, doc_name)
    return root


def assert_no_doctype(root: etree._Element, name: str, doc_name: str) -> None:
    """Refuse an already-parsed part whose tree carries a DOCTYPE (belt and braces)."""
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise ReaderError("unsafe", f"{doc_name}: refused, part {name} declares a DOCTYPE/entities "
                                    "(possible XML entity-expansion bomb)")


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split())[:200]


def read_member(zf: zipfile.ZipFile, name: str, limits: Limits = DEFAULT_LIMITS, max_bytes: int | None = None) -> bytes:
    """Read one member, never more than the XML part limit (declared sizes were checked),
    or only its first ``max_bytes``. A missing member raises KeyError; a member that
    cannot be decompressed (bad CRC, bad deflate data, unknown method, cut short)
    raises ReaderError("corrupt")."""
    doc_name = Path(zf.filename).name if zf.filename else "the document"
    limit = limits.max_xml_part_bytes if max_bytes is None else max_bytes
    try:
        with zf.open(name) as fh:
            data = fh.read(limit + 1)
    except KeyError:
        raise
    except ZIP_ERRORS as e:
        raise ReaderError("corrupt", f"{doc_name}: part {name} cannot be decompressed "
                                     f"({type(e).__name__}: {_one_line(e)})") from None
    if max_bytes is not None:
        return data[:max_bytes]
    if len(data) > limit:
        raise ReaderError("too_large", f"{doc_name}: part {name} is larger than {_mib(limit)}")
    return data


def read_member_salvaged(zf: zipfile.ZipFile, name: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """What can be read of a damaged member: its bytes up to the point where inflating fails,
    whatever its CRC-32 says (a damaged byte). ReaderError("corrupt") when nothing can be read.

    zipfile checks the CRC only when it reaches the end of the member; the check is
    switched off for this one read (``_expected_crc`` is how CPython's ZipExtFile keeps it)."""
    doc_name = Path(zf.filename).name if zf.filename else "the document"
    chunks: list[bytes] = []
    total = 0
    try:
        with zf.open(name) as fh:
            fh._expected_crc = None  # type: ignore[attr-defined]
            while total <= limits.max_xml_part_bytes:
                try:
                    chunk = fh.read(4096)  # small reads: an error costs only the last of them
                except ZIP_ERRORS:
                    break  # the deflate stream is damaged here: keep what came before
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
    except ZIP_ERRORS as e:
        raise ReaderError("corrupt", f"{doc_name}: part {name} cannot be decompressed "
                                     f"({type(e).__name__}: {_one_line(e)})") from None
    if total > limits.max_xml_part_bytes:
        raise ReaderError("too_large", f"{doc_name}: part {name} is larger than {_mib(limits.max_xml_part_bytes)}")
    if not chunks:
        raise ReaderError("corrupt", f"{doc_name}: part {name} cannot be decompressed")
    return b"".join(chunks)
