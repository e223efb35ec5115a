"""``report-extract audit DOCUMENT -o audit.html``: a self-contained page for checking an extraction by eye."""
from __future__ import annotations

import sys
from pathlib import Path

import click


def _source_of(json_file: Path, name: str | None) -> Path | None:
    """The document an output JSON was made from: its batch manifest's path, else the file named
    in ``source.path`` next to the JSON, else in the current folder."""
    from ..batch.manifest import read_manifest

    for rec in read_manifest(json_file.parent).values():
        if rec.get("output") == json_file.name and Path(rec["path"]).is_file():
            return Path(rec["path"])
    if not name:
        return None
    near = json_file.parent / Path(name).name
    return near if near.is_file() else Path(name)


@click.command()
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the HTML page.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this extraction output instead of extracting DOCUMENT again.")
@click.option("--resolution", type=click.IntRange(36, 600), default=144, show_default=True,
              help="Rendering resolution (dpi) of PDF page regions.")
def command(document: Path, output: Path, json_path: Path | None, resolution: int):
    """Write one self-contained HTML page (images inline) to check DOCUMENT's extraction.

    PDF: for each recognised table, the page region with every mapped cell
    outlined (hover: key, value, printed text); cells in failed rules in red,
    in warnings in orange. HTML, Word, text: the rebuilt grid, marked the same
    way. DOCUMENT may also be an output JSON: the document it names is then
    rendered (found through the batch manifest, or next to the JSON).

    \b
    Exit status: 0 written; 1 the document could not be read; 2 bad JSON.

    \b
    Example:
      report-extract audit report.pdf -o audit.html
      report-extract audit out/report.json -o audit.html
    """
    from ..audit import build
    from ..cli import write_atomic
    from ..model import ReaderError
    from . import load_output

    source: Path | None = document
    if json_path or document.suffix.lower() == ".json":
        data = load_output(json_path or document, "audit")
        if document.suffix.lower() == ".json":
            source = _source_of(document, (data.get("source") or {}).get("path"))
    else:
        from ..pipeline import extract

        try:
            data = extract(document).to_json()
        except ReaderError as e:
            click.echo(f"report-extract audit: {e.message}", err=True)
            sys.exit(1)
    write_atomic(output, build(data, source, resolution=resolution))
    click.echo(f"audit page written to {output}", err=True)
