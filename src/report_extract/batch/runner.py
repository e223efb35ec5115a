"""One batch run: discover inputs, plan (hash, name, resume), extract in parallel, record."""
from __future__ import annotations

import datetime as _dt
import json
import os
import time
from pathlib import Path
from typing import Callable, Iterable, Optional

from .. import __version__
from ..model import ReaderError
from ..readers import EXTENSIONS, SUPPORTED, sniff_format
from . import manifest as mf
from .discover import Input, discover
from .engines import make_engine
from .summary import summarize

DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY_MB = 2048


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).astimezone().isoformat(timespec="seconds")


def _sniff(path: str) -> Optional[str]:
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
        if not head:
            return EXTENSIONS.get(Path(path).suffix.lower())
        return sniff_format(Path(path), head)
    except (OSError, ReaderError):
        return EXTENSIONS.get(Path(path).suffix.lower())


def plan(items: list[Input], outdir: Path, old: dict[str, dict], resume: bool):
    """Split inputs into records already final (skipped, missing, reused) and tasks to extract."""
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
            ext = Path(it.path).suffix.lower() or "(none)"
            final.append(mf.record(path=it.path, sha256=sha, bytes=size, format=ext.lstrip(".") or None,
                                   status="skipped", error_kind="unsupported_extension",
                                   error_message=f"extension {ext} is not read; supported: {' '.join(SUPPORTED)}",
                                   extractor_version=__version__))
            continue
        candidates.append((it, sha, size))
    taken = {r["output"]: r["path"] for r in old.values() if r.get("output")}
    names = mf.output_names([(it.path, sha) for it, sha, _ in candidates], taken)
    tasks: list[dict] = []
    for it, sha, size in candidates:
        prev = old.get(it.path)
        if (resume and prev and prev.get("status") == "ok" and prev.get("sha256") == sha
                and prev.get("extractor_version") == __version__ and prev.get("output")
                and (outdir / prev["output"]).is_file()):
            reused.append(prev)
            continue
        tasks.append({"path": it.path, "sha256": sha, "bytes": size, "output": names[it.path],
                      "format": _sniff(it.path)})
    # slowest first, so that no long document ends up alone at the tail of the run: legacy Word
    # (a LibreOffice conversion each), then by size
    tasks.sort(key=lambda t: (t["format"] not in ("doc", "wps"), -t["bytes"], t["path"]))
    return final, reused, tasks


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
              scheduler: Optional[str] = None, engine_obj=None,
              on_start: Optional[Callable[[int], None]] = None,
              on_result: Optional[Callable[[dict], None]] = None) -> dict:
    """Run a batch; returns the summary (also written to OUTDIR/summary.json)."""
    started, t0 = _now(), time.perf_counter()
    out = Path(outdir).absolute()
    out.mkdir(parents=True, exist_ok=True)
    lock = _lock(out)
    done: list[dict] = []
    peak_kb = 0
    try:
        mf.clean_temp_files(out)
        items = discover(inputs, list_files, exclude=out)
        old = mf.read_manifest(out)
        final, reused, tasks = plan(items, out, old, resume)
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
                                extractor_version=__version__, output=task["output"],
                                seconds=round(res["seconds"], 4) if res.get("seconds") is not None else None)
                writer.append(rec)  # only now: the output it names is in place
                done.append(rec)
                peak_kb = max(peak_kb, res.get("peak_rss_kb") or 0)
                if on_result:
                    on_result(rec)
        finally:
            writer.close()
            merged = dict(old)
            for rec in final + reused + done:
                merged[rec["path"]] = rec
            mf.finalize(out, merged.values())
    finally:
        lock.close()

    current = final + reused + done
    summary = summarize(current, timed=final + done, reused=len(reused),
                        engine=getattr(eng, "describe", lambda: eng.name)(), workers=getattr(eng, "workers", None),
                        started=started, finished=_now(), wall_seconds=time.perf_counter() - t0,
                        peak_worker_rss_mb=round(peak_kb / 1024, 1) if peak_kb else None)
    mf.write_durable(out / mf.SUMMARY, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    return summary
