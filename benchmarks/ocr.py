"""Seconds per page of scanned PDFs (OCR route) against their text-layer originals, in the same run.

    python benchmarks/ocr.py [--runs 3] [--memory] [--docs scan-rl-2021-lines,...]

For each fixture in fixtures/scanned/ made from a whole text-layer fixture
(fixtures/generate/scan_writer.py SCANS), the reader is timed on the scan and
on the original --runs times each (after one warm-up; the median is taken),
and divided by the page count. --memory adds the peak resident memory of a
cold ``report-extract extract`` of each scan: the Python process, and the
largest Tesseract child it started.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from report_extract.readers import read
from timing import median_ms

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures" / "generate"))

CHILD = """
import resource, sys
from report_extract import extract
extract(sys.argv[1])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_mb(path: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True)
    own, child = (int(v) / 1024 for v in out.stdout.split()[-2:])
    return own, child


def main() -> None:
    import scan_writer

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--memory", action="store_true")
    ap.add_argument("--docs", help="comma-separated scan names (default: all of SCANS)")
    a = ap.parse_args()
    rows = []
    for name, (source, *_rest) in scan_writer.SCANS.items():
        if a.docs and name not in a.docs.split(","):
            continue
        scan, text = ROOT / "fixtures" / "scanned" / f"{name}.pdf", ROOT / "fixtures" / "pdf" / f"{source}.pdf"
        pages = read(text).pages
        rows.append({
            "document": name, "pages": pages,
            "scanned_s_per_page": median_ms(lambda scan=scan: read(scan), a.runs) / 1000 / pages,
            "text_layer_s_per_page": median_ms(lambda text=text: read(text), a.runs) / 1000 / pages,
            "peak_mb": peak_mb(scan) if a.memory else None,
        })
        print(json.dumps(rows[-1]), flush=True)
    print(f"\nmedian seconds per page ({a.runs} runs each, reader only): scanned "
          f"{statistics.median(r['scanned_s_per_page'] for r in rows):.2f} s, text layer "
          f"{statistics.median(r['text_layer_s_per_page'] for r in rows):.3f} s")
    if a.memory:
        print(f"peak memory: python {max(r['peak_mb'][0] for r in rows):.0f} MB, "
              f"largest tesseract child {max(r['peak_mb'][1] for r in rows):.0f} MB")


if __name__ == "__main__":
    main()
