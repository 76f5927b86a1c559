"""Architects saving one model at the same time, each in a process of their own: every
save that was acknowledged is in the history, and nobody's update was lost.

A few services only, so that saves clash; the load benchmark
(``tests/benchmarks/repository_load_bench.py``) runs the same with 8 writers x 200 saves.
"""

from __future__ import annotations

from tests.fixtures.concurrent_saves import run_writers, verify


def test_concurrent_writers_lose_no_update(team_repo):
    url = team_repo.url("ana", password=True)
    load = run_writers(url, "busy", writers=3, saves=8, services=2, seconds=240)
    assert len(load.acknowledged) == 3 * 8
    with team_repo.connect("ana") as repository:
        verify(repository, "busy", load)
