"""report-extract: government information-disclosure annual reports to canonical JSON."""
__version__ = "0.1.0"


def extract(path):
    """Read one document and return its :class:`report_extract.report.Report`."""
    from .pipeline import extract as _extract

    return _extract(path)
