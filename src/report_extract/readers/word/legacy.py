"""Legacy Word (.doc) and WPS (.wps) files, read through LibreOffice.

The binary formats are converted to .docx by LibreOffice headless
(``soffice --headless --convert-to docx``) in a private temporary directory,
with its own user profile (so parallel conversions do not clash on the
shared profile lock) and a time limit; the .docx is then read like any
other (:func:`report_extract.readers.word.read`). The Document keeps the
original path and format (``doc`` or ``wps``); locators are those of the
converted .docx.

LibreOffice is an optional system dependency. Without it, reading a .doc
raises ``ReaderError("missing_program", ...)`` with the install command.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from ...model import Document, ReaderError
from . import read as read_docx
from .. import ooxml_safety as safety

TIMEOUT_SECONDS = 60
INSTALL_HINT = "install it with: apt-get install -y --no-install-recommends libreoffice-writer-nogui"
PROGRAMS = ("soffice", "libreoffice")


def find_soffice() -> Optional[str]:
    """Path of the LibreOffice binary, from $REPORT_EXTRACT_SOFFICE or PATH."""
    env = os.environ.get("REPORT_EXTRACT_SOFFICE")
    if env:
        return env if (os.path.isfile(env) and os.access(env, os.X_OK)) else shutil.which(env)
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_to_docx(path: Path, workdir: Path, timeout: float = TIMEOUT_SECONDS) -> Path:
    """Convert ``path`` to .docx inside ``workdir`` with LibreOffice; return the .docx path."""
    soffice = find_soffice()
    ext = path.suffix.lower() or ".doc"
    if soffice is None:
        raise ReaderError("missing_program", f"reading {ext} needs LibreOffice (soffice), not found on PATH; "
                                             f"{INSTALL_HINT}")
    # Copy under a plain ASCII name: LibreOffice names its output after the input stem,
    # and some builds mishandle unusual characters in paths.
    src = workdir / f"input{ext if ext in ('.doc', '.wps', '.docx', '.rtf') else '.doc'}"
    shutil.copyfile(path, src)
    outdir = workdir / "out"
    outdir.mkdir()
    profile = workdir / "profile"
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
           "--nologo", "--nodefault", "--nolockcheck", "--norestore",
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(src)]
    env = dict(os.environ, HOME=str(workdir), SAL_USE_VCLPLUGIN="svp")
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                cwd=str(workdir), start_new_session=True)
    except OSError as e:
        raise ReaderError("missing_program", f"could not run LibreOffice ({soffice}): {e}; {INSTALL_HINT}") from None
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ReaderError("timeout", f"{path.name}: LibreOffice did not convert the file within {timeout:g} s") from None
    result = outdir / "input.docx"
    if not result.is_file():
        detail = (err or out or b"").decode("utf-8", "replace").strip().splitlines()
        why = detail[-1] if detail else f"exit status {proc.returncode}"
        raise ReaderError("corrupt", f"{path.name}: LibreOffice could not convert the file ({why})")
    return result


def _kill_group(proc: subprocess.Popen) -> None:
    """Stop the conversion and everything it started (its own process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    try:
        proc.communicate(timeout=5)
    except subprocess.TimeoutExpired:  # pragma: no cover
        pass


def read(path, *, timeout: float = TIMEOUT_SECONDS) -> Document:
    p = Path(path)
    fmt = "wps" if p.suffix.lower() == ".wps" else "doc"
    kind = safety.sniff_office(p)
    if kind == "zip":  # a .docx saved under a .doc/.wps name
        doc = read_docx(p)
        doc.format = "docx"
        return doc
    if kind == "ole2" and safety.is_encrypted_ole(p):
        raise ReaderError("encrypted", f"{p.name} is password-protected (an encrypted Office file); "
                                       "remove the password in Word or WPS and save it again")
    if kind == "ole2" and _doc_fib_encrypted(p):
        raise ReaderError("encrypted", f"{p.name} is a password-protected Word document; "
                                       "remove the password in Word or WPS and save it again")
    if kind not in ("ole2",) and fmt == "doc" and not _looks_like_rtf(p):
        raise ReaderError("corrupt", f"{p.name} is not a valid .doc (not an OLE2 compound file)")
    with tempfile.TemporaryDirectory(prefix="report-extract-lo-") as tmp:
        converted = convert_to_docx(p, Path(tmp), timeout=timeout)
        doc = read_docx(converted)
    doc.path = str(p)
    doc.format = fmt
    doc.info["converted_by"] = "libreoffice"
    return doc


def _looks_like_rtf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(5) == b"{\\rtf"


# ----------------------------------------------------------------------------- OLE2


def _doc_fib_encrypted(path: Path) -> bool:
    """True when a Word 97-2003 file sets fEncrypted in its FIB (password to open).

    Reads the compound file's directory to find the ``WordDocument`` stream and
    looks at bit 0x0100 of the FIB flags at offset 0x0A. Any oddity: False.
    """
    try:
        data = path.read_bytes() if path.stat().st_size <= 256 * 1024 * 1024 else b""
        if not data.startswith(safety.OLE2_MAGIC) or len(data) < 512:
            return False
        import struct

        sector_shift = struct.unpack_from("<H", data, 0x1E)[0]
        ssize = 1 << sector_shift
        if ssize not in (512, 4096):
            return False
        n_fat = struct.unpack_from("<I", data, 0x2C)[0]
        first_dir = struct.unpack_from("<I", data, 0x30)[0]
        difat = list(struct.unpack_from("<109I", data, 0x4C))[:min(n_fat, 109)]

        def sector(i):
            off = (i + 1) * ssize
            return data[off:off + ssize]

        fat: list[int] = []
        for s in difat:
            sec = sector(s)
            fat.extend(struct.unpack(f"<{len(sec) // 4}I", sec))

        def chain(start, limit=100000):
            out, s = [], start
            while s < 0xFFFFFFFA and len(out) < limit and s < len(fat):
                out.append(s)
                s = fat[s]
            return out

        dirdata = b"".join(sector(s) for s in chain(first_dir))
        for off in range(0, len(dirdata) - 127, 128):
            entry = dirdata[off:off + 128]
            nlen = struct.unpack_from("<H", entry, 0x40)[0]
            name = entry[:max(0, nlen - 2)].decode("utf-16-le", "ignore")
            if name == "WordDocument":
                start = struct.unpack_from("<I", entry, 0x74)[0]
                first = sector(start) if start < 0xFFFFFFFA else b""
                if len(first) < 0x0C:
                    return False
                flags = struct.unpack_from("<H", first, 0x0A)[0]
                return bool(flags & 0x0100)
        return False
    except Exception:
        return False
