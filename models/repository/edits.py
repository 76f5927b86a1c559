"""Turning repository records into reversible edits of a live model.

A refresh brings colleagues' entities (``integramap/1`` records) into the model a user
has open, and resolving a conflict puts the chosen content of one entity there. Both go
through the one JSON reader — the whole target state is assembled and read, so every
value and reference is checked as an import would — and come out as the editing
vocabulary's reversible steps (:mod:`models.editing.steps`), in an order the model
accepts: what others refer to is added or changed first, what refers to something is
removed first. The editor wraps the steps in one undo command; the command line runs
them directly (all or nothing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from models.comparison import Assembly, EntityKey
from models.comparison.records import DOCUMENT, KINDS, POSITION, SETTINGS, ZONE_AREA
from models.domain import (
    SETTING_DEFAULTS,
    Base,
    Decision,
    DocumentInfo,
    Integration,
    Location,
    Model,
    Service,
    ServiceLocation,
    Settings,
    Team,
    View,
    ViewPosition,
    ViewZoneArea,
    Waiver,
    Zone,
    ZonePolicy,
)
from models.editing.steps import (
    AddEntity,
    PlaceService,
    PlaceZone,
    RemoveEntity,
    Step,
    UpdateFields,
    entity_key,
    snapshot,
)
from models.repository.errors import RepositoryError

ENTITIES: dict[str, type[Base]] = {
    DOCUMENT: DocumentInfo,
    SETTINGS: Settings,
    "zone": Zone,
    "zone_policy": ZonePolicy,
    "location": Location,
    "team": Team,
    "service": Service,
    "integration": Integration,
    "waiver": Waiver,
    "decision": Decision,
    "view": View,
    POSITION: ViewPosition,
    ZONE_AREA: ViewZoneArea,
}
"""The domain entity each kind of record stands for."""


def run_steps(model: Model, steps: Iterable[Step]) -> None:
    """Apply steps directly (not undoable), all or nothing."""
    from models.editing.steps import run

    run(model, list(steps))


def steps_for(
    model: Model, target: Mapping[EntityKey, Any], keys: Iterable[EntityKey]
) -> list[Step]:
    """The steps that make the ``keys`` of ``model`` what they are in ``target`` (the
    complete records of the state wanted), in an order the model accepts."""
    from models.interchange.json_reader import read

    rows, name, problems = read(Assembly(target).document, model.name)
    if problems:
        raise RepositoryError(f"the model would not be valid: {problems[0]}")
    values = _values_by_key(rows, name)
    wanted = set(keys)
    changes = [k for kind in KINDS for k in sorted(wanted) if k[0] == kind]
    ordered = [k for k in changes if k in values] + [k for k in reversed(changes)
                                                     if k not in values]
    steps: list[Step] = []
    for key in ordered:
        step = _step(model, key, values.get(key))
        if step is not None:
            steps.append(step)
    return steps


def _step(model: Model, key: EntityKey, values: dict[str, Any] | None) -> Step | None:
    """One entity from what it is now to ``values`` (``None``: removed)."""
    entity = ENTITIES[key[0]]
    model_key = _model_key(key)
    if entity in (ViewPosition, ViewZoneArea):
        view_id, item = model_key  # type: ignore[misc]
        view = model.views.get(view_id)
        boxes = {} if view is None else (
            view.positions if entity is ViewPosition else view.zone_areas)
        box = boxes.get(item)
        old = None if box is None else (box.x, box.y, box.width, box.height)
        new = None if values is None else (
            values["x"], values["y"], values["width"], values["height"])
        if old == new:
            return None
        if entity is ViewPosition:
            return PlaceService(view_id, item, old, new)
        return PlaceZone(view_id, item, old, new)  # type: ignore[arg-type]
    live = live_entity(model, entity, model_key)
    if values is None:
        return None if live is None else RemoveEntity(entity, snapshot(live))
    if live is None:
        return AddEntity(entity, dict(values))
    current = snapshot(live)
    old_values = {k: current.get(k) for k in values}
    if old_values == values:
        return None
    return UpdateFields(entity, entity_key(live), old_values, dict(values))


def live_entity(model: Model, entity: type[Base], key: Hashable) -> Base | None:
    """The model's entity of that kind and key, or ``None``."""
    if entity is DocumentInfo:
        return model.info
    if entity is Settings:
        return model.settings
    if entity is Waiver:
        return model.waivers.get(key)  # type: ignore[arg-type]
    if entity is ZonePolicy:
        return model.zone_policy.get(key)  # type: ignore[arg-type]
    return model.get(entity, key)  # type: ignore[arg-type]


def _model_key(key: EntityKey) -> Hashable:
    kind, name = key
    if kind in (DOCUMENT, SETTINGS):
        return 1
    if kind in ("zone_policy", "waiver", POSITION, ZONE_AREA):
        return tuple(name.split("/", 1))
    return name


def _values_by_key(rows: Mapping[type, list[dict[str, Any]]], name: str) -> dict[
    EntityKey, dict[str, Any]
]:
    """The reader's column values per record key."""
    found: dict[EntityKey, dict[str, Any]] = {(DOCUMENT, "name"): {"name": name}}
    settings = (rows.get(Settings) or [{**SETTING_DEFAULTS}])[0]
    found[(SETTINGS, "settings")] = {k: v for k, v in settings.items() if k != "id"}
    locations: dict[str, list[str]] = defaultdict(list)
    for link in sorted(rows.get(ServiceLocation, ()), key=lambda r: r["position"]):
        locations[link["service_id"]].append(link["location_id"])
    for kind, entity in ENTITIES.items():
        for row in rows.get(entity, ()):
            if kind == "zone_policy":
                key = f"{row['from_zone_id']}/{row['to_zone_id']}"
            elif kind == "waiver":
                key = f"{row['rule']}/{row['subject']}"
            elif kind == POSITION:
                key = f"{row['view_id']}/{row['service_id']}"
            elif kind == ZONE_AREA:
                key = f"{row['view_id']}/{row['zone_id']}"
            elif kind in (DOCUMENT, SETTINGS):
                continue
            else:
                key = row["id"]
            values = dict(row)
            if kind == "service":
                values["location_ids"] = locations.get(key, [])
            if kind in (POSITION, ZONE_AREA):
                values = {k: values[k] for k in ("x", "y", "width", "height")}
            found[(kind, key)] = values
    return found
