"""What the run-together stage (runtogether/) costs text documents, before/after in one run.

    python benchmarks/runtogether.py [--runs 5]

Median milliseconds per text document (fixtures and the shared corpus), end to
end, with the stage as shipped and with it switched off (the tables it reads
are then findings only, as before it existed); the median over documents of
each, for the documents it reads tables from and for the others.
"""
from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from report_extract import pipeline
from report_extract.readers import read
from report_extract.runtogether import Recovered
from timing import median_ms

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    docs = sorted((ROOT / "fixtures" / "txt").glob("*.txt"))
    corpus = ROOT.parent / "shared" / "corpus" / "docs"
    if corpus.is_dir():
        docs += sorted(corpus.glob("*.txt"))
    shipped = pipeline.read_run_together
    rows = []
    for p in docs:
        pipeline.read_run_together = shipped
        fields = pipeline.build_report(read(p), p).fields
        used = any("runtogether" in f.method or f.method == "missing" for f in fields.values())
        after = median_ms(lambda p=p: pipeline.build_report(read(p), p), a.runs)
        pipeline.read_run_together = lambda doc, roles: Recovered()
        before = median_ms(lambda p=p: pipeline.build_report(read(p), p), a.runs)
        rows.append((p.name, used, before, after))
    pipeline.read_run_together = shipped
    print(f"{'document':<34}{'run-together':>14}{'off ms':>10}{'on ms':>10}")
    for name, used, before, after in rows:
        print(f"{name:<34}{'yes' if used else '':>14}{before:>10.1f}{after:>10.1f}")
    for label, sel in (("read run-together", True), ("others", False)):
        r = [x for x in rows if x[1] == sel]
        if r:
            print(f"median, {label} ({len(r)} docs): off {statistics.median(x[2] for x in r):.1f} ms, "
                  f"on {statistics.median(x[3] for x in r):.1f} ms")


if __name__ == "__main__":
    main()
