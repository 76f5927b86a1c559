"""The model: the one way to read and change a document's content.

:class:`Model` wraps the SQLAlchemy session of a document. It keeps every entity in
id-keyed dictionaries (loaded once, kept current by its own edits) so lookups and full
iterations never go back to SQL, enforces the cross-entity invariants (unique ids,
references that exist, no duplicate zone-policy pairs, no integration of a service with
itself or twice with the same ends and kind — see :mod:`models.domain.links`) and announces
every edit to its listeners as :class:`~models.domain.changes.Change` notices.

Edits are refused *before* anything changes: a :class:`ModelError` leaves the model as it
was. Nothing else should call ``session.add``/``delete`` or assign entity attributes
directly on a document that is being edited, or the dictionaries and the listeners will
not know.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any, TypeVar

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from models.domain.changes import Action, Change, Listener
from models.domain.decisions import Decision
from models.domain.entities import (
    TEAM_REFERENCES,
    Base,
    DocumentInfo,
    Integration,
    Location,
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
from models.domain.enums import IntegrationKind
from models.domain.errors import ModelError
from models.domain.fields import Ref, Refs, fields_of, target_entity
from models.domain.links import SELF_LINK_REFUSAL, duplicate_refusal
from models.domain.values import check_slug, name_key
from models.garbage_collection import collection_paused

T = TypeVar("T", bound=Base)

#: Entities with a slug ``id``, in the order a document is loaded and exported.
KEYED_ENTITIES: tuple[type[Base], ...] = (
    Zone, Location, Team, Service, Integration, Decision, View,
)

_LABELS = {
    Zone: "zone",
    Location: "location",
    Team: "team",
    Service: "service",
    Integration: "integration",
    Decision: "decision",
    View: "view",
}

_LINK_FIELDS = ("source_id", "target_id", "kind")
"""What an integration states; changing any of them is checked like a new integration."""

_UNIQUE_NAMES = (Zone, Team, Location)
"""Entities whose names must differ: they are chosen by name in lists and reports."""


class Model:
    """Everything in one document, with invariant-checked edits and change notices."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._listeners: list[Listener] = []
        self._pending: list[Change] | None = None
        self._revision = 0
        self._by_type: dict[type[Base], dict[str, Any]] = {t: {} for t in KEYED_ENTITIES}
        self._integrations_of: dict[str, set[str]] = defaultdict(set)
        self._zone_policy: dict[tuple[str, str], ZonePolicy] = {}
        self._waivers: dict[tuple[str, str], Waiver] = {}
        self._load()

    # ------------------------------------------------------------------ loading

    def _load(self) -> None:
        # Loading creates tens of thousands of ORM objects at once; the cyclic garbage
        # collector would otherwise rescan them over and over (half the load time at 10k).
        with collection_paused():
            self._load_all()

    def _load_all(self) -> None:
        s = self.session
        for entity in KEYED_ENTITIES:
            self._by_type[entity] = {obj.id: obj for obj in s.scalars(select(entity))}
        # Collections are filled from flat queries instead of per-object lazy loads.
        links = s.scalars(select(ServiceLocation).order_by(ServiceLocation.position))
        _fill_collection(self.services, "location_links", links, key="service_id")
        _fill_keyed(self.views, "positions", s.scalars(select(ViewPosition)))
        _fill_keyed(self.views, "zone_areas", s.scalars(select(ViewZoneArea)))
        for integration in self.integrations.values():
            self._integrations_of[integration.source_id].add(integration.id)
            self._integrations_of[integration.target_id].add(integration.id)
        self._zone_policy = {
            (p.from_zone_id, p.to_zone_id): p for p in s.scalars(select(ZonePolicy))
        }
        self._waivers = {(w.rule, w.subject): w for w in s.scalars(select(Waiver))}
        self.info = s.get(DocumentInfo, 1) or _add(s, DocumentInfo(id=1, name="Untitled model"))
        self.settings = s.get(Settings, 1) or _add(s, Settings(id=1))

    # ------------------------------------------------------------------ reading

    @property
    def services(self) -> Mapping[str, Service]:
        return MappingProxyType(self._by_type[Service])

    @property
    def integrations(self) -> Mapping[str, Integration]:
        return MappingProxyType(self._by_type[Integration])

    @property
    def zones(self) -> Mapping[str, Zone]:
        return MappingProxyType(self._by_type[Zone])

    @property
    def teams(self) -> Mapping[str, Team]:
        return MappingProxyType(self._by_type[Team])

    @property
    def locations(self) -> Mapping[str, Location]:
        return MappingProxyType(self._by_type[Location])

    @property
    def decisions(self) -> Mapping[str, Decision]:
        """What reviews decided about findings and services, with their actions, by id."""
        return MappingProxyType(self._by_type[Decision])

    @property
    def views(self) -> Mapping[str, View]:
        return MappingProxyType(self._by_type[View])

    @property
    def zone_policy(self) -> Mapping[tuple[str, str], ZonePolicy]:
        """Allowed ``(from_zone_id, to_zone_id)`` pairs."""
        return MappingProxyType(self._zone_policy)

    @property
    def waivers(self) -> Mapping[tuple[str, str], Waiver]:
        """Waivers by ``(rule, subject)``."""
        return MappingProxyType(self._waivers)

    @property
    def revision(self) -> int:
        """Increases with every edit; lets derived results (findings) know they are stale."""
        return self._revision

    @property
    def name(self) -> str:
        return self.info.name

    def get(self, entity: type[T], id: str) -> T | None:
        """The entity of that type and id, or ``None``."""
        return self._by_type[entity].get(id)

    def entities(self, entity: type[T]) -> Mapping[str, T]:
        """Every entity of that keyed type by id, read-only (``entities(Team)`` is
        :attr:`teams`): for code that treats teams, zones and locations alike."""
        return MappingProxyType(self._by_type[entity])

    def integrations_of(self, service_id: str) -> list[Integration]:
        """Every integration with ``service_id`` at either end, sorted by id."""
        table = self._by_type[Integration]
        return [table[i] for i in sorted(self._integrations_of.get(service_id, ()))]

    def check_connect(
        self,
        source_id: str | None,
        target_id: str | None,
        kind: IntegrationKind | str,
        *,
        besides: str | None = None,
    ) -> str | None:
        """Why the model would refuse an integration ``source_id`` → ``target_id`` for
        ``kind``, or ``None`` when it would take it.

        The canvas asks before offering a kind and :meth:`add` / :meth:`update` ask before
        storing one. ``besides`` is the integration being changed, which does not count as
        its own duplicate. Unknown services and kinds are not judged here: the reference
        and value checks refuse them in their own words.
        """
        if source_id is not None and source_id == target_id:
            return SELF_LINK_REFUSAL
        try:
            kind = IntegrationKind(kind)
        except ValueError:
            return None
        services = self._by_type[Service]
        if source_id not in services or target_id not in services:
            return None
        # Walk the shorter list of the two ends: a monitoring platform may have thousands.
        at_source = self._integrations_of.get(source_id, ())
        at_target = self._integrations_of.get(target_id, ())
        table = self._by_type[Integration]
        for iid in at_source if len(at_source) <= len(at_target) else at_target:
            other = table[iid]
            if (iid != besides and other.source_id == source_id
                    and other.target_id == target_id and other.kind == kind):
                return duplicate_refusal(
                    services[source_id].name or source_id,
                    services[target_id].name or target_id,
                    kind,
                )
        return None

    def default_view(self) -> View:
        """The first view (a model always has at least one; created on demand)."""
        if not self.views:
            self.add(View(id="main", name="Overview", order=0))
        return min(self.views.values(), key=lambda v: (v.order, v.id))

    def taken_ids(self, entity: type[Base]) -> frozenset[str]:
        return frozenset(self._by_type[entity])

    def dependents(self, obj: Base) -> list[Base]:
        """What refers to ``obj`` and must go (or be re-pointed) before it can be removed."""
        if isinstance(obj, Service):
            return list(self.integrations_of(obj.id))
        if isinstance(obj, Zone):
            found: list[Base] = [s for s in self.services.values() if s.zone_id == obj.id]
            found += [p for k, p in self._zone_policy.items() if obj.id in k]
            return found
        if isinstance(obj, Team):
            return [
                s
                for s in self.services.values()
                if any(getattr(s, f) == obj.id for f in TEAM_REFERENCES)
            ] + [d for d in self.decisions.values() if d.action_owner_id == obj.id]
        if isinstance(obj, Location):
            return [s for s in self.services.values() if obj.id in s.location_ids]
        return []

    # ------------------------------------------------------------------ notices

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group several edits into one notice (e.g. a paste or a cascade delete)."""
        if self._pending is not None:
            yield
            return
        self._pending = []
        try:
            yield
        finally:
            pending, self._pending = self._pending, None
            if pending:
                self._announce(pending)

    def _emit(self, change: Change) -> None:
        self._revision += 1
        if self._pending is not None:
            self._pending.append(change)
        else:
            self._announce([change])

    def _announce(self, changes: Sequence[Change]) -> None:
        for listener in list(self._listeners):
            listener(changes)

    # ------------------------------------------------------------------ editing

    def add(self, obj: Base, *, origin: object | None = None) -> None:
        """Add a new entity after checking its id is free and its references exist."""
        if isinstance(obj, ZonePolicy):
            self._add_zone_policy(obj, origin)
            return
        if isinstance(obj, Waiver):
            key = (obj.rule, obj.subject)
            if key in self._waivers:
                raise ModelError(f"a waiver for {obj.rule} on {obj.subject!r} already exists")
            self.session.add(obj)
            self._waivers[key] = obj
            self._emit(Change(Waiver, key, Action.ADDED, origin=origin))
            return
        entity = type(obj)
        if entity not in self._by_type:
            raise TypeError(f"cannot add {entity.__name__} directly")
        if getattr(obj, "id", None) is None:
            raise ModelError(f"a {_LABELS[entity]} needs an id")
        if obj.id in self._by_type[entity]:
            raise ModelError(f"{_LABELS[entity]} id {obj.id!r} is already used")
        self._check_name_free(entity, getattr(obj, "name", ""), None)
        self._check_references(obj, _reference_fields(obj))
        if isinstance(obj, Integration):
            self._check_link(obj.source_id, obj.target_id, obj.kind, None)
        if isinstance(obj, Decision):
            self._check_subject(obj.subject)
        self.session.add(obj)
        self._by_type[entity][obj.id] = obj
        if isinstance(obj, Integration):
            self._integrations_of[obj.source_id].add(obj.id)
            self._integrations_of[obj.target_id].add(obj.id)
        self._emit(Change(entity, obj.id, Action.ADDED, origin=origin))

    def remove(self, obj: Base, *, origin: object | None = None) -> None:
        """Remove an entity nothing refers to any more (see :meth:`dependents`).

        A service's view positions and a zone's view areas are layout, not model, and go
        with it; callers that want to undo the removal read them first.
        """
        if isinstance(obj, ZonePolicy):
            del self._zone_policy[(obj.from_zone_id, obj.to_zone_id)]
            self._forget(obj)
            self._emit(
                Change(
                    ZonePolicy, (obj.from_zone_id, obj.to_zone_id), Action.REMOVED, origin=origin
                )
            )
            return
        if isinstance(obj, Waiver):
            del self._waivers[(obj.rule, obj.subject)]
            self._forget(obj)
            self._emit(Change(Waiver, (obj.rule, obj.subject), Action.REMOVED, origin=origin))
            return
        entity = type(obj)
        if self._by_type[entity].get(obj.id) is not obj:
            raise ModelError(f"{_LABELS[entity]} {obj.id!r} is not in this model")
        if blockers := self.dependents(obj):
            names = ", ".join(sorted(getattr(b, "id", None) or str(b) for b in blockers)[:5])
            raise ModelError(
                f"{_LABELS[entity]} {obj.id!r} is still used by {len(blockers)} item(s): {names}"
            )
        with self.batch():
            if isinstance(obj, Service):
                for view in self.views.values():
                    if obj.id in view.positions:
                        self.remove_position(view.id, obj.id, origin=origin)
            if isinstance(obj, Zone):
                for view in self.views.values():
                    if obj.id in view.zone_areas:
                        self.remove_zone_area(view.id, obj.id, origin=origin)
            if isinstance(obj, Integration):
                self._integrations_of[obj.source_id].discard(obj.id)
                self._integrations_of[obj.target_id].discard(obj.id)
            del self._by_type[entity][obj.id]
            self._forget(obj)
            self._emit(Change(entity, obj.id, Action.REMOVED, origin=origin))

    def update(self, obj: Base, *, origin: object | None = None, **values: Any) -> None:
        """Assign fields of ``obj`` all-or-nothing; ids cannot be changed.

        ``location_ids`` is accepted for services. Values are checked by the entity's
        validators and references against the model before any field is written.
        """
        if "id" in values and values["id"] != getattr(obj, "id", None):
            raise ModelError("ids are stable and cannot be changed; create a new item instead")
        values.pop("id", None)
        unknown = [k for k in values if not hasattr(type(obj), k)]
        if unknown:
            raise ModelError(f"{type(obj).__name__} has no field {unknown[0]!r}")
        # Validate on a scratch instance first so a refused value changes nothing.
        scratch = type(obj)()
        for key, value in values.items():
            setattr(scratch, key, value)
        self._check_references(scratch, [k for k in values if k in _reference_fields(obj)])
        if "name" in values:
            self._check_name_free(type(obj), scratch.name, getattr(obj, "id", None))
        if isinstance(obj, Decision) and "subject" in values:
            self._check_subject(scratch.subject)
        changed = {k for k, v in values.items() if _current(obj, k) != getattr(scratch, k)}
        if not changed:
            return
        if isinstance(obj, Integration) and not changed.isdisjoint(_LINK_FIELDS):
            ends = [getattr(scratch if f in changed else obj, f) for f in _LINK_FIELDS]
            self._check_link(*ends, obj.id)
        if isinstance(obj, Integration) and changed & {"source_id", "target_id"}:
            self._integrations_of[obj.source_id].discard(obj.id)
            self._integrations_of[obj.target_id].discard(obj.id)
        for key in changed:
            setattr(obj, key, getattr(scratch, key) if key != "location_ids" else values[key])
        if isinstance(obj, Integration):
            self._integrations_of[obj.source_id].add(obj.id)
            self._integrations_of[obj.target_id].add(obj.id)
        key = getattr(obj, "id", 1)
        if isinstance(obj, Waiver):
            key = (obj.rule, obj.subject)
        self._emit(Change(type(obj), key, Action.CHANGED, frozenset(changed), origin))

    # ------------------------------------------------------------------ view geometry

    def set_position(
        self,
        view_id: str,
        service_id: str,
        x: float,
        y: float,
        width: float | None = None,
        height: float | None = None,
        *,
        origin: object | None = None,
    ) -> None:
        """Place a service in a view (creating or moving its box)."""
        view = self._require(View, view_id)
        self._require(Service, service_id)
        pos = view.positions.get(service_id)
        action = Action.CHANGED
        if pos is None:
            pos = ViewPosition(view_id=view_id, service_id=service_id)
            view.positions[service_id] = pos
            action = Action.ADDED
        pos.x, pos.y, pos.width, pos.height = x, y, width, height
        self._emit(
            Change(
                ViewPosition,
                (view_id, service_id),
                action,
                frozenset({"x", "y", "width", "height"}),
                origin,
            )
        )

    def remove_position(
        self, view_id: str, service_id: str, *, origin: object | None = None
    ) -> None:
        view = self._require(View, view_id)
        if view.positions.pop(service_id, None) is not None:
            self._emit(Change(ViewPosition, (view_id, service_id), Action.REMOVED, origin=origin))

    def set_zone_area(
        self,
        view_id: str,
        zone_id: str,
        x: float,
        y: float,
        width: float,
        height: float,
        *,
        origin: object | None = None,
    ) -> None:
        """Place or resize the rectangle a zone is drawn as in a view."""
        view = self._require(View, view_id)
        self._require(Zone, zone_id)
        area = view.zone_areas.get(zone_id)
        action = Action.CHANGED
        if area is None:
            area = ViewZoneArea(view_id=view_id, zone_id=zone_id)
            view.zone_areas[zone_id] = area
            action = Action.ADDED
        area.x, area.y, area.width, area.height = x, y, width, height
        self._emit(
            Change(
                ViewZoneArea,
                (view_id, zone_id),
                action,
                frozenset({"x", "y", "width", "height"}),
                origin,
            )
        )

    def remove_zone_area(self, view_id: str, zone_id: str, *, origin: object | None = None) -> None:
        view = self._require(View, view_id)
        if view.zone_areas.pop(zone_id, None) is not None:
            self._emit(Change(ViewZoneArea, (view_id, zone_id), Action.REMOVED, origin=origin))

    # ------------------------------------------------------------------ internals

    def _forget(self, obj: Base) -> None:
        """Delete ``obj``'s row, or drop it from the session if it was never written."""
        if sa_inspect(obj).pending:
            self.session.expunge(obj)
        else:
            self.session.delete(obj)

    def _require(self, entity: type[T], id: str) -> T:
        obj = self._by_type[entity].get(id)
        if obj is None:
            raise ModelError(f"unknown {_LABELS[entity]} {id!r}")
        return obj

    def _add_zone_policy(self, policy: ZonePolicy, origin: object | None) -> None:
        key = (check_slug(policy.from_zone_id, "from"), check_slug(policy.to_zone_id, "to"))
        for zone_id in key:
            self._require(Zone, zone_id)
        if key in self._zone_policy:
            raise ModelError(f"zone policy already allows {key[0]!r} → {key[1]!r}")
        self.session.add(policy)
        self._zone_policy[key] = policy
        self._emit(Change(ZonePolicy, key, Action.ADDED, origin=origin))

    def _check_name_free(self, entity: type[Base], name: str, own_id: str | None) -> None:
        """Zones, teams and locations are picked by name in every list and report: two
        with one name (ignoring case and surrounding blanks) could not be told apart."""
        wanted = name_key(name)
        if entity not in _UNIQUE_NAMES or not wanted:
            return
        for other in self._by_type[entity].values():
            if other.id != own_id and name_key(other.name) == wanted:
                raise ModelError(
                    f"another {_LABELS[entity]} is already called {other.name.strip()!r} "
                    f"({other.id}); choose another name"
                )

    def is_subject(self, subject: str) -> bool:
        """Whether ``subject`` names something a finding can be about: a service, an
        integration, a team, a zone or a location."""
        return any(subject in self._by_type[e] for e in (Service, Integration, Team, Zone,
                                                           Location))

    def _check_subject(self, subject: str | None) -> None:
        if not subject or not self.is_subject(subject):
            raise ModelError(f"decision subject: nothing in the model has the id {subject!r}")

    def _check_link(
        self, source_id: str, target_id: str, kind: IntegrationKind, besides: str | None
    ) -> None:
        refusal = self.check_connect(source_id, target_id, kind, besides=besides)
        if refusal is not None:
            raise ModelError(refusal)

    def _check_references(self, obj: Base, fields: Iterable[str]) -> None:
        for name in fields:
            target_type = _REFERENCES[name]
            ids = getattr(obj, name)
            for ref in ids if isinstance(ids, list) else [ids]:
                if ref is not None and ref not in self._by_type[target_type]:
                    label = name.removesuffix("_ids").removesuffix("_id").replace("_", " ")
                    raise ModelError(f"{label}: unknown {_LABELS[target_type]} {ref!r}")


_REFERENCES: dict[str, type[Base]] = {
    f.key: target_entity(f)
    for entity in KEYED_ENTITIES
    for f in fields_of(entity)
    if isinstance(f.value, (Ref, Refs))
}
"""Fields that name another entity, and which: checked to exist on every add and update."""


def _reference_fields(obj: Base) -> list[str]:
    return [name for name in _REFERENCES if hasattr(type(obj), name)]


def _current(obj: Base, key: str) -> Any:
    return getattr(obj, key, None)


def _add(session: Session, obj: T) -> T:
    session.add(obj)
    return obj


def _fill_collection(owners: Mapping[str, Any], attr: str, rows: Iterable[Any], key: str) -> None:
    """Populate a list relationship of many owners from one query, marking it loaded."""
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    for owner_id, owner in owners.items():
        set_committed_value(owner, attr, grouped.get(owner_id, []))


def _fill_keyed(owners: Mapping[str, Any], attr: str, rows: Iterable[Any]) -> None:
    """Populate a dict-keyed relationship of many views from one query."""
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.view_id].append(row)
    for owner_id, owner in owners.items():
        set_committed_value(owner, attr, grouped.get(owner_id, []))
