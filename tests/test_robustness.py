"""Deterministic fuzzing of every reader: any bytes give a Report or a one-line ReaderError.

Each fixture document is mutated (truncated, bytes flipped and replaced, zip
members rewritten, hostile markup added, mislabelled, emptied, ...) into
``tmp_path``; ``report_extract.extract`` must then either return a Report whose
JSON validates against the schema, or raise :class:`ReaderError` whose message
is one non-empty line naming the file. Never another exception type, never
more than a few seconds, never a memory spike (an address-space limit turns one
into a MemoryError, which fails the case). Seeds are fixed: the cases, and so
the outcome, are the same on every run.

No case may open a network connection or start a program (except LibreOffice
for real legacy ``.doc`` files): both are patched to raise for the whole file.
"""
from __future__ import annotations

import io
import os
import random
import re
import resource
import signal
import socket
import struct
import subprocess
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import pytest

from report_extract import extract
from report_extract.model import ReaderError
from report_extract.pipeline import error_report
from report_extract.report import Report
from report_extract.schema import errors as schema_errors

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

TIME_LIMIT = 15  # seconds per case; real fixtures take well under one
MEMORY_HEADROOM = 2 * 1024 ** 3  # bytes of extra address space a case may map

pytestmark = pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")  # zips this file makes on purpose

DOCS = {fmt: sorted((FIXTURES / fmt).glob(f"*.{fmt}")) for fmt in ("html", "txt", "docx", "pdf")}
LEGACY_DOC = FIXTURES / "docx" / "word-2021-legacy.doc"

# Cases that still fail outside the readers fixed with this test: case id -> reason.
PDF_XFAIL: dict[str, str] = {}
NON_READER_XFAIL: dict[str, str] = {}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --------------------------------------------------------------------------- the guard


class _Timeout(BaseException):  # not an Exception: no reader's catch-all may swallow it
    pass


def _on_alarm(signum, frame):
    raise _Timeout(f"no outcome within {TIME_LIMIT} s")


def _vm_bytes() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except OSError:  # pragma: no cover - not Linux
        return 0


@contextmanager
def bounded(limit_memory: bool = True, seconds: float = TIME_LIMIT):
    """Run the body with a wall-clock alarm and (optionally) an address-space limit."""
    old_handler = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    old_as = resource.getrlimit(resource.RLIMIT_AS)
    vm = _vm_bytes()
    if limit_memory and vm:
        soft = vm + MEMORY_HEADROOM
        if old_as[1] == resource.RLIM_INFINITY or soft < old_as[1]:
            resource.setrlimit(resource.RLIMIT_AS, (soft, old_as[1]))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old_handler)
        resource.setrlimit(resource.RLIMIT_AS, old_as)


class _Forbidden(BaseException):  # not an Exception: no reader's catch-all may swallow it
    pass


def _no_network(*args, **kwargs):
    raise _Forbidden(f"a network connection was attempted: {args!r}")


