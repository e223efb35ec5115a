"""Isolated extraction workers.

A worker is a separate Python process (``python -m report_extract.batch.worker``)
that loads the extractor once (imports, narrative model), caps its own address
space with ``RLIMIT_AS`` and then extracts one document per request, for as many
requests as it is sent. The parent side, :class:`IsolatedWorker`, sends a task
over a pipe and waits for the answer at most ``timeout`` seconds; a worker that
hangs is killed (its whole process group), one that dies (segfault, ``os._exit``,
the OOM killer) is noticed by the end of its pipe, and in both cases the next
task gets a fresh worker. A document is therefore always answered with a result
dict, never with an exception, and start-up cost is paid once per worker process,
not once per document.

Test hooks (honoured only in the worker, before extraction; the value is a
substring of the file name): ``REPORT_EXTRACT_TEST_HANG`` sleeps forever,
``REPORT_EXTRACT_TEST_CRASH`` calls ``os._exit(3)``, ``REPORT_EXTRACT_TEST_SEGFAULT``
dereferences NULL, ``REPORT_EXTRACT_TEST_OOM`` allocates until memory runs out,
``REPORT_EXTRACT_TEST_PDFIUM_ABORT`` aborts as PDFium does, only when the task reads
PDFs with PDFium (see :mod:`.retry`).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection, Pipe
from pathlib import Path
from typing import Any, Optional

START_TIMEOUT = 300.0  # seconds a new worker may take to import and load the model

HOOKS = ("HANG", "CRASH", "SEGFAULT", "OOM", "PDFIUM_ABORT")


# ----------------------------------------------------------------------------- worker process side

def _die_with_parent() -> None:
    """Linux: get SIGKILL when the parent goes away, so a hung worker is never orphaned."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _set_memory_limit(max_memory_mb: int) -> None:
    if max_memory_mb and max_memory_mb > 0:
        import resource

        limit = int(max_memory_mb) * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _warm_up() -> None:
    """Pay the start-up cost now: imports, readers, the narrative model."""
    from .. import pipeline  # noqa: F401
    from ..readers import READERS
    import importlib

    for mod in sorted(set(READERS.values())):
        try:
            importlib.import_module(f"report_extract.readers.{mod}")
        except Exception:
            pass
    try:
        from ..narrative.tagger import get_tagger

        get_tagger()
    except Exception:  # the pipeline itself records an unavailable model per document
        pass


def _test_hooks(path: str, settings: dict) -> None:
    name = Path(path).name
    for hook in HOOKS:
        needle = os.environ.get(f"REPORT_EXTRACT_TEST_{hook}")
        if not needle or needle not in name:
            continue
        if hook == "PDFIUM_ABORT":
            from ..readers.pdf.sources import choose

            if choose(settings.get("pdf_engine")) == "pdfium":
                os.abort()
        if hook == "HANG":
            while True:
                time.sleep(3600)
        if hook == "CRASH":
            os._exit(3)
        if hook == "SEGFAULT":
            import ctypes

            ctypes.string_at(0)
        if hook == "OOM":
            hog = []
            while True:
                hog.append(bytearray(64 * 1024 * 1024))


def _peak_rss_kb() -> int:
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def extract_one(task: dict) -> dict:
    """Extract one document in this process; always returns a result dict."""
    from ..outcome import has_table_values, no_tables_reason
    from ..pipeline import error_report, extract
    from ..report import dumps

    path = task["path"]
    t0 = time.perf_counter()
    restart = False
    try:
        _test_hooks(path, task.get("settings") or {})
        report = extract(path, **(task.get("settings") or {}))
        doc = report.to_json()
        status = "ok" if has_table_values(doc) else "no_tables"
        out = {"status": status, "text": dumps(doc), "format": report.source.get("format"),
               "pages": report.source.get("pages"), "findings": len(report.findings), "error_kind": None,
               "error_message": no_tables_reason(doc) if status == "no_tables" else None}
    except MemoryError:
        restart = True  # the heap may be in a poor state: take a fresh worker for the next document
        message = f"out of memory: more than the {task.get('max_memory_mb')} MB limit of a worker"
        out = error_result(path, "out_of_memory", message)
    except Exception as e:  # ReaderError, or a bug: recorded, never fatal
        report = error_report(path, e)
        err = report.errors[0]
        out = {"status": "error", "text": report.dumps(), "format": None, "pages": None, "findings": 0,
               "error_kind": err["kind"], "error_message": err["message"]}
    out["seconds"] = time.perf_counter() - t0
    out["peak_rss_kb"] = _peak_rss_kb()
    out["pid"] = os.getpid()
    out["restart"] = restart
    return out


def error_result(path: str, kind: str, message: str) -> dict:
    """The result for a document that could not be read: its error JSON and manifest facts."""
    from ..model import ReaderError
    from ..pipeline import error_report

    report = error_report(path, ReaderError(kind, message))
    return {"status": "error", "text": report.dumps(), "format": None, "pages": None, "findings": 0,
            "error_kind": kind, "error_message": report.errors[0]["message"]}


def worker_main(fd: int, max_memory_mb: int) -> None:
    _die_with_parent()
    conn = Connection(fd)
    if os.getppid() == 1:  # parent already gone
        os._exit(0)
    _warm_up()
    _set_memory_limit(max_memory_mb)
    conn.send({"ready": os.getpid(), "peak_rss_kb": _peak_rss_kb()})
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            break
        if task is None:
            break
        result = extract_one(task)
        try:
            conn.send(result)
        except MemoryError:
            conn.send(error_result(task["path"], "out_of_memory", "out of memory while sending the result"))
            break
        if result.get("restart"):
            break
    conn.close()


