"""Load the labelled paragraphs in fixtures/narrative and turn them into model examples."""
from __future__ import annotations

import json
from pathlib import Path

from report_extract.narrative.sentences import Unit, model_input, split_units

LABELS = ("problem", "improvement", "other")
REPO_ROOT = Path(__file__).resolve().parents[3]
FIXTURES = REPO_ROOT / "fixtures" / "narrative"


def load_paragraphs(split: str, root: Path = FIXTURES) -> list[dict]:
    with open(root / f"{split}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def unit_label(unit: Unit, spans: list[list]) -> str:
    """Label of the annotated span that overlaps ``unit`` most."""
    best, best_ov = "other", -1
    for a, b, lab in spans:
        ov = min(b, unit.end) - max(a, unit.start)
        if ov > best_ov:
            best, best_ov = lab, ov
    return best


def paragraph_units(row: dict) -> list[tuple[Unit, str]]:
    units = split_units(row["text"], context=row.get("context"), heading=row.get("heading"))
    return [(u, unit_label(u, row["spans"])) for u in units]


def examples(split: str, root: Path = FIXTURES) -> list[tuple[str, str]]:
    """(model input, label) pairs for all non-heading units, in file order."""
    out = []
    for row in load_paragraphs(split, root):
        for u, lab in paragraph_units(row):
            if not u.heading:
                out.append((model_input(u), lab))
    return out
