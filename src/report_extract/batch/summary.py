"""The end-of-run summary: counts by status and format, slowest documents, error kinds."""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from ..outcome import STATUSES


def summarize(records: Iterable[dict], *, timed: Iterable[dict] | None = None, reused: int, engine: str,
              workers: int | None, started: str, finished: str, wall_seconds: float,
              peak_worker_rss_mb: float | None, slowest: int = 5) -> dict:
    recs = list(records)
    by_status = Counter(r["status"] for r in recs)
    by_format: dict[str, dict[str, int]] = {}
    for r in recs:
        f = r.get("format") or "unknown"
        by_format.setdefault(f, {})
        by_format[f][r["status"]] = by_format[f].get(r["status"], 0) + 1
    kinds = Counter(r.get("error_kind") for r in recs if r["status"] == "error")
    # slowest documents of this run (records reused from an earlier run keep that run's seconds)
    timed = sorted((r for r in (recs if timed is None else timed) if r.get("seconds") is not None),
                   key=lambda r: (-r["seconds"], r["path"]))
    extracted = len(recs) - reused - by_status.get("skipped", 0)
    return {
        "inputs": len(recs),
        "by_status": {k: by_status.get(k, 0) for k in STATUSES},
        "reused_from_previous_run": reused,
        "extracted_this_run": extracted,
        "by_format": {k: by_format[k] for k in sorted(by_format)},
        "error_kinds": dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0] or ""))),
        "slowest": [{"path": r["path"], "seconds": round(r["seconds"], 3), "status": r["status"]}
                    for r in timed[:slowest]],
        "engine": engine,
        "workers": workers,
        "started": started,
        "finished": finished,
        "wall_seconds": round(wall_seconds, 3),
        "documents_per_second": round(extracted / wall_seconds, 3) if wall_seconds > 0 else None,
        "peak_worker_rss_mb": peak_worker_rss_mb,
    }


def render(s: dict) -> str:
    st = s["by_status"]
    lines = [
        f"{s['inputs']} input(s): {st['ok']} ok, {st['no_tables']} without table values, {st['error']} error, "
        f"{st['skipped']} skipped"
        f" ({s['reused_from_previous_run']} reused from a previous run)",
        f"{s['extracted_this_run']} extracted in {s['wall_seconds']:.1f} s"
        + (f" ({s['documents_per_second']:.2f} docs/s)" if s["documents_per_second"] else "")
        + f" [{s['engine']}]"
        + (f", peak worker memory {s['peak_worker_rss_mb']:.0f} MB" if s.get("peak_worker_rss_mb") else ""),
    ]
    if s["by_format"]:
        lines.append("by format: " + "; ".join(
            f"{fmt} " + ", ".join(f"{n} {k}" for k, n in sorted(c.items())) for fmt, c in s["by_format"].items()))
    if s["error_kinds"]:
        lines.append("errors: " + ", ".join(f"{k} {n}" for k, n in s["error_kinds"].items()))
    if s["slowest"]:
        lines.append("slowest:")
        lines += [f"  {d['seconds']:8.2f} s  {d['status']:<6} {d['path']}" for d in s["slowest"]]
    return "\n".join(lines)
