#!/usr/bin/env python
"""Benchmark batch extraction: documents per second with 1 and 2 workers, peak memory per worker.

    python benchmarks/batch.py [--runs 3] [--copies 4] [--workers 1 2] [--no-corpus]

The input set mixes every fixture document (fixtures/{html,txt,docx,pdf}: what
exists) and, when present, the shared corpus (../shared/corpus/docs beside the repository, read
only), each copied ``--copies`` times into a temporary folder (copies stay out
of the project). Each configuration runs ``--runs`` times, alternating, into a
fresh output folder; the figure is the median of documents per second over the
whole run (worker start-up included: the model is loaded once per worker
process). Peak memory is the largest ru_maxrss of any worker process.

The machine may be shared: each run also reports the CPU that other processes
used meanwhile ("others", in cores, from /proc/stat minus this benchmark's own
CPU), and before each run the benchmark waits (up to --wait-quiet seconds) for
a moment when others use less than 0.2 cores. Medians are given over all runs
and over the runs where others used less than 0.25 cores.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "docs"
FORMATS = ("html", "txt", "docx", "pdf")


def inputs(use_corpus: bool) -> list[Path]:
    docs = []
    for fmt in FORMATS:
        d = ROOT / "fixtures" / fmt
        if d.is_dir():
            docs += [p for p in sorted(d.iterdir()) if p.is_file() and p.suffix != ".json"]
    if use_corpus and CORPUS.is_dir():
        docs += sorted(p for p in CORPUS.iterdir() if p.is_file())
    return docs


def busy_seconds() -> float:
    """CPU seconds spent busy by the whole machine since boot (Linux)."""
    try:
        with open("/proc/stat") as fh:
            v = [int(x) for x in fh.readline().split()[1:]]
    except OSError:
        return float("nan")
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return (sum(v[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    import resource

    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def wait_quiet(limit: float, threshold: float = 0.2) -> float:
    """Wait until other processes use less than ``threshold`` cores (1 s samples); returns their load."""
    deadline = time.monotonic() + limit
    while True:
        b0, t0 = busy_seconds(), time.monotonic()
        time.sleep(1.0)
        load = (busy_seconds() - b0) / (time.monotonic() - t0)
        if load < threshold or time.monotonic() > deadline:
            return load


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--no-corpus", action="store_true")
    ap.add_argument("--wait-quiet", type=float, default=60.0, metavar="SECONDS")
    a = ap.parse_args()

    from report_extract.batch.runner import run_batch

    docs = inputs(not a.no_corpus)
    if not docs:
        sys.exit("no input documents found")
    fmts: dict[str, int] = {}
    for d in docs:
        fmts[d.suffix.lstrip(".")] = fmts.get(d.suffix.lstrip("."), 0) + 1
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
        src = Path(tmp) / "in"
        for c in range(a.copies):
            for d in docs:
                dst = src / f"copy{c}" / d.parent.name / d.name
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(d, dst)
        n = len(docs) * a.copies
        print(f"{n} documents ({len(docs)} distinct x {a.copies}: "
              + ", ".join(f"{k} {v}" for k, v in sorted(fmts.items())) + f"), {a.runs} run(s) per setting, "
              f"{os.cpu_count()} core(s)")
        rates: dict[int, list[float]] = {w: [] for w in a.workers}
        peaks: dict[int, list[float]] = {w: [] for w in a.workers}
        quiet: dict[int, list[float]] = {w: [] for w in a.workers}
        for run in range(a.runs):
            order = a.workers if run % 2 == 0 else list(reversed(a.workers))
            for w in order:
                out = Path(tmp) / f"out-{w}-{run}"
                wait_quiet(a.wait_quiet)
                b0, c0, t0 = busy_seconds(), own_cpu(), time.perf_counter()
                s = run_batch([src], out, workers=w)
                wall = time.perf_counter() - t0
                others = max(0.0, ((busy_seconds() - b0) - (own_cpu() - c0)) / wall)
                assert s["inputs"] == n and not s["by_status"]["skipped"], s["by_status"]
                rates[w].append(n / wall)
                if others < 0.25:
                    quiet[w].append(n / wall)
                peaks[w].append(s["peak_worker_rss_mb"] or 0.0)
                print(f"  run {run + 1} workers {w}: {wall:6.2f} s  {n / wall:6.2f} docs/s  "
                      f"peak worker RSS {s['peak_worker_rss_mb']} MB  others {others:.2f} cores  "
                      f"errors {s['by_status']['error']}")
                shutil.rmtree(out)
    print()
    base = statistics.median(rates[a.workers[0]])
    for w in a.workers:
        med = statistics.median(rates[w])
        print(f"workers {w}: median {med:.2f} docs/s  (x{med / base:.2f} of {a.workers[0]} worker)  "
              f"peak RSS per worker {max(peaks[w]):.0f} MB")
    if all(quiet[w] for w in a.workers):
        qbase = statistics.median(quiet[a.workers[0]])
        for w in a.workers:
            med = statistics.median(quiet[w])
            print(f"quiet runs only, workers {w}: median {med:.2f} docs/s over {len(quiet[w])} run(s)  "
                  f"(x{med / qbase:.2f})")


if __name__ == "__main__":
    main()
