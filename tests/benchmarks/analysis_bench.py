"""Analysis timing at enterprise size (target < 1 s), and against pytm (target ≥ 10× faster).

Builds the synthetic landscape (10,000 services / ~30,000 integrations by default) once,
then times

* ``analyse()``: every rule of the catalogue, waivers, blast radius, recovery waves and
  showback on the loaded model (target < 1 s);
* pytm's ``TM.resolve()`` on a threat model of the same shape, built from the same generator
  output: one ``Boundary`` per zone, one ``Datastore`` per stateful service and a ``Server``
  per other service (each in its zone's boundary), one ``Dataflow`` per integration.
  ``TM.check()`` (pytm's consistency pass before resolving) is timed and reported apart.

and prints both times and the ratio (target: pytm at least 10× slower). pytm resolves every
threat of its library against every element, so its time grows with elements × threats;
``--pytm-services`` builds its model at a smaller size and extrapolates linearly by element
count — the output says when it did.

Run from the repository root (pytm is a benchmark-only dependency: ``pip install pytm``)::

    python -m tests.benchmarks.analysis_bench [--services 10000] [--repeat 3]
                                              [--pytm-services N] [--no-pytm]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from typing import Any

from models.analysis import analyse
from models.interchange.json_format import import_json
from tests.benchmarks.synthetic import generate_landscape
from tests.benchmarks.timing import timed_runs

AS_OF = dt.date(2026, 11, 25)


def time_analysis(landscape: dict[str, Any], repeat: int) -> tuple[list[float], Any]:
    """Best-of and median over ``repeat`` full analyses of the imported landscape."""
    with import_json(landscape) as document:
        model = document.model
        return timed_runs(repeat, lambda: analyse(model, as_of=AS_OF))


def build_pytm(landscape: dict[str, Any]) -> Any:
    """A pytm threat model with one element per zone, service and integration."""
    from pytm import TM, Boundary, Dataflow, Datastore, Server

    TM.reset()  # pytm keeps every element in class-level state
    tm = TM(landscape["name"], description="Integramap synthetic landscape")
    boundaries = {z["id"]: Boundary(z.get("name") or z["id"]) for z in landscape["zones"]}
    elements = {}
    for service in landscape["services"]:
        element = (Datastore if service.get("stateful") else Server)(service["id"])
        if service.get("zone"):
            element.inBoundary = boundaries[service["zone"]]
        elements[service["id"]] = element
    for integration in landscape["integrations"]:
        Dataflow(elements[integration["source"]], elements[integration["target"]],
                 integration["id"])
    return tm


def time_pytm(landscape: dict[str, Any]) -> tuple[float, float, int]:
    """``(check seconds, resolve seconds, findings)`` for one pytm run."""
    tm = build_pytm(landscape)
    start = time.perf_counter()
    tm.check()
    checked = time.perf_counter()
    tm.resolve()
    resolved = time.perf_counter()
    return checked - start, resolved - checked, len(tm.findings)


def _size(landscape: dict[str, Any]) -> tuple[int, int]:
    return len(landscape["services"]), len(landscape["integrations"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pytm-services", type=int, default=None,
                        help="build the pytm model at this size and extrapolate (default: same)")
    parser.add_argument("--no-pytm", action="store_true", help="time the analysis only")
    args = parser.parse_args(argv)

    landscape = generate_landscape(args.services, seed=args.seed)
    services, integrations = _size(landscape)
    times, result = time_analysis(landscape, args.repeat)
    best, median = min(times), statistics.median(times)
    print(f"landscape: {services} services, {integrations} integrations")
    print(f"integramap analyse: best {best:.3f} s, median {median:.3f} s over {args.repeat} "
          f"runs ({len(result.findings)} findings, {len(result.recovery_waves)} recovery "
          f"waves, {len(result.cycles)} cycles)  target < 1 s: "
          f"{'met' if best < 1 else 'MISSED'}")
    print("  every run: " + ", ".join(f"{t:.3f}" for t in times) + " s")
    if args.no_pytm:
        return 0

    pytm_n = args.pytm_services or args.services
    small = landscape if pytm_n == args.services else generate_landscape(pytm_n, seed=args.seed)
    check_s, resolve_s, findings = time_pytm(small)
    p_services, p_integrations = _size(small)
    scale = (services + integrations) / (p_services + p_integrations)
    note = ""
    if scale != 1:
        note = (f" (measured at {p_services} services / {p_integrations} integrations: "
                f"{resolve_s:.2f} s, extrapolated ×{scale:.2f} by element count)")
    resolve_full = resolve_s * scale
    print(f"pytm resolve: {resolve_full:.2f} s{note}; pytm check: {check_s * scale:.2f} s; "
          f"{findings} pytm findings")
    ratio = resolve_full / best
    print(f"ratio pytm resolve / integramap analyse: {ratio:.1f}×  target ≥ 10×: "
          f"{'met' if ratio >= 10 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
