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
from models.layout.label_width import MAX_WIDTH_FACTOR, name_width, zone_width_for
from models.layout.spacing import (
    BOX_HEIGHT,
    BOX_WIDTH,
    GAP_X,
    GAP_Y,
    ZONE_PADDING,
    ZONE_TITLE,
)
from models.notation import SERVICE_TEXT_INSET

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
    assert BOX_WIDTH >= 220  # room for "Container platform" at the canvas' name font


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


def test_networkx_lines_a_zone_up_with_its_partners_in_the_zone_before():
    doc = Document.new()
    m = doc.model
    m.add(Zone(id="dmz", name="DMZ", trust=1))
    m.add(Zone(id="internal", name="Internal", trust=2))
    tops = ["gw-a", "gw-b", "gw-c"]  # one row each: a zone of three is three boxes wide
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


def _cell_share(model: Model, geometry: Geometry, zone_id: str | None) -> float:
    """How much of a zone's inner area the grid cells of its boxes (box plus gaps) take."""
    frame = geometry.zone_areas[zone_id] if zone_id else geometry.unzoned_area
    assert frame is not None
    cells = sum((w + GAP_X) * (h + GAP_Y) for sid, (_, _, w, h) in geometry.positions.items()
                if model.services[sid].zone_id == zone_id)
    inner = ((frame[2] - 2 * ZONE_PADDING + GAP_X)
             * (frame[3] - ZONE_TITLE - 2 * ZONE_PADDING + GAP_Y))
    return cells / inner


EXAMPLE = Path(__file__).parents[2] / "resources" / "examples" / "landscape.json"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("source", ["example", "fixture"])
def test_zone_areas_fit_the_services_laid_out_in_them(
    landscape: Model, engine: str, source: str, well_formed: Check
):
    """No zone is a wide band with a clump in its middle: the boxes' cells fill at least
    half of every zone (a one-service zone stretched over the diagram fills a tenth)."""
    doc = import_json(EXAMPLE.read_text(encoding="utf-8")) if source == "example" else None
    model = doc.model if doc is not None else landscape
    geometry = compute_layout(model, engine=engine)
    well_formed(model, geometry)
    zones = {s.zone_id for s in model.services.values()}
    for zone_id in zones:
        assert _cell_share(model, geometry, zone_id) >= 0.5, zone_id
    _, _, width, height = geometry.bounds()
    assert 0.8 <= width / height <= 2.5  # about a screen's shape, not a tower or a strip
    if doc is not None:
        doc.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_long_name_gets_a_box_wide_enough_and_a_zone_its_whole_title(
    engine: str, well_formed: Check
):
    doc = Document.new()
    m = doc.model
    m.add(Zone(id="x", name="Partner extranet and suppliers", trust=1))
    m.add(Service(id="esb", name="Enterprise service bus (primary)", zone_id="x"))
    m.add(Service(id="db", name="Orders", zone_id="x"))
    m.add(Service(id="huge", name="W" * 80, zone_id="x"))
    m.add(Integration(id="i", source_id="esb", target_id="db"))
    geometry = compute_layout(m, engine=engine)
    well_formed(m, geometry)
    esb, db, huge = (geometry.positions[s][2] for s in ("esb", "db", "huge"))
    assert esb >= name_width("Enterprise service bus (primary)") + SERVICE_TEXT_INSET > BOX_WIDTH
    assert db == BOX_WIDTH
    assert huge == BOX_WIDTH * MAX_WIDTH_FACTOR  # past that the canvas elides
    assert geometry.zone_areas["x"][2] >= zone_width_for("Partner extranet and suppliers")
    doc.close()
