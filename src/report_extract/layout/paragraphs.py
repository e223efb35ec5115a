"""Narrative paragraphs of each section, labelled problem / improvement / other.

A paragraph whose sentences or clauses carry different labels is output as one
entry per run of same-label units, each with its own character span, so a label
always applies to the text it sits on.

Without the narrative model the text is still output, labelled ``other`` at
confidence 0, and ``errors`` says why (``narrative_model``): the caller (the
``extract`` command) turns that into a failure unless narrative was switched off.
"""
from __future__ import annotations

from typing import Any

from ..model import Source
from .sections import Section


def _source(src: Source, start: int, end: int, whole: bool) -> dict:
    out = src.to_json()
    out["span"] = None if whole else [start, end]
    return out


NARRATIVE_ERROR = "narrative_model"


class _Unlabelled:
    """Stands in when the model is off or cannot be loaded: text kept, label 'other' at confidence 0."""

    def __init__(self, method: str):
        self.method = method

    def tag_many(self, paragraphs: list[str], context: str | None = None):
        from ..narrative.tagger import TaggedSpan

        return [[TaggedSpan(text=t, start=0, end=len(t), label="other", confidence=0.0)] for t in paragraphs]


def label_sections(sections: list[Section], errors: list[dict] | None = None, narrative: bool = True) -> list[dict]:
    """The sections as output; ``narrative=False`` skips the model (labels ``other``, confidence 0)."""
    tagger: Any  # the model's NarrativeTagger or the _Unlabelled stand-in: both give tag_many()
    if not narrative:
        tagger = _Unlabelled("none:narrative-disabled")
    else:
        try:
            from ..narrative.tagger import get_tagger

            tagger = get_tagger()
        except Exception as e:  # a missing or broken model must not cost the tables
            tagger = _Unlabelled("none:narrative-model-unavailable")
            if errors is not None:
                errors.append({"kind": NARRATIVE_ERROR, "message": f"narrative model unavailable: {e}",
                               "where": None})
    out = []
    for sec in sections:
        paragraphs = []
        tagged = tagger.tag_many([p.text for p in sec.paragraphs], context=sec.id)
        for p, spans in zip(sec.paragraphs, tagged):
            whole = len(spans) == 1
            for s in spans:
                paragraphs.append({"text": s.text, "label": s.label, "confidence": s.confidence,
                                   "method": tagger.method, "source": _source(p.source, s.start, s.end, whole)})
        out.append({"id": sec.id, "heading": sec.heading, "source": sec.source.to_json(), "paragraphs": paragraphs})
    return out
