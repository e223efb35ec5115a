"""Narrative tagger: label the sentences and clauses of a paragraph problem / improvement / other.

    from report_extract.narrative.tagger import get_tagger
    spans = get_tagger().tag(text, context="problems_improvements")

``tag`` splits the paragraph into units (sentences, enumerated items, and clauses
where the discourse turns inside a sentence; see ``sentences.split_units``),
classifies each unit with the spaCy pipeline shipped inside the package
(``report_extract/narrative/model``: the ``narrative_context`` component reads the
unit's section and part-5 phase from ``doc._.section`` / ``doc._.phase``, the
textcat reads them next to the character n-grams), labels heading-only units
``other``, and merges consecutive units with the same label into one
:class:`TaggedSpan`.
"""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from report_extract.narrative.sentences import Unit, document_units, split_units

LABELS = ("problem", "improvement", "other")
MODEL_NAME = "report-extract-narrative"
ENV_MODEL_DIR = "REPORT_EXTRACT_NARRATIVE_MODEL"


class ModelNotFoundError(RuntimeError):
    """The trained narrative model is missing or cannot be loaded."""


@dataclass(frozen=True)
class TaggedSpan:
    text: str
    start: int
    end: int
    label: str
    confidence: float


def model_dir() -> Path:
    """The shipped model (package data), or the directory named by $REPORT_EXTRACT_NARRATIVE_MODEL."""
    if os.environ.get(ENV_MODEL_DIR):
        return Path(os.environ[ENV_MODEL_DIR])
    return Path(str(resources.files("report_extract.narrative").joinpath("model")))


class NarrativeTagger:
    def __init__(self, path: str | Path | None = None):
        import spacy

        from report_extract.narrative import components  # noqa: F401  registers the pipeline's parts

        p = Path(path) if path else model_dir()
        if not (p / "config.cfg").is_file():
            raise ModelNotFoundError(
                f"narrative model not found at {p} (expected a spaCy pipeline with config.cfg); "
                f"train it with `make model` or set {ENV_MODEL_DIR}"
            )
        from spacy.tokens import Doc

        self._Doc = Doc
        try:
            self.nlp = spacy.load(p)
            self.textcat = self.nlp.get_pipe("textcat")
        except Exception as e:  # wrong spaCy version, damaged weights, foreign pipeline
            raise ModelNotFoundError(f"narrative model at {p} cannot be loaded: {type(e).__name__}: {e}") from e
        self.path = p
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
                docs = list(self.nlp.pipe((self._doc(units[i]) for i in todo), batch_size=256))
            for i, doc in zip(todo, docs):
                lab = max(LABELS, key=lambda k: (doc.cats.get(k, 0.0), -LABELS.index(k)))
                out[i] = (lab, float(doc.cats.get(lab, 0.0)))
        return out

    def _doc(self, unit: Unit):
        text = unit.text[:MAX_UNIT_CHARS]
        if _SPACE.search(text):
            doc = self.nlp.make_doc(text)
        else:  # what the char segmenter makes of text without whitespace, without its alignment pass
            doc = self._Doc(self.nlp.vocab, words=list(text), spaces=[False] * len(text))
        doc._.section, doc._.phase = unit.section, unit.phase
        return doc

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
        """Tag consecutive paragraphs in document order (context carried over, see
        :func:`document_units`); all units go through the model in one batch."""
        per_para = document_units(paragraphs, context, heading)
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


_SPACE = re.compile(r"\s")
MAX_UNIT_CHARS = 20000  # a sentence is never this long; the bag of n-grams needs no more to decide

_TAGGER: NarrativeTagger | None = None
_TAGGER_LOCK = threading.Lock()


def get_tagger() -> NarrativeTagger:
    """The shared tagger (loaded once from the package's model, offline)."""
    global _TAGGER
    if _TAGGER is None:
        with _TAGGER_LOCK:
            if _TAGGER is None:
                _TAGGER = NarrativeTagger()
    return _TAGGER
