"""The ``report-extract`` command."""
from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import click

from . import __version__
from .commands.options import pdf_engine_option
from .fileio import write_atomic
from .model import ReaderError
from .report import dumps
from .readers import SUPPORTED


def disable_ocr() -> None:
    """``--no-ocr``: the PDF reader (here and in batch workers started after this) leaves scans unread."""
    os.environ["REPORT_EXTRACT_OCR"] = "off"


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="report-extract")
def main():
    """Turn government information-disclosure annual reports (政府信息公开工作年度报告)
    into canonical JSON: every table value under its canonical key with the printed
    text and where it was read, metadata, labelled narrative, and findings about the
    report's own arithmetic.

    Formats: PDF, Word (.docx; .doc/.wps through LibreOffice), HTML, plain-text dumps.
    Nothing a document points to is fetched or run; no network is used.
    """


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the JSON here instead of standard output.")
@click.option("--no-narrative", is_flag=True,
              help="Do not label narrative paragraphs (no model needed; labels are 'other' at confidence 0).")
@click.option("--no-ocr", is_flag=True, help="Do not OCR scanned PDF pages (they get the error needs_ocr).")
@pdf_engine_option
def extract(file: Path, output: Path | None, no_narrative: bool, no_ocr: bool, pdf_engine: str | None):
    """Extract one FILE into canonical JSON (standard output by default).

    Exit status 0 when the document was read; 1 with a one-line reason on
    standard error when it could not be (missing file, unknown format,
    undecodable, encrypted, corrupt). Even then, with -o, a JSON listing what
    failed in "errors" is written. A document read without a single table
    value exits 0 with a line on standard error saying why. Exit status 1
    too when the narrative model is missing or cannot be loaded (the JSON is
    still written, with the reason in "errors"), unless --no-narrative is given.

    \b
    Example:
      report-extract extract report.pdf -o report.json
      report-extract extract page.html | jq '.fields["requests.new_received.total"]'
    """
    from .pipeline import error_report, extract as run

    if no_ocr:
        disable_ocr()
    read_ok = False
    try:
        report = run(file, narrative=not no_narrative, pdf_engine=pdf_engine)
        code, read_ok = 0, True
        for err in report.errors:
            if err.get("kind") == "narrative_model":  # layout.paragraphs.NARRATIVE_ERROR
                click.echo(f"report-extract: {err['message']} (use --no-narrative to extract without it)", err=True)
                code = 1
    except ReaderError as e:
        report = error_report(file, e)
        click.echo(f"report-extract: {e.message}", err=True)
        code = 1
    except Exception as e:  # a bug or an input no reader foresaw: still one line and a JSON record
        report = error_report(file, e)
        click.echo(f"report-extract: {file.name}: internal error: {type(e).__name__}: {e}", err=True)
        code = 1
    doc = report.to_json()
    if code == 0:
        _warn_no_tables(file, doc)
    text = dumps(doc)
    if output:
        write_atomic(output, text)
    elif read_ok:
        sys.stdout.write(text)
    sys.exit(code)


def _warn_no_tables(file: Path, doc: dict) -> None:
    """A document read without one table value still exits 0, but says so on stderr."""
    from .outcome import has_table_values, no_tables_reason

    if not has_table_values(doc):
        click.echo(f"report-extract: {file.name}: {no_tables_reason(doc)}", err=True)


@main.command()
def schema():
    """Print the JSON Schema that every output validates against."""
    from .schema import schema_text

    sys.stdout.write(schema_text())


@main.command()
def formats():
    """List the file extensions that are read."""
    click.echo(" ".join(SUPPORTED))


# commands living in their own modules: report_extract.commands.<name>.command
for _name in ("batch", "export", "validate", "explain", "audit", "keys"):
    try:
        _mod = importlib.import_module(f".commands.{_name}", __package__)
    except ModuleNotFoundError as _e:
        if _e.name != f"{__package__}.commands.{_name}":
            raise
        continue
    main.add_command(_mod.command, _name)


if __name__ == "__main__":  # pragma: no cover
    main()
