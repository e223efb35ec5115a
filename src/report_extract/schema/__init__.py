"""The published JSON Schema of the output (versioned with ``schema_version``)."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


def schema_text() -> str:
    return resources.files(__package__).joinpath("report.schema.json").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(schema_text())


def validator():
    import jsonschema

    cls = jsonschema.validators.validator_for(schema())
    return cls(schema(), format_checker=cls.FORMAT_CHECKER)


def errors(obj: dict) -> list[str]:
    """Every schema violation of ``obj`` as 'path: message' lines (empty when valid)."""
    out = []
    for e in sorted(validator().iter_errors(obj), key=lambda e: list(map(str, e.absolute_path))):
        path = "/".join(str(p) for p in e.absolute_path) or "(root)"
        out.append(f"{path}: {_message(e)}")
    return out


def _message(e) -> str:
    """jsonschema's message, without Python reprs for the two commonest violations."""
    from ..wording import shown

    if e.validator == "type":
        types = e.validator_value if isinstance(e.validator_value, list) else [e.validator_value]
        return f"{shown(e.instance)} is not of type {' or '.join(types)}"
    if e.validator == "required":
        missing = [k for k in e.validator_value if isinstance(e.instance, dict) and k not in e.instance]
        return "missing " + ", ".join(missing) if missing else e.message
    return e.message
