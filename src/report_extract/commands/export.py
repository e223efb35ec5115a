"""``report-extract export``: a batch output folder as tidy CSV or Parquet tables."""
from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("export")
@click.argument("outdir", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True)
@click.option("-o", "--output", "file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The fields table; the documents and findings tables go next to it as "
                   "<name>.documents.<ext> and <name>.findings.<ext>.")
@click.option("--no-bom", is_flag=True,
              help="CSV without the UTF-8 byte-order mark (that mark is what makes Excel read UTF-8).")
def command(outdir: Path, fmt: str, file: Path, no_bom: bool):
    """Export the documents of a batch OUTDIR as three tidy tables, ready for Excel,
    pandas or DuckDB: fields, one row per (document, key) with value, printed
    text, unit, page, bbox, confidence, locator and method; documents, one row
    per input (source, metadata, status, counts; skipped and missing inputs
    too); findings, one row per finding. The column "document" joins them.

    CSV is UTF-8 with a byte-order mark, so Excel opens it with the Chinese
    text intact; --no-bom leaves the mark out.

    \b
    Examples:
      report-extract export out/ --format csv -o fields.csv       # + fields.documents.csv, fields.findings.csv
      report-extract export out/ --format parquet -o fields.parquet
      duckdb -c "select d.agency, f.value from 'fields.parquet' f
                 join 'fields.documents.parquet' d using (document)
                 where f.key = 'requests.new_received.total'"

    Parquet needs pyarrow; from the checkout: pip install -e '.[parquet]'.
    """
    from ..batch.export import ExportError, export

    try:
        done = export(outdir, fmt, file, bom=not no_bom)
    except ExportError as e:
        click.echo(f"report-extract: {e}", err=True)
        sys.exit(1)
    click.echo(f"{done.n_fields} field row(s) -> {done.fields_file}; {done.n_documents} document(s) -> "
               f"{done.documents_file}; {done.n_findings} finding(s) -> {done.findings_file}", err=True)
