"""Plain snapshots of the entities the rules read, taken once per analysis.

Reading an ORM attribute goes through SQLAlchemy's instrumentation; the rules read about two
million of them on a 10,000-service model, which alone took longer than the whole analysis
may. A snapshot reads every field once (straight from the loaded state where it can) into a
slotted object, and puts column defaults in place of fields that are still ``None`` because
the entity was added since the last flush. The analysis never flushes or otherwise touches
the document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import inspect as sa_inspect

from models.domain.decisions import ActionStatus, Decision
from models.domain.entities import Base, Integration, Service, Team, Waiver
from models.domain.enums import (
    Criticality,
    DataClassification,
    Environment,
    Initiator,
    IntegrationKind,
    IntegrationMode,
    ServiceKind,
    SupportHours,
)
from models.domain.fields import column_defaults

_MISSING = object()
F = TypeVar("F")


@dataclass(slots=True)
class ServiceFacts:
    """What the rules know about a service."""

    id: str
    name: str
    kind: ServiceKind
    zone_id: str | None
    environments: tuple[Environment, ...]
    instances: int
    stateful: bool
    internet_facing: bool
    criticality: Criticality
    owner_id: str | None
    support_line_1_id: str | None
    support_line_2_id: str | None
    support_line_3_id: str | None
    support_line_4_id: str | None
    runbook: str
    vendor_name: str
    vendor_contract: str
    vendor_sla: str
    exit_plan: str
    end_of_support: dt.date | None
    end_of_life: dt.date | None
    cost_yearly: float | None
    cost_currency: str
    license_capacity: int | None
    license_usage: int | None
    last_restore_test: dt.date | None
    answered_none: tuple[str, ...]
    external: bool
    data_classification: DataClassification | None
    technology: str
    required_hours: SupportHours | None
    vendor_contract_end: dt.date | None
    vendor_support_hours: SupportHours | None
    end_of_sale: dt.date | None
    extended_support_until: dt.date | None
    rto_hours: float | None
    rpo_hours: float | None
    last_dr_test: dt.date | None
    patch_cycle_days: int | None
    location_ids: tuple[str, ...] = ()
    is_production: bool = False
    has_vendor: bool = False

    @classmethod
    def of(cls, service: Service) -> ServiceFacts:
        facts = _snapshot(cls, service, _SERVICE_FIELDS)
        facts.complete(tuple(service.location_ids))
        return facts

    def complete(self, location_ids: tuple[str, ...]) -> None:
        """Add what is not a column of the service: its locations and derived flags."""
        self.location_ids = location_ids
        self.is_production = Environment.PRODUCTION in self.environments
        self.has_vendor = bool(self.vendor_name.strip())

    @property
    def support_lines(self) -> dict[int, str]:
        """``{line: team_id}`` for the assigned support lines 1–4."""
        lines = (
            self.support_line_1_id,
            self.support_line_2_id,
            self.support_line_3_id,
            self.support_line_4_id,
        )
        return {n: team for n, team in enumerate(lines, start=1) if team is not None}


@dataclass(slots=True)
class IntegrationFacts:
    """What the rules know about an integration ("SOURCE relies on TARGET for KIND")."""

    id: str
    source_id: str
    target_id: str
    kind: IntegrationKind
    encrypted: bool
    mfa: bool
    initiator_override: Initiator | None
    mode: IntegrationMode
    protocol: str
    initiator: Initiator = Initiator.SOURCE

    @classmethod
    def of(cls, integration: Integration) -> IntegrationFacts:
        facts = _snapshot(cls, integration, _INTEGRATION_FIELDS)
        facts.complete()
        return facts

    def complete(self) -> None:
        """Work out who opens the connection: the override, else the kind's default."""
        self.initiator = self.initiator_override or self.kind.default_initiator

    @property
    def is_batch(self) -> bool:
        """A batch flow (a nightly file drop): not runtime reliance."""
        return self.mode is IntegrationMode.BATCH


@dataclass(slots=True)
class TeamFacts:
    id: str
    name: str
    fte: float
    skills: tuple[str, ...]
    support_hours: SupportHours | None

    @classmethod
    def of(cls, team: Team) -> TeamFacts:
        return _snapshot(cls, team, _TEAM_FIELDS)

    def knows(self, technology: str) -> bool:
        """Whether the team lists ``technology`` among its skills (ignoring case)."""
        wanted = technology.strip().casefold()
        return any(skill.casefold() == wanted for skill in self.skills)


