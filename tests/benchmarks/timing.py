"""Timing an action as every benchmark here reports it: run it ``repeat`` times, keep the
times (and the last result, which the benchmark goes on with)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def timed_runs(repeat: int, action: Callable[[], Any]) -> tuple[list[float], Any]:
    """Seconds of each of ``repeat`` runs of ``action``, and the last run's result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return times, result


def best_of(repeat: int, action: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest of ``repeat`` runs (the least disturbed by the rest of the machine)."""
    times, result = timed_runs(repeat, action)
    return min(times, default=float("inf")), result
