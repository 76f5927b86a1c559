"""view_geometry completes what a view saved; apply_geometry writes a layout back."""

from __future__ import annotations

from collections.abc import Callable

from models.domain import Change, Model, Service, Zone
from models.layout import Geometry, apply_geometry, compute_layout, view_geometry
from models.layout.geometry import contains, overlaps
from models.layout.spacing import BOX_HEIGHT, BOX_WIDTH, SAVED_HEIGHT, SAVED_WIDTH

Check = Callable[[Model, Geometry], None]


def test_a_view_without_positions_is_laid_out_not_piled_at_the_origin(
    landscape: Model, well_formed: Check
):
    assert not landscape.default_view().positions
    geometry = view_geometry(landscape, engine="networkx")
    well_formed(landscape, geometry)
    assert len({box[:2] for box in geometry.positions.values()}) == len(landscape.services)


def test_saved_positions_and_areas_come_back_as_saved(landscape: Model):
    view = landscape.default_view()
    apply_geometry(landscape, view.id, compute_layout(landscape, engine="networkx"))
    landscape.set_position(view.id, "svc-03", 5000, 7000, 300, 90)
    geometry = view_geometry(landscape)
    assert geometry.positions["svc-03"] == (5000, 7000, 300, 90)
    saved = view.positions["svc-04"]
    assert geometry.positions["svc-04"] == (saved.x, saved.y, saved.width, saved.height)
    area = view.zone_areas["dmz"]
    assert geometry.zone_areas["dmz"] == (area.x, area.y, area.width, area.height)
    assert geometry.engine == ""


def test_services_added_later_go_into_free_room_of_their_zone(
    landscape: Model, no_overlaps: Callable
):
    view = landscape.default_view()
    apply_geometry(landscape, view.id, compute_layout(landscape, engine="networkx"))
    before = {sid: (p.x, p.y) for sid, p in view.positions.items()}
    internal = view.zone_areas["internal"]
    with landscape.batch():
        for i in range(12):
            landscape.add(Service(id=f"late-{i}", name=f"Late {i}", zone_id="internal"))
        landscape.add(Service(id="late-unzoned", name="Late, no zone"))
    geometry = view_geometry(landscape)
    for sid, (x, y) in before.items():
        assert geometry.positions[sid][:2] == (x, y)
    no_overlaps(list(geometry.positions.values()))
    area = geometry.zone_areas["internal"]
    assert area[:3] == (internal.x, internal.y, internal.width)
    assert area[3] >= internal.height, "a full zone grows downwards"
    for i in range(12):
        assert contains(area, geometry.positions[f"late-{i}"])
    unzoned = [geometry.positions[s] for s in landscape.services if not
               landscape.services[s].zone_id and s != "late-unzoned"]
    late = geometry.positions["late-unzoned"]
    assert min(abs(late[1] - box[1]) for box in unzoned) < 400, "next to the other unzoned"


def test_a_new_zone_with_new_services_is_placed_under_the_diagram(
    landscape: Model, well_formed: Check
):
    view = landscape.default_view()
    apply_geometry(landscape, view.id, compute_layout(landscape, engine="networkx"))
    bottom = max(y + h for _, y, _, h in view_geometry(landscape).zone_areas.values())
    with landscape.batch():
        landscape.add(Zone(id="partner", name="Partner", trust=1))
        for i in range(5):
            landscape.add(Service(id=f"partner-{i}", name=f"Partner {i}", zone_id="partner"))
    geometry = view_geometry(landscape)
    area = geometry.zone_areas["partner"]
    assert area[1] > bottom
    for i in range(5):
        assert contains(area, geometry.positions[f"partner-{i}"])
    others = [a for z, a in geometry.zone_areas.items() if z != "partner"]
    assert not any(overlaps(area, other) for other in others)


def test_zones_without_a_saved_area_get_one_around_their_services(landscape: Model):
    view = landscape.default_view()
    layout = compute_layout(landscape, engine="networkx")
    layout.zone_areas.clear()
    apply_geometry(landscape, view.id, layout)
    assert not view.zone_areas
    geometry = view_geometry(landscape)
    for sid, box in geometry.positions.items():
        zone = landscape.services[sid].zone_id
        if zone:
            assert contains(geometry.zone_areas[zone], box)
    assert "empty" in geometry.zone_areas


def test_apply_geometry_is_one_notice_and_stores_sizes_but_the_saved_default(landscape: Model):
    notices: list[list[Change]] = []
    landscape.subscribe(notices.append)
    layout = compute_layout(landscape, engine="networkx")
    layout.positions["svc-01"] = (10.0, 20.0, 250.0, 80.0)
    layout.positions["svc-03"] = (10.0, 200.0, SAVED_WIDTH, SAVED_HEIGHT)
    apply_geometry(landscape, "main", layout, origin="auto-layout")
    assert len(notices) == 1
    assert len(notices[0]) == len(layout.positions) + len(layout.zone_areas)
    assert {c.origin for c in notices[0]} == {"auto-layout"}
    view = landscape.views["main"]
    assert (view.positions["svc-02"].width, view.positions["svc-02"].height) == (
        BOX_WIDTH, BOX_HEIGHT)
    assert (view.positions["svc-01"].width, view.positions["svc-01"].height) == (250.0, 80.0)
    assert view.positions["svc-03"].width is None
    assert view_geometry(landscape).positions == layout.positions


def test_a_box_saved_without_a_size_keeps_the_size_it_was_saved_with(landscape: Model):
    """Views written before layout boxes got wider store the old default as no size:
    they must open exactly as they were, not with boxes grown into their neighbours."""
    apply_geometry(landscape, "main", compute_layout(landscape, engine="networkx"))
    landscape.set_position("main", "svc-04", 40.0, 60.0)
    assert view_geometry(landscape).positions["svc-04"] == (40.0, 60.0, 180.0, 64.0)


def test_a_laid_out_view_with_a_few_moved_boxes_looks_the_same_next_time(
    landscape: Model, well_formed: Check
):
    """Only the boxes a user moved are stored; the rest must come back where they were."""
    first = view_geometry(landscape, engine="networkx")
    x, y, w, h = first.positions["svc-03"]
    landscape.set_position("main", "svc-03", x + 10, y + 5, w, h)
    again = view_geometry(landscape, engine="networkx")
    well_formed(landscape, again)
    assert again.positions["svc-03"] == (x + 10, y + 5, w, h)
    for sid, box in first.positions.items():
        if sid != "svc-03":
            assert again.positions[sid] == box, sid


def test_a_moved_box_landing_on_a_laid_out_one_pushes_it_to_a_free_cell(
    landscape: Model, well_formed: Check, no_overlaps: Callable
):
    first = view_geometry(landscape, engine="networkx")
    internal = [s for s in landscape.services if landscape.services[s].zone_id == "internal"]
    mover, victim = internal[0], internal[-1]
    x, y, _, _ = first.positions[victim]
    landscape.set_position("main", mover, x, y)
    again = view_geometry(landscape, engine="networkx")
    well_formed(landscape, again)
    assert again.positions[mover][:2] == (x, y)
    assert again.positions[victim] != first.positions[victim]
    no_overlaps(list(again.positions.values()))
