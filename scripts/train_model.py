#!/usr/bin/env python
"""Train the narrative model from fixtures/narrative/train.jsonl with scripts/narrative.cfg.

The pipeline is built from the config (blank zh with the char segmenter,
``narrative_context`` + ``textcat`` over ``report_extract.NarrativeBOW.v1``) and
trained with the config's own [training] block (optimizer, batcher, dropout,
max_epochs, seed); the model written keeps that config as its config.cfg.
Deterministic: fixed seed, examples deduplicated and sorted, shuffled with a
seeded RNG, single thread.

    python scripts/train_model.py [--out src/report_extract/narrative/model] [--epochs N]
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

from spacy import util  # noqa: E402
from spacy.schemas import ConfigSchemaTraining  # noqa: E402
from spacy.training import Example  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from narrative_examples import LABELS, examples  # noqa: E402

from report_extract.narrative import components  # noqa: E402,F401  registers the pipeline's parts

CONFIG = ROOT / "scripts" / "narrative.cfg"
MODEL = ROOT / "src" / "report_extract" / "narrative" / "model"
VERSION = "0.2.0"


def to_examples(nlp, pairs):
    out = []
    for unit, lab in pairs:
        doc = nlp.make_doc(unit.text)
        doc._.section, doc._.phase = unit.section, unit.phase
        ex = Example.from_dict(doc, {"cats": {k: float(k == lab) for k in LABELS}})
        ex.predicted._.section, ex.predicted._.phase = unit.section, unit.phase
        out.append(ex)
    return out


def _context(nlp, examples_):
    """Run the context component on the predicted docs (textcat reads doc._.context)."""
    ctx = nlp.get_pipe("narrative_context")
    for ex in examples_:
        ctx(ex.predicted)
    return examples_


def train(out: Path, epochs: int | None = None, verbose: bool = True, config_path: Path = CONFIG,
          limit: int | None = None):
    config = util.load_config(config_path, overrides={"training.max_epochs": epochs} if epochs else {})
    nlp = util.load_model_from_config(config, auto_fill=True, validate=True)
    T = util.registry.resolve(nlp.config.interpolate()["training"], schema=ConfigSchemaTraining)
    util.fix_random_seed(T["seed"])
    distinct = {(u.text, u.section or "", u.phase or "", lab): (u, lab) for u, lab in examples("train", limit=limit)}
    pairs = [distinct[k] for k in sorted(distinct)]  # dedupe, canonical order
    exs = _context(nlp, to_examples(nlp, pairs))
    optimizer = nlp.initialize(lambda: exs, sgd=T["optimizer"])
    rng = random.Random(T["seed"])
    t0 = time.time()
    for ep in range(T["max_epochs"]):
        rng.shuffle(exs)
        losses: dict = {}
        for batch in T["batcher"](exs):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=T["dropout"])
        if verbose:
            print(f"epoch {ep + 1:2d}  loss {losses['textcat']:.3f}  ({time.time() - t0:.1f}s)")
    nlp.meta.update({
        "name": "narrative", "version": VERSION,
        "description": "report-extract narrative tagger: problem / improvement / other "
                       "(textcat, char 1-3-gram BOW + section / part-5 phase context features)",
        "author": "report-extract", "license": "MIT",
    })
    if out.exists():
        keep = out / "README.md"
        card = keep.read_text(encoding="utf-8") if keep.is_file() else None
        shutil.rmtree(out)
    else:
        card = None
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    if card:
        (out / "README.md").write_text(card, encoding="utf-8")
    if verbose:
        print(f"{len(pairs)} training units; model written to {out}")
    return nlp


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=MODEL)
    ap.add_argument("--epochs", type=int, default=None, help="override training.max_epochs")
    ap.add_argument("--limit", type=int, default=None, help="train on the first N reports only (quick checks)")
    a = ap.parse_args()
    train(a.out, a.epochs, limit=a.limit)


if __name__ == "__main__":
    main()
