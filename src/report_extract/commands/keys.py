"""``report-extract keys``: the key dictionary, readable without the repository."""
from __future__ import annotations

import json
import sys

import click


@click.command("keys")
@click.option("--generation", type=click.Choice(["2019", "2021"]),
              help="Only the keys one layout prints (default: both layouts).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def command(generation: str | None, fmt: str):
    """List every canonical key with its table and its printed row and column labels.

    The list is built from the layouts the extractor maps with
    (data/templates.json), so it is exactly the set of keys outputs use.
    Layout 2019 is the form of 国办公开办函〔2019〕60号 (reports for 2019 and 2020),
    2021 that of 国办公开办函〔2021〕30号; keys printed by both have no mark.

    \b
    Examples:
      report-extract keys --generation 2021
      report-extract keys --format json | jq '.[] | select(.table == "requests") | .key'
    """
    from ..mapping.keys import canonical_keys

    keys = canonical_keys(generation)
    if fmt == "json":
        sys.stdout.write(json.dumps([k.to_json() for k in keys], ensure_ascii=False, indent=2) + "\n")
        return
    table = None
    for k in keys:
        if k.table != table:
            table = k.table
            click.echo(f"{'' if table == keys[0].table else chr(10)}table {k.table_number} {k.table_title} ({table})")
        only = "" if generation or len(k.generations) > 1 else f"  [{k.generations[0]} only]"
        unit = f"  ({k.unit})" if k.unit else ""
        click.echo(f"  {k.key:<52} {k.row_label} / {k.column_label}{unit}{only}")
