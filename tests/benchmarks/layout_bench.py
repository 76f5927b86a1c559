"""Layout and DOT timings at enterprise size: auto-layout, saved views, DOT export/import.

Times ``compute_layout`` with both engines on synthetic landscapes (targets: < 2 s at
1,000 services, < 15 s at 10,000), ``view_geometry`` filling in services a saved view
lacks, and DOT export/import. Every layout is also checked for what makes it readable:
every service inside its zone's area, no overlapping boxes or zones.

Run from the repository root::

    python -m tests.benchmarks.layout_bench [--sizes 1000 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import shutil

from models.domain import Model
from models.interchange.dot_format import MAX_TEXT_CHARS, export_dot, import_dot
from models.interchange.json_format import import_json
from models.layout import Geometry, apply_geometry, compute_layout, view_geometry
from models.layout.geometry import contains, overlaps
from tests.benchmarks.synthetic import generate_landscape
from tests.benchmarks.timing import best_of

TARGETS = {1000: 2.0, 10000: 15.0}


def problems(model: Model, geometry: Geometry) -> list[str]:
    """What would make the diagram unreadable: boxes outside their zone, overlaps."""
    found = []
    for sid, box in geometry.positions.items():
        zone = model.services[sid].zone_id
        frame = geometry.zone_areas.get(zone) if zone else geometry.unzoned_area
        if frame is None or not contains(frame, box):
            found.append(f"{sid} outside its zone")
    for label, rects in (("boxes", list(geometry.positions.values())),
                         ("zones", list(geometry.zone_areas.values()))):
        ordered = sorted(rects)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if b[0] >= a[0] + a[2]:
                    break
                if overlaps(a, b):
                    found.append(f"{label} overlap at {a[:2]}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    engines = ["graphviz", "networkx"] if shutil.which("dot") else ["networkx"]
    if len(engines) == 1:
        print("Graphviz 'dot' is not on PATH: only the networkx engine is timed")
    failures = sum(bench_size(size, args.repeat, engines) for size in args.sizes)
    return 1 if failures else 0


def bench_size(size: int, repeat: int, engines: list[str]) -> int:
    """Print the figures for one landscape size; returns how many layouts were unreadable."""
    doc = import_json(generate_landscape(size, seed=1))
    model = doc.model
    print(f"landscape: {len(model.services)} services, {len(model.integrations)} "
          f"integrations, {len(model.zones)} zones; best of {repeat}")
    target = TARGETS.get(size)
    failures = 0
    for engine in engines:
        seconds, geometry = best_of(repeat, lambda e=engine: compute_layout(model, engine=e))
        bad = problems(model, geometry)
        failures += bool(bad)
        _, _, width, height = geometry.bounds()
        goal = f"target < {target:g} s" if target else ""
        print(f"  compute_layout {engine:<9} (used {geometry.engine:<8}) {seconds:6.2f} s  "
              f"{goal:<16} {width:,.0f} × {height:,.0f}  "
              f"{'OK' if not bad else f'{len(bad)} problems: {bad[:3]}'}")
    view = model.default_view()
    apply_geometry(model, view.id, compute_layout(model, engine="networkx"))
    rng = random.Random(1)
    for sid in rng.sample(sorted(model.services), max(1, size // 20)):
        model.remove_position(view.id, sid)
    seconds, geometry = best_of(repeat, lambda: view_geometry(model, view.id))
    print(f"  view_geometry, 5% of positions missing           {seconds:6.2f} s  "
          f"{len(geometry.positions)} boxes")
    seconds, text = best_of(repeat, lambda: export_dot(model))
    print(f"  export_dot                                       {seconds:6.2f} s  "
          f"{len(text.encode()) / 1e6:.1f} MB")
    if len(text) <= MAX_TEXT_CHARS:
        seconds, imported = best_of(repeat, lambda: import_dot(text))
        print(f"  import_dot (parse + validate + store)            {seconds:6.2f} s  "
              f"{len(imported.model.services)} services")
    else:
        print(f"  import_dot: the export is over the {MAX_TEXT_CHARS // 2**20} MB import "
              "limit (use JSON for models this size)")
    doc.close()
    return failures


if __name__ == "__main__":
    raise SystemExit(main())
