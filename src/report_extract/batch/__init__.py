"""Batch extraction (issue 7): many documents, parallel and isolated, with a manifest and resume.

    from report_extract.batch import run_batch
    summary = run_batch(["reports/"], "out/", workers=2)

See :mod:`.runner` (the run), :mod:`.worker` (isolated worker processes),
:mod:`.engines` (local processes, Dask), :mod:`.manifest` (records, resume),
:mod:`.export` (tidy CSV / Parquet).
"""
from .discover import InputError
from .runner import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, run_batch

__all__ = ["run_batch", "InputError", "DEFAULT_TIMEOUT", "DEFAULT_MAX_MEMORY_MB"]
