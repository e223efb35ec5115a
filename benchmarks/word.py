"""Median milliseconds per Word report: the .docx reader alone and end to end.

    python benchmarks/word.py [--runs 7] [--doc]

Over fixtures/docx/*.docx (and the shared corpus template if present): each
document is read --runs times after one warm-up in this process; the median
per document is printed, then the median over documents. ``--doc`` adds the
.doc fixture, whose time is dominated by the LibreOffice conversion (a fresh
soffice process per file).
"""
from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from report_extract.pipeline import build_report
from report_extract.readers.word.package import open_package
from report_extract.readers import read
from timing import median_ms

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT.parent / "shared" / "corpus" / "docs" / "template-2021-blank.docx"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--doc", action="store_true", help="also time the .doc fixture (LibreOffice)")
    a = ap.parse_args()
    docs = sorted((ROOT / "fixtures" / "docx").glob("*.docx"))
    if TEMPLATE.exists():
        docs.append(TEMPLATE)
    if a.doc:
        docs += sorted((ROOT / "fixtures" / "docx").glob("*.doc"))
    rows = []
    print(f"{'document':34} {'KiB':>6} {'reader ms':>10} {'end-to-end ms':>14}")
    for p in docs:
        runs = a.runs if p.suffix == ".docx" else max(1, min(a.runs, 3))
        reader = median_ms(lambda p=p: read(p), runs)
        e2e = median_ms(lambda p=p: build_report(read(p), p), runs)
        rows.append((p, reader, e2e))
        print(f"{p.name:34} {p.stat().st_size / 1024:6.0f} {reader:10.1f} {e2e:14.1f}")
    docx_rows = [r for r in rows if r[0].suffix == ".docx"]
    print(f"median over {len(docx_rows)} .docx: reader {statistics.median(r[1] for r in docx_rows):.1f} ms, "
          f"end to end {statistics.median(r[2] for r in docx_rows):.1f} ms (runs={a.runs})")
    # where the reader's time goes: opening the package (checks + parsing the parts) vs the walk
    p = docx_rows[0][0]
    load = median_ms(lambda: open_package(p), a.runs)
    print(f"of which opening the package ({p.name}): {load:.1f} ms")


if __name__ == "__main__":
    main()