@pytest.fixture
def sealed(monkeypatch):
    """No network connection and no program may be started while a case runs.

    Returns a function that allows LibreOffice (for real legacy .doc files)."""
    monkeypatch.setattr(socket.socket, "connect", _no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", _no_network)
    monkeypatch.setattr(socket, "create_connection", _no_network)
    monkeypatch.setattr(socket, "getaddrinfo", _no_network)
    real_popen = subprocess.Popen
    allowed: list[bool] = [False]

    def popen(cmd, *a, **kw):
        prog = Path(str(cmd[0] if isinstance(cmd, (list, tuple)) else cmd).split()[0]).name
        if allowed[0] and prog in ("soffice", "libreoffice", "soffice.bin"):
            return real_popen(cmd, *a, **kw)
        raise _Forbidden(f"a program was started: {cmd!r}")

    def system(cmd):
        raise _Forbidden(f"a shell command was run: {cmd!r}")

    monkeypatch.setattr(subprocess, "Popen", popen)
    monkeypatch.setattr(os, "system", system)

    def allow_libreoffice():
        allowed[0] = True

    return allow_libreoffice


def check(path: Path, *, limit_memory: bool = True, seconds: float = TIME_LIMIT):
    """Extract ``path``; assert the outcome is a valid Report or a one-line ReaderError naming it."""
    try:
        with bounded(limit_memory, seconds):
            report = extract(path)
    except ReaderError as e:
        msg = e.message
        assert isinstance(msg, str) and msg.strip(), f"empty ReaderError message for {path.name}"
        assert len(msg.splitlines()) == 1 and "\n" not in msg and "\r" not in msg, f"multi-line message: {msg!r}"
        assert path.name in msg, f"message does not name the file {path.name!r}: {msg!r}"
        assert isinstance(e.kind, str) and re.fullmatch(r"[a-z_]+", e.kind), e.kind
        if path.is_file() or path.is_dir() or not path.exists():  # see test_error_record_of_a_special_file
            with bounded():
                record = error_report(path, e).to_json()
            assert schema_errors(record) == []
        return e
    assert isinstance(report, Report)
    out = report.to_json()
    assert schema_errors(out) == [], schema_errors(out)[:5]
    report.dumps()
    return report


# --------------------------------------------------------------------------- byte mutations


def _rng(*key) -> random.Random:
    return random.Random("|".join(map(str, key)))


def truncations(data: bytes) -> dict[str, bytes]:
    n = len(data)
    points = sorted({7, n // 4, n // 2, (3 * n) // 4, n - 1})
    return {f"trunc{p}": data[:p] for p in points if 0 < p < n}


def flips(data: bytes, key: str, count: int = 2) -> dict[str, bytes]:
    out = {}
    for i in range(count):
        r = _rng(key, "flip", i)
        b = bytearray(data)
        for _ in range(r.choice((1, 8, 64))):
            k = r.randrange(len(b))
            b[k] ^= 1 << r.randrange(8)
        out[f"flip{i}"] = bytes(b)
    return out


def replacements(data: bytes, key: str, count: int = 2) -> dict[str, bytes]:
    out = {}
    for i in range(count):
        r = _rng(key, "replace", i)
        start = r.randrange(len(data))
        end = min(len(data), start + r.choice((16, 256, 4096)))
        filler = bytes(r.randrange(256) for _ in range(r.choice((0, end - start, 2 * (end - start)))))
        if i % 2:
            filler = b"\x00" * (end - start)
        out[f"replace{i}"] = data[:start] + filler + data[end:]
    return out


def random_bytes(key: str, n: int = 4096) -> bytes:
    r = _rng(key, "garbage")
    return bytes(r.randrange(256) for _ in range(n))


# --------------------------------------------------------------------------- zip helpers


def zip_members(path: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(i, zf.read(i)) for i in zf.infolist()]


def build_zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def rewrite(path: Path, fn: Callable[[str, bytes], bytes | None], extra: list[tuple[str, bytes]] = ()) -> bytes:
    """Rebuild the package with ``fn(name, data)`` per member (None drops it), then ``extra``."""
    members = []
    for info, data in zip_members(path):
        new = fn(info.filename, data)
        if new is not None:
            members.append((info.filename, new))
    return build_zip(members + list(extra))


def patch_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Set the uncompressed size a zip declares for ``member`` (local header and central directory)."""
    b = bytearray(data)
    name = member.encode()
    pos = 0
    while True:
        pos = b.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        nlen = struct.unpack_from("<H", b, pos + 28)[0]
        if bytes(b[pos + 46:pos + 46 + nlen]) == name:
            struct.pack_into("<I", b, pos + 24, size)
            local = struct.unpack_from("<I", b, pos + 42)[0]
            struct.pack_into("<I", b, local + 22, size)
        pos += 4
    return bytes(b)


def patch_compression(data: bytes, member: str, method: int) -> bytes:
    b = bytearray(data)
    name = member.encode()
    pos = 0
    while True:
        pos = b.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        nlen = struct.unpack_from("<H", b, pos + 28)[0]
        if bytes(b[pos + 46:pos + 46 + nlen]) == name:
            struct.pack_into("<H", b, pos + 10, method)
            local = struct.unpack_from("<I", b, pos + 42)[0]
            struct.pack_into("<H", b, local + 8, method)
        pos += 4
    return bytes(b)


def raw_zip_data(data: bytes, member: str) -> tuple[int, int]:
    """(offset, length) of a member's compressed bytes inside the archive."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(member)
    off = info.header_offset
    nlen, xlen = struct.unpack_from("<HH", data, off + 26)
    return off + 30 + nlen + xlen, info.compress_size


DOCTYPE_BOMB = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
                b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
                b'<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>\n')


def _strip_prolog(xml: bytes) -> bytes:
    return re.sub(rb"^\s*<\?xml[^>]*\?>\s*", b"", xml)


def _with_doctype(xml: bytes) -> bytes:
    body = _strip_prolog(xml)
    body = re.sub(rb"(<w:t(?: [^>]*)?>)", rb"\1&f;&x;", body, count=1)
    return DOCTYPE_BOMB + body


def _utf16_doctype(xml: bytes) -> bytes:
    text = _with_doctype(xml).decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return text.encode("utf-16")


W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R_NS = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _document(body: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ' + W_NS + b" " + R_NS +
            b"><w:body>" + body + b"</w:body></w:document>")


def _numbering(levels: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering ' + W_NS + b">" + levels +
            b"</w:numbering>")


def _hostile_bodies() -> dict[str, tuple[bytes, bytes | None]]:
    """name -> (document body, numbering.xml or None): structures that cost time or memory."""
    p = b"<w:p><w:r><w:t>\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb\xe4\xbd\x93\xe6\x83\x85\xe5\x86\xb5</w:t></w:r></w:p>"
    cell = b"<w:tc><w:tcPr><w:gridSpan w:val=\"%d\"/></w:tcPr>" + p + b"</w:tc>"
    numbered = (b'<w:p><w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                b"<w:r><w:t>x</w:t></w:r></w:p>")
    out: dict[str, tuple[bytes, bytes | None]] = {
        "gridspan-huge": (b"<w:tbl><w:tr>" + (cell % 2_000_000_000) * 3 + b"</w:tr><w:tr>" + cell % 5 +
                          b"</w:tr></w:tbl>", None),
        "gridspan-many": (b"<w:tbl>" + (b"<w:tr>" + (cell % 60000) * 40 + b"</w:tr>") * 40 + b"</w:tbl>", None),
        "gridbefore-huge": (b'<w:tbl><w:tr><w:trPr><w:gridBefore w:val="2000000000"/><w:gridAfter w:val="2000000000"/>'
                            b"</w:trPr>" + cell % 1 + b"</w:tr>" * 1 + b"</w:tbl>", None),
        "gridspan-negative": (b"<w:tbl><w:tr>" + cell % -5 + b'<w:tc><w:tcPr><w:vMerge w:val="restart"/>'
                              b"</w:tcPr>" + p + b"</w:tc></w:tr><w:tr>" + cell % 0 +
                              b'<w:tc><w:tcPr><w:vMerge/><w:hMerge/></w:tcPr>' + p + b"</w:tc></w:tr></w:tbl>", None),
        "vmerge-many": (b"<w:tbl>" + (b'<w:tr><w:tc><w:tcPr><w:vMerge/><w:gridSpan w:val="500"/></w:tcPr>' + p +
                                      b"</w:tc></w:tr>") * 3000 + b"</w:tbl>", None),
        "sdt-deep": (b"<w:sdt><w:sdtContent>" * 120 + p + b"</w:sdtContent></w:sdt>" * 120, None),
        "tables-nested-deep": (b"<w:tbl><w:tr><w:tc>" * 60 + p + b"</w:tc></w:tr></w:tbl>" * 60, None),
        "paragraphs-many": (p * 40000, None),
        "startoverride-huge-letter": (
            numbered % 0 * 3,
            _numbering(b'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="2000000000"/>'
                       b'<w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1%1%1%1."/></w:lvl></w:abstractNum>'
                       b'<w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
                       b'<w:startOverride w:val="999999999999"/></w:lvlOverride></w:num>')),
        "numbering-odd-levels": (
            b"".join(numbered % k for k in (0, 8, 9, 99999, -1, 3)) * 3,
            _numbering(b'<w:abstractNum w:abstractNumId="0">' + b"".join(
                b'<w:lvl w:ilvl="%d"><w:start w:val="-7"/><w:numFmt w:val="%s"/><w:lvlText w:val="%%%d%%9%%1."/>'
                b'<w:lvlRestart w:val="-1"/><w:isLgl/></w:lvl>' % (k, fmt, k + 1)
                for k, fmt in enumerate([b"chineseCounting", b"upperRoman", b"lowerLetter", b"decimalZero",
                                         b"ideographTraditional", b"decimalEnclosedCircle", b"bullet",
                                         b"chineseLegalSimplified", b"nonsense"])) +
                       b'</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
                       b'<w:num w:numId="2"><w:abstractNumId w:val="404"/></w:num>')),
        "sym-and-fields": (b'<w:p><w:r><w:sym w:char="110000"/><w:sym w:char="-1"/><w:sym w:char="zz"/>'
                           b'<w:sym w:char="D800"/><w:fldChar w:fldCharType="end"/><w:fldChar w:fldCharType="separate"/>'
                           b"<w:t>a</w:t></w:r></w:p>" * 3, None),
    }
    return out


# --------------------------------------------------------------------------- the cases

Case = tuple[str, Callable[[Path], Path]]


def _bytes_case(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        p = d / name
        p.write_bytes(data)
        return p
    return make


def _lazy(name: str, fn: Callable[[], bytes]) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        p = d / name
        p.write_bytes(fn())
        return p
    return make


def generic_cases(src: Path) -> list[Case]:
    data = src.read_bytes()
    key = src.name
    out = []
    for label, variant in {**truncations(data), **flips(data, key), **replacements(data, key)}.items():
        out.append((f"{src.stem}-{label}{src.suffix}", _bytes_case(f"{src.stem}-{label}{src.suffix}", variant)))
    return out


def text_cases(src: Path, full: bool) -> list[Case]:
    """HTML and plain text: garbage, broken encodings, long lines, deep nesting, NULs.
    The costlier structures are built from one fixture per format (``full``)."""
    data = src.read_bytes()
    ext = src.suffix
    stem = src.stem
    mid = len(data) // 2
    gbk = "二、主动公开政府信息情况 本年新制作数量 １２".encode("gb18030")
    cases: dict[str, Callable[[], bytes]] = {
        "garbage": lambda: random_bytes(stem),
        "garbage-no-nul": lambda: bytes(b or 1 for b in random_bytes(stem + "nn")),
        "invalid-utf8-middle": lambda: data[:mid] + b"\xff\xfe\xc3\x28\xa0\xa1\xe2\x82" + data[mid:],
        "mixed-encodings": lambda: data[:mid] + gbk + data[mid:],
        "nul-start": lambda: b"\x00" + data,
        "nul-middle": lambda: data[:mid] + b"\x00\x00" + data[mid:],
        "nul-after-head": lambda: data + b"\x00" * 16 + data[:4096],
        "nul-everywhere": lambda: b"\x00".join(data[i:i + 3000] for i in range(0, len(data), 3000)) + b"\x00" * 5000,
        "bom-utf8-garbage": lambda: b"\xef\xbb\xbf" + random_bytes(stem + "bom", 2048),
        "bom-utf16-odd": lambda: b"\xff\xfe" + data[:1001],
        "utf16-no-bom": lambda: data.decode("utf-8", "replace").encode("utf-16-le"),
        "control-chars": lambda: bytes(range(1, 32)) * 200 + data,
        "lone-surrogate-escapes": lambda: data[:mid] + b"\xed\xa0\x80\xed\xbf\xbf" + data[mid:],
    }
    if full:  # long lines before the first table (a megabyte inside a table cell: see SLOW below)
        cases.update({
            "long-line-text": lambda: "政府信息公开".encode() * 20_000 + b"\n" + data,
            "long-line-pipes": lambda: b"| 1 " * 25_000 + b"\n" + data,
            "long-line-spaces": lambda: ("一  2  " * 20_000).encode() + b"\n" + data,
            "long-line-digits": lambda: b"9" * 100_000 + b"\n" + data,
            "long-line-over-a-million": lambda: b"9" * 1_000_001 + b"\n" + data,
            "many-pipe-lines": lambda: b"|\n" * 5_000 + data,
            "many-short-lines": lambda: "一、\n2\n".encode() * 1_000,
        })
    if ext == ".html" and full:
        cases.update({
            "deep-div": lambda: b"<html><body>" + b"<div>" * 20000 + "一、总体情况".encode() + b"</div>" * 20000 + data,
            "deep-table": lambda: b"<html><body>" + b"<table><tr><td>" * 3000 + b"x" + b"</td></tr></table>" * 3000,
            "deep-inline": lambda: b"<html><body><p>" + b"<b><i>" * 20000 + b"x" + data,
            "deep-unclosed-tables": lambda: b"<table><tr><td>" * 5000 + data,
            "colspan-wide": lambda: (b"<html><body><table>" + (b"<tr>" + b'<td colspan="1000" rowspan="1000">1</td>' * 60 +
                                                               b"</tr>") * 60 + b"</table></body></html>"),
            "span-junk": lambda: (b'<table><tr><td colspan="-3" rowspan="0">a</td><td colspan="9' + b"9" * 5000 +
                                  b'">b</td><td rowspan="\xe4\xb8\x80">c</td></tr><tr><td colspan="">d</td></tr></table>'),
            "many-tables": lambda: b"<html><body>" + b"<table><tr><td>1</td><td>2</td></tr></table>" * 1000,
            "charset-rot13": lambda: b'<meta charset="rot13">' + data,
            "charset-hex": lambda: b'<meta http-equiv="Content-Type" content="text/html; charset=hex">' + data,
            "charset-undefined": lambda: b'<meta charset="undefined">' + data,
            "charset-idna": lambda: b'<meta charset="idna">' + data,
            "charset-utf32": lambda: b'<meta charset="utf-32">' + data,
            "charset-zlib": lambda: b'<meta charset="zlib_codec">' + data,
            "charset-unicode-escape": lambda: b'<meta charset="unicode_escape">' + data + b"\\x\\N{nope}",
            "charset-bogus": lambda: b'<meta charset="no-such-charset">' + data,
            "xml-prolog-only": lambda: b'<?xml version="1.0" encoding="UTF-8"?>',
            "comment-only": lambda: b"<!-- " + data.replace(b"-->", b"") + b"",
            "pi-and-cdata": lambda: b"<?php system('x'); ?><![CDATA[" + data + b"]]>",
            "tag-soup": lambda: bytes(_rng(stem, "soup").choice(b"<>/=\"' abtdrp\n") for _ in range(20000)),
            "only-whitespace": lambda: b" \n\t\r\n" * 1000,
            "entity-flood": lambda: b"<p>" + b"&#x110000;&#0;&#xD800;&amp;&nbsp;&bogus;" * 5000 + b"</p>",
        })
    elif ext == ".txt":
        cases.update({
            "only-whitespace": lambda: b" \n\t\r\n" * 1000,
            "cr-only": lambda: data.replace(b"\n", b"\r"),
            "form-feeds": lambda: data.replace(b"\n", b"\x0c\x0b\x1c\x1d\x1e\x85"),
        })
        if full:
            cases["cell-rows-unclosed"] = lambda: b"|\n" + b"a |\n" * 20_000
    out = [(f"{stem}-{k}{ext}", _lazy(f"{stem}-{k}{ext}", fn)) for k, fn in cases.items()]
    # the same bytes with no extension and with the other text extension
    other = ".txt" if ext == ".html" else ".html"
    out.append((f"{stem}-renamed{other}", _bytes_case(f"{stem}-renamed{other}", data)))
    out.append((f"{stem}-noext", _bytes_case(f"{stem}-noext", data)))
    return out


def docx_cases(src: Path, full: bool) -> list[Case]:
    """Zip-level and part-level damage; every part of one fixture (``full``), the main parts of the others."""
    data = src.read_bytes()
    stem = src.stem
    names = [i.filename for i, _ in zip_members(src)]
    xml_names = [n for n in names if n.endswith((".xml", ".rels"))]
    if not full:
        xml_names = [n for n in xml_names if n in ("word/document.xml", "word/styles.xml", "word/numbering.xml")]
    cases: dict[str, Callable[[], bytes]] = {}

    def xml_mutations(name: str, xml: bytes) -> dict[str, bytes]:
        r = _rng(stem, name)
        n = len(xml)
        cut = r.randrange(1, max(2, n))
        b = bytearray(xml)
        for _ in range(8):
            b[r.randrange(n)] = r.choice(b"<>&\"'/\x00\xff=")
        return {
            "cut": xml[:cut],
            "soup": bytes(b),
            "empty": b"",
            "not-xml": b"PK\x03\x04 this is not xml \xff\xfe",
            "other-root": b'<?xml version="1.0"?><root xmlns="urn:x"><p>1</p></root>',
            "bad-utf8": xml[:n // 2] + b"\xff\xc3\x28" + xml[n // 2:],
            "wrong-encoding": xml.replace(b'encoding="UTF-8"', b'encoding="ISO-2022-JP-3-nope"', 1),
        }

    for name in xml_names:
        original = dict((i.filename, data) for i, data in zip_members(src))[name]
        for label, new in xml_mutations(name, original).items():
            cases[f"{name}-{label}"] = (lambda name=name, new=new:
                                        rewrite(src, lambda n, d: new if n == name else d))
        cases[f"{name}-removed"] = lambda name=name: rewrite(src, lambda n, d: None if n == name else d)
        cases[f"{name}-doctype"] = lambda name=name: rewrite(src, lambda n, d: _with_doctype(d) if n == name else d)
    for name in ("word/document.xml", "_rels/.rels", "word/_rels/document.xml.rels", "[Content_Types].xml")[:4 if full else 1]:
        cases[f"{name}-doctype-utf16"] = (lambda name=name:
                                         rewrite(src, lambda n, d: _utf16_doctype(d) if n == name else d))
        cases[f"{name}-duplicated"] = (lambda name=name: rewrite(src, lambda n, d: d, extra=[
            (name, _document(b"<w:p><w:r><w:t>dup</w:t></w:r></w:p>") if name.endswith(".xml") else b"<x/>")]))
    cases["huge-declared-document"] = lambda: patch_declared_size(data, "word/document.xml", 0xFFFFFF00)
    cases["huge-declared-image"] = lambda: patch_declared_size(
        rewrite(src, lambda n, d: d, extra=[("word/media/image1.png", b"\x89PNG" + b"\x00" * 100)]),
        "word/media/image1.png", 0xFFFFFF00)
    cases["small-declared-document"] = lambda: patch_declared_size(data, "word/document.xml", 10)
    cases["small-declared-styles"] = lambda: patch_declared_size(data, "word/styles.xml", 10)
    cases["unknown-compression"] = lambda: patch_compression(data, "word/document.xml", 99)
    cases["lzma-compression-tag"] = lambda: patch_compression(data, "word/styles.xml", 14)
    cases["stored-compression-tag"] = lambda: patch_compression(data, "word/numbering.xml", 0)

    def corrupt_deflate(member: str) -> bytes:
        off, length = raw_zip_data(data, member)
        r = _rng(stem, "deflate", member)
        b = bytearray(data)
        for k in range(off + length // 3, off + length // 3 + 32):
            b[k] = r.randrange(256)
        return bytes(b)

    for member in ("word/document.xml", "word/styles.xml", "word/numbering.xml", "_rels/.rels", "docProps/core.xml"):
        if member in names:
            cases[f"{member}-deflate-garbage"] = lambda member=member: corrupt_deflate(member)
    cases["encrypted-flag"] = lambda: _set_flag(data, 0x1)
    cases["member-path-traversal"] = lambda: rewrite(src, lambda n, d: d, extra=[("../../../../tmp/evil.xml", b"<x/>")])
    cases["many-members"] = lambda: rewrite(src, lambda n, d: d, extra=[(f"junk/{k}.bin", b"") for k in range(6000)])
    cases["empty-zip"] = lambda: build_zip([])
    cases["only-document"] = lambda: build_zip([("word/document.xml", [d for i, d in zip_members(src)
                                                                          if i.filename == "word/document.xml"][0])])
    cases["rels-point-outside"] = lambda: rewrite(src, lambda n, d: d.replace(b'Target="word/document.xml"',
                                                                              b'Target="../../../etc/passwd"')
                                                  if n == "_rels/.rels" else d)
    cases["rels-point-to-self"] = lambda: rewrite(src, lambda n, d: d.replace(b'Target="styles.xml"',
                                                                              b'Target="../_rels/.rels"')
                                                  if n == "word/_rels/document.xml.rels" else d)
    for label, (body, numbering) in (_hostile_bodies() if full else {}).items():
        def hostile(body=body, numbering=numbering) -> bytes:
            def fn(n, d):
                if n == "word/document.xml":
                    return _document(body)
                if n == "word/numbering.xml" and numbering is not None:
                    return numbering
                return d
            return rewrite(src, fn)
        cases[f"hostile-{label}"] = hostile
    cases["ole2-magic-garbage"] = lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random_bytes(stem + "ole", 4096)
    out = [(f"{stem}-{k.replace('/', '_')}.docx", _lazy(f"{stem}-{k.replace('/', '_')}.docx", fn))
           for k, fn in cases.items()]
    out.append((f"{stem}-renamed.doc", _bytes_case(f"{stem}-renamed.doc", data)))
    out.append((f"{stem}-renamed.wps", _bytes_case(f"{stem}-renamed.wps", data)))
    out.append((f"{stem}-renamed.html", _bytes_case(f"{stem}-renamed.html", data)))
    out.append((f"{stem}-renamed.txt", _bytes_case(f"{stem}-renamed.txt", data)))
    out.append((f"{stem}-noext", _bytes_case(f"{stem}-noext", data)))
    return out


def _set_flag(data: bytes, bit: int) -> bytes:
    b = bytearray(data)
    pos = 0
    while (pos := b.find(b"PK\x01\x02", pos)) >= 0:
        struct.pack_into("<H", b, pos + 8, struct.unpack_from("<H", b, pos + 8)[0] | bit)
        pos += 4
    return bytes(b)


def pdf_cases(src: Path) -> list[Case]:
    data = src.read_bytes()
    stem = src.stem
    html = DOCS["html"][0].read_bytes()
    cases: dict[str, Callable[[], bytes]] = {}
    sx = data.rfind(b"startxref")
    xref = data.rfind(b"\nxref")
    if sx > 0:
        cases["no-startxref"] = lambda: data[:sx]
        cases["startxref-garbage"] = lambda: data[:sx] + b"startxref\n999999999\n%%EOF\n"
        cases["startxref-negative"] = lambda: data[:sx] + b"startxref\n-5\n%%EOF\n"
    if xref > 0:
        cases["xref-truncated"] = lambda: data[:xref + 40]
        cases["xref-offsets-garbage"] = lambda: data[:xref] + re.sub(
            rb"\d{10} \d{5} n", lambda m: b"%010d 00000 n" % _rng(stem, m.start()).randrange(10 ** 9),
            data[xref:])

    def garbage_streams(mode: str) -> bytes:
        r = _rng(stem, "streams", mode)

        def repl(m):
            body = m.group(2)
            if mode == "random":
                body = bytes(r.randrange(256) for _ in range(len(body)))
            elif mode == "zlib-prefix":
                body = b"x\x9c" + bytes(r.randrange(256) for _ in range(max(0, len(body) - 2)))
            elif mode == "empty":
                body = b""
            return m.group(1) + body + m.group(3)
        return re.sub(rb"(stream\r?\n)(.*?)(\r?\nendstream)", repl, data, flags=re.S)

    for mode in ("random", "zlib-prefix", "empty"):
        cases[f"streams-{mode}"] = lambda mode=mode: garbage_streams(mode)
    cases["lengths-huge"] = lambda: re.sub(rb"/Length \d+", b"/Length 99999999999", data)
    cases["pages-loop"] = lambda: re.sub(rb"/Kids \[[^\]]*\]", lambda m: b"/Kids [" + _pages_ref(data) + b"]", data, count=1)
    cases["count-huge"] = lambda: re.sub(rb"/Count \d+", b"/Count 2147483647", data)
    cases["header-then-html"] = lambda: b"%PDF-1.7\n" + html
    cases["header-only"] = lambda: b"%PDF-1.4\n"
    cases["header-then-garbage"] = lambda: b"%PDF-1.4\n" + random_bytes(stem + "pdfgarbage", 8192)
    cases["header-then-nuls"] = lambda: b"%PDF-1.4\n" + b"\x00" * (4 * 1024 * 1024)
    cases["header-then-long-line"] = lambda: b"%PDF-1.4\n" + b"1 0 obj " * 500_000
    cases["html-named-pdf"] = lambda: html
    cases["docx-named-pdf"] = lambda: DOCS["docx"][0].read_bytes()
    cases["txt-named-pdf"] = lambda: DOCS["txt"][0].read_bytes()
    cases["garbage-named-pdf"] = lambda: random_bytes(stem + "g")
    return [(f"{stem}-{k}.pdf", _lazy(f"{stem}-{k}.pdf", fn)) for k, fn in cases.items()]


def _pages_ref(data: bytes) -> bytes:
    m = re.search(rb"/Pages (\d+) (\d+) R", data)
    return m.group(1) + b" " + m.group(2) + b" R" if m else b"1 0 R"


def all_cases() -> list:
    params = []

    def add(cases: list[Case], fmt: str):
        for cid, make in cases:
            marks = []
            if fmt == "pdf" and cid in PDF_XFAIL:
                marks.append(pytest.mark.xfail(strict=True, reason=PDF_XFAIL[cid]))
            for key, reason in NON_READER_XFAIL.items():
                if key in cid:
                    marks.append(pytest.mark.xfail(strict=True, reason=reason))
            params.append(pytest.param(make, id=cid, marks=marks))

    for fmt in ("html", "txt"):
        for k, src in enumerate(DOCS[fmt]):
            add(generic_cases(src) + text_cases(src, full=k == 0), fmt)
    for k, src in enumerate(DOCS["docx"]):
        add(generic_cases(src) + docx_cases(src, full=k == 0), "docx")
    for k, src in enumerate(DOCS["pdf"]):
        add(generic_cases(src) + (pdf_cases(src) if k < 2 else []), "pdf")
    return params


CASES = all_cases()


@pytest.mark.parametrize("make", CASES)
def test_mutated_document_gives_report_or_one_line_error(make, tmp_path, sealed):
    path = make(tmp_path)
    with path.open("rb") as fh:
        legacy = fh.read(8) == OLE2_MAGIC
    if legacy:  # read through LibreOffice, which needs its own address space
        sealed()
    check(path, limit_memory=not legacy)


# --------------------------------------------------------------------------- odd paths


EXTENSIONS = [".pdf", ".docx", ".doc", ".wps", ".html", ".htm", ".shtml", ".xhtml", ".txt", ".text", ".xyz", ""]


@pytest.mark.parametrize("ext", EXTENSIONS, ids=lambda e: e or "noext")
def test_zero_byte_file(ext, tmp_path, sealed):
    p = tmp_path / f"empty{ext}"
    p.write_bytes(b"")
    e = check(p)
    assert isinstance(e, ReaderError) and e.kind == "empty"


@pytest.mark.parametrize("ext", [".pdf", ".docx", ".html", ".txt", ""], ids=lambda e: e or "noext")
def test_directory_passed_as_a_file(ext, tmp_path, sealed):
    p = tmp_path / f"report{ext}"
    p.mkdir()
    (p / "word").mkdir()
    e = check(p)
    assert isinstance(e, ReaderError)


def test_missing_file_and_special_files(tmp_path, sealed):
    assert isinstance(check(tmp_path / "missing.pdf"), ReaderError)
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    assert isinstance(check(link), ReaderError)
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    assert isinstance(check(fifo), ReaderError)
    dangling = tmp_path / "dangling.docx"
    dangling.symlink_to(tmp_path / "nowhere.docx")
    assert isinstance(check(dangling), ReaderError)


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_error_record_of_a_special_file(kind, tmp_path):
    p = tmp_path / f"special-{kind}.txt"
    if kind == "fifo":
        os.mkfifo(p)
    else:
        p.symlink_to("/dev/zero")
    with pytest.raises(ReaderError) as info:
        extract(p)
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 1)
    try:
        error_report(p, info.value)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_unreadable_file_gives_a_reader_error(tmp_path, sealed, monkeypatch):
    p = tmp_path / "locked.html"
    p.write_bytes(DOCS["html"][0].read_bytes())
    real_open = Path.open

    def deny(self, *a, **kw):
        if self == p:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *a, **kw)

    monkeypatch.setattr(Path, "open", deny)
    monkeypatch.setattr(Path, "read_bytes", lambda self: deny(self, "rb").read())
    assert isinstance(check(p), ReaderError)


@pytest.mark.parametrize("ext", [
    ".html", ".txt", ".docx",
    ".pdf",
])
def test_huge_file_of_zeros(ext, tmp_path, sealed):
    """A large file (sparse: no disk used) of NULs after a format's magic is refused or read quickly."""
    p = tmp_path / f"huge{ext}"
    head = {".pdf": b"%PDF-1.4\n", ".docx": b"PK\x03\x04", ".html": b"<html><body>", ".txt": "正文".encode()}[ext]
    with p.open("wb") as fh:
        fh.write(head)
        fh.truncate((32 if ext == ".pdf" else 51) * 1024 ** 2)
    assert isinstance(check(p, seconds=3), ReaderError)


@pytest.mark.parametrize("variant", ["truncated", "garbage", "ole2-header-only", "zip-as-doc"])
def test_legacy_word_variants(variant, tmp_path, sealed):
    data = LEGACY_DOC.read_bytes()
    content = {
        "truncated": data[: len(data) // 3],
        "garbage": random_bytes("legacy"),
        "ole2-header-only": data[:512],
        "zip-as-doc": DOCS["docx"][0].read_bytes(),
    }[variant]
    p = tmp_path / f"legacy-{variant}.doc"
    p.write_bytes(content)
    sealed()  # LibreOffice may run for a real OLE2 file
    check(p, limit_memory=False)


# --------------------------------------------------------------------------- hostile references


SECRET = "SECRET-FILE-CONTENT-7d1f"


def _texts(report: Report) -> str:
    return repr(report.to_json())


def test_html_references_are_not_fetched_or_run(tmp_path, sealed):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    page = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret.as_uri()}"><!ENTITY net SYSTEM "http://127.0.0.1:9/dtd">]>\n'
        '<?xml-stylesheet type="text/xsl" href="http://127.0.0.1:9/style.xsl"?>\n'
        '<html><head><title>某某局2021年政府信息公开工作年度报告</title>'
        '<base href="http://127.0.0.1:9/">'
        '<meta http-equiv="refresh" content="0; url=http://127.0.0.1:9/refresh">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/style.css">'
        '<link rel="import" href="http://127.0.0.1:9/import.html">'
        '<style>@import url("http://127.0.0.1:9/imported.css"); body{background:url(http://127.0.0.1:9/bg.png)}</style>'
        '<script src="http://127.0.0.1:9/x.js"></script>'
        '<script>document.write("SCRIPT-RAN"); fetch("http://127.0.0.1:9/beacon");</script>'
        '</head><body onload="document.body.innerHTML=\'ONLOAD-RAN\'">'
        '<p>一、总体情况</p><p>&xxe;&net;本机关依法公开政府信息。</p>'
        '<img src="http://127.0.0.1:9/x" srcset="http://127.0.0.1:9/y 2x">'
        '<iframe src="http://127.0.0.1:9/frame">IFRAME-TEXT</iframe>'
        '<object data="http://127.0.0.1:9/obj"></object><embed src="http://127.0.0.1:9/embed">'
        '<svg><image href="http://127.0.0.1:9/svg.png"/><script>SVG-SCRIPT-RAN</script></svg>'
        '<noscript>NOSCRIPT-TEXT</noscript>'
        '<a href="javascript:alert(1)">链接</a><video src="http://127.0.0.1:9/v.mp4"></video>'
        '<p style="background-image:url(http://127.0.0.1:9/p.png)">二、主动公开政府信息情况</p>'
        '</body></html>')
    f = tmp_path / "hostile.html"
    f.write_text(page, encoding="utf-8")
    out = check(f)
    assert isinstance(out, Report)
    text = _texts(out)
    assert "本机关依法公开政府信息" in text
    for marker in (SECRET, "SCRIPT-RAN", "ONLOAD-RAN", "SVG-SCRIPT-RAN", "IFRAME-TEXT", "NOSCRIPT-TEXT", "document.write"):
        assert marker not in text, marker


def test_text_file_with_urls_is_not_fetched(tmp_path, sealed):
    f = tmp_path / "urls.txt"
    f.write_text("一、总体情况\nhttp://127.0.0.1:9/x\n<img src=\"http://127.0.0.1:9/x\">\nfile:///etc/passwd\n",
                 encoding="utf-8")
    assert isinstance(check(f), Report)


def test_docx_external_references_are_not_fetched(tmp_path, sealed):
    src = DOCS["docx"][0]
    secret = tmp_path / "secret.xml"
    secret.write_text(f"<w:t>{SECRET}</w:t>", encoding="utf-8")
    ext_rels = (
        '<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
        'Target="http://127.0.0.1:9/link" TargetMode="External"/>'
        '<Relationship Id="rIdX2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
        'Target="http://127.0.0.1:9/x.png" TargetMode="External"/>'
        '<Relationship Id="rIdX3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/subDocument" '
        f'Target="{secret.as_uri()}" TargetMode="External"/>'
        '<Relationship Id="rIdX4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" '
        'Target="http://127.0.0.1:9/ole.bin" TargetMode="External"/>'
        '<Relationship Id="rIdX5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="http://127.0.0.1:9/styles.xml" TargetMode="External"/>')
    settings_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
        'Target="http://127.0.0.1:9/template.dotm" TargetMode="External"/></Relationships>')
    injected = (b'<w:p><w:hyperlink r:id="rIdX1"><w:r><w:t>\xe9\x93\xbe\xe6\x8e\xa5</w:t></w:r></w:hyperlink>'
                b'<w:subDoc r:id="rIdX3"/>'
                b'<w:fldSimple w:instr=\' INCLUDETEXT "http://127.0.0.1:9/inc" \'><w:r><w:t>shown</w:t></w:r></w:fldSimple>'
                b'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> INCLUDEPICTURE '
                b'"http://127.0.0.1:9/p.png" \\d </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')

    def fn(name: str, data: bytes) -> bytes:
        if name == "word/_rels/document.xml.rels":
            return data.replace(b"</Relationships>", ext_rels.encode() + b"</Relationships>")
        if name == "word/settings.xml":
            return data.replace(b"</w:settings>", b'<w:attachedTemplate r:id="rIdT"/></w:settings>') \
                .replace(b"<w:settings ", b"<w:settings " + R_NS + b" ", 1)
        if name == "word/document.xml":
            return data.replace(b"<w:body>", b"<w:body>" + injected, 1)
        return data

    names = [i.filename for i, _ in zip_members(src)]
    extra = [("word/_rels/settings.xml.rels", settings_rels.encode())]
    if "word/settings.xml" not in names:
        extra.append(("word/settings.xml", b'<?xml version="1.0"?><w:settings ' + W_NS + b" " + R_NS +
                      b'><w:attachedTemplate r:id="rIdT"/></w:settings>'))
    f = tmp_path / "external.docx"
    f.write_bytes(rewrite(src, fn, extra=extra))
    out = check(f)
    assert isinstance(out, Report)
    text = _texts(out)
    assert SECRET not in text
    assert "shown" in text


def test_docx_with_an_external_entity_is_refused(tmp_path, sealed):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    src = DOCS["docx"][0]

    def fn(name, data):
        if name == "word/document.xml":
            body = _strip_prolog(data).replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", 1)
            return (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "' + secret.as_uri().encode() +
                    b'">]>' + body)
        return data

    f = tmp_path / "xxe.docx"
    f.write_bytes(rewrite(src, fn))
    out = check(f)
    assert isinstance(out, ReaderError) and out.kind == "unsafe"
