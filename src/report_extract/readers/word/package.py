"""Opening a .docx: the one way the Word reader gets at the parts of a package.

Everything goes through :mod:`..ooxml_safety` before it is decompressed or
parsed: the zip is bounded from its central directory, every XML part is
refused if it declares a DOCTYPE, and parts are parsed with the safe parser.
Part names are resolved from the relationships as the Open Packaging
Conventions say, with python-docx's :class:`~docx.opc.packuri.PackURI`.

Only the parts the reader needs are read (the main document, its styles and
numbering, the core and extended properties), so a damaged image or an
unknown part costs nothing; a damaged styles, numbering or properties part
becomes a :class:`ReadProblem` and the document is read without it.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from docx.opc.packuri import PackURI
from lxml import etree

from ...model import ReaderError, ReadProblem
from .. import ooxml_safety as safety
from .xml import W, local_name

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT_OFFICE_DOCUMENT = "/officeDocument"
RT_STYLES = "/styles"
RT_NUMBERING = "/numbering"
RT_CORE = "/metadata/core-properties"
RT_APP = "/extended-properties"
MAIN_PART = "word/document.xml"

CORE_FIELDS: dict[tuple[Optional[str], Optional[str]], str] = {  # (namespace, local name) -> info key
    ("http://purl.org/dc/elements/1.1/", "title"): "title",
    ("http://purl.org/dc/elements/1.1/", "creator"): "author",
    ("http://purl.org/dc/terms/", "created"): "created",
    ("http://purl.org/dc/terms/", "modified"): "modified",
    ("http://schemas.openxmlformats.org/package/2006/metadata/core-properties", "lastModifiedBy"): "last_modified_by",
    ("http://purl.org/dc/elements/1.1/", "subject"): "subject",
}


class LegacyFile(Exception):
    """The file is a legacy binary Word/WPS file (OLE2) under a .docx name."""


@dataclass
class Package:
    """The parts of a .docx the reader uses, parsed."""

    document: etree._Element
    styles: Optional[etree._Element] = None
    numbering: Optional[etree._Element] = None
    info: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)


def open_package(path: Path, limits: safety.Limits = safety.DEFAULT_LIMITS) -> Package:
    """Check and open the package at ``path``; raises ReaderError (or LegacyFile)."""
    doc_name = path.name
    kind = safety.sniff_office(path)
    if kind == "ole2":
        if safety.is_encrypted_ole(path):
            raise ReaderError("encrypted", f"{doc_name} is password-protected (an encrypted Office file); "
                                           "remove the password in Word or WPS and save it again")
        raise LegacyFile()
    if kind != "zip":
        raise ReaderError("corrupt", f"{doc_name} is not a valid .docx (not a zip archive)")
    with safety.check_zip(path, limits) as zf:
        reader = _PartReader(zf, doc_name, limits)
        reader.scan_prologs()
        try:
            pkg_rels = reader.rels("")
        except ReaderError as e:
            if e.kind != "corrupt":
                raise
            reader.problems.append(ReadProblem("corrupt", f"{e.message}; the usual part names are assumed",
                                               "_rels/.rels"))
            pkg_rels = {}
        main: Optional[str] = pkg_rels.get(RT_OFFICE_DOCUMENT, MAIN_PART)
        if main not in reader.names:
            main = MAIN_PART if MAIN_PART in reader.names else None
        if main is None:
            raise ReaderError("corrupt", f"{doc_name} is not a valid .docx: the archive has no main document "
                                         "part (word/document.xml)")
        info = _core_info(reader, pkg_rels)
        try:
            doc_rels = reader.rels(main)
        except ReaderError as e:
            if e.kind != "corrupt":
                raise
            reader.problems.append(ReadProblem("corrupt", f"{e.message}; styles and numbering not read", main))
            doc_rels = {}
        document = reader.main_part(main)
        package = Package(document=document,
                          styles=reader.part(doc_rels.get(RT_STYLES)),
                          numbering=reader.part(doc_rels.get(RT_NUMBERING)),
                          info=info, problems=reader.problems)
    if document is None or document.find(W + "body") is None:
        raise ReaderError("corrupt", f"{doc_name}: the main document part has no w:body")
    return package


class _PartReader:
    """Reads and parses members of one open, checked zip."""

    def __init__(self, zf: zipfile.ZipFile, doc_name: str, limits: safety.Limits):
        self.zf, self.doc_name, self.limits = zf, doc_name, limits
        self.names = set(zf.namelist())
        self.problems: list = []

    def scan_prologs(self) -> None:
        """Cheap DOCTYPE scan of every XML part's prolog before any full parse."""
        for name in self.names:
            if name.lower().endswith((".xml", ".rels")):
                try:
                    head = safety.read_member(self.zf, name, self.limits, max_bytes=65536)
                except ReaderError:
                    continue  # cannot be decompressed: refused or noted when (if) it is read
                safety.check_xml_part(head, name, self.doc_name)

    def rels(self, part: str) -> dict[str, str]:
        """Relationship type suffix -> target member name, for ``part`` ("" = the package)."""
        source = PackURI("/" + part) if part else PackURI("/")
        rels_name = source.rels_uri.membername
        try:
            data = safety.read_member(self.zf, rels_name, self.limits)
        except KeyError:
            return {}
        root = safety.parse_xml_part(data, rels_name, self.doc_name)
        out: dict[str, str] = {}
        for rel in root.iter("{%s}Relationship" % REL_NS):
            if rel.get("TargetMode") == "External":
                continue
            rtype, target = rel.get("Type", ""), rel.get("Target", "")
            if not target:
                continue
            name = PackURI.from_rel_ref(source.baseURI, target).membername
            suffix = rtype[rtype.rfind("/"):] if "/" in rtype else rtype
            if "core-properties" in rtype:
                suffix = RT_CORE
            out.setdefault(suffix, name)
        return out

    def part(self, name: Optional[str], optional: bool = True) -> Optional[etree._Element]:
        """Parse one part. An optional part that is damaged is noted in ``problems`` and
        skipped (styles, numbering and properties are not worth losing the document for)."""
        if not name:
            return None
        try:
            data = safety.read_member(self.zf, name, self.limits)  # bad CRC, cut short: ReaderError("corrupt")
            return safety.parse_xml_part(data, name, self.doc_name)
        except KeyError:
            return None
        except ReaderError as e:
            if not optional or e.kind != "corrupt":
                raise
            self.problems.append(ReadProblem("corrupt", f"{e.message}; read without it", name))
            return None


    def main_part(self, name: str) -> Optional[etree._Element]:
        """The main document part; when it is damaged (a bad CRC, not well-formed), what can be
        read of it, with a problem saying so: a few bad bytes never cost the whole document."""
        try:
            return self.part(name, optional=False)
        except ReaderError as e:
            if e.kind != "corrupt":
                raise
            error = e
        try:
            data = safety.read_member_salvaged(self.zf, name, self.limits)
            root = safety.recover_xml_part(data, name, self.doc_name)
        except ReaderError as e:
            if e.kind != "corrupt":
                raise
            root = None
        if root is None or root.find(W + "body") is None:
            raise error
        self.problems.append(ReadProblem("corrupt", f"{error.message}; read what could be recovered", name))
        return root


def _core_info(reader: _PartReader, pkg_rels: dict[str, str]) -> dict:
    """Document.info from the core properties (title, author, dates) and the application."""
    info = {}
    core = reader.part(pkg_rels.get(RT_CORE, "docProps/core.xml"))
    if core is not None:
        for el in core:
            key = CORE_FIELDS.get(local_name(el))
            if key and el.text and el.text.strip():
                info[key] = el.text.strip()
    app = reader.part(pkg_rels.get(RT_APP, "docProps/app.xml"))
    if app is not None:
        for el in app:
            if local_name(el)[1] == "Application" and el.text and el.text.strip():
                info["application"] = el.text.strip()
    return info
