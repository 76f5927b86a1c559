"""Where boxes and zone areas go: moving, dragging a zone, applying a layout, widening.

Each function reads the current geometry and returns the steps from it to the wanted
one, so undo puts every box and area back exactly where it was (an unplaced box becomes
unplaced again). A zone moved by its title band takes the boxes of its services along; a
service renamed to a name its box cannot show whole gets a wider box, and its zone grows
to keep framing it.
"""

from __future__ import annotations

from collections.abc import Mapping

from models.domain import Model, ModelError, Service, Zone
from models.editing.steps import (
    Area,
    PlaceService,
    PlaceZone,
    Step,
    UpdateFields,
    area_of,
    find_entity,
    position_of,
)
from models.layout.geometry import Geometry
from models.layout.label_width import box_width_for, name_width
from models.layout.spacing import ZONE_PADDING
from models.notation import SERVICE_SIZE, SERVICE_TEXT_INSET


def move_steps(
    model: Model,
    view_id: str,
    positions: Mapping[str, tuple[float, float]],
    zones: Mapping[str, str | None] | None = None,
) -> list[Step]:
    """Steps moving service boxes to new top-left corners (keeping their sizes) and, for
    the services in ``zones``, setting the zone they were dropped into (``None``: none)."""
    steps: list[Step] = []
    for service_id, (x, y) in positions.items():
        if service_id not in model.services:
            raise ModelError(f"unknown service {service_id!r}")
        old = position_of(model, view_id, service_id)
        width, height = (old[2], old[3]) if old is not None else (None, None)
        steps.append(PlaceService(view_id, service_id, old, (x, y, width, height)))
    for service_id, zone_id in (zones or {}).items():
        service = find_entity(model, Service, service_id)
        if service.zone_id != zone_id:  # type: ignore[attr-defined]
            steps.append(
                UpdateFields(Service, service_id, {"zone_id": service.zone_id},  # type: ignore[attr-defined]
                             {"zone_id": zone_id})
            )
    return steps


def zone_area_steps(
    model: Model, view_id: str, zone_id: str, rect: Area, *, move_members: bool = True
) -> list[Step]:
    """Steps placing, moving or resizing a zone's area; a move takes the boxes of the
    zone's services along unless ``move_members`` is false (a resize never does)."""
    find_entity(model, Zone, zone_id)
    old = area_of(model, view_id, zone_id)
    steps: list[Step] = [PlaceZone(view_id, zone_id, old, tuple(rect))]  # type: ignore[arg-type]
    dx, dy = (rect[0] - old[0], rect[1] - old[1]) if old is not None else (0.0, 0.0)
    if move_members and (dx or dy):
        members = [s.id for s in model.services.values() if s.zone_id == zone_id]
        for service_id in members:
            if (was := position_of(model, view_id, service_id)) is not None:
                moved = (was[0] + dx, was[1] + dy, was[2], was[3])
                steps.append(PlaceService(view_id, service_id, was, moved))
    return steps


def geometry_steps(model: Model, view_id: str, geometry: Geometry) -> list[Step]:
    """Steps placing every service and zone area of a computed layout that is not already
    there; ids the model no longer has are skipped. A box of the default size is stored
    without a size, as a box dropped from the palette is."""
    steps: list[Step] = []
    for service_id, (x, y, w, h) in geometry.positions.items():
        if service_id not in model.services:
            continue
        old = position_of(model, view_id, service_id)
        size = (None, None) if (w, h) == SERVICE_SIZE else (w, h)
        new = (x, y, *size)
        if old != new:
            steps.append(PlaceService(view_id, service_id, old, new))
    for zone_id, rect in geometry.zone_areas.items():
        if zone_id not in model.zones:
            continue
        old_area = area_of(model, view_id, zone_id)
        if old_area != tuple(rect):
            steps.append(PlaceZone(view_id, zone_id, old_area, tuple(rect)))
    return steps


def widen_steps(model: Model, service_id: str, name: str) -> list[Step]:
    """Steps widening the service's box in every view where ``name`` would be cut.

    Never narrower (a box the user sized keeps at least its size). The zone holding the
    box widens with it when the wider box would cross its border.
    """
    needed = name_width(name) + SERVICE_TEXT_INSET + 2.0
    zone_id = model.services[service_id].zone_id
    steps: list[Step] = []
    for view in model.views.values():
        old = position_of(model, view.id, service_id)
        if old is None:
            continue
        width = old[2] if old[2] is not None else SERVICE_SIZE[0]
        if needed <= width:
            continue
        wider = max(width, box_width_for(name))
        height = old[3] if old[3] is not None else SERVICE_SIZE[1]
        steps.append(PlaceService(view.id, service_id, old, (old[0], old[1], wider, height)))
        area = area_of(model, view.id, zone_id) if zone_id is not None else None
        if area is not None and old[0] + width <= area[0] + area[2]:
            right = old[0] + wider + ZONE_PADDING
            if right > area[0] + area[2]:
                grown = (area[0], area[1], right - area[0], area[3])
                steps.append(PlaceZone(view.id, zone_id, area, grown))  # type: ignore[arg-type]
    return steps
