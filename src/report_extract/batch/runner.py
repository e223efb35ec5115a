"""One batch run: discover inputs, plan (hash, name, resume), extract in parallel, record."""
from __future__ import annotations

import datetime as _dt
import json
import os
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from .. import __version__
from . import manifest as mf
from .discover import Input, discover
from .engines import make_engine
from .summary import summarize

DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY_MB = 2048


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).astimezone().isoformat(timespec="seconds")


REUSABLE = ("ok", "no_tables")  # statuses whose output a resumed run keeps


def _reusable(rec: Optional[dict], sha: str, name: str, settings: dict, outdir: Path) -> bool:
    """An earlier record whose output is what extracting these bytes under this name would give."""
    return bool(rec and rec.get("status") in REUSABLE and rec.get("sha256") == sha
                and Path(rec["path"]).name == name and rec.get("extractor_version") == __version__
                and (rec.get("settings") or {}) == settings and rec.get("output")
                and (outdir / rec["output"]).is_file())


def _skip_record(it: Input, sha: str, size: int) -> dict:
    ext = Path(it.path).suffix.lower()
    return mf.record(path=it.path, sha256=sha, bytes=size, format=ext.lstrip(".") or None, status="skipped",
                     error_kind=it.kind, error_message=it.why, extractor_version=__version__)


def plan(items: list[Input], outdir: Path, old: dict[str, dict], resume: bool, settings: Optional[dict] = None):
    """Split inputs into records already final (skipped, missing, reused) and tasks to extract.

    Returns (final, reused, tasks, superseded). Resume goes by content: an earlier record
    with the same sha256, file name, extractor version and settings is reused wherever its
    input lay, with its path updated. Earlier records of paths that are gone and whose bytes
    are among this run's inputs (a moved folder) are ``superseded``: the new record takes
    their place, so no document is listed twice.
    """
    settings = dict(settings or {})
    final: list[dict] = []
    reused: list[dict] = []
    candidates: list[tuple[Input, str, int]] = []
    for it in items:
        if not it.exists:
            final.append(mf.record(path=it.path, status="error", error_kind="not_found",
                                   error_message=f"no such file: {it.path}", extractor_version=__version__))
            continue
        try:
            sha, size = mf.sha256_file(it.path), os.path.getsize(it.path)
        except OSError as e:
            final.append(mf.record(path=it.path, status="error", error_kind="unreadable",
                                   error_message=f"cannot read {it.path}: {e.strerror or e}",
                                   extractor_version=__version__))
            continue
        if not it.supported:
            final.append(_skip_record(it, sha, size))
            continue
        candidates.append((it, sha, size))
    given = {it.path for it in items}
    shas = {sha for _, sha, _ in candidates}
    superseded = {p: r for p, r in old.items()
                  if p not in given and r.get("sha256") in shas and not os.path.exists(p)}
    taken = {r["output"]: r["path"] for p, r in old.items() if r.get("output") and p not in superseded}
    # (sha, file name) -> superseded records whose output may be reused, in path order
    movable: dict[tuple[str, str], list[dict]] = {}
    for p in sorted(superseded):
        r = superseded[p]
        movable.setdefault((r["sha256"], Path(p).name), []).append(r)
    todo = []
    for it, sha, size in candidates:
        name = Path(it.path).name
        if resume:
            prev = old.get(it.path)
            if not _reusable(prev, sha, name, settings, outdir):
                pool = movable.get((sha, name), [])
                prev = next((r for r in pool if _reusable(r, sha, name, settings, outdir)), None)
                if prev is not None:
                    pool.remove(prev)
                    taken[prev["output"]] = it.path
            if prev is not None:
                reused.append(dict(prev, path=it.path))
                continue
        todo.append((it, sha, size))
    names = mf.output_names([(it.path, sha) for it, sha, _ in todo], taken)
    tasks: list[dict[str, Any]] = [{"path": it.path, "sha256": sha, "bytes": size, "output": names[it.path],
                                    "format": it.format, "settings": settings} for it, sha, size in todo]
    # slowest first, so that no long document ends up alone at the tail of the run: legacy Word
    # (a LibreOffice conversion each), then by size
    tasks.sort(key=lambda t: (t["format"] not in ("doc", "wps"), -t["bytes"], t["path"]))
    return final, reused, tasks, superseded


