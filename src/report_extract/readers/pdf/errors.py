"""What went wrong reading a PDF, said in one line.

Only failures of the PDF parser (pdfminer, pdfplumber, or PDFium's
``PdfiumError``) describe the file: they become ``encrypted`` or ``corrupt``. Anything raised by the project's own
code is a bug and is left to propagate (the batch records it as
``internal_error``); MemoryError always propagates. A parser failure is
recognised by its type or by being raised inside the parser's code (pdfminer
raises plain KeyError / TypeError / RecursionError on damaged files). PDFium's
failures are recognised by type only: pypdfium2 raises ``PdfiumError`` for
a file or page it cannot load, and anything else from its bindings (a
ctypes ``ArgumentError``, say) is a mistake of the caller, ours.

pdfminer follows an indirect reference to an indirect reference forever
(``2 0 obj 2 0 R``): :func:`reference_loop` finds such a loop before any page
is read, so the file fails at once instead of running into the batch timeout.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Optional

from ...model import ReaderError

_PARSER_PACKAGES = ("pdfminer", "pdfplumber")


def _parser_types() -> tuple:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.pdftypes import PDFException
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    from .sources import parser_errors

    return (PSException, PDFException, PDFSyntaxError, PDFEncryptionError, PDFPasswordIncorrect,
            PdfminerException, MalformedPDFException) + parser_errors("pdfium")


_OWN = str(Path(__file__).resolve().parents[2])  # the report_extract package


def _raised_in_parser(e: BaseException) -> bool:
    """The innermost frame that is the parser's or ours is the parser's.

    Frames of other code under it do not decide: a RecursionError strikes wherever the stack
    runs out, in the logging or regular expression code pdfminer calls as well as in its own."""
    tb = e.__traceback__
    parser = False
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if any(p in _PARSER_PACKAGES for p in Path(name).parts):
            parser = True
        elif name.startswith(_OWN):
            parser = False
        tb = tb.tb_next
    return parser


def raise_if_out_of_memory(e: BaseException) -> None:
    """pdfplumber wraps what pdfminer raised, a MemoryError too (a decompression bomb under a
    worker's memory limit): that is running out of memory, never a damaged file."""
    inner = [a for a in getattr(e, "args", ()) if isinstance(a, BaseException)] + [e.__cause__, e.__context__]
    for x in inner:
        if isinstance(x, MemoryError):
            raise MemoryError(str(x) or "out of memory") from e


def is_parser_error(e: BaseException) -> bool:
    """True when ``e`` comes from reading the file, False for a bug of ours (or MemoryError)."""
    if isinstance(e, (MemoryError, KeyboardInterrupt, SystemExit)):
        return False
    if isinstance(e, _parser_types()):
        return True
    return isinstance(e, Exception) and _raised_in_parser(e)


def classify(e: BaseException) -> tuple[str, str]:
    """(kind, message) of a parser failure: ``encrypted`` or ``corrupt``."""
    chain = []
    seen = set()
    cur: Optional[BaseException] = e
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        chain.append(cur)
        nxt = cur.__cause__ or cur.__context__
        if nxt is None and cur.args and isinstance(cur.args[0], BaseException):
            nxt = cur.args[0]
        cur = nxt
    names = " ".join(type(x).__name__ for x in chain)
    if re.search(r"Password|Encrypt", names) or any("password" in str(x).lower() for x in chain):
        return "encrypted", "the PDF is encrypted with a password; cannot read it"
    if any(isinstance(x, RecursionError) or "recursion" in str(x).lower() for x in chain):
        return "corrupt", ("not a readable PDF: its objects refer to each other in a loop "
                           "(a stream length or cross-reference chain that points back to itself)")
    detail = ""
    for x in chain:
        s = str(x).strip().splitlines()[0] if str(x).strip() else ""
        if s:
            detail = f" ({type(x).__name__}: {s[:120]})"
            break
    if not detail:
        detail = f" ({type(chain[-1]).__name__})"
    return "corrupt", f"not a readable PDF: the file is damaged or truncated{detail}"


_HEADER = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b\s*")
_REF = re.compile(rb"(\d+)\s+(\d+)\s+R(?![^\s()<>\[\]{}/%])")


def _peek_ref(doc, fd: int, objid: int):
    """What ``doc.getobj(objid)`` is as far as loops go, read from the bytes at the object's offset:
    the object number it refers to, ``False`` when it is no bare reference, ``None`` when the bytes
    do not say plainly (then pdfminer parses it)."""
    for xref in doc.xrefs:
        try:
            strmid, pos, _genno = xref.get_pos(objid)
        except KeyError:
            continue
        if strmid is not None or not isinstance(pos, int) or pos < 0:
            return None
        try:
            head = os.pread(fd, 128, pos)
        except OSError:
            return None
        m = _HEADER.match(head)
        if not m or int(m.group(1)) != objid or m.end() >= len(head) - 24:
            return None
        body = head[m.end():]
        if body[:1] == b"%":
            return None
        r = _REF.match(body)
        if r:
            return int(r.group(1))
        return False if body[:1] not in b"0123456789" or not re.match(rb"\d+\s+\d+\s*$", body[:24]) else None
    return None


def reference_loop(doc, fd: Optional[int] = None) -> Optional[list[int]]:
    """Object numbers of a chain of references that ends where it began, if the file has one.

    With ``fd`` (the file, open), an object stored plainly in the file is judged from the bytes at
    its offset (``N G obj M G R`` is a reference; anything else is not) instead of being parsed:
    the same answer at a fraction of the cost. Objects in object streams, and bytes that do not
    say plainly, are parsed by pdfminer as before."""
    from pdfminer.pdftypes import PDFObjRef

    done: set[int] = set()
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            if objid in done:
                continue
            chain = [objid]
            cur = objid
            while True:
                nxt = _peek_ref(doc, fd, cur) if fd is not None else None
                if nxt is None:
                    try:
                        obj = doc.getobj(cur)
                    except MemoryError:
                        raise
                    except Exception:  # a missing or damaged object: pdfplumber reports it when used
                        break
                    if not isinstance(obj, PDFObjRef):
                        break
                    nxt = obj.objid
                elif nxt is False:
                    break
                cur = nxt
                if cur in chain:
                    return chain[chain.index(cur):] + [cur]
                if cur in done:
                    break
                chain.append(cur)
            done.update(chain)
    return None


def check_references(doc, name: str, fd: Optional[int] = None) -> None:
    loop = reference_loop(doc, fd)
    if loop:
        raise ReaderError("corrupt", f"{name}: not a readable PDF: object {loop[0]} refers to itself through "
                                     f"{' -> '.join(map(str, loop))}; the file is damaged")