@dataclass(slots=True)
class WaiverFacts:
    rule: str
    subject: str
    accepted_by: str
    expires: dt.date | None

    @classmethod
    def of(cls, waiver: Waiver) -> WaiverFacts:
        return _snapshot(cls, waiver, _WAIVER_FIELDS)


@dataclass(slots=True)
class DecisionFacts:
    id: str
    subject: str
    rule: str
    action: str
    action_owner_id: str | None
    action_due: dt.date | None
    action_status: ActionStatus

    @classmethod
    def of(cls, decision: Decision) -> DecisionFacts:
        return _snapshot(cls, decision, _DECISION_FIELDS)

    def overdue(self, as_of: dt.date) -> bool:
        """An open action whose due day has passed (see :meth:`Decision.overdue`)."""
        return (bool(self.action.strip()) and self.action_status == ActionStatus.OPEN
                and self.action_due is not None and self.action_due < as_of)


def facts_from_row(facts: type[F], entity: type[Base], row: Mapping[str, Any]) -> F:
    """The snapshot of an entity given as plain column values (attribute → value), as
    readers produce them; a column left out, or ``None``, takes its default as in
    :meth:`ServiceFacts.of` and the others. Fields that are not columns are left at their
    defaults (``complete`` fills them in)."""
    spec = _SPECS[facts, entity]
    try:
        values = spec.read(row)
    except KeyError:
        values = tuple(row.get(name) for name in spec.names)
    return _with_defaults(facts, spec, values)


def facts_from_tuples(
    facts: type[F], entity: type[Base], keys: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> list[F]:
    """:func:`facts_from_row` for rows given as tuples of the values named by ``keys``."""
    spec = _SPECS[facts, entity]
    if not keys:
        return []
    position = {key: n for n, key in enumerate(keys)}
    read = itemgetter(*(position[name] for name in spec.names))
    return [_with_defaults(facts, spec, read(values)) for values in rows]


def _snapshot(facts: type[F], obj: Base, spec: _Spec) -> F:
    try:
        values = spec.read(obj.__dict__)  # one C-level lookup of every loaded field
    except KeyError:  # a field not loaded yet: go through the ORM for each
        values = tuple(getattr(obj, name) for name in spec.names)
    return _with_defaults(facts, spec, values)


def _with_defaults(facts: type[F], spec: _Spec, values: tuple[Any, ...]) -> F:
    if spec.defaulted and None in spec.read_defaulted(values):
        values = tuple(
            default if value is None else value
            for value, default in zip(values, spec.defaults, strict=True)
        )
    return facts(*values)


class _Spec:
    """The snapshot fields of one entity: names, a fast reader and column defaults."""

    def __init__(self, facts: type, entity: type[Base]) -> None:
        defaults = column_defaults(entity)
        columns = {a.key for a in sa_inspect(entity).column_attrs}
        self.names = tuple(f.name for f in fields(facts) if f.name in columns)
        self.defaults = tuple(defaults.get(name) for name in self.names)
        self.read = itemgetter(*self.names)
        defaulted = [i for i, default in enumerate(self.defaults) if default is not None]
        self.defaulted = bool(defaulted)
        # Two extra reads of "id" (never None) keep the result a tuple for a single field.
        self.read_defaulted = itemgetter(*defaulted, 0, 0) if defaulted else tuple


_SERVICE_FIELDS = _Spec(ServiceFacts, Service)
_INTEGRATION_FIELDS = _Spec(IntegrationFacts, Integration)
_TEAM_FIELDS = _Spec(TeamFacts, Team)
_WAIVER_FIELDS = _Spec(WaiverFacts, Waiver)
_DECISION_FIELDS = _Spec(DecisionFacts, Decision)
_SPECS: dict[tuple[type, type[Base]], _Spec] = {
    (ServiceFacts, Service): _SERVICE_FIELDS,
    (IntegrationFacts, Integration): _INTEGRATION_FIELDS,
    (TeamFacts, Team): _TEAM_FIELDS,
    (WaiverFacts, Waiver): _WAIVER_FIELDS,
    (DecisionFacts, Decision): _DECISION_FIELDS,
}
