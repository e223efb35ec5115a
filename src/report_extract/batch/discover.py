"""Expand batch inputs (files, folders, list files) into a sorted list of candidate documents.

What the user typed must exist: a missing argument or list file, or a list file
that is not UTF-8 text, is an :class:`InputError` (one line, before anything is
written). A path listed inside a list file that is missing is a record of its own
(the rest of a long list still runs). Whether a file is read is decided by its
bytes (:mod:`..readers.sniff`), so an extension-less PDF is read and a photo
named ``.jpg`` is recorded as skipped, saying what it is.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from ..readers import EXTENSIONS
from ..readers.sniff import other_extension, sniff_file


class InputError(Exception):
    """An input the user named is missing or unreadable: the batch does not start."""


@dataclass(frozen=True)
class Input:
    path: str                     # absolute, normalised (symlinks are not resolved)
    supported: bool               # its bytes are a format the readers take
    exists: bool = True           # False: listed in a list file but missing
    format: Optional[str] = None  # the format it will be read as
    why: str = ""                 # why it is not read (supported False)
    kind: str = ""                # the skip's kind: unsupported_extension, unknown_format


def _candidate(path: str) -> Input:
    """A file named as a report format is extracted (what its bytes are wrong with is then an
    error record, as with ``extract``); any other file only when its bytes are a report format."""
    found = sniff_file(path)
    if found.format or Path(path).suffix.lower() in EXTENSIONS:
        return Input(path, True, format=found.format)
    kind = "unsupported_extension" if other_extension(Path(path)) else "unknown_format"
    return Input(path, False, format=None, why=found.message, kind=kind)


def read_list_file(list_file: Path) -> list[str]:
    """One path per line; blank lines and lines starting with '#' are ignored.
    Relative paths are taken relative to the current directory (like xargs)."""
    try:
        data = Path(list_file).read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such list file: {list_file}") from None
    except IsADirectoryError:
        raise InputError(f"{list_file} is a folder, not a list file (give the folder without @)") from None
    except OSError as e:
        raise InputError(f"cannot read list file {list_file}: {e.strerror or e}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        lineno = data[:e.start].count(b"\n") + 1
        raise InputError(f"list file {list_file} is not UTF-8 text (line {lineno}); save it as UTF-8") from None
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _abs(p: str | Path) -> str:
    return os.path.normpath(os.path.abspath(os.fspath(p)))


def _is_inside(path: str, folder: Optional[str]) -> bool:
    if not folder:
        return False
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def discover(inputs: Iterable[str | Path], list_files: Iterable[str | Path] = (),
             exclude: Optional[str | Path] = None) -> list[Input]:
    """Files are taken as given, folders walked recursively (hidden entries skipped),
    ``@FILE`` arguments and ``list_files`` read as lists of paths. Paths inside
    ``exclude`` (the output folder) are left out of folder walks. Sorted, without duplicates."""
    excl = _abs(exclude) if exclude else None
    named: list[tuple[str, bool]] = []  # (path, typed by the user rather than listed)
    for item in inputs:
        s = os.fspath(item)
        if s.startswith("@") and len(s) > 1:
            named.extend((p, False) for p in read_list_file(Path(s[1:])))
        else:
            named.append((s, True))
    for lf in list_files:
        named.extend((p, False) for p in read_list_file(Path(lf)))
    missing = [s for s, typed in named if typed and not os.path.exists(_abs(s))]
    if missing:
        more = f" (and {len(missing) - 3} more)" if len(missing) > 3 else ""
        raise InputError("no such file or folder: " + ", ".join(missing[:3]) + more)

    found: dict[str, Input] = {}
    for s, _ in named:
        p = _abs(s)
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                                 and not _is_inside(_abs(os.path.join(root, d)), excl))
                for f in files:
                    if f.startswith("."):
                        continue
                    fp = _abs(os.path.join(root, f))
                    if fp in found or _is_inside(fp, excl) or not os.path.isfile(fp):
                        continue
                    found[fp] = _candidate(fp)
        elif p not in found:
            found[p] = _candidate(p) if os.path.isfile(p) else Input(p, True, exists=False)
    return [found[k] for k in sorted(found)]
