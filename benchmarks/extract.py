"""Median milliseconds per document, by format, over the bundled fixtures (and the shared corpus if present).

    python benchmarks/extract.py [--runs 5] [--baseline ../main/src]

Each document is extracted --runs times in this process after one warm-up
(model loading and imports are paid once, as in a batch worker); the median
per document is reported, then the median over documents of each format. The
baseline in the same run is the reader alone (file → document model), so the
table shows what the layout, mapping, narrative and validation stages add.
With --baseline SRC the same documents are first timed with the package at
SRC (another checkout, e.g. main) in a child process, so before and after come
from one run on the same machine load.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

from report_extract.pipeline import build_report
from report_extract.readers import read
from timing import median_ms

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb(path: Path) -> float:
    """Peak resident memory of one `report-extract extract` process (cold, as a user runs it)."""
    exe = Path(sys.executable).parent / "report-extract"
    proc = subprocess.Popen([str(exe), "extract", str(path), "-o", os.devnull],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--formats", default="html,txt,docx,pdf")
    ap.add_argument("--memory", action="store_true", help="also peak RSS of a cold CLI run per document")
    ap.add_argument("--baseline", help="src folder of another checkout to time first on the same documents")
    a = ap.parse_args()
    if a.baseline:
        env = dict(os.environ, PYTHONPATH=str(Path(a.baseline).resolve()))
        print(f"baseline: {a.baseline}", flush=True)
        subprocess.run([sys.executable, __file__, "--runs", str(a.runs), "--formats", a.formats], env=env, check=True)
        print("this tree:", flush=True)
    formats = a.formats.split(",")
    # scans take seconds per page: benchmarks/ocr.py times them against their text-layer originals
    docs = [p for p in sorted((ROOT / "fixtures").glob("*/*"))
            if p.suffix.lstrip(".") in formats and p.parent.name != "scanned"]
    corpus = ROOT.parent / "shared" / "corpus" / "docs"
    if corpus.is_dir():
        docs += [p for p in sorted(corpus.iterdir()) if p.suffix.lstrip(".") in formats]
    # memory first: a child forked from this process once it holds the model would inherit its high-water mark
    mems = {p: peak_rss_mb(p) if a.memory else float("nan") for p in docs}
    rows: dict[str, list[tuple[float, float, float]]] = {}
    for p in docs:
        reader = median_ms(lambda p=p: read(p), a.runs)
        full = median_ms(lambda p=p: build_report(read(p), p), a.runs)
        rows.setdefault(p.suffix.lstrip("."), []).append((reader, full, mems[p]))
    print(f"{'format':<8}{'docs':>6}{'reader ms':>12}{'end-to-end ms':>16}{'max peak RSS MB':>18}"
          f"   (median per document, {a.runs} runs each)")
    for fmt in formats:
        if fmt in rows:
            r = rows[fmt]
            print(f"{fmt:<8}{len(r):>6}{statistics.median(x[0] for x in r):>12.1f}"
                  f"{statistics.median(x[1] for x in r):>16.1f}{max(x[2] for x in r):>18.1f}")


if __name__ == "__main__":
    main()
