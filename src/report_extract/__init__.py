"""report-extract: government information-disclosure annual reports to canonical JSON."""
__version__ = "0.1.0"


def extract(path, *, narrative: bool = True, pdf_engine=None):
    """Read one document and return its :class:`report_extract.report.Report`.

    ``pdf_engine``: ``"pdfium"`` (the default) or ``"pdfplumber"`` (the reference) for PDFs."""
    from .pipeline import extract as _extract

    return _extract(path, narrative=narrative, pdf_engine=pdf_engine)
