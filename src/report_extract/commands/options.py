"""Options shared by several commands (a module of its own: ``cli`` imports the commands)."""
from __future__ import annotations

import click

PDF_ENGINE_HELP = ("What parses PDF pages: pdfium (fast, the default) or pdfplumber (the reference); both give the "
                   "same values. Named in each value's method.")


def pdf_engine_option(f):
    """``--pdf-engine`` (extract, batch)."""
    from ..readers.pdf.sources import ENGINES

    return click.option("--pdf-engine", type=click.Choice(ENGINES), default=None, help=PDF_ENGINE_HELP)(f)
