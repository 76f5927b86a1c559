"""The PDF benchmark stays runnable (it is not collected itself; this runs it tiny)."""

from __future__ import annotations

from tests.benchmarks import pdf_bench


def test_benchmark_runs_and_prints_its_figures(capsys):
    assert pdf_bench.main(["--services", "25"]) == 0
    printed = capsys.readouterr().out
    for label in ("pages", "export wall time", "export CPU time", "peak RSS overall"):
        assert label in printed
