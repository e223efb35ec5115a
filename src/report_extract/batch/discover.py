"""Expand batch inputs (files, folders, list files) into a sorted list of candidate documents."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from ..readers import EXTENSIONS

# never treated as inputs when a folder is walked: what a batch writes itself
_OWN_FILES = {"manifest.jsonl", "summary.json"}


@dataclass(frozen=True)
class Input:
    path: str            # absolute, normalised (symlinks are not resolved)
    supported: bool      # extension is one the readers take
    exists: bool = True  # False: named explicitly (argument or list file) but missing


def read_list_file(list_file: Path) -> list[str]:
    """One path per line; blank lines and lines starting with '#' are ignored.
    Relative paths are taken relative to the current directory (like xargs)."""
    out = []
    with open(list_file, encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.rstrip("\r\n").strip()
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
    named: list[str] = []
    for item in inputs:
        s = os.fspath(item)
        if s.startswith("@") and len(s) > 1:
            named.extend(read_list_file(Path(s[1:])))
        else:
            named.append(s)
    for lf in list_files:
        named.extend(read_list_file(Path(lf)))

    found: dict[str, Input] = {}
    for s in named:
        p = _abs(s)
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                                 and not _is_inside(_abs(os.path.join(root, d)), excl))
                for f in files:
                    if f.startswith("."):
                        continue
                    fp = _abs(os.path.join(root, f))
                    if _is_inside(fp, excl) or not os.path.isfile(fp):
                        continue
                    found.setdefault(fp, Input(fp, Path(f).suffix.lower() in EXTENSIONS))
        else:
            exists = os.path.isfile(p)
            found.setdefault(p, Input(p, Path(p).suffix.lower() in EXTENSIONS, exists))
    return [found[k] for k in sorted(found)]
