#!/usr/bin/env python
"""Evaluate the narrative labels through the pipeline users run.

    python scripts/evaluate_model.py            # held-out reports (fixtures/narrative/heldout.jsonl)
    python scripts/evaluate_model.py --corpus   # also the `_paragraphs` of ../shared/corpus/truth (never trained on)
    python scripts/evaluate_model.py --cli      # run the `report-extract extract` command itself for every document

Every document goes through ``report_extract.extract`` (what ``report-extract
extract`` runs; ``--cli`` runs the command) and its JSON is compared with the
truth the way ../shared/tools/score.py compares paragraphs: a truth snippet is
looked up, whitespace removed, in the output paragraphs; the first paragraph
containing it gives the predicted label (``<missing>`` when none does).
Held-out reports are written out as plain-text reports (title, section
headings, one paragraph per line) and their truth snippets are the labelled
spans the generator wrote.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from narrative_examples import LABELS, load_reports  # noqa: E402

CORPUS = Path(os.environ.get("REPORT_EXTRACT_CORPUS", ROOT.parent / "shared" / "corpus"))
MISSING = "<missing>"


def norm_text(s):
    return re.sub(r"\s+", "", str(s)) if s is not None else None


def paragraph_results(pairs, doc: dict) -> list[tuple[str, str, str]]:
    """(gold, predicted, snippet) per truth pair: score.py's paragraph comparison."""
    paras = [(norm_text(p.get("text", "")), p.get("label"))
             for sec in doc.get("sections") or [] for p in sec.get("paragraphs") or []]
    out = []
    for label, snippet in pairs:
        snip = norm_text(snippet)
        found = [lab for text, lab in paras if snip in (text or "")]
        out.append((label, found[0] if found else MISSING, snippet))
    return out


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


# ---------------------------------------------------------------- documents
def render_report(rep: dict) -> tuple[str, list[list[str]]]:
    """A generated report as a plain-text document, and its truth [label, snippet] pairs."""
    lines, pairs = ["政府信息公开工作年度报告"], []
    for sec in rep["sections"]:
        lines.append(sec["heading"])
        for p in sec["paragraphs"]:
            lines.append(p["text"])
            for a, b, lab in p["spans"]:
                snip = p["text"][a:b].strip()
                if len(norm_text(snip)) >= 4:
                    pairs.append([lab, snip])
    return "\n".join(lines) + "\n", pairs


def extract_all(paths: list[Path], cli: bool) -> list[dict]:
    """The output JSON of each document, through the pipeline (or the command)."""
    if cli:
        exe = Path(sys.executable).with_name("report-extract")
        outs = []
        for p in paths:
            r = subprocess.run([str(exe), "extract", str(p)], capture_output=True, text=True)
            outs.append(json.loads(r.stdout) if r.stdout.strip() else {})
        return outs
    import report_extract

    return [json.loads(report_extract.extract(str(p)).dumps()) for p in paths]


def evaluate_heldout(split: str = "heldout", cli: bool = False, limit: int | None = None):
    reps = load_reports(split)[:limit]
    with tempfile.TemporaryDirectory() as tmp:
        paths, truths = [], []
        for rep in reps:
            text, pairs = render_report(rep)
            path = Path(tmp) / f"{rep['id']}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
            truths.append(pairs)
        docs = extract_all(paths, cli)
    return [(rep["id"],) + r for rep, pairs, doc in zip(reps, truths, docs) for r in paragraph_results(pairs, doc)]


def evaluate_corpus(cli: bool = False):
    items = []
    for tf in sorted((CORPUS / "truth").glob("*.json")):
        snippets = json.loads(tf.read_text(encoding="utf-8")).get("_paragraphs") or []
        docs = sorted((CORPUS / "docs").glob(tf.stem + ".*"))
        if snippets and docs:
            items.append((tf.stem, docs[0], snippets))
    outs = extract_all([d for _, d, _ in items], cli)
    return [(stem,) + r for (stem, _, snippets), doc in zip(items, outs) for r in paragraph_results(snippets, doc)]


def print_table(title, results, verbose=False):
    gold, pred = [r[1] for r in results], [r[2] for r in results]
    rows, macro, acc = prf(gold, pred)
    ok = sum(g == p for g, p in zip(gold, pred))
    print(f"{title}: {ok}/{len(results)} = {acc:.4f}, {sum(p == MISSING for p in pred)} missing")
    print(f"  {'label':<12} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}")
    for lab, r in rows.items():
        print(f"  {lab:<12} {r['precision']:9.4f} {r['recall']:7.4f} {r['f1']:7.4f} {r['support']:8d}")
    print(f"  {'macro F1':<12} {macro:25.4f}")
    if verbose:
        for doc, g, p, s in results:
            if g != p:
                print(f"    MISS {doc}: gold={g} pred={p} | {s[:70]}")
    return {"labels": rows, "macro_f1": macro, "accuracy": acc, "n": len(results)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="store_true", help="also score the shared corpus truth snippets")
    ap.add_argument("--cli", action="store_true", help="run `report-extract extract` for every document")
    ap.add_argument("--limit", type=int, default=None, help="only the first N held-out reports")
    ap.add_argument("--verbose", "-v", action="store_true", help="list the misses")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    a = ap.parse_args()
    report = {}
    out = sys.stdout
    if a.json:
        sys.stdout = open(os.devnull, "w")
    report["heldout"] = print_table("held-out reports", evaluate_heldout(cli=a.cli, limit=a.limit), a.verbose)
    if a.corpus:
        report["corpus"] = print_table("shared corpus snippets", evaluate_corpus(a.cli), a.verbose)
    if a.json:
        sys.stdout = out
        print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
