"""The batch manifest: OUTDIR/manifest.jsonl, one JSON record per input.

During a run records are appended (flush + fsync) right after the document's
JSON has been atomically renamed into place, so a record never points at a
missing or partial file. Reading tolerates a torn last line (a run killed
mid-write). At the end of a run the manifest is rewritten atomically with one
record per input path, sorted by path: an interrupted run that is resumed ends
with the same manifest as an uninterrupted one, apart from the run-variable
fields listed in :data:`RUN_VARIABLE`.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Iterable, Optional

from ..fileio import TMP_PREFIX, write_atomic

MANIFEST = "manifest.jsonl"
SUMMARY = "summary.json"

# field order of a record
FIELDS = ("path", "sha256", "bytes", "format", "status", "error_kind", "error_message", "pages", "findings",
          "extractor_version", "settings", "output", "seconds")
# fields that legitimately differ between two runs over the same inputs
RUN_VARIABLE = ("seconds",)


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def record(**kw) -> dict:
    return {k: kw.get(k) for k in FIELDS}


def stable(rec: dict) -> dict:
    """A record without its run-variable fields: what "same manifest" compares."""
    return {k: v for k, v in rec.items() if k not in RUN_VARIABLE}


def dumps(rec: dict) -> str:
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


def read_manifest(outdir: str | Path) -> dict[str, dict]:
    """Latest record per input path. Lines that do not parse (a torn last line) are ignored."""
    p = Path(outdir) / MANIFEST
    out: dict[str, dict] = {}
    if not p.exists():
        return out
    with open(p, "rb") as fh:
        for raw in fh:
            try:
                rec = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                continue
            if isinstance(rec, dict) and isinstance(rec.get("path"), str):
                out[rec["path"]] = rec
    return out


def write_durable(path: Path, data: str | bytes) -> None:
    """Atomic and durable: temp file in the same folder, fsync, rename, fsync the folder."""
    write_atomic(path, data, durable=True)


def clean_temp_files(outdir: str | Path) -> int:
    """Remove temp files a killed run left behind."""
    n = 0
    for p in Path(outdir).glob(f"{TMP_PREFIX}*"):
        try:
            p.unlink()
            n += 1
        except OSError:
            pass
    return n


class ManifestWriter:
    """Appends records, each flushed and fsynced before the next document is accepted."""

    def __init__(self, outdir: str | Path):
        self.path = Path(outdir) / MANIFEST
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # a torn last line from a killed run must not glue itself to the next record
        if self.path.exists() and self.path.stat().st_size:
            with open(self.path, "rb") as fh:
                fh.seek(-1, os.SEEK_END)
                torn = fh.read(1) != b"\n"
        else:
            torn = False
        self.fh = open(self.path, "ab")
        if torn:
            self.fh.write(b"\n")

    def append(self, rec: dict) -> None:
        self.fh.write((dumps(rec) + "\n").encode("utf-8"))
        self.fh.flush()
        os.fsync(self.fh.fileno())

    def close(self) -> None:
        self.fh.close()


def finalize(outdir: str | Path, records: Iterable[dict]) -> None:
    """Rewrite the manifest atomically: one record per path, sorted by path."""
    by_path = {r["path"]: r for r in records}
    text = "".join(dumps(by_path[k]) + "\n" for k in sorted(by_path))
    write_durable(Path(outdir) / MANIFEST, text)


def remove_orphans(outdir: str | Path, dropped: Iterable[dict], kept: Iterable[dict]) -> None:
    """Delete the outputs of dropped records (superseded by a moved input) that no kept record names."""
    named = {r.get("output") for r in kept}
    for r in dropped:
        name = r.get("output")
        if name and name not in named and Path(name).name == name:
            (Path(outdir) / name).unlink(missing_ok=True)


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def safe_stem(path: str) -> str:
    stem = _UNSAFE.sub("_", Path(path).stem).strip().lstrip(".") or "document"
    return stem[:100]


def output_names(items: list[tuple[str, str]], taken: Optional[dict[str, str]] = None) -> dict[str, str]:
    """Output file name per input path: ``<stem>.<8 hex of sha256>.json``.

    ``items`` are (path, sha256) pairs; ``taken`` maps names already used in the
    output folder to the path that owns them. Two inputs with the same stem and
    the same bytes (copies in two folders) would collide: the later one in path
    order gets a path hash as well, ``<stem>.<8 hex>.<6 hex of the path>.json``,
    so no input ever overwrites another's output.
    """
    used = dict(taken or {})
    out: dict[str, str] = {}
    for path, sha in sorted(items):
        name = f"{safe_stem(path)}.{sha[:8]}.json"
        owner = used.get(name)
        if owner is not None and owner != path:
            name = f"{safe_stem(path)}.{sha[:8]}.{hashlib.sha256(path.encode('utf-8')).hexdigest()[:6]}.json"
        used[name] = path
        out[path] = name
    return out
