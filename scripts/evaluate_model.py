#!/usr/bin/env python
"""Evaluate the narrative model.

    python scripts/evaluate_model.py            # per-label P/R/F1 + macro F1 on fixtures/narrative/heldout.jsonl
    python scripts/evaluate_model.py --corpus   # also: accuracy on the `_paragraphs` snippets of
                                                # ../shared/corpus/truth/*.json (real reports, never trained on)

The held-out score is computed per unit (sentence / enumerated item) exactly as
``NarrativeTagger.tag`` sees it (same splitter, same section/phase context);
heading-only units are left out (they are labelled ``other`` by rule).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from report_extract.narrative.data import LABELS, load_paragraphs, paragraph_units  # noqa: E402
from report_extract.narrative.sentences import MAJOR_HEADING_RE  # noqa: E402
from report_extract.narrative.tagger import NarrativeTagger  # noqa: E402

CORPUS = Path(os.environ.get("REPORT_EXTRACT_CORPUS", Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"))


def prf(gold, pred):
    rows = {}
    for lab in LABELS:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        P = tp / (tp + fp) if tp + fp else 0.0
        R = tp / (tp + fn) if tp + fn else 0.0
        F = 2 * P * R / (P + R) if P + R else 0.0
        rows[lab] = {"precision": P, "recall": R, "f1": F, "support": tp + fn}
    macro = sum(r["f1"] for r in rows.values()) / len(rows)
    acc = sum(g == p for g, p in zip(gold, pred)) / max(len(gold), 1)
    return rows, macro, acc


def evaluate_heldout(tagger: NarrativeTagger, split: str = "heldout"):
    gold, pred = [], []
    for row in load_paragraphs(split):
        pairs = [(u, g) for u, g in paragraph_units(row) if not u.heading]
        if not pairs:
            continue
        labs = tagger.classify_units([u for u, _ in pairs])
        gold += [g for _, g in pairs]
        pred += [p for p, _ in labs]
    return gold, pred


# ---------------------------------------------------------------- real corpus
def doc_paragraphs(path: Path) -> list[str]:
    suf = path.suffix.lower()
    if suf == ".txt":
        text = path.read_text(encoding="utf-8", errors="replace")
        if "正文 ====" in text:
            text = text.split("正文 ====", 1)[1].split("\n", 1)[1]
        return [ln.strip() for ln in text.splitlines() if ln.strip()]
    if suf in (".html", ".htm"):
        import lxml.html

        root = lxml.html.fromstring(path.read_bytes())
        for bad in root.xpath("//script|//style"):
            bad.drop_tree()
        for el in root.iter("p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "table"):
            el.tail = "\n" + (el.tail or "")
        return [ln.strip() for ln in root.text_content().splitlines() if ln.strip()]
    if suf == ".pdf":
        import pdfplumber

        lines = []
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                for ln in (page.extract_text() or "").splitlines():
                    ln = re.sub(r"\s+", "", ln)
                    if ln and not re.fullmatch(r"[-—]*\d+[-—]*", ln):
                        lines.append(ln)
        paras, cur = [], ""
        for ln in lines:
            if cur and (MAJOR_HEADING_RE.match(ln) or re.match(r"[（(][一二三四五六七八九十][)）]", ln)):
                paras.append(cur)
                cur = ""
            cur += ln
            if re.search(r"[。：:；！？]$", ln) or (len(ln) < 25 and MAJOR_HEADING_RE.match(ln)):
                paras.append(cur)
                cur = ""
        if cur:
            paras.append(cur)
        return paras
    return []


def norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def tag_document(tagger: NarrativeTagger, paras: list[str]):
    """Tag paragraphs in order as the pipeline would (see NarrativeTagger.tag_many):
    section context from the nearest preceding major heading, part-5 sub-headings
    and lead-ins carried over to the following paragraphs."""
    return tagger.tag_many(paras)


def evaluate_corpus(tagger: NarrativeTagger, verbose: bool = False):
    results = []
    for tf in sorted((CORPUS / "truth").glob("*.json")):
        truth = json.loads(tf.read_text(encoding="utf-8"))
        snippets = truth.get("_paragraphs") or []
        if not snippets:
            continue
        docs = [d for d in (CORPUS / "docs").glob(tf.stem + ".*")]
        if not docs:
            continue
        paras = doc_paragraphs(docs[0])
        tagged = tag_document(tagger, paras)
        for gold, snip in snippets:
            ns = norm(snip)
            pred, where = None, None
            for p, spans in zip(paras, tagged):
                np_ = norm(p)
                k = np_.find(ns)
                if k < 0:
                    continue
                # map normalised offset back to the raw paragraph
                raw_idx = [i for i, ch in enumerate(p) if not ch.isspace()]
                mid = raw_idx[min(k + len(ns) // 2, len(raw_idx) - 1)]
                for s in spans:
                    if s.start <= mid < s.end:
                        pred, where = s.label, s.text
                        break
                break
            results.append((tf.stem, gold, pred, snip, where))
    return results


def print_table(rows, macro, acc, n):
    print(f"{'label':<12} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}")
    for lab, r in rows.items():
        print(f"{lab:<12} {r['precision']:9.4f} {r['recall']:7.4f} {r['f1']:7.4f} {r['support']:8d}")
    print(f"{'macro F1':<12} {macro:25.4f}")
    print(f"{'accuracy':<12} {acc:25.4f}   (n={n})")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=None, help="model dir (default models/narrative)")
    ap.add_argument("--corpus", action="store_true", help="also score the real-corpus truth snippets")
    ap.add_argument("--verbose", "-v", action="store_true", help="list corpus misses")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    a = ap.parse_args()
    tagger = NarrativeTagger(a.model)
    gold, pred = evaluate_heldout(tagger)
    rows, macro, acc = prf(gold, pred)
    report = {"heldout": {"labels": rows, "macro_f1": macro, "accuracy": acc, "n": len(gold)}}
    if not a.json:
        print(f"held-out split ({tagger.method})")
        print_table(rows, macro, acc, len(gold))
    if a.corpus:
        res = evaluate_corpus(tagger)
        ok = sum(1 for _, g, p, _, _ in res if g == p)
        found = sum(1 for r in res if r[2] is not None)
        report["corpus"] = {"accuracy": ok / max(len(res), 1), "n": len(res), "found": found}
        if not a.json:
            crows, cmacro, _ = prf([r[1] for r in res], [r[2] for r in res])
            print(f"\nreal-corpus snippets: {ok}/{len(res)} correct = {ok / max(len(res), 1):.4f} "
                  f"({found} snippets located)")
            print_table(crows, cmacro, ok / max(len(res), 1), len(res))
            if a.verbose:
                for doc, g, p, s, w in res:
                    if g != p:
                        print(f"  MISS {doc}: gold={g} pred={p} | {s} | span: {(w or '')[:80]}")
    if a.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
