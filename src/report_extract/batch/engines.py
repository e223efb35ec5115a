"""Where documents are extracted: local worker processes, or a Dask distributed cluster.

Both engines run each document through :func:`report_extract.batch.worker.run_isolated`
(a long-lived worker process per thread, with the time and memory limits) and
hand back result dicts to the batch runner, which alone writes outputs and the
manifest. Results arrive in completion order; the runner does not depend on it.
"""
from __future__ import annotations

import os
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from typing import Iterator, Optional

from .worker import run_isolated, shutdown_isolated


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class LocalEngine:
    """``workers`` threads, each driving one worker process (replaced when it is killed)."""

    name = "local"

    def __init__(self, workers: Optional[int] = None):
        self.workers = workers or default_workers()

    def describe(self) -> str:
        return f"local, {self.workers} worker process(es)"

    def map(self, tasks: list[dict], timeout: float, max_memory_mb: int) -> Iterator[tuple[dict, dict]]:
        if not tasks:
            return
        pool = ThreadPoolExecutor(max_workers=min(self.workers, len(tasks)), thread_name_prefix="batch-worker")
        pending = {}
        try:
            for t in tasks:
                pending[pool.submit(run_isolated, t, timeout, max_memory_mb)] = t
            while pending:
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for f in done:
                    yield pending.pop(f), f.result()
        finally:
            for f in pending:
                f.cancel()
            if pending:  # interrupted: do not wait for documents in flight
                shutdown_isolated(kill=True)
            pool.shutdown(wait=True, cancel_futures=True)
            shutdown_isolated()


class DaskEngine:
    """The same tasks on a Dask distributed cluster (``dask scheduler`` / ``dask worker``).

    Every Dask worker thread drives one local worker process of its own, so the
    time and memory limits hold on the cluster too. Workers need this package
    installed and read access to the input paths (the same absolute paths).
    """

    name = "dask"

    def __init__(self, scheduler: Optional[str] = None, workers: Optional[int] = None, client=None):
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise RuntimeError("the dask engine needs dask.distributed; from the checkout: "
                               "pip install -e '.[dask]'") from None
        self.scheduler = scheduler
        self.workers = workers or default_workers()
        self._client = client

    def describe(self) -> str:
        return f"dask, scheduler {self.scheduler or 'in-process LocalCluster'}"

    def _connect(self):
        from distributed import Client, LocalCluster

        if self._client is not None:
            return self._client, None, False
        if self.scheduler:
            try:
                return Client(self.scheduler, timeout=30), None, True
            except (OSError, TimeoutError) as e:
                raise RuntimeError(f"cannot reach the Dask scheduler at {self.scheduler}: {e}") from None
        cluster = LocalCluster(n_workers=1, threads_per_worker=self.workers, processes=False,
                               dashboard_address=None)  # in-process: the work itself runs in worker processes
        return Client(cluster), cluster, True

    def map(self, tasks: list[dict], timeout: float, max_memory_mb: int) -> Iterator[tuple[dict, dict]]:
        if not tasks:
            return
        from distributed import as_completed

        client, cluster, own = self._connect()
        futures = {}
        try:
            for i, t in enumerate(tasks):
                key = f"report-extract-{(t.get('sha256') or 'nohash')[:12]}-{i}"
                futures[client.submit(run_isolated, t, timeout, max_memory_mb, key=key, pure=False,
                                      retries=0)] = t
            for fut in as_completed(list(futures)):
                t = futures.pop(fut)
                try:
                    res = fut.result()
                except Exception as e:  # the Dask worker itself was lost
                    from .worker import error_result

                    res = error_result(t["path"], "worker_lost", f"the Dask worker running it was lost: "
                                                                 f"{type(e).__name__}: {e}")
                    res["seconds"] = None
                yield t, res
        finally:
            if futures:
                client.cancel(list(futures), force=True)
            try:
                client.run(shutdown_isolated)
            except Exception:
                pass
            if own:
                client.close()
                if cluster is not None:
                    cluster.close()


def make_engine(name: str, workers: Optional[int] = None, scheduler: Optional[str] = None):
    if name == "local":
        return LocalEngine(workers)
    if name == "dask":
        return DaskEngine(scheduler, workers)
    raise ValueError(f"unknown engine {name!r}: local or dask")