def _lock(outdir: Path):
    """One batch at a time per output folder."""
    fh = open(outdir / ".batch.lock", "a")
    try:
        import fcntl

        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except ImportError:  # not POSIX: no lock
        pass
    except OSError:
        fh.close()
        raise RuntimeError(f"{outdir}: another batch is writing to this folder") from None
    return fh


def _closing(gen):
    """Iterate a generator and close it (stopping the workers) however the loop ends."""
    try:
        yield from gen
    finally:
        gen.close()


def run_batch(inputs: Iterable[str | Path], outdir: str | Path, *, list_files: Iterable[str | Path] = (),
              workers: Optional[int] = None, timeout: float = DEFAULT_TIMEOUT,
              max_memory_mb: int = DEFAULT_MAX_MEMORY_MB, resume: bool = False, engine: str = "local",
              scheduler: Optional[str] = None, engine_obj=None, settings: Optional[dict] = None,
              on_start: Optional[Callable[[int], None]] = None,
              on_result: Optional[Callable[[dict], None]] = None) -> dict:
    """Run a batch; returns the summary (also written to OUTDIR/summary.json).

    ``settings`` are keyword arguments of :func:`report_extract.pipeline.extract` that change
    its output; they are recorded, and resume reuses only outputs made with the same ones.
    Raises :class:`~.discover.InputError` (nothing written) when a named input is missing.
    """
    started, t0 = _now(), time.perf_counter()
    out = Path(outdir).absolute()
    items = discover(inputs, list_files, exclude=out)  # before anything is written
    out.mkdir(parents=True, exist_ok=True)
    lock = _lock(out)
    done: list[dict] = []
    peak_kb = 0
    try:
        mf.clean_temp_files(out)
        old = mf.read_manifest(out)
        final, reused, tasks, superseded = plan(items, out, old, resume, settings)
        eng = engine_obj or make_engine(engine, workers, scheduler)
        writer = mf.ManifestWriter(out)
        try:
            for rec in final:
                writer.append(rec)
            if on_start:
                on_start(len(tasks))
            results = eng.map(tasks, timeout, max_memory_mb)
            for task, res in _closing(results):
                mf.write_durable(out / task["output"], res["text"])
                rec = mf.record(path=task["path"], sha256=task["sha256"], bytes=task["bytes"],
                                format=res.get("format") or task.get("format"), status=res["status"],
                                error_kind=res.get("error_kind"), error_message=res.get("error_message"),
                                pages=res.get("pages"), findings=res.get("findings"),
                                extractor_version=__version__, settings=task["settings"], output=task["output"],
                                seconds=round(res["seconds"], 4) if res.get("seconds") is not None else None)
                writer.append(rec)  # only now: the output it names is in place
                done.append(rec)
                peak_kb = max(peak_kb, res.get("peak_rss_kb") or 0)
                if on_result:
                    on_result(rec)
        finally:
            writer.close()
            merged = {p: r for p, r in old.items() if p not in superseded}
            for rec in final + reused + done:
                merged[rec["path"]] = rec
            mf.finalize(out, merged.values())
            mf.remove_orphans(out, superseded.values(), merged.values())
    finally:
        lock.close()

    current = final + reused + done
    summary = summarize(current, timed=final + done, reused=len(reused),
                        engine=getattr(eng, "describe", lambda: eng.name)(), workers=getattr(eng, "workers", None),
                        started=started, finished=_now(), wall_seconds=time.perf_counter() - t0,
                        peak_worker_rss_mb=round(peak_kb / 1024, 1) if peak_kb else None)
    mf.write_durable(out / mf.SUMMARY, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    return summary
