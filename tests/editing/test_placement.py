"""Moving boxes and zones, applying a layout and widening a renamed box, without Qt."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models.document import Document
from models.domain import Model, ModelError, Service, Zone
from models.editing import (
    geometry_steps,
    move_steps,
    run,
    update_steps,
    zone_area_steps,
)
from models.layout import Geometry
from models.notation import SERVICE_SIZE
from tests.fixtures.model_state import model_state


@pytest.fixture
def model() -> Iterator[Model]:
    document = Document.new(name="Placement")
    m = document.model
    m.add(Zone(id="dmz", name="DMZ", trust=1))
    m.add(Service(id="portal", name="Portal", zone_id="dmz"))
    m.add(Service(id="db", name="DB"))
    view = m.default_view().id
    m.set_position(view, "portal", 40.0, 60.0)
    m.set_position(view, "db", 400.0, 500.0, 300.0, 80.0)
    m.set_zone_area(view, "dmz", 0, 0, 300, 200)
    yield m
    document.close()


def _undo(model: Model, steps: list) -> None:
    run(model, [step.inverse() for step in reversed(steps)])


def _box(model: Model, sid: str) -> tuple:
    p = model.default_view().positions[sid]
    return (p.x, p.y, p.width, p.height)


def test_a_move_keeps_sizes_and_may_change_zones_undone_exactly(model):
    before = model_state(model)
    steps = move_steps(model, "main", {"db": (10.0, 20.0)}, zones={"db": "dmz", "portal": "dmz"})
    run(model, steps)
    assert _box(model, "db") == (10.0, 20.0, 300.0, 80.0)
    assert model.services["db"].zone_id == "dmz"
    assert len(steps) == 2  # the portal was in the zone already
    _undo(model, steps)
    assert model_state(model) == before
    with pytest.raises(ModelError, match="unknown service 'ghost'"):
        move_steps(model, "main", {"ghost": (0.0, 0.0)})


def test_dragging_a_zone_takes_its_services_and_resizing_does_not(model):
    steps = zone_area_steps(model, "main", "dmz", (100.0, 50.0, 300.0, 200.0))
    run(model, steps)
    assert _box(model, "portal")[:2] == (140.0, 110.0)
    assert _box(model, "db")[:2] == (400.0, 500.0)  # not in the zone
    run(model, zone_area_steps(model, "main", "dmz", (100.0, 50.0, 500.0, 400.0)))
    assert _box(model, "portal")[:2] == (140.0, 110.0)


def test_a_layout_places_what_is_not_there_yet_and_skips_what_is_gone(model):
    geometry = Geometry(
        positions={"portal": (40.0, 60.0, None, None), "db": (0.0, 0.0, *SERVICE_SIZE),
                   "gone": (1.0, 1.0, None, None)},
        zone_areas={"dmz": (0.0, 0.0, 300.0, 200.0), "nozone": (0.0, 0.0, 1.0, 1.0)},
    )
    steps = geometry_steps(model, "main", geometry)
    assert len(steps) == 1  # only the db box moves; the rest is where it is or unknown
    run(model, steps)
    assert _box(model, "db") == (0.0, 0.0, None, None)  # the default size is not stored


def test_a_longer_name_widens_the_box_and_its_zone(model):
    name = "Customer portal for brokers, agents and policy holders"
    steps = update_steps(model, Service, "portal", {"name": name})
    run(model, steps)
    width = _box(model, "portal")[2]
    area = model.default_view().zone_areas["dmz"]
    assert width is not None and width > SERVICE_SIZE[0]
    assert area.x + area.width >= 40.0 + width  # the zone still frames the box
    _undo(model, steps)
    assert _box(model, "portal") == (40.0, 60.0, None, None)
    assert model.services["portal"].name == "Portal"


def test_an_unknown_field_is_refused_before_any_step(model):
    with pytest.raises(ModelError, match="Service has no field 'colour'"):
        update_steps(model, Service, "portal", {"colour": "red"})
