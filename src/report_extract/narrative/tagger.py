"""Narrative tagger: label the sentences of a paragraph problem / improvement / other.

    from report_extract.narrative.tagger import get_tagger
    spans = get_tagger().tag(text, context="problems_improvements")

``tag`` splits the paragraph into units (sentences and enumerated items, see
``sentences.split_units``), classifies each unit with the spaCy textcat model
shipped in ``models/narrative`` (the model sees the unit text plus markers for
the canonical section and the part-5 half it sits in), labels heading-only
units ``other``, and merges consecutive units with the same label into one
:class:`TaggedSpan`.
"""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from report_extract.narrative.sentences import Unit, model_input, split_units

LABELS = ("problem", "improvement", "other")
MODEL_NAME = "report-extract-narrative"
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[3] / "models" / "narrative"
ENV_MODEL_DIR = "REPORT_EXTRACT_NARRATIVE_MODEL"


class ModelNotFoundError(RuntimeError):
    """The trained narrative model directory is missing."""


@dataclass(frozen=True)
class TaggedSpan:
    text: str
    start: int
    end: int
    label: str
    confidence: float


def model_dir() -> Path:
    return Path(os.environ.get(ENV_MODEL_DIR) or DEFAULT_MODEL_DIR)


class NarrativeTagger:
    def __init__(self, path: str | Path | None = None):
        import spacy

        p = Path(path) if path else model_dir()
        if not (p / "config.cfg").is_file():
            raise ModelNotFoundError(
                f"narrative model not found at {p} (expected a spaCy pipeline with config.cfg); "
                f"train it with `python scripts/train_model.py` or set {ENV_MODEL_DIR}"
            )
        self.path = p
        self.nlp = spacy.load(p)
        self.textcat = self.nlp.get_pipe("textcat")
        version = self.nlp.meta.get("version", "0.0.0")
        self.method = f"spacy-textcat:{MODEL_NAME}@{version}"
        self._lock = threading.Lock()

    # -- unit level ----------------------------------------------------------
    def classify_units(self, units: list[Unit]) -> list[tuple[str, float]]:
        """(label, probability) for each unit; heading-only units are ``other``."""
        todo = [i for i, u in enumerate(units) if not u.heading]
        out: list[tuple[str, float]] = [("other", 1.0)] * len(units)
        if todo:
            with self._lock:
                docs = list(self.nlp.pipe((model_input(units[i])[:MAX_UNIT_CHARS] for i in todo), batch_size=256))
            for i, doc in zip(todo, docs):
                lab = max(LABELS, key=lambda k: (doc.cats.get(k, 0.0), -LABELS.index(k)))
                out[i] = (lab, float(doc.cats.get(lab, 0.0)))
        return out

    # -- paragraph level -----------------------------------------------------
    def tag(self, text: str, context: str | None = None, heading: str | None = None) -> list[TaggedSpan]:
        """Label ``text``; ``context`` is the canonical section id (e.g.
        ``"problems_improvements"``), ``heading`` the nearest preceding
        sub-heading (e.g. ``"（二）改进措施"``) when the caller knows them."""
        if not text or not text.strip():
            return []
        units = split_units(text, context=context, heading=heading)
        return _spans(text, units, self.classify_units(units))

    def tag_many(self, paragraphs: list[str], context: str | None = None,
                 heading: str | None = None) -> list[list[TaggedSpan]]:
        """Tag consecutive paragraphs in document order.

        The section context follows inline major headings (一、总体情况 …), and
        a part-5 sub-heading or lead-in (（一）存在问题 / 下一步工作打算 / 将采取以下
        措施：) carries over to the following paragraphs of that section.
        All units go through the model in one batch.
        """
        section = context
        items = 0  # numbered items seen in the current list of part 5
        per_para: list[list[Unit]] = []
        for para in paragraphs:
            if section == "problems_improvements":
                # part 5 lists its problems first and its measures second: numbering that starts
                # again (一是 / 1、 / （一）) after a list of items opens the measures half
                if _FIRST_ITEM.match(para) and items >= 2 and heading != "下一步：":
                    heading = "下一步："
                items = 1 if _FIRST_ITEM.match(para) else items + (1 if _ANY_ITEM.match(para) else 0)
            units = split_units(para, context=section, heading=heading) if para and para.strip() else []
            per_para.append(units)
            for u in units:
                if u.section != section:
                    section, heading, items = u.section, None, 0
                if u.phase and u.section == "problems_improvements":
                    heading = "存在问题：" if u.phase == "problem" else "下一步："
        labels = self.classify_units([u for units in per_para for u in units])
        out, k = [], 0
        for para, units in zip(paragraphs, per_para):
            out.append(_spans(para, units, labels[k:k + len(units)]) if units else [])
            k += len(units)
        return out


def _spans(text: str, units: list[Unit], labels: list[tuple[str, float]]) -> list[TaggedSpan]:
    """Consecutive units with the same label merged into one span (confidence weighted by length)."""
    spans: list[TaggedSpan] = []
    group: list[int] = []

    def flush():
        if not group:
            return
        a, b = units[group[0]].start, units[group[-1]].end
        conf = sum(labels[i][1] * len(units[i].text) for i in group) / sum(len(units[i].text) for i in group)
        spans.append(TaggedSpan(text[a:b], a, b, labels[group[0]][0], round(min(max(conf, 0.0), 1.0), 4)))

    for i in range(len(units)):
        if group and labels[i][0] != labels[group[-1]][0]:
            flush()
            group = []
        group.append(i)
    flush()
    return spans


MAX_UNIT_CHARS = 20000  # a sentence is never this long; the bag of n-grams needs no more to decide

_FIRST_ITEM = re.compile(r"^\s*(?:一是|第一[，,、]|1[、.．]|[（(]一[）)]|①)")
_ANY_ITEM = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、]|\d{1,2}[、.．]|"
                       r"[（(][一二三四五六七八九十]+[）)]|[①-⑩])")

_TAGGER: NarrativeTagger | None = None
_TAGGER_LOCK = threading.Lock()


def get_tagger() -> NarrativeTagger:
    """The shared tagger (loaded once from models/narrative, offline)."""
    global _TAGGER
    if _TAGGER is None:
        with _TAGGER_LOCK:
            if _TAGGER is None:
                _TAGGER = NarrativeTagger()
    return _TAGGER
