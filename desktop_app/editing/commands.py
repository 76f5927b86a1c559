"""Every undoable edit of a document, as a QUndoCommand built from reversible steps.

Each command reads what it needs from the model when it is created and keeps only ids and
values (see :mod:`desktop_app.editing.steps`), so undo after undo after redo never touches
a deleted ORM object or graphics item. The model announces each redo and undo as change
notices; the canvas and panels follow those notices, commands never touch views.

:class:`DocumentEditor` applies a command once *before* pushing it, so an invalid edit
raises :class:`ModelError` to the caller and never reaches the undo stack; the stack's
first ``redo()`` is then skipped.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from PySide6.QtGui import QUndoCommand

from desktop_app.editing.steps import (
    AddEntity,
    Area,
    PlaceService,
    PlaceZone,
    Rect,
    RemoveEntity,
    Step,
    UpdateFields,
    area_of,
    entity_key,
    find_entity,
    position_of,
    run,
    snapshot,
)
from models.domain import (
    TEAM_REFERENCES,
    Base,
    Integration,
    Location,
    Model,
    ModelError,
    Service,
    Team,
    Waiver,
    Zone,
    ZonePolicy,
)
from models.layout.label_width import box_width_for, name_width
from models.layout.spacing import ZONE_PADDING
from models.notation import SERVICE_SIZE, SERVICE_TEXT_INSET

_MERGEABLE = 1
"""QUndoCommand id shared by commands that may merge; ``merge_key`` decides if they do."""


class EditCommand(QUndoCommand):
    """An undoable edit: ``steps`` forward on redo, their inverses backward on undo.

    Commands with equal ``merge_key`` whose steps touch the same things merge into one
    undo step keeping the first old values and the last new ones (typing, dragging).
    """

    def __init__(
        self,
        model: Model,
        text: str,
        steps: Iterable[Step],
        *,
        merge_key: Hashable | None = None,
    ) -> None:
        super().__init__(text)
        self._model = model
        self.steps: list[Step] = list(steps)
        self.merge_key = merge_key
        self._applied = False

    def apply_first(self) -> None:
        """Make the edit now (raising ``ModelError`` if refused); the next redo is skipped."""
        run(self._model, self.steps)
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        run(self._model, self.steps)

    def undo(self) -> None:
        run(self._model, [step.inverse() for step in reversed(self.steps)])

    def id(self) -> int:
        return _MERGEABLE if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or other.merge_key != self.merge_key:
            return False
        mine = [getattr(s, "identity", None) for s in self.steps]
        if None in mine or mine != [getattr(s, "identity", None) for s in other.steps]:
            return False
        self.steps = [a.then(b) for a, b in zip(self.steps, other.steps, strict=True)]  # type: ignore[attr-defined]
        if all(s.old == s.new for s in self.steps):  # type: ignore[attr-defined]
            self.setObsolete(True)  # e.g. dragged back to where it started
        return True


# ---------------------------------------------------------------------- creating


class AddServiceCommand(EditCommand):
    """Create a service and place it in a view."""

    def __init__(self, model: Model, view_id: str, values: dict[str, Any], at: Rect) -> None:
        steps: list[Step] = [
            AddEntity(Service, values),
            PlaceService(view_id, values["id"], None, at),
        ]
        super().__init__(model, f"Add {values.get('name') or 'service'}", steps)


class ConnectCommand(EditCommand):
    """Create an integration between two existing services (the model refuses a link of
    a service with itself, or one that already exists, when the command is applied)."""

    def __init__(self, model: Model, values: dict[str, Any]) -> None:
        super().__init__(model, "Connect services", [AddEntity(Integration, values)])


class AddEntityCommand(EditCommand):
    """Add a team, zone, location, waiver, zone-policy pair (or any entity) as built."""

    def __init__(self, model: Model, obj: Base, *, text: str | None = None) -> None:
        text = text or _entity_text(model, obj, added=True)
        super().__init__(model, text, [AddEntity(type(obj), snapshot(obj))])


# ---------------------------------------------------------------------- changing


class UpdateCommand(EditCommand):
    """Change fields of one entity; consecutive edits of the same fields merge (typing).

    A service renamed to a name its box cannot show whole gets a wider box in the same
    step (never a narrower one: a box the user sized keeps at least its size).
    """

    def __init__(self, model: Model, entity: type[Base], key: Hashable, values: dict[str, Any]):
        obj = find_entity(model, entity, key)
        unknown = [name for name in values if not hasattr(entity, name)]
        if unknown:
            raise ModelError(f"{entity.__name__} has no field {unknown[0]!r}")
        old = {name: _current(obj, name) for name in values}
        fields = ", ".join(name.removesuffix("_id").replace("_", " ") for name in values)
        steps: list[Step] = [UpdateFields(entity, key, old, dict(values))]
        if entity is Service and isinstance(values.get("name"), str):
            steps += _widen_steps(model, str(key), values["name"])
        super().__init__(
            model,
            f"Edit {fields}",
            steps,
            merge_key=("update", entity, key, frozenset(values)),
        )

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Merge typing even when only some keystrokes widened the box.

        Steps are matched by what they touch: the first old value and the last new one of
        each, and a step only one of the two edits made is kept as it is.
        """
        if not isinstance(other, UpdateCommand) or other.merge_key != self.merge_key:
            return False
        merged: dict[Hashable, Any] = {s.identity: s for s in self.steps}  # type: ignore[attr-defined]
        for step in other.steps:
            mine = merged.get(step.identity)  # type: ignore[attr-defined]
            merged[step.identity] = step if mine is None else mine.then(step)  # type: ignore[attr-defined]
        self.steps = list(merged.values())
        if all(s.old == s.new for s in self.steps):  # type: ignore[attr-defined]
            self.setObsolete(True)
        return True


