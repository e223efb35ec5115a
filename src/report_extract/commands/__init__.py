"""Subcommands of ``report-extract``, one module each (``command`` is the click command)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def load_output(path: Path, command: str) -> dict:
    """An output JSON document, or a one-line reason on stderr and exit status 2."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except (OSError, UnicodeDecodeError, ValueError) as e:
        click.echo(f"report-extract {command}: {path}: cannot read output JSON: {e}", err=True)
        sys.exit(2)
    return data
