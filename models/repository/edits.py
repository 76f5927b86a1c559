"""Turning repository records into edits of a live model.

A refresh brings colleagues' entities (``integramap/1`` records) into the model a user
has open, and resolving a conflict puts the chosen content of one entity there. Both go
through the one JSON reader — the whole target state is assembled and read, so every
value and reference is checked as an import would — and come out as :class:`Edit` s in
the order the model accepts them: what others refer to is added or changed first, what
refers to something is removed first.

The editor turns each edit into an undoable step; :func:`apply_edits` applies them
directly (the command line, scripts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from models.comparison import Assembly, EntityKey
from models.comparison.records import DOCUMENT, KINDS, POSITION, SETTINGS, ZONE_AREA
from models.domain import (
    SETTING_DEFAULTS,
    Base,
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
    "view": View,
    POSITION: ViewPosition,
    ZONE_AREA: ViewZoneArea,
}
"""The domain entity each kind of record stands for."""


@dataclass(frozen=True)
class Edit:
    """Give one entity ``values`` (column values; ``None`` removes it).

    ``key`` is the key the model announces the entity under: an id, ``(rule, subject)``
    for a waiver, ``(from, to)`` for a zone-policy pair, ``(view, item)`` for a box or a
    zone area, ``1`` for the model name and the settings.
    """

    entity: type[Base]
    key: Hashable
    values: dict[str, Any] | None


def edits_for(
    model: Model, target: Mapping[EntityKey, Any], keys: Iterable[EntityKey]
) -> list[Edit]:
    """The edits that make the ``keys`` of ``model`` what they are in ``target`` (the
    complete records of the state wanted), in an order the model accepts."""
    from models.interchange.json_reader import read

    rows, name, problems = read(Assembly(target).document, model.name)
    if problems:
        raise RepositoryError(f"the model would not be valid: {problems[0]}")
    values = _values_by_key(rows, name)
    wanted = set(keys)
    changes = [k for kind in KINDS for k in sorted(wanted) if k[0] == kind]
    present = [Edit(ENTITIES[k[0]], _model_key(k), values[k]) for k in changes if k in values]
    gone = [Edit(ENTITIES[k[0]], _model_key(k), None) for k in reversed(changes)
            if k not in values]
    return present + gone


def apply_edits(model: Model, edits: Iterable[Edit]) -> None:
    """Apply edits to the model directly, as one notice (not undoable)."""
    with model.batch():
        for edit in edits:
            apply_edit(model, edit)


def apply_edit(model: Model, edit: Edit) -> None:
    """One edit through the model's own methods (so its checks and notices apply)."""
    if edit.entity is ViewPosition:
        view_id, service_id = edit.key  # type: ignore[misc]
        if edit.values is None:
            model.remove_position(view_id, service_id)
        else:
            v = edit.values
            model.set_position(view_id, service_id, v["x"], v["y"], v["width"], v["height"])
        return
    if edit.entity is ViewZoneArea:
        view_id, zone_id = edit.key  # type: ignore[misc]
        if edit.values is None:
            model.remove_zone_area(view_id, zone_id)
        else:
            v = edit.values
            model.set_zone_area(view_id, zone_id, v["x"], v["y"], v["width"], v["height"])
        return
    live = live_entity(model, edit.entity, edit.key)
    if edit.values is None:
        if live is not None:
            model.remove(live)
    elif live is None:
        model.add(edit.entity(**edit.values))
    else:
        model.update(live, **edit.values)


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