class MoveCommand(EditCommand):
    """Move service boxes (keeping their sizes), optionally changing their zones too.

    A drag is pushed once on release; consecutive moves of the same services still merge
    (keyboard nudges). A move that also drops services into another zone is its own step.
    """

    def __init__(
        self,
        model: Model,
        view_id: str,
        positions: Mapping[str, tuple[float, float]],
        zones: Mapping[str, str | None] | None = None,
    ) -> None:
        steps: list[Step] = []
        for service_id, (x, y) in positions.items():
            if service_id not in model.services:
                raise ModelError(f"unknown service {service_id!r}")
            old = position_of(model, view_id, service_id)
            width, height = (old[2], old[3]) if old is not None else (None, None)
            steps.append(PlaceService(view_id, service_id, old, (x, y, width, height)))
        for service_id, zone_id in (zones or {}).items():
            service = find_entity(model, Service, service_id)
            if service.zone_id != zone_id:
                steps.append(
                    UpdateFields(Service, service_id, {"zone_id": service.zone_id},
                                 {"zone_id": zone_id})
                )
        new_zones = [s.new["zone_id"] for s in steps if isinstance(s, UpdateFields)]
        zone_changes = bool(new_zones)
        if not zone_changes:
            text = f"Move {_count(len(positions), 'service')}"
        elif any(z is not None for z in new_zones):
            text = "Move to zone"
        else:
            text = "Move out of zone"
        key = None if zone_changes else ("move", view_id, frozenset(positions))
        super().__init__(model, text, steps, merge_key=key)


class ZoneAreaCommand(EditCommand):
    """Place, move or resize a zone's area; moving it takes its member services along."""

    def __init__(
        self, model: Model, view_id: str, zone_id: str, rect: Area, *, move_members: bool = True
    ) -> None:
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
        resized = old is not None and (rect[2], rect[3]) != (old[2], old[3])
        name = find_entity(model, Zone, zone_id).name or zone_id  # type: ignore[attr-defined]
        super().__init__(
            model,
            f"{'Resize' if resized else 'Move'} zone {name}",
            steps,
            merge_key=("zone-area", view_id, zone_id, move_members),
        )


class ApplyGeometryCommand(EditCommand):
    """Place every service and zone area of a view at once (auto-layout) as one step."""

    def __init__(self, model: Model, view_id: str, geometry: Any, *, text: str = "Auto-layout"):
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
        super().__init__(model, text, steps)


# ---------------------------------------------------------------------- removing


class DeleteCommand(EditCommand):
    """Delete services and integrations; a service takes its integrations and positions.

    Waivers on anything deleted go too: a waiver naming an id the model no longer has
    would make the document one that its own import refuses. Undo re-adds the services
    (with their locations in order), their integrations, positions in every view and the
    waivers, so the model is as it was field for field.
    """

    def __init__(self, model: Model, ids: Iterable[str]) -> None:
        ids = list(dict.fromkeys(ids))
        services = [i for i in ids if i in model.services]
        integrations = [i for i in ids if i in model.integrations]
        unknown = [i for i in ids if i not in model.services and i not in model.integrations]
        if unknown:
            raise ModelError(f"nothing with id {unknown[0]!r} to delete")
        steps = delete_steps(model, services, integrations)
        super().__init__(model, f"Delete {_count(len(ids), 'item')}", steps)


class RemoveEntityCommand(EditCommand):
    """Remove a team, zone, location, waiver or policy pair, re-pointing what used it.

    Services that referred to the removed item are re-pointed to ``reassign_to`` (or
    cleared) in the same step, so nothing is left dangling and undo restores every one.
    """

    def __init__(self, model: Model, obj: Base, *, reassign_to: str | None = None) -> None:
        entity = type(obj)
        key = entity_key(obj)
        if entity in (Service, Integration):
            steps = delete_steps(
                model, [key] if entity is Service else [], [key] if entity is Integration else []
            )
        else:
            if reassign_to is not None:
                if reassign_to == key:
                    raise ModelError("cannot move the items to the one being deleted")
                find_entity(model, entity, reassign_to)
            steps = [
                *_repoint_steps(model, obj, reassign_to),
                *_orphaned_waiver_steps(model, {entity: {key}}),  # type: ignore[dict-item]
                RemoveEntity(entity, snapshot(obj)),
            ]
        super().__init__(model, _entity_text(model, obj, added=False), steps)


