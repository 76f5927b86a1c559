"""compute_layout: zones in trust order, every service inside its zone, no overlaps."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from models.document import Document
from models.domain import Integration, Model, Service, Zone
from models.interchange.json_format import import_json
from models.layout import Geometry, compute_layout
from models.layout.spacing import BOX_HEIGHT, BOX_WIDTH

Check = Callable[[Model, Geometry], None]

needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
ENGINES = [pytest.param("graphviz", marks=needs_graphviz), "networkx"]


@pytest.mark.parametrize("engine", ENGINES)
def test_services_stay_inside_their_zone_and_nothing_overlaps(
    landscape: Model, engine: str, well_formed: Check
):
    geometry = compute_layout(landscape, engine=engine)
    assert geometry.engine == engine
    well_formed(landscape, geometry)
    assert geometry.unzoned_area is not None
    assert all((w, h) == (BOX_WIDTH, BOX_HEIGHT) for _, _, w, h in geometry.positions.values())


@pytest.mark.parametrize("engine", ENGINES)
def test_zones_read_in_trust_order(landscape: Model, engine: str):
    geometry = compute_layout(landscape, engine=engine)
    order = sorted(geometry.zone_areas, key=lambda z: (geometry.zone_areas[z][1],
                                                        geometry.zone_areas[z][0]))
    trusts = [landscape.zones[z].trust for z in order]
    assert trusts == sorted(trusts)
    assert order[0] == "internet" and order[-1] == "mgmt"
    unzoned = geometry.unzoned_area
    assert unzoned is not None
    assert unzoned[1] >= max(a[1] for a in geometry.zone_areas.values())


@pytest.mark.parametrize("engine", ENGINES)
def test_what_a_service_relies_on_is_drawn_below_it(engine: str):
    doc = Document.new()
    m = doc.model
    m.add(Zone(id="internal", name="Internal", trust=2))
    for sid in ("portal", "app", "db"):
        m.add(Service(id=sid, name=sid, zone_id="internal"))
    m.add(Integration(id="a", source_id="portal", target_id="app"))
    m.add(Integration(id="b", source_id="app", target_id="db"))
    geometry = compute_layout(m, engine=engine)
    ys = [geometry.positions[s][1] for s in ("portal", "app", "db")]
    assert ys == sorted(ys) and len(set(ys)) == 3


@pytest.mark.parametrize("engine", ENGINES)
def test_a_thousand_service_landscape_lays_out_cleanly(
    engine: str, generate_landscape, well_formed: Check
):
    doc = import_json(generate_landscape(1000))
    geometry = compute_layout(doc.model, engine=engine)
    assert geometry.engine == engine
    well_formed(doc.model, geometry)
    _, _, w, h = geometry.bounds()
    assert 0.4 < w / h < 2.5, "the diagram should be roughly the shape of a screen"


def test_an_empty_model_has_an_empty_layout():
    doc = Document.new()
    geometry = compute_layout(doc.model)
    assert geometry.positions == {} and geometry.bounds() == (0.0, 0.0, 0.0, 0.0)


def test_an_unknown_engine_is_refused(landscape: Model):
    with pytest.raises(ValueError, match="unknown layout engine"):
        compute_layout(landscape, engine="circo")  # type: ignore[arg-type]


def test_without_dot_on_path_the_networkx_layout_is_used(
    landscape: Model, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, well_formed: Check
):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert shutil.which("dot") is None
    geometry = compute_layout(landscape, engine="auto")
    assert geometry.engine == "networkx"
    well_formed(landscape, geometry)


def _fake_dot(directory: Path, script: str) -> None:
    path = directory / "dot"
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.mark.skipif(os.name != "posix", reason="fake program is a shell script")
@pytest.mark.parametrize(
    "script", ["sleep 10", "echo 'Error: syntax' >&2; exit 1", "echo 'graph 1 2 3'; echo 'node'"]
)
def test_a_slow_or_broken_dot_falls_back_to_networkx(
    landscape: Model,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    script: str,
    well_formed: Check,
):
    _fake_dot(tmp_path, script)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    geometry = compute_layout(landscape, engine="graphviz", timeout=0.5)
    assert geometry.engine == "networkx"
    well_formed(landscape, geometry)


def test_networkx_lines_a_zone_up_under_its_partners_in_the_zone_above():
    doc = Document.new()
    m = doc.model
    m.add(Zone(id="dmz", name="DMZ", trust=1))
    m.add(Zone(id="internal", name="Internal", trust=2))
    tops = ["gw-a", "gw-b", "gw-c", "gw-d", "gw-e"]
    for sid in tops:
        m.add(Service(id=sid, name=sid, zone_id="dmz"))
    # Written in the reverse order, so only the partners can put them in line.
    for n, sid in enumerate(reversed(tops)):
        app = f"app-{n}"
        m.add(Service(id=app, name=app, zone_id="internal"))
        m.add(Integration(id=f"i-{n}", source_id=app, target_id=sid, kind="gateway"))
    geometry = compute_layout(m, engine="networkx")
    top_order = sorted(tops, key=lambda s: geometry.positions[s][0])
    partner = {f"app-{n}": sid for n, sid in enumerate(reversed(tops))}
    bottom_order = sorted(partner, key=lambda s: geometry.positions[s][0])
    assert [partner[a] for a in bottom_order] == top_order