# ----------------------------------------------------------------------------- parent side

class IsolatedWorker:
    """One worker process seen from the parent: send a task, get a result, within a time limit."""

    def __init__(self, max_memory_mb: int = 2048):
        self.max_memory_mb = max_memory_mb
        # set by start(), cleared by kill(); typed Any because an interrupt may clear them between two
        # statements of run(), which handles the AttributeError that follows
        self.proc: Any = None
        self.conn: Any = None
        self.peak_rss_kb = 0
        self.started = 0  # how many processes this slot has started (1 + replacements)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        self.stop()
        parent, child = Pipe(duplex=True)
        stderr = None if os.environ.get("REPORT_EXTRACT_WORKER_STDERR") else subprocess.DEVNULL
        cmd = [sys.executable, "-m", "report_extract.batch.worker", str(child.fileno()), str(self.max_memory_mb)]
        self.proc = subprocess.Popen(cmd, pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
                                     close_fds=True)
        child.close()
        self.conn = parent
        self.started += 1
        if not parent.poll(START_TIMEOUT):
            self.kill()
            raise RuntimeError(f"a batch worker did not start within {START_TIMEOUT:g} s")
        try:
            hello = parent.recv()
        except EOFError:
            code = self.kill()
            raise RuntimeError(f"a batch worker died while starting (exit status {code}); "
                               "set REPORT_EXTRACT_WORKER_STDERR=1 to see why") from None
        self.peak_rss_kb = max(self.peak_rss_kb, hello.get("peak_rss_kb", 0))

    def run(self, task: dict, timeout: float) -> dict:
        """Extract ``task['path']`` in the worker; a hang, crash or memory exhaustion is a result too."""
        if not self.alive:
            self.start()
        task = dict(task, max_memory_mb=self.max_memory_mb)
        t0 = time.perf_counter()
        try:
            self.conn.send(task)
            ready = self.conn.poll(timeout if timeout and timeout > 0 else None)
        except (OSError, EOFError):
            ready = True
        if not ready:
            self.kill()
            res = error_result(task["path"], "timeout",
                               f"extraction took longer than the {timeout:g} s limit; the worker was killed")
        else:
            try:
                res = self.conn.recv()
            except (EOFError, OSError, AttributeError):  # AttributeError: killed meanwhile (interrupt)
                code = self._reap()
                res = error_result(task["path"], *_death_reason(code))
                res["signal"] = -code if code is not None and code < 0 else None
            else:
                self.peak_rss_kb = max(self.peak_rss_kb, res.get("peak_rss_kb", 0))
                if res.pop("restart", False):
                    self._reap()
        res["seconds"] = time.perf_counter() - t0
        res["peak_rss_kb"] = self.peak_rss_kb
        return res

    def _reap(self, wait: float = 10.0) -> Optional[int]:
        """Wait for a worker that is ending on its own; kill it if it does not."""
        if self.proc is None:
            return None
        try:
            code = self.proc.wait(wait)
        except subprocess.TimeoutExpired:
            return self.kill()
        self._kill_group()
        self._close_conn()
        self.proc = None
        return code

    def _kill_group(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the worker and anything it started (LibreOffice)
        except (ProcessLookupError, PermissionError):
            pass

    def _close_conn(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def kill(self) -> Optional[int]:
        if self.proc is None:
            return None
        self._kill_group()
        try:
            self.proc.kill()
        except ProcessLookupError:
            pass
        code = self.proc.wait()
        self._close_conn()
        self.proc = None
        return code

    def stop(self, grace: float = 5.0) -> None:
        """End the worker politely (it finishes nothing: call between tasks)."""
        if self.proc is None:
            return
        try:
            self.conn.send(None)
        except (OSError, EOFError):
            pass
        self._reap(grace)


def _death_reason(code: Optional[int]) -> tuple[str, str]:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if -code == signal.SIGKILL:
            return "crashed", ("the worker was killed by SIGKILL from outside the batch "
                               "(most likely the system out-of-memory killer)")
        return "crashed", f"the worker crashed while extracting ({name})"
    return "crashed", f"the worker exited unexpectedly while extracting (exit status {code})"


# ----------------------------------------------------------------------------- one worker per thread

_REGISTRY: dict[int, IsolatedWorker] = {}
_REGISTRY_LOCK = threading.Lock()


def run_isolated(task: dict, timeout: float, max_memory_mb: int) -> dict:
    """Run one task in this thread's worker process (started on first use, replaced when killed).

    Used by the local engine (one thread per worker) and inside Dask workers
    (one worker process per Dask worker thread).
    """
    ident = threading.get_ident()
    with _REGISTRY_LOCK:
        w = _REGISTRY.get(ident)
        if w is None or w.max_memory_mb != max_memory_mb:
            if w is not None:
                w.stop()
            w = _REGISTRY[ident] = IsolatedWorker(max_memory_mb)
    from .retry import with_reference_retry

    return with_reference_retry(w.run, task, timeout)


def shutdown_isolated(kill: bool = False) -> int:
    """Stop every worker process this process started; returns how many."""
    with _REGISTRY_LOCK:
        workers = list(_REGISTRY.values())
        _REGISTRY.clear()
    for w in workers:
        w.kill() if kill else w.stop()
    return len(workers)


if __name__ == "__main__":
    worker_main(int(sys.argv[1]), int(sys.argv[2]))