def delete_steps(model: Model, service_ids: list[str], integration_ids: list[str]) -> list[Step]:
    """Steps removing services (with integrations, positions, waivers) and integrations."""
    steps: list[Step] = []
    doomed = dict.fromkeys(integration_ids)
    for service_id in service_ids:
        doomed.update(dict.fromkeys(i.id for i in model.integrations_of(service_id)))
    steps += _orphaned_waiver_steps(model, {Service: set(service_ids), Integration: set(doomed)})
    for service_id in service_ids:
        for view in model.views.values():
            old = position_of(model, view.id, service_id)
            if old is not None:
                steps.append(PlaceService(view.id, service_id, old, None))
    steps += [RemoveEntity(Integration, snapshot(model.integrations[i])) for i in doomed]
    steps += [RemoveEntity(Service, snapshot(model.services[s])) for s in service_ids]
    return steps


def _orphaned_waiver_steps(model: Model, gone: Mapping[type[Base], set[str]]) -> list[Step]:
    """Steps removing the waivers whose subject no longer names anything once ``gone`` goes.

    A subject is any id of the model; one still held by another kind of item (a zone and a
    service may share an id) keeps its waivers.
    """
    tables = {e: model.entities(e) for e in (Service, Integration, Zone, Team, Location)}

    def orphaned(subject: str) -> bool:
        return not any(
            subject in table and subject not in gone.get(entity, ())
            for entity, table in tables.items()
        )

    return [
        RemoveEntity(Waiver, snapshot(waiver))
        for waiver in model.waivers.values()
        if any(waiver.subject in ids for ids in gone.values()) and orphaned(waiver.subject)
    ]


def _widen_steps(model: Model, service_id: str, name: str) -> list[Step]:
    """Steps widening the service's box in every view where ``name`` would be cut.

    The zone holding the box widens with it when the wider box would cross its border.
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


def _repoint_steps(model: Model, obj: Base, target: str | None) -> list[Step]:
    steps: list[Step] = []
    if isinstance(obj, Zone):
        for service in model.services.values():
            if service.zone_id == obj.id:
                steps.append(_field_step(service, "zone_id", target))
        steps += [
            RemoveEntity(type(policy), snapshot(policy))
            for pair, policy in model.zone_policy.items()
            if obj.id in pair
        ]
        for view in model.views.values():
            if (area := area_of(model, view.id, obj.id)) is not None:
                steps.append(PlaceZone(view.id, obj.id, area, None))
    elif isinstance(obj, Team):
        for service in model.services.values():
            fields = {f: target for f in TEAM_REFERENCES if getattr(service, f) == obj.id}
            if fields:
                old = {f: obj.id for f in fields}
                steps.append(UpdateFields(Service, service.id, old, fields))
    elif isinstance(obj, Location):
        for service in model.services.values():
            old_ids = service.location_ids
            if obj.id in old_ids:
                swapped = [target if i == obj.id else i for i in old_ids]
                new_ids = [i for i in dict.fromkeys(swapped) if i is not None]
                steps.append(
                    UpdateFields(Service, service.id, {"location_ids": old_ids},
                                 {"location_ids": new_ids})
                )
    return steps


def _field_step(service: Service, name: str, value: Any) -> Step:
    return UpdateFields(Service, service.id, {name: getattr(service, name)}, {name: value})


def _current(obj: Base, name: str) -> Any:
    value = getattr(obj, name, None)
    return list(value) if isinstance(value, list) else value


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


_ENTITY_WORDS = {ZonePolicy: "zone policy"}


def _entity_text(model: Model, obj: Base, *, added: bool) -> str:
    """What the Edit menu calls adding or removing ``obj``: "Undo Allow DMZ → Internal"."""
    if isinstance(obj, ZonePolicy):
        pair = " → ".join(
            (zone.name or zone.id) if (zone := model.zones.get(zid)) is not None else zid
            for zid in (obj.from_zone_id, obj.to_zone_id)
        )
        return f"{'Allow' if added else 'Deny'} {pair}"
    if isinstance(obj, Waiver):
        return f"{'Waive' if added else 'Remove waiver of'} {obj.rule} on {obj.subject}"
    word = _ENTITY_WORDS.get(type(obj), type(obj).__name__.lower())
    label = getattr(obj, "name", "") or str(entity_key(obj))
    return f"{'Add' if added else 'Delete'} {word} {label}"
