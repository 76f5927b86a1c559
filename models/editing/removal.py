"""What a removal takes along, what it re-points, and what undo must give back.

The model only removes what nothing refers to any more (:meth:`Model.dependents`), so a
removal is a cascade, worked out here once for every caller:

- a **service** takes its integrations (an integration needs both ends), its boxes in
  every view, and the waivers and decisions that named any of them;
- an **integration** takes the waivers and decisions that named it;
- a **team, zone or location** re-points the services (a team also the actions) that
  used it — to another one of the same kind that the user chose, or to nothing — and a
  zone also takes its zone-policy pairs, its areas in every view and its place among a
  view's collapsed zones;
- a **waiver**, a **decision** or a **zone-policy pair** goes by itself.

Waivers and decisions go because one naming an id the model no longer has would make the
document one its own import refuses. Every consequence is a step holding the values it removes or
replaces, so undoing the steps restores the model field for field: services with their
locations in order, integrations, positions, policy pairs, waivers and every re-pointed
reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from models.domain import (
    TEAM_REFERENCES,
    Base,
    Decision,
    Integration,
    Location,
    Model,
    ModelError,
    Service,
    Team,
    View,
    Zone,
)
from models.editing.steps import (
    PlaceService,
    PlaceZone,
    RemoveEntity,
    Step,
    UpdateFields,
    area_of,
    find_entity,
    position_of,
    snapshot,
)


def delete_steps(model: Model, ids: Iterable[str]) -> list[Step]:
    """Steps deleting the services and integrations among ``ids`` with all they take
    along; an id that names neither is refused before anything is worked out."""
    ids = list(dict.fromkeys(ids))
    unknown = [i for i in ids if i not in model.services and i not in model.integrations]
    if unknown:
        raise ModelError(f"nothing with id {unknown[0]!r} to delete")
    services = [i for i in ids if i in model.services]
    integrations = [i for i in ids if i in model.integrations]
    return _deletion(model, services, integrations)


def removal_steps(model: Model, obj: Base, *, reassign_to: str | None = None) -> list[Step]:
    """Steps removing ``obj``: a service or an integration as :func:`delete_steps` does;
    a team, zone or location with the services that used it re-pointed to the one called
    ``reassign_to`` (or cleared when it is ``None``); a waiver or policy pair by itself."""
    entity = type(obj)
    if entity is Service:
        return _deletion(model, [obj.id], [])
    if entity is Integration:
        return _deletion(model, [], [obj.id])
    if entity not in (Team, Zone, Location):
        return [RemoveEntity(entity, snapshot(obj))]  # a waiver or a zone-policy pair
    if reassign_to is not None:
        if reassign_to == obj.id:
            raise ModelError("cannot move the items to the one being deleted")
        find_entity(model, entity, reassign_to)
    return [
        *_repoint_steps(model, obj, reassign_to),
        *_orphaned_record_steps(model, {entity: {obj.id}}),
        RemoveEntity(entity, snapshot(obj)),
    ]


def _deletion(model: Model, service_ids: list[str], integration_ids: list[str]) -> list[Step]:
    """Waivers first, then boxes, integrations and services: each step leaves the model
    valid, and undo re-adds services before the integrations and boxes that need them."""
    steps: list[Step] = []
    doomed = dict.fromkeys(integration_ids)
    for service_id in service_ids:
        doomed.update(dict.fromkeys(i.id for i in model.integrations_of(service_id)))
    steps += _orphaned_record_steps(model, {Service: set(service_ids), Integration: set(doomed)})
    for service_id in service_ids:
        for view in model.views.values():
            old = position_of(model, view.id, service_id)
            if old is not None:
                steps.append(PlaceService(view.id, service_id, old, None))
    steps += [RemoveEntity(Integration, snapshot(model.integrations[i])) for i in doomed]
    steps += [RemoveEntity(Service, snapshot(model.services[s])) for s in service_ids]
    return steps


def _orphaned_record_steps(model: Model, gone: Mapping[type[Base], set[str]]) -> list[Step]:
    """Steps removing the waivers and decisions whose subject no longer names anything
    once ``gone`` goes.

    A subject is any id of the model; one still held by another kind of item (a zone and a
    service may share an id) keeps its waivers and decisions.
    """
    tables = {e: model.entities(e) for e in (Service, Integration, Zone, Team, Location)}

    def orphaned(subject: str) -> bool:
        return not any(
            subject in table and subject not in gone.get(entity, ())
            for entity, table in tables.items()
        )

    records: list[Base] = [*model.waivers.values(), *model.decisions.values()]
    return [
        RemoveEntity(type(record), snapshot(record))
        for record in records
        if any(record.subject in ids for ids in gone.values())  # type: ignore[attr-defined]
        and orphaned(record.subject)  # type: ignore[attr-defined]
    ]


def _repoint_steps(model: Model, obj: Base, target: str | None) -> list[Step]:
    """Steps moving the services that use ``obj`` to ``target`` (``None``: to nothing)."""
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
            if obj.id in view.collapsed:
                kept = tuple(z for z in view.collapsed if z != obj.id)
                steps.append(UpdateFields(View, view.id, {"collapsed": view.collapsed},
                                          {"collapsed": kept}))
    elif isinstance(obj, Team):
        for service in model.services.values():
            fields = {f: target for f in TEAM_REFERENCES if getattr(service, f) == obj.id}
            if fields:
                old = {f: obj.id for f in fields}
                steps.append(UpdateFields(Service, service.id, old, fields))
        for decision in model.decisions.values():
            if decision.action_owner_id == obj.id:
                steps.append(UpdateFields(Decision, decision.id, {"action_owner_id": obj.id},
                                          {"action_owner_id": target}))
    elif isinstance(obj, Location):
        for service in model.services.values():
            old_ids = service.location_ids
            if obj.id in old_ids:
                # A service at both places keeps the surviving one once, where it was.
                swapped = [target if i == obj.id else i for i in old_ids]
                new_ids = [i for i in dict.fromkeys(swapped) if i is not None]
                steps.append(
                    UpdateFields(Service, service.id, {"location_ids": old_ids},
                                 {"location_ids": new_ids})
                )
    return steps


def _field_step(service: Service, name: str, value: Any) -> Step:
    return UpdateFields(Service, service.id, {name: getattr(service, name)}, {name: value})
