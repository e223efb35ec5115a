#!/usr/bin/env python
"""Benchmark the narrative tagger: model load time and tagging time per report.

    python benchmarks/narrative.py [--runs 5]

Load time is measured in fresh interpreters (import + load of the shipped
model); tagging time on every document of the shared corpus, read and cut into
sections by the pipeline (readers + layout.sections), each section's paragraphs
tagged in order as ``layout.paragraphs.label_sections`` does; medians of
``--runs`` runs.  The script only uses interfaces older versions also have, so
running it with another checkout's interpreter gives a baseline in the same run.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

LOAD_SNIPPET = (
    "import time; t = time.perf_counter()\n"
    "from report_extract.narrative.tagger import NarrativeTagger\n"
    "t1 = time.perf_counter(); NarrativeTagger(); t2 = time.perf_counter()\n"
    "print(t2 - t1, t2 - t)\n"
)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()

    loads, loads_total = [], []
    for _ in range(a.runs):
        out = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], capture_output=True, text=True, check=True)
        x, y = map(float, out.stdout.split())
        loads.append(x)
        loads_total.append(y)
    from report_extract.layout.sections import segment
    from report_extract.narrative.tagger import get_tagger
    from report_extract.readers import read

    tagger = get_tagger()
    size = sum(p.stat().st_size for p in Path(tagger.path).rglob("*") if p.is_file())
    print(f"{tagger.method}  model size: {size / 1e6:.2f} MB")
    print(f"model load: median {statistics.median(loads) * 1000:.0f} ms over {a.runs} runs; "
          f"with imports: {statistics.median(loads_total) * 1000:.0f} ms")

    docs = sorted(p for p in (CORPUS / "docs").iterdir() if p.suffix in (".txt", ".html", ".pdf", ".docx"))
    per_doc, per_doc_cpu = [], []
    for d in docs:
        sections = segment(read(d))
        paras = sum(len(s.paragraphs) for s in sections)
        chars = sum(len(p.text) for s in sections for p in s.paragraphs)
        times, cpu = [], []
        for _ in range(a.runs):
            t, c = time.perf_counter(), time.process_time()
            for s in sections:
                tagger.tag_many([p.text for p in s.paragraphs], context=s.id)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        med = statistics.median(times)
        per_doc.append(med)
        per_doc_cpu.append(statistics.median(cpu))
        print(f"  {d.name:<28} {paras:4d} paragraphs {chars:7d} chars  tag median {med * 1000:7.1f} ms "
              f"(cpu {per_doc_cpu[-1] * 1000:6.1f} ms)")
    if per_doc:
        # CPU time too: on a shared machine wall time mostly measures the neighbours
        print(f"tagging per report: median {statistics.median(per_doc) * 1000:.1f} ms, "
              f"max {max(per_doc) * 1000:.1f} ms over {len(per_doc)} reports; "
              f"cpu median {statistics.median(per_doc_cpu) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
