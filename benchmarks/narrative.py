#!/usr/bin/env python
"""Benchmark the narrative tagger: model load time and tagging time per report.

    python benchmarks/narrative.py [--runs 5]

Load time is measured in fresh interpreters (import + spacy.load of
models/narrative), tagging time on every narrative-bearing document of the
shared corpus (all paragraphs of the report, tagged in order); medians of
``--runs`` runs.
"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import time
from pathlib import Path

from timing import median_ms

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

LOAD_SNIPPET = (
    "import time; t = time.perf_counter()\n"
    "from report_extract.narrative.tagger import NarrativeTagger\n"
    "t1 = time.perf_counter(); NarrativeTagger(); t2 = time.perf_counter()\n"
    "print(t2 - t1, t2 - t)\n"
)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()

    loads, loads_total = [], []
    for _ in range(a.runs):
        out = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], capture_output=True, text=True, check=True)
        x, y = map(float, out.stdout.split())
        loads.append(x)
        loads_total.append(y)
    size = sum(p.stat().st_size for p in (ROOT / "models" / "narrative").rglob("*") if p.is_file())
    print(f"model size: {size / 1e6:.2f} MB")
    print(f"model load (spacy.load): median {statistics.median(loads) * 1000:.0f} ms over {a.runs} runs; "
          f"with imports: {statistics.median(loads_total) * 1000:.0f} ms")

    spec = importlib.util.spec_from_file_location("evaluate_model", ROOT / "scripts" / "evaluate_model.py")
    ev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ev)
    from report_extract.narrative.tagger import get_tagger

    tagger = get_tagger()
    docs = sorted(p for p in (CORPUS / "docs").glob("*") if p.suffix in (".txt", ".html", ".pdf"))
    per_doc = []
    for d in docs:
        paras = ev.doc_paragraphs(d)
        chars = sum(len(p) for p in paras)
        times = []
        for _ in range(a.runs):
            t = time.perf_counter()
            ev.tag_document(tagger, paras)
            times.append(time.perf_counter() - t)
        med = statistics.median(times)
        per_doc.append(med)
        print(f"  {d.name:<28} {len(paras):4d} paragraphs {chars:7d} chars  tag median {med * 1000:7.1f} ms")
    if per_doc:
        print(f"tagging per report: median {statistics.median(per_doc) * 1000:.1f} ms, "
              f"max {max(per_doc) * 1000:.1f} ms over {len(per_doc)} reports")
    # a whole report flattened into one line (crawler dumps do this): tagging must stay linear,
    # compared with the same sentences as separate paragraphs in the same run
    sentence = "本机关认真做好政府信息主动公开工作，全年发布信息120条。"
    one_line = "一、总体情况 " + sentence * 80 + "五、存在的主要问题及改进情况 存在的不足主要有：一是栏目更新不够及时。"
    long_ms = median_ms(lambda: tagger.tag(one_line), a.runs)
    split_ms = median_ms(lambda: [tagger.tag(sentence) for _ in range(80)], a.runs)
    print(f"one-line report of {len(one_line)} chars: median {long_ms:.1f} ms; "
          f"the same 80 sentences one by one: {split_ms:.1f} ms")


if __name__ == "__main__":
    main()
