"""The generated reports of fixtures/narrative as model examples: units in context with their label.

Each section's paragraphs are cut exactly as the pipeline cuts them
(``document_units``: the section id as context, phase carried from paragraph to
paragraph); each unit gets the label of the annotated span it overlaps most;
heading-only units are left out (they are ``other`` by rule).
"""
from __future__ import annotations

import json
from pathlib import Path

from report_extract.narrative.sentences import Unit, document_units

LABELS = ("problem", "improvement", "other")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "narrative"


def load_reports(split: str, root: Path = FIXTURES) -> list[dict]:
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


def section_units(section: dict) -> list[tuple[Unit, str]]:
    paras = section["paragraphs"]
    per_para = document_units([p["text"] for p in paras], context=section["id"])
    return [(u, unit_label(u, p["spans"])) for p, units in zip(paras, per_para) for u in units]


def examples(split: str, root: Path = FIXTURES, limit: int | None = None) -> list[tuple[Unit, str]]:
    """(unit, label) for every non-heading unit of the first ``limit`` reports, in file order."""
    return [(u, lab) for rep in load_reports(split, root)[:limit] for sec in rep["sections"]
            for u, lab in section_units(sec) if not u.heading]
