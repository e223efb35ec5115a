"""A PDF that PDFium dies on is read again with the reference engine.

PDFium is C++: where it cannot allocate memory (a worker's address-space limit,
a decompression bomb) or meets a state it does not expect, it aborts the whole
worker process (SIGABRT, SIGSEGV, ...) instead of raising an error, so the
document would be recorded as ``crashed`` with no reason a user can act on. The
reference engine (pdfplumber, Python) fails on the same file with a clear error
(``out_of_memory``, ``corrupt``) or reads it. So a PDF task whose worker died of
such a signal while PDFium read it runs once more, in a fresh worker under the
same limits, with ``pdf_engine: pdfplumber``; the report says so in its
``errors`` (kind ``pdfium_crashed``) and every value's ``method`` names the engine
that read it. The manifest keeps the settings the run asked for.
"""
from __future__ import annotations

import json
import signal
from typing import Callable

# signals a native library dies of (the OOM killer's SIGKILL is not one: that is memory of the machine)
NATIVE_DEATHS = frozenset(int(s) for s in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGILL,
                                           signal.SIGTRAP, signal.SIGFPE))
REFERENCE = "pdfplumber"
KIND = "pdfium_crashed"


def _read_with_pdfium(task: dict) -> bool:
    from ..readers.pdf.sources import choose

    return task.get("format") == "pdf" and choose((task.get("settings") or {}).get("pdf_engine")) == "pdfium"


def with_reference_retry(run: Callable[[dict, float], dict], task: dict, timeout: float) -> dict:
    """``run(task, timeout)``, and once more on the reference engine when PDFium killed the worker."""
    res = run(task, timeout)
    sig = res.pop("signal", None)
    if sig not in NATIVE_DEATHS or not _read_with_pdfium(task):
        return res
    name = signal.Signals(sig).name
    retry = dict(task, settings=dict(task.get("settings") or {}, pdf_engine=REFERENCE))
    again = run(retry, timeout)
    again.pop("signal", None)
    note = (f"PDFium crashed ({name}) reading this file, as it does when it cannot allocate memory or meets a "
            f"file it cannot handle; it was read again with {REFERENCE}, the reference engine")
    again["text"] = _with_error(again["text"], note)
    if again.get("status") == "error":
        again["error_message"] = f"{again['error_message']} ({note})"
    again["seconds"] = res.get("seconds", 0.0) + again.get("seconds", 0.0)
    return again


def _with_error(text: str, note: str) -> str:
    from ..report import dumps

    doc = json.loads(text)
    doc.setdefault("errors", []).append({"kind": KIND, "message": note, "where": None})
    return dumps(doc)
