"""Everything the rules ask about a model, gathered once per analysis.

Rules run over 10,000 services in well under a second only if none of them searches the
model: the per-service integration kinds, the zone trust levels, the reliance graph and its
transitive reach are computed here once and shared. The context also carries the analysis
date (``as_of``) and the document's thresholds, so no rule reads the clock or the settings
table itself.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Set
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from models.analysis.derived import Reach
from models.analysis.facts import (
    DecisionFacts,
    IntegrationFacts,
    ServiceFacts,
    TeamFacts,
    WaiverFacts,
)
from models.analysis.graph import build_graph, connection
from models.domain.enums import Criticality, IntegrationKind, Severity
from models.domain.model import Model

NO_KINDS: frozenset[IntegrationKind] = frozenset()


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The document settings the rules use (defaults follow the essay)."""

    min_team_fte: float = 3.0
    lifecycle_horizon_months: int = 12
    restore_test_max_age_months: int = 12
    team_concentration_share: float = 0.5
    team_concentration_min_services: int = 4

    @classmethod
    def of(cls, model: Model) -> Thresholds:
        s = model.settings
        defaults = cls()
        chosen = {
            name: getattr(defaults, name) if getattr(s, name) is None else getattr(s, name)
            for name in cls.__dataclass_fields__
        }
        return cls(
            min_team_fte=float(chosen["min_team_fte"]),
            lifecycle_horizon_months=int(chosen["lifecycle_horizon_months"]),
            restore_test_max_age_months=int(chosen["restore_test_max_age_months"]),
            team_concentration_share=float(chosen["team_concentration_share"]),
            team_concentration_min_services=int(chosen["team_concentration_min_services"]),
        )


