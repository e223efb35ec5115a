"""Median milliseconds per document, by format, over the bundled fixtures (and the shared corpus if present).

    python benchmarks/extract.py [--runs 5]

Each document is extracted --runs times in this process after one warm-up
(model loading and imports are paid once, as in a batch worker); the median
per document is reported, then the median over documents of each format. The
baseline in the same run is the reader alone (file → document model), so the
table shows what the layout, mapping, narrative and validation stages add.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from report_extract.pipeline import build_report
from report_extract.readers import read

ROOT = Path(__file__).resolve().parent.parent


def median_ms(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--formats", default="html,txt,docx,pdf")
    a = ap.parse_args()
    formats = a.formats.split(",")
    docs = [p for p in sorted((ROOT / "fixtures").glob("*/*")) if p.suffix.lstrip(".") in formats]
    corpus = ROOT.parent / "shared" / "corpus" / "docs"
    if corpus.is_dir():
        docs += [p for p in sorted(corpus.iterdir()) if p.suffix.lstrip(".") in formats]
    rows: dict[str, list[tuple[float, float]]] = {}
    for p in docs:
        reader = median_ms(lambda: read(p), a.runs)
        full = median_ms(lambda: build_report(read(p), p), a.runs)
        rows.setdefault(p.suffix.lstrip("."), []).append((reader, full))
    print(f"{'format':<8}{'docs':>6}{'reader ms':>12}{'end-to-end ms':>16}   (median per document, {a.runs} runs each)")
    for fmt in formats:
        if fmt in rows:
            r = rows[fmt]
            print(f"{fmt:<8}{len(r):>6}{statistics.median(x for x, _ in r):>12.1f}{statistics.median(y for _, y in r):>16.1f}")


if __name__ == "__main__":
    main()
