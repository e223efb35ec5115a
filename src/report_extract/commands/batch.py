"""``report-extract batch``: many documents into a folder of JSON, with a manifest."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..batch.runner import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT
from .options import pdf_engine_option


@click.command("batch")
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the JSON files, manifest.jsonl and summary.json (created if missing).")
@click.option("--from-list", "list_files", multiple=True, type=click.Path(dir_okay=False, exists=True),
              help="A file listing input paths, one per line (repeatable). Same as the argument @FILE.")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the machine's cores).")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds one document may take before its worker is killed (0: no limit).")
@click.option("--max-memory-mb", type=click.IntRange(min=0), default=DEFAULT_MAX_MEMORY_MB, show_default=True,
              help="Address-space limit of each worker process, in MB (0: no limit).")
@click.option("--resume", is_flag=True,
              help="Skip inputs already extracted in OUTDIR (same bytes, file name, extractor version "
                   "and settings), wherever they lay then.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local worker processes, or a Dask distributed cluster.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (--engine dask; default: an "
                   "in-process cluster).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on the terminal.")
@click.option("--fail-on-error", is_flag=True, help="Exit with status 1 when any document could not be read.")
@click.option("--fail-on-no-tables", is_flag=True,
              help="Exit with status 1 also when a document was read but gave no table value (no_tables).")
@click.option("--no-ocr", is_flag=True, help="Do not OCR scanned PDF pages (they get the error needs_ocr).")
@pdf_engine_option
def command(inputs, outdir, list_files, workers, timeout, max_memory_mb, resume, engine, scheduler, quiet,
            fail_on_error, fail_on_no_tables, no_ocr, pdf_engine):
    """Extract every document under INPUT... (files, folders walked recursively,
    @FILE lists) into OUTDIR, one JSON per document named <stem>.<8 hex of its
    sha256>.json, in parallel worker processes.

    Every input gets a record in OUTDIR/manifest.jsonl (status ok, no_tables,
    error or skipped; error kind and message; seconds; pages; findings; output
    file). no_tables: read, but not one table value came out. Files are
    recognised by their bytes; files that are no report format (images,
    spreadsheets, other extensions) are recorded as skipped. A document
    that hangs, crashes its worker or exhausts its memory is recorded as an
    error (timeout, crashed, out_of_memory) and the batch goes on. A summary is
    printed at the end and written to OUTDIR/summary.json.

    \b
    Examples:
      report-extract batch reports/ -o out/
      report-extract batch @todo.txt extra.pdf -o out/ --workers 4 --resume
      report-extract batch /data/reports -o out/ --engine dask --scheduler tcp://head:8786

    \b
    Exit status: 0 the run finished (see the manifest for each document); 1 with
    --fail-on-error / --fail-on-no-tables when a document is an error / has no
    table value, or when the output folder is busy; 2 a named input or list file
    is missing or not UTF-8 (nothing is written); 130 interrupted.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, \
        TimeElapsedColumn, TimeRemainingColumn
    from rich.text import Text

    from ..batch.discover import InputError
    from ..batch.runner import run_batch
    from ..batch.summary import render
    from ..cli import disable_ocr
    from ..readers.pdf.sources import choose

    if no_ocr:
        disable_ocr()

    if not inputs and not list_files:
        raise click.UsageError("give at least one INPUT (file, folder or @list) or --from-list FILE")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")

    class Rate(ProgressColumn):
        def render(self, task):
            return Text("" if task.speed is None else f"{task.speed:.2f} docs/s", style="progress.data.speed")

    console = Console(stderr=True)
    progress = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                        MofNCompleteColumn(), Rate(), TimeElapsedColumn(), TextColumn("ETA"),
                        TimeRemainingColumn(), console=console, disable=quiet or not console.is_terminal,
                        transient=False)
    state = {}

    def on_start(n):
        state["task"] = progress.add_task("extracting", total=n)

    def on_result(rec):
        progress.advance(state["task"])
        if rec["status"] in ("error", "no_tables") and not progress.disable:
            what = rec["error_kind"] if rec["status"] == "error" else "no_tables"
            progress.console.print(f"[yellow]{rec['status']}[/] {what}: {Path(rec['path']).name}: "
                                   f"{rec['error_message']}", highlight=False, markup=True)

    try:
        with progress:
            summary = run_batch(inputs, outdir, list_files=list_files, workers=workers, timeout=timeout,
                                max_memory_mb=max_memory_mb, resume=resume, engine=engine, scheduler=scheduler,
                                settings={"pdf_engine": choose(pdf_engine)}, on_start=on_start, on_result=on_result)
    except KeyboardInterrupt:
        click.echo("report-extract: interrupted; finished documents are in the manifest, "
                   "run again with --resume to go on", err=True)
        sys.exit(130)
    except InputError as e:
        click.echo(f"report-extract batch: {e}", err=True)
        sys.exit(2)
    except RuntimeError as e:
        click.echo(f"report-extract: {e}", err=True)
        sys.exit(1)
    if not quiet:
        click.echo(render(summary))
    st = summary["by_status"]
    if (fail_on_error and st["error"]) or (fail_on_no_tables and st["no_tables"]):
        sys.exit(1)
