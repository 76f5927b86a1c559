"""Where pasted services, and the zones a paste brings along, go in the target view.

Two things must never happen after a paste: a copy lying exactly on top of another box
(pasting twice would look like pasting once), and a service drawn outside the zone it
belongs to. So a paste without a target point steps further down-right while the spot is
taken; a zone the paste creates gets an area framing its pasted services with the usual
padding and title band, placed clear of the zones already drawn; and an existing zone
grows to frame the services pasted into it (or takes them in below its own, when they
landed elsewhere). A paste where the user pointed treats the boxes as dropped there: each
joins the zone under it, or none outside every zone, as a dragged box does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from models.domain import Model
from models.editing.steps import Area, PlaceZone, Rect, Step, area_of
from models.layout.geometry import enclosing
from models.layout.spacing import (
    GAP_Y,
    SAVED_HEIGHT,
    SAVED_WIDTH,
    ZONE_GAP,
    ZONE_PADDING,
    ZONE_TITLE,
)

Box = tuple[float, float, float, float]
"""``(x, y, width, height)`` with the size filled in."""

_MAX_STEPS = 1000
"""How many offsets a paste tries before settling (a view is never that crowded)."""


def clear_of_boxes(
    model: Model, view_id: str, placed: dict[str, Rect], offset: float
) -> dict[str, Rect]:
    """``placed`` moved on by ``offset`` steps while a pasted box would sit on another's spot.

    Pasting the same fragment again without a target point lands each copy ``offset``
    below-right of the previous one instead of exactly on top of it.
    """
    taken = {_spot(p.x, p.y) for p in model.views[view_id].positions.values()}
    shift = 0.0
    for _ in range(_MAX_STEPS):
        if not any(_spot(r[0] + shift, r[1] + shift) in taken for r in placed.values()):
            break
        shift += offset
    return {sid: (r[0] + shift, r[1] + shift, r[2], r[3]) for sid, r in placed.items()}


@dataclass
class Fitted:
    """Where pasted services go, which zone each joins, and the zone areas to set."""

    placed: dict[str, Rect]
    zone_of: dict[str, str | None]
    area_steps: list[Step] = field(default_factory=list)


def fit_zones(
    model: Model,
    view_id: str,
    placed: Mapping[str, Rect],
    zone_of: Mapping[str, str | None],
    created: Iterable[str],
    *,
    pointed: bool,
) -> Fitted:
    """Final boxes and zones of the pasted services, and the zone areas that frame them.

    ``placed`` maps each pasted service to its box; ``zone_of`` gives its copied zone;
    ``created`` are the zones this paste adds to the model (they have no area yet).
    ``pointed`` pastes were put where the user pointed: there, as when a box is dropped,
    the zone under a box is the one it joins (none outside every zone) — except for the
    zones the paste creates, which frame their services wherever they are.
    """
    areas: dict[str, Area] = {
        zid: (a.x, a.y, a.width, a.height) for zid, a in model.views[view_id].zone_areas.items()
    }
    created = set(created)
    fitted = Fitted(dict(placed), dict(zone_of))
    if pointed:
        for service_id, rect in placed.items():
            zone_id = zone_of.get(service_id)
            if zone_id in created or (zone_id is not None and zone_id not in areas):
                continue  # framed below / a zone the view lays out itself
            fitted.zone_of[service_id] = _zone_under(areas, _centre(_box(rect)))
    groups: dict[str, list[str]] = {}
    for service_id, zone_id in fitted.zone_of.items():
        if zone_id is not None:
            groups.setdefault(zone_id, []).append(service_id)
    new_areas: dict[str, Area] = {}
    grown: dict[str, Area] = {}
    boxes = fitted.placed
    for zone_id, members in groups.items():
        area = areas.get(zone_id)
        if area is None:
            if zone_id in created:
                new_areas[zone_id] = _frame(_box(boxes[s]) for s in members)
            continue  # an existing zone the view lays out itself
        if not all(_contains(area, _centre(_box(boxes[s]))) for s in members):
            _take_in(model, view_id, zone_id, area, members, boxes)
        framed = enclosing([area, _frame(_box(boxes[s]) for s in members)])
        if framed != area:
            grown[zone_id] = framed
            areas[zone_id] = framed
    if new_areas:
        _clear_of_drawn(model, view_id, areas, boxes, groups, new_areas)
    fitted.area_steps += [
        PlaceZone(view_id, zone_id, area_of(model, view_id, zone_id), area)
        for zone_id, area in grown.items()
    ]
    fitted.area_steps += [
        PlaceZone(view_id, zone_id, None, area) for zone_id, area in new_areas.items()
    ]
    return fitted


def _zone_under(areas: Mapping[str, Area], point: tuple[float, float]) -> str | None:
    """The zone whose area holds ``point`` (the smallest, when areas nest), as a drop does."""
    holding = [(a[2] * a[3], zid) for zid, a in areas.items() if _contains(a, point)]
    return min(holding)[1] if holding else None


def _take_in(
    model: Model,
    view_id: str,
    zone_id: str,
    area: Area,
    members: list[str],
    placed: dict[str, Rect],
) -> None:
    """Move pasted ``members`` as a group into ``area``, below the zone's own services."""
    positions = model.views[view_id].positions
    top = area[1] + ZONE_TITLE + ZONE_PADDING
    for service in model.services.values():
        pos = positions.get(service.id)
        if service.zone_id == zone_id and pos is not None:
            top = max(top, pos.y + (pos.height or SAVED_HEIGHT) + GAP_Y)
    group = enclosing([_box(placed[s]) for s in members])
    dx, dy = area[0] + ZONE_PADDING - group[0], top - group[1]
    for s in members:
        r = placed[s]
        placed[s] = (r[0] + dx, r[1] + dy, r[2], r[3])