class Context:
    """A read-only snapshot of one model for one analysis date.

    Building it reads the model (do that on the thread that owns the document); everything
    after that — rules, graph, derived tables — reads only the snapshot, so it may run in a
    worker thread while the user keeps editing.
    """

    def __init__(self, model: Model, as_of: dt.date) -> None:
        if not isinstance(as_of, dt.date):
            raise TypeError(f"as_of must be a date, not {as_of!r}")
        self.as_of = as_of.date() if isinstance(as_of, dt.datetime) else as_of
        self.thresholds = Thresholds.of(model)
        self.services: list[ServiceFacts] = [
            ServiceFacts.of(model.services[k]) for k in sorted(model.services)
        ]
        self.service: dict[str, ServiceFacts] = {s.id: s for s in self.services}
        self.integrations: list[IntegrationFacts] = [
            IntegrationFacts.of(model.integrations[k]) for k in sorted(model.integrations)
        ]
        self.teams: dict[str, TeamFacts] = {k: TeamFacts.of(t) for k, t in model.teams.items()}
        self.trust: dict[str, int] = {
            z.id: 2 if z.trust is None else z.trust for z in model.zones.values()
        }
        self.zone_name: dict[str, str] = {
            z.id: z.name or z.id for z in model.zones.values()
        }
        self.policy: frozenset[tuple[str, str]] = frozenset(model.zone_policy)
        self.region: dict[str, str] = {loc.id: loc.region for loc in model.locations.values()}
        self.locations: dict[str, tuple[str, ...]] = {s.id: s.location_ids for s in self.services}
        self.waivers: dict[tuple[str, str], WaiverFacts] = {
            key: WaiverFacts.of(w) for key, w in sorted(model.waivers.items())
        }
        self.decisions: list[DecisionFacts] = [
            DecisionFacts.of(model.decisions[k]) for k in sorted(model.decisions)
        ]

        outgoing: dict[str, dict[IntegrationKind, list[IntegrationFacts]]] = defaultdict(dict)
        incoming: dict[str, dict[IntegrationKind, list[IntegrationFacts]]] = defaultdict(dict)
        for integration in self.integrations:
            kind = integration.kind
            outgoing[integration.source_id].setdefault(kind, []).append(integration)
            incoming[integration.target_id].setdefault(kind, []).append(integration)
        self._outgoing = outgoing
        self._incoming = incoming

    # ------------------------------------------------------------------ integrations

    def out_kinds(self, sid: str) -> Set[IntegrationKind]:
        """The kinds of the integrations ``sid`` is the source of."""
        found = self._outgoing.get(sid)
        return found.keys() if found else NO_KINDS

    def outgoing(self, sid: str, kind: IntegrationKind) -> list[IntegrationFacts]:
        """Integrations of that kind where ``sid`` relies on something, sorted by id."""
        return self._outgoing.get(sid, {}).get(kind, [])

    def incoming(self, sid: str, kind: IntegrationKind) -> list[IntegrationFacts]:
        """Integrations of that kind where something relies on ``sid``, sorted by id."""
        return self._incoming.get(sid, {}).get(kind, [])

    def provides(self, sid: str, kind: IntegrationKind) -> bool:
        """Whether some *other* service relies on ``sid`` for ``kind``."""
        return any(i.source_id != sid for i in self.incoming(sid, kind))

    def relies_elsewhere(self, sid: str, kind: IntegrationKind) -> bool:
        """Whether ``sid`` relies on some *other* service for ``kind``."""
        return any(i.target_id != sid for i in self.outgoing(sid, kind))

    def zone_trust(self, sid: str) -> int | None:
        """The trust level of the service's zone, ``None`` when it has no zone."""
        zone = self.service[sid].zone_id
        return None if zone is None else self.trust.get(zone)

    @cached_property
    def _reached_from_internet(self) -> frozenset[str]:
        """Services that a service in a trust-0 zone opens connections to."""
        found: set[str] = set()
        for integration in self.integrations:
            initiator, responder = connection(integration)
            if self.zone_trust(initiator) == 0 and self.zone_trust(responder) != 0:
                found.add(responder)
        return frozenset(found)

    def internet_facing(self, sid: str) -> bool:
        """Marked internet-facing, or reached by a connection from the internet zone (trust 0).

        Modelled internet clients (a service in a trust-0 zone relying on this one) make the
        service internet-facing even when the flag was forgotten. A service that itself sits
        in a trust-0 zone (an external party, a SaaS product) is *on* the internet, not facing
        it: there is nothing of ours behind it for a gateway or DMZ to protect.
        """
        if self.zone_trust(sid) == 0:
            return False
        return self.service[sid].internet_facing or sid in self._reached_from_internet

    # ------------------------------------------------------------------ structure

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The reliance graph (see :mod:`models.analysis.graph`)."""
        return build_graph(self.service, self.integrations)

    @cached_property
    def reach(self) -> Reach:
        return Reach(self.graph)

    @cached_property
    def high_bits(self) -> int:
        """The set of high and critical services."""
        return self.reach.bits(s.id for s in self.services if s.criticality.is_high)

    @cached_property
    def needed_by_high(self) -> int:
        """Services that a high or critical service relies on, transitively."""
        return self.reach.relied_on_by(self.high_bits)

    # ------------------------------------------------------------------ wording helpers

    def label(self, sid: str) -> str:
        """``Name (id)`` of a service, or the bare id when it has no name."""
        service = self.service.get(sid)
        if service is None or not service.name or service.name == sid:
            return sid
        return f"{service.name} ({sid})"

    def team_label(self, tid: str) -> str:
        team = self.teams.get(tid)
        if team is None or not team.name or team.name == tid:
            return tid
        return f"{team.name} ({tid})"


def escalate(severity: Severity, criticality: Criticality) -> Severity:
    """One step worse for a high or critical service (never beyond critical).

    Rules whose risk grows with what is at stake call this; the escalation is stated in the
    rule's rationale.
    """
    if criticality.is_high:
        return Severity(min(int(severity) + 1, int(Severity.CRITICAL)))
    return severity


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier when negative), clamped to the month's end.

    Beyond the calendar's ends (year 1, year 9999) the result stays at that end: a
    threshold of a thousand years means "always" or "never", not a crash.
    """
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    if year < dt.MINYEAR:
        return dt.date.min
    if year > dt.MAXYEAR:
        return dt.date.max
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(f"cannot shift {day} by {months} months")
