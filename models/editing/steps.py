"""Reversible primitive edits: the vocabulary every undo command is written in.

A step holds ids and plain values only — never ORM objects or graphics items — and knows
its inverse. Looking entities up by key on every apply keeps undo correct after the
objects were removed and re-created (a re-added service is a new ORM instance).

Steps change the model only through :class:`~models.domain.model.Model` methods, so the
model's invariants and change notices apply to undo and redo exactly as to the first edit.
Each application says who started it (``origin``, carried into every
:class:`~models.domain.changes.Change`), so a panel can tell its own edit from the same
change made by undo, redo or another panel.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from sqlalchemy import inspect as sa_inspect

from models.domain import (
    Base,
    DocumentInfo,
    Model,
    ModelError,
    Service,
    Settings,
    Waiver,
    ZonePolicy,
)
from models.domain.fields import column_defaults

Rect = tuple[float, float, float | None, float | None]
"""``(x, y, width, height)`` of a service box; ``None`` sizes mean the default size."""
Area = tuple[float, float, float, float]
"""``(x, y, width, height)`` of a zone area."""


class Step(Protocol):
    """One reversible change to the model."""

    def apply(self, model: Model, origin: object | None = None) -> None: ...

    def inverse(self) -> Step: ...


# ---------------------------------------------------------------------- entity values


def entity_key(obj: Base) -> Hashable:
    """The key the model announces an entity under (see :class:`Change`)."""
    if isinstance(obj, Waiver):
        return (obj.rule, obj.subject)
    if isinstance(obj, ZonePolicy):
        return (obj.from_zone_id, obj.to_zone_id)
    if isinstance(obj, (DocumentInfo, Settings)):
        return 1
    return obj.id


def values_key(entity: type[Base], values: dict[str, Any]) -> Hashable:
    """:func:`entity_key` of the entity :func:`snapshot` took ``values`` from.

    Snapshots come from live, already validated entities, so the key is read directly
    instead of building (and validating) a throwaway object.
    """
    if entity is Waiver:
        return (values["rule"], values["subject"])
    if entity is ZonePolicy:
        return (values["from_zone_id"], values["to_zone_id"])
    if entity in (DocumentInfo, Settings):
        return 1
    return values["id"]


def find_entity(model: Model, entity: type[Base], key: Hashable) -> Base:
    """The live entity of that type and key; raise :class:`ModelError` when it is gone."""
    if entity is Waiver:
        found: Base | None = model.waivers.get(key)  # type: ignore[arg-type]
    elif entity is ZonePolicy:
        found = model.zone_policy.get(key)  # type: ignore[arg-type]
    elif entity is DocumentInfo:
        found = model.info
    elif entity is Settings:
        found = model.settings
    else:
        found = model.get(entity, key)  # type: ignore[arg-type]
    if found is None:
        raise ModelError(f"unknown {entity.__name__.lower()} {key!r}")
    return found


@cache
def _columns(entity: type[Base]) -> dict[str, Any]:
    """Field names of ``entity`` with their scalar defaults (``None`` when there is none)."""
    # Surrogate keys (waivers, zone policies) are storage details: a re-added row gets a new one.
    defaults = column_defaults(entity)
    return {a.key: defaults.get(a.key) for a in sa_inspect(entity).column_attrs if a.key != "pk"}


def snapshot(obj: Base) -> dict[str, Any]:
    """Every field value of ``obj`` (a service's locations in order), enough to rebuild it.

    A new object not yet stored holds ``None`` where the column default will apply; the
    default is recorded instead so the values rebuild a valid entity.
    """
    values = {
        name: default if (value := getattr(obj, name)) is None else value
        for name, default in _columns(type(obj)).items()
    }
    if isinstance(obj, Service):
        values["location_ids"] = list(obj.location_ids)
    return values


def build(entity: type[Base], values: dict[str, Any]) -> Base:
    """A new, detached entity from :func:`snapshot` values (validated by the entity)."""
    return entity(**values)


# ---------------------------------------------------------------------- steps


@dataclass(frozen=True)
class AddEntity:
    """Add an entity rebuilt from ``values``."""

    entity: type[Base]
    values: dict[str, Any]

    def apply(self, model: Model, origin: object | None = None) -> None:
        model.add(build(self.entity, self.values), origin=origin)

    def inverse(self) -> Step:
        return RemoveEntity(self.entity, self.values)


@dataclass(frozen=True)
class RemoveEntity:
    """Remove the entity whose snapshot is ``values`` (dependents must already be gone)."""

    entity: type[Base]
    values: dict[str, Any]

    def apply(self, model: Model, origin: object | None = None) -> None:
        model.remove(
            find_entity(model, self.entity, values_key(self.entity, self.values)), origin=origin
        )

    def inverse(self) -> Step:
        return AddEntity(self.entity, self.values)


@dataclass(frozen=True)
class UpdateFields:
    """Change fields of one entity from ``old`` to ``new`` values."""

    entity: type[Base]
    key: Hashable
    old: dict[str, Any]
    new: dict[str, Any]

    @property
    def identity(self) -> Hashable:
        return ("fields", self.entity, self.key, frozenset(self.new))

    def apply(self, model: Model, origin: object | None = None) -> None:
        model.update(find_entity(model, self.entity, self.key), origin=origin, **self.new)

    def inverse(self) -> Step:
        return UpdateFields(self.entity, self.key, self.new, self.old)

    def then(self, later: UpdateFields) -> UpdateFields:
        """This edit followed by ``later`` as one (typing into a field)."""
        return UpdateFields(self.entity, self.key, self.old, later.new)


@dataclass(frozen=True)
class PlaceService:
    """Move a service's box in a view; ``None`` means "not placed" (no position row)."""

    view_id: str
    service_id: str
    old: Rect | None
    new: Rect | None

    @property
    def identity(self) -> Hashable:
        return ("place", self.view_id, self.service_id)

    def apply(self, model: Model, origin: object | None = None) -> None:
        if self.new is None:
            model.remove_position(self.view_id, self.service_id, origin=origin)
        else:
            model.set_position(self.view_id, self.service_id, *self.new, origin=origin)

    def inverse(self) -> Step:
        return PlaceService(self.view_id, self.service_id, self.new, self.old)

    def then(self, later: PlaceService) -> PlaceService:
        return PlaceService(self.view_id, self.service_id, self.old, later.new)


@dataclass(frozen=True)
class PlaceZone:
    """Move or resize a zone's area in a view; ``None`` means the zone has no area."""

    view_id: str
    zone_id: str
    old: Area | None
    new: Area | None

    @property
    def identity(self) -> Hashable:
        return ("zone-area", self.view_id, self.zone_id)

    def apply(self, model: Model, origin: object | None = None) -> None:
        if self.new is None:
            model.remove_zone_area(self.view_id, self.zone_id, origin=origin)
        else:
            model.set_zone_area(self.view_id, self.zone_id, *self.new, origin=origin)

    def inverse(self) -> Step:
        return PlaceZone(self.view_id, self.zone_id, self.new, self.old)

    def then(self, later: PlaceZone) -> PlaceZone:
        return PlaceZone(self.view_id, self.zone_id, self.old, later.new)


def run(model: Model, steps: Sequence[Step], *, origin: object | None = None) -> None:
    """Apply ``steps`` in one model batch; on a refused step, undo the ones already applied.

    The model refuses an invalid edit before changing anything, so rolling back the
    completed steps returns it to exactly where it was and the error can propagate.
    Every change is announced with ``origin``.
    """
    done: list[Step] = []
    with model.batch():
        try:
            for step in steps:
                step.apply(model, origin)
                done.append(step)
        except Exception:
            for step in reversed(done):
                step.inverse().apply(model, origin)
            raise


def position_of(model: Model, view_id: str, service_id: str) -> Rect | None:
    """A service's current box in a view as plain values, or ``None`` when unplaced."""
    pos = model.views[view_id].positions.get(service_id)
    return None if pos is None else (pos.x, pos.y, pos.width, pos.height)


def area_of(model: Model, view_id: str, zone_id: str) -> Area | None:
    """A zone's current area in a view as plain values, or ``None``."""
    area = model.views[view_id].zone_areas.get(zone_id)
    return None if area is None else (area.x, area.y, area.width, area.height)
