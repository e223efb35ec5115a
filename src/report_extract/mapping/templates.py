"""The printed layouts as data (data/templates.json), loaded once."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def templates() -> dict:
    with resources.files("report_extract").joinpath("data/templates.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def request_rows(style: str | None = None) -> list[dict]:
    """Table 3 rows; with a style, only the rows that style prints."""
    rows = templates()["requests"]["rows"]
    return [r for r in rows if style is None or r.get("style") in (None, style)]


def proactive_rows(generation: str) -> list[dict]:
    return templates()["proactive"]["generations"][generation]["rows"]
