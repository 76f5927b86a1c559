"""``integramap check`` and ``integramap import`` as a shell runs them, at estate sizes,
with peak memory — and pytm resolving the same landscape, in the same run.

For each size the synthetic landscape (:mod:`tests.benchmarks.synthetic`) is written as
JSON, imported to ``.imap`` (timed), and ``integramap check`` (the findings report) is run on
both files, each a whole new process (interpreter start, imports, reading, analysis,
output). Every figure is the best of ``--repeat`` runs with the peak resident memory of
that process and the load average when it ran: on a shared machine the least disturbed
run is the one that says what the program costs.

``--before DIR`` runs the same commands, back to back with each run here, on another
checkout of Integramap (``git archive REV | tar -x -C DIR``), so a change is measured
against what it replaces under the same load. ``--pytm N`` builds pytm's threat model of
the N-service landscape (as :mod:`tests.benchmarks.analysis_bench` describes) in its own
process and times ``TM.resolve()``; the ratio is pytm's resolve time over the best
whole-process check (target: at least 10×). pytm is a benchmark-only dependency
(``pip install -e '.[bench]'``).

Run from the repository root::

    python -m tests.benchmarks.check_bench [--sizes 1000,10000,30000,100000] [--repeat 3]
                                           [--before DIR] [--pytm 10000] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.benchmarks.synthetic import generate_landscape

AS_OF = "2026-11-25"
HERE = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    """One whole-process run: wall-clock seconds, processor seconds (user + system, which
    other programs on the machine disturb far less), peak memory (MiB) and the load
    average when it started."""

    seconds: float
    cpu: float
    peak_mib: float
    load: float


@dataclass
class Figure:
    runs: list[Run] = field(default_factory=list)

    @property
    def best(self) -> Run:
        return min(self.runs, key=lambda r: r.seconds)

    def cell(self, services: int) -> str:
        best = self.best
        return (f"{best.seconds:.2f} s ({best.seconds / services * 1e6:.0f} µs/service; "
                f"CPU {best.cpu:.2f} s), {best.peak_mib:.0f} MiB, load {best.load:.1f}")


def run_process(command: list[str], tree: Path, *, stdout: int | None = None) -> Run:
    """Run ``command`` with ``tree`` first on the import path; time and peak memory."""
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    load = os.getloadavg()[0]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=tree, env=environment, stdout=stdout or subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stderr[-2000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, load)


def integramap(*args: str) -> list[str]:
    return [sys.executable, "-m", "desktop_app.launcher", *args]


def landscape_file(work: Path, services: int) -> Path:
    path = work / f"landscape-{services}.json"
    if not path.exists():
        path.write_text(json.dumps(generate_landscape(services, seed=1)), encoding="utf-8")
    return path


def pytm_resolve_seconds(path: Path, repeat: int) -> tuple[float, float, float, int]:
    """``(best resolve seconds, its processor seconds, best whole process seconds,
    findings)`` of pytm on ``path``."""
    best_resolve, best_cpu, best_whole, findings = float("inf"), float("inf"), float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "tests.benchmarks.check_bench", "--pytm-run", str(path)],
            cwd=HERE, capture_output=True, text=True, check=True,
        ).stdout
        whole = time.perf_counter() - start
        resolve, cpu, count = out.split()
        best_resolve, best_whole = min(best_resolve, float(resolve)), min(best_whole, whole)
        best_cpu = min(best_cpu, float(cpu))
        findings = int(count)
    return best_resolve, best_cpu, best_whole, findings


def _pytm_run(path: Path) -> None:
    """In its own process: build pytm's model of ``path`` and print resolve seconds."""
    from tests.benchmarks.analysis_bench import build_pytm

    landscape = json.loads(path.read_text(encoding="utf-8"))
    tm = build_pytm(landscape)
    tm.check()
    start, cpu = time.perf_counter(), time.process_time()
    tm.resolve()
    print(f"{time.perf_counter() - start:.3f} {time.process_time() - cpu:.3f} {len(tm.findings)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,30000",
                        help="comma-separated numbers of services (default 1000,10000,30000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", type=Path, default=None,
                        help="another checkout to run the same commands on, back to back")
    parser.add_argument("--pytm", type=int, default=None, metavar="N",
                        help="also time pytm resolving the N-service landscape")
    parser.add_argument("--pytm-repeat", type=int, default=2)
    parser.add_argument("--work", type=Path, default=None,
                        help="folder for the generated files (default: a temporary one)")
    parser.add_argument("--pytm-run", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.pytm_run:
        _pytm_run(args.pytm_run)
        return 0

    sizes = [int(n) for n in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="check-bench-") as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        trees = {"now": HERE, **({"before": args.before.resolve()} if args.before else {})}
        table: dict[tuple[str, int, str], Figure] = {}
        for services in sizes:
            source = landscape_file(work, services)
            for _ in range(args.repeat):
                for label, tree in trees.items():
                    # Each checkout checks the document it imported itself: the schema
                    # of .imap files changes between versions.
                    imap = work / f"{label}-{services}.imap"
                    figure = table.setdefault((label, services, "import"), Figure())
                    figure.runs.append(run_process(
                        integramap("import", str(source), str(imap), "--force"), tree))
                    for kind, path in (("check JSON", source), ("check .imap", imap)):
                        figure = table.setdefault((label, services, kind), Figure())
                        figure.runs.append(run_process(integramap(
                            "check", str(path), "--as-of", AS_OF), tree))
            print(f"{services} services: {len(json.loads(source.read_text())['integrations'])} "
                  "integrations", flush=True)
            for (label, n, kind), figure in table.items():
                if n == services:
                    print(f"  {label:6} {kind:12} {figure.cell(services)}", flush=True)
        _print_table(table, sizes, trees)
        if args.pytm:
            source = landscape_file(work, args.pytm)
            resolve, cpu, whole, findings = pytm_resolve_seconds(source, args.pytm_repeat)
            print(f"\npytm at {args.pytm} services: resolve {resolve:.2f} s (CPU {cpu:.2f} s; "
                  f"whole process {whole:.2f} s), {findings} findings; "
                  f"load {os.getloadavg()[0]:.1f}")
            for label in trees:
                for kind in ("check JSON", "check .imap"):
                    figure = table.get((label, args.pytm, kind))
                    if figure:
                        best = figure.best
                        ratio = resolve / best.seconds
                        verdict = "met" if ratio >= 10 else "MISSED"
                        print(f"  {label:6} {kind:12} {best.seconds:.2f} s (CPU {best.cpu:.2f} s): "
                              f"pytm resolve is {ratio:.1f}× slower, CPU {cpu / best.cpu:.1f}× "
                              f"(target ≥ 10×: {verdict})")
    return 0


def _print_table(
    table: dict[tuple[str, int, str], Figure], sizes: list[int], trees: dict[str, Path]
) -> None:
    print("\n| services | " + " | ".join(
        f"{kind} ({label})" for label in trees for kind in ("check JSON", "check .imap", "import")
    ) + " |")
    print("|---" * (1 + 3 * len(trees)) + "|")
    for services in sizes:
        cells = [
            table[(label, services, kind)].cell(services)
            for label in trees for kind in ("check JSON", "check .imap", "import")
        ]
        print(f"| {services:,} | " + " | ".join(cells) + " |")
    base = 10_000 if 10_000 in sizes else sizes[0]
    for label in trees:
        for kind in ("check JSON", "check .imap", "import"):
            per = {n: table[(label, n, kind)].best.seconds / n for n in sizes}
            growth = ", ".join(f"{n:,}: {per[n] / per[base]:.2f}×" for n in sizes if n != base)
            print(f"time per service against {base:,} ({label}, {kind}): {growth}")


if __name__ == "__main__":
    raise SystemExit(main())