def _clear_of_drawn(
    model: Model,
    view_id: str,
    areas: Mapping[str, Area],
    placed: dict[str, Rect],
    groups: Mapping[str, list[str]],
    new_areas: dict[str, Area],
) -> None:
    """Move the created zones and their services below the drawing when they would overlap."""
    block_members = {s for zone_id in new_areas for s in groups[zone_id]}
    obstacles = list(areas.values())
    obstacles += [
        (p.x, p.y, p.width or SAVED_WIDTH, p.height or SAVED_HEIGHT)
        for p in model.views[view_id].positions.values()
    ]
    obstacles += [_box(r) for s, r in placed.items() if s not in block_members]
    block = enclosing(list(new_areas.values()))
    if not any(_overlap(block, other) for other in obstacles):
        return
    left = min(o[0] for o in obstacles)
    bottom = max(o[1] + o[3] for o in obstacles)
    dx, dy = left - block[0], bottom + ZONE_GAP - block[1]
    for zone_id, (x, y, w, h) in new_areas.items():
        new_areas[zone_id] = (x + dx, y + dy, w, h)
    for s in block_members:
        r = placed[s]
        placed[s] = (r[0] + dx, r[1] + dy, r[2], r[3])


def _frame(boxes: Iterable[Box]) -> Area:
    """The zone area around ``boxes``: padding on every side and the title band on top."""
    x, y, w, h = enclosing(list(boxes))
    return (
        x - ZONE_PADDING,
        y - ZONE_PADDING - ZONE_TITLE,
        w + 2 * ZONE_PADDING,
        h + 2 * ZONE_PADDING + ZONE_TITLE,
    )


def _box(rect: Rect) -> Box:
    return (rect[0], rect[1], rect[2] or SAVED_WIDTH, rect[3] or SAVED_HEIGHT)


def _centre(box: Box) -> tuple[float, float]:
    return (box[0] + box[2] / 2, box[1] + box[3] / 2)


def _contains(area: Area, point: tuple[float, float]) -> bool:
    return area[0] <= point[0] <= area[0] + area[2] and area[1] <= point[1] <= area[1] + area[3]


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _spot(x: float, y: float) -> tuple[float, float]:
    return (round(x, 1), round(y, 1))
