"""``report-extract export``: a batch output folder as tidy CSV or Parquet tables."""
from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("export")
@click.argument("outdir", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True)
@click.option("-o", "--output", "file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The fields table; the documents table goes next to it as <name>.documents.<ext>.")
def command(outdir: Path, fmt: str, file: Path):
    """Export the documents of a batch OUTDIR as two tidy tables, ready for pandas
    or DuckDB: one row per (document, key) with value, printed text, unit, page,
    bbox, confidence, locator and method; and one row per document (source,
    metadata, status, counts). The column "document" joins them.

    \b
    Examples:
      report-extract export out/ --format csv -o fields.csv       # + fields.documents.csv
      report-extract export out/ --format parquet -o fields.parquet
      duckdb -c "select d.agency, f.value from 'fields.parquet' f
                 join 'fields.documents.parquet' d using (document)
                 where f.key = 'requests.new_received.total'"

    Parquet needs pyarrow: pip install 'report-extract[parquet]'.
    """
    from ..batch.export import ExportError, export

    try:
        ffile, dfile, nf, nd = export(outdir, fmt, file)
    except ExportError as e:
        click.echo(f"report-extract: {e}", err=True)
        sys.exit(1)
    click.echo(f"{nf} field row(s) -> {ffile}; {nd} document(s) -> {dfile}", err=True)
