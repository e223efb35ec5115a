"""Narrative tagging: label sentences of report narrative as problem / improvement / other.

Public entry point: :func:`report_extract.narrative.tagger.get_tagger`.
"""

from report_extract.narrative.sentences import Unit, split_units

__all__ = ["Unit", "split_units"]
