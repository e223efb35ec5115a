#!/usr/bin/env python
"""Train the narrative textcat model from fixtures/narrative/train.jsonl.

Writes a spaCy pipeline (blank zh, char segmenter, exclusive textcat
problem/improvement/other) to models/narrative/.  Deterministic: fixed seed,
fixed example order per epoch (shuffled with a seeded RNG), single thread.

    python scripts/train_model.py [--out models/narrative] [--epochs 12] [--seed 0]
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import spacy  # noqa: E402
from spacy.training import Example  # noqa: E402
from spacy.util import fix_random_seed, minibatch  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from report_extract.narrative.data import LABELS, examples  # noqa: E402

VERSION = "0.1.0"
TEXTCAT_MODEL = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": True,
    "ngram_size": 3,
    "no_output_layer": False,
    "length": 262144,
    "nO": None,
}


def build():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    tc = nlp.add_pipe("textcat", config={"model": TEXTCAT_MODEL, "threshold": 0.5})
    for lab in LABELS:
        tc.add_label(lab)
    return nlp


def to_examples(nlp, pairs):
    out = []
    for text, lab in pairs:
        doc = nlp.make_doc(text)
        out.append(Example.from_dict(doc, {"cats": {k: float(k == lab) for k in LABELS}}))
    return out


def train(out: Path, epochs: int, seed: int, verbose: bool = True):
    fix_random_seed(seed)
    pairs = sorted(set(examples("train")))  # dedupe, canonical order
    nlp = build()
    exs = to_examples(nlp, pairs)
    optimizer = nlp.initialize(lambda: exs, sgd=None)
    optimizer.learn_rate = 0.001
    rng = random.Random(seed)
    t0 = time.time()
    for ep in range(epochs):
        rng.shuffle(exs)
        losses = {}
        for batch in minibatch(exs, size=32):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.1)
        if verbose:
            print(f"epoch {ep + 1:2d}  loss {losses['textcat']:.3f}  ({time.time() - t0:.1f}s)")
    nlp.meta.update({
        "name": "narrative", "version": VERSION,
        "description": "report-extract narrative tagger: problem / improvement / other (textcat, char 1-3-gram BOW)",
        "author": "report-extract", "license": "MIT",
    })
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    if verbose:
        print(f"{len(pairs)} training units; model written to {out}")
    return nlp


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "narrative")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    train(a.out, a.epochs, a.seed)


if __name__ == "__main__":
    main()
