"""The key dictionary: every canonical key with its table and printed labels.

Built from data/templates.json, the layouts the mapping reads, so the list a user
reads (``report-extract keys``) and the keys the extractor writes cannot drift apart.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Optional

from . import TABLE_NUMBER
from .templates import templates

GENERATIONS = ("2019", "2021")


@dataclass(frozen=True)
class KeyInfo:
    key: str
    table: str                  # proactive | requests | review_litigation
    table_number: int           # as printed: 二、… is table 2
    table_title: str
    row_label: str              # the printed row (group) label
    column_label: str           # the printed column label
    generations: tuple[str, ...]  # layouts (2019, 2021) that print this key
    unit: Optional[str] = None  # 万元 for money

    def to_json(self) -> dict:
        d = asdict(self)
        d["generations"] = list(self.generations)
        return d


def _requests() -> list[KeyInfo]:
    t = templates()["requests"]
    labels = dict(zip(t["columns"], t["column_labels"]))
    out = []
    for row in t["rows"]:
        gens = (row["style"],) if row.get("style") else GENERATIONS
        for col in t["columns"]:
            out.append(KeyInfo(f"requests.{row['key']}.{col}", "requests", TABLE_NUMBER["requests"], t["title"],
                               row["labels"][0],
                               labels[col], gens))
    return out


def _review() -> list[KeyInfo]:
    t = templates()["review_litigation"]
    groups = dict(zip(t["groups"], t["group_labels"]))
    labels = dict(zip(t["columns"], t["column_labels"]))
    return [KeyInfo(f"review_litigation.{g}.{c}", "review_litigation", TABLE_NUMBER["review_litigation"],
                    t["title"], groups[g], labels[c], GENERATIONS) for g in t["groups"] for c in t["columns"]]


def _proactive(generation: Optional[str]) -> list[KeyInfo]:
    """One layout's table 2 keys with its labels; without a generation, the 2021 layout's keys then
    the 2019 layout's other keys (a label the layouts print differently shows both)."""
    t = templates()["proactive"]
    per_gen: dict[str, dict[str, tuple[str, str, Optional[str]]]] = {}
    for gen, spec in t["generations"].items():
        keys = per_gen[gen] = {}
        for row in spec["rows"]:
            money = set(row.get("money_columns", row["columns"] if row.get("money") else []))
            for col, col_label in zip(row["columns"], row["column_labels"]):
                keys[f"proactive.{row['key']}.{col}"] = (row["labels"][0], col_label, "万元" if col in money else None)
    order = [generation] if generation else list(per_gen)
    out: dict[str, KeyInfo] = {}
    for gen in order:
        for key, (row_label, col_label, unit) in per_gen[gen].items():
            if key in out:
                continue
            gens = tuple(g for g in sorted(per_gen) if key in per_gen[g])
            if not generation:
                rows = dict.fromkeys(per_gen[g][key][0] for g in gens)
                cols = dict.fromkeys(per_gen[g][key][1] for g in gens)
                row_label, col_label = " | ".join(rows), " | ".join(cols)
            out[key] = KeyInfo(key, "proactive", TABLE_NUMBER["proactive"], t["title"], row_label, col_label,
                               gens, unit)
    return list(out.values())


@lru_cache(maxsize=3)
def _keys(generation: Optional[str]) -> tuple[KeyInfo, ...]:
    rest = [k for k in _requests() + _review() if generation is None or generation in k.generations]
    return tuple(_proactive(generation) + rest)


def canonical_keys(generation: Optional[str] = None) -> list[KeyInfo]:
    """The keys one layout prints, in printed order (table 2, 3, 4); every key without a generation."""
    return list(_keys(generation))


def all_keys() -> tuple[KeyInfo, ...]:
    return _keys(None)


def key_info(key: str) -> Optional[KeyInfo]:
    return next((k for k in all_keys() if k.key == key), None)
