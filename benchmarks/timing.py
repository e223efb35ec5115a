"""Timing shared by the benchmarks: the median of several runs after a warm-up."""
from __future__ import annotations

import statistics
import time


def median_ms(fn, runs: int) -> float:
    """Call ``fn`` once to warm up, then ``runs`` times; the median in milliseconds."""
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)
