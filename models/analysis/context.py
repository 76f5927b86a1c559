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
from collections.abc import Iterable, Set
from functools import cached_property
from itertools import islice

import networkx as nx

from models.analysis.derived import Reach
from models.analysis.facts import (
    DecisionFacts,
    IntegrationFacts,
    ServiceFacts,
    TeamFacts,
    WaiverFacts,
)
from models.analysis.graph import RECOVERY_KINDS, build_graph, connection
from models.analysis.landscape import Landscape
from models.domain.enums import Criticality, IntegrationKind, ServiceKind, Severity

NO_KINDS: frozenset[IntegrationKind] = frozenset()
CANDIDATES_NAMED = 2
"""How many candidate providers a recommendation names."""

_CAPABILITY = {
    IntegrationKind.MONITORING: ("monitoring service", "monitoring services"),
    IntegrationKind.BACKUP: ("backup service", "backup services"),
    IntegrationKind.ADMIN_AUTH: ("identity provider for administrators",
                                 "identity providers for administrators"),
    IntegrationKind.USER_AUTH: ("identity provider for users", "identity providers for users"),
    IntegrationKind.GATEWAY: ("gateway", "gateways"),
    IntegrationKind.ASSET_TRACKING: ("asset register", "asset registers"),
    IntegrationKind.LOGGING: ("logging service", "logging services"),
    IntegrationKind.DEPLOYS_VIA: ("deployment pipeline", "deployment pipelines"),
    IntegrationKind.DEPENDS_ON: ("provider", "providers"),
    IntegrationKind.DATA_FLOW: ("data source", "data sources"),
}
"""What a provider of each kind is called in a recommendation."""

_PROVIDER_KINDS: dict[IntegrationKind, tuple[ServiceKind, ...]] = {
    IntegrationKind.MONITORING: (ServiceKind.MONITORING,),
    IntegrationKind.BACKUP: (ServiceKind.BACKUP,),
    IntegrationKind.ADMIN_AUTH: (ServiceKind.IDENTITY_PROVIDER,),
    IntegrationKind.USER_AUTH: (ServiceKind.IDENTITY_PROVIDER,),
    IntegrationKind.GATEWAY: (ServiceKind.GATEWAY,),
    IntegrationKind.LOGGING: (ServiceKind.LOGGING,),
    IntegrationKind.DEPLOYS_VIA: (ServiceKind.CI_CD,),
}
"""Service kinds that offer a capability before anything relies on them for it."""


class Context:
    """A read-only snapshot of one model for one analysis date.

    Building it reads the model (do that on the thread that owns the document); everything
    after that — rules, graph, derived tables — reads only the snapshot, so it may run in a
    worker thread while the user keeps editing.
    """

    def __init__(self, landscape: Landscape, as_of: dt.date) -> None:
        if not isinstance(as_of, dt.date):
            raise TypeError(f"as_of must be a date, not {as_of!r}")
        self.as_of = as_of.date() if isinstance(as_of, dt.datetime) else as_of
        self.name = landscape.name
        self.thresholds = landscape.thresholds
        self.services: list[ServiceFacts] = landscape.services
        self.service: dict[str, ServiceFacts] = {s.id: s for s in self.services}
        self.integrations: list[IntegrationFacts] = landscape.integrations
        self.teams: dict[str, TeamFacts] = landscape.teams
        self.trust: dict[str, int] = landscape.trust
        self.zone_name: dict[str, str] = landscape.zone_name
        self.policy: frozenset[tuple[str, str]] = landscape.policy
        self.region: dict[str, str] = landscape.region
        self.location_name: dict[str, str] = landscape.location_name
        self.locations: dict[str, tuple[str, ...]] = {s.id: s.location_ids for s in self.services}
        self._regions: dict[str, frozenset[str]] = {}
        self._providers: dict[IntegrationKind, list[str]] = {}
        self._advice: dict[tuple[IntegrationKind, str], str] = {}
        self._labels: dict[str, str] = {}
        self.waivers: dict[tuple[str, str], WaiverFacts] = landscape.waivers
        self.decisions: list[DecisionFacts] = landscape.decisions

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

    def consumers(self, sid: str) -> list[str]:
        """The other services that use ``sid`` for anything — at runtime, or for monitoring,
        backup, admin login and the other supporting kinds — sorted: who showback spreads
        its cost over."""
        return self._consumers.get(sid, [])

    @cached_property
    def _consumers(self) -> dict[str, list[str]]:
        users: dict[str, set[str]] = defaultdict(set)
        for i in self.integrations:
            if i.source_id != i.target_id:
                users[i.target_id].add(i.source_id)
        return {sid: sorted(found) for sid, found in users.items()}

    def zone_trust(self, sid: str) -> int | None:
        """The trust level of the service's zone, ``None`` when it has no zone."""
        zone = self.service[sid].zone_id
        return None if zone is None else self.trust.get(zone)

    @cached_property
    def _reached_from_internet(self) -> frozenset[str]:
        """Services of ours that the internet opens connections to: a service in a trust-0
        zone, or an external party placed in no zone, initiates them."""
        found: set[str] = set()
        for integration in self.integrations:
            initiator, responder = connection(integration)
            outside = self.zone_trust(initiator) == 0 or (
                self.service[initiator].external and self.service[initiator].zone_id is None)
            if outside and self.operated(responder):
                found.add(responder)
        return frozenset(found)

    def internet_facing(self, sid: str) -> bool:
        """Marked internet-facing, or reached by a connection from the internet zone (trust 0).

        Modelled internet clients (a service in a trust-0 zone relying on this one) make the
        service internet-facing even when the flag was forgotten. A service that itself sits
        in a trust-0 zone (an external party, a SaaS product) is *on* the internet, not facing
        it: there is nothing of ours behind it for a gateway or DMZ to protect. The same holds
        for any external party.
        """
        if not self.operated(sid):
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
    def recovery_graph(self) -> nx.DiGraph:
        """The reliance graph plus what a restore needs: the backup a service is restored
        from and the identity provider its administrators log in through."""
        return build_graph(self.service, self.integrations, RECOVERY_KINDS)

    @cached_property
    def recovery_reach(self) -> Reach:
        return Reach(self.recovery_graph)

    @cached_property
    def high_bits(self) -> int:
        """The set of high and critical services."""
        return self.reach.bits(s.id for s in self.services if s.criticality.is_high)

    @cached_property
    def needed_by_high(self) -> int:
        """Services that a high or critical service relies on, transitively."""
        return self.reach.relied_on_by(self.high_bits)

    # ------------------------------------------------------------------ wording helpers

    @cached_property
    def _shared_names(self) -> frozenset[str]:
        """Names (ignoring case) that more than one service or team carries."""
        seen: set[str] = set()
        shared: set[str] = set()
        for name in [s.name for s in self.services] + [t.name for t in self.teams.values()]:
            key = name.strip().casefold()
            (shared if key in seen else seen).add(key)
        return frozenset(shared)

    def _named(self, name: str, key: str) -> str:
        if not name.strip():
            return key
        if name.strip().casefold() in self._shared_names and name != key:
            return f"{name} ({key})"  # two of that name: the id tells them apart
        return name

    def label(self, sid: str) -> str:
        """A service as people call it: its name (the id only where the name is missing
        or shared). Messages are read by people; the finding's subjects carry the ids."""
        found = self._labels.get(sid)
        if found is None:
            service = self.service.get(sid)
            found = sid if service is None else self._named(service.name, sid)
            self._labels[sid] = found
        return found

    def team_label(self, tid: str) -> str:
        """A team by its name (see :meth:`label`)."""
        team = self.teams.get(tid)
        return tid if team is None else self._named(team.name, tid)

    def places(self, location_ids: Iterable[str]) -> str:
        """Locations by name, in name order (``Amsterdam DC A, Amsterdam DC B``)."""
        names = {self.location_name.get(loc, loc) for loc in location_ids}
        return ", ".join(sorted(names, key=str.casefold))

    def names(self, sids: Iterable[str]) -> str:
        """Services by name, joined for a sentence (``A, B and C``)."""
        labels = [self.label(sid) for sid in sids]
        return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]

    def candidates(self, kind: IntegrationKind, *, exclude: str = "") -> str:
        """The model's providers of ``kind`` a recommendation can name ("Backup platform,
        the model's backup service"), most used first; "" when the model has none.

        A provider is a service others already rely on for that kind, or one whose own
        kind is that capability (a monitoring service before anything uses it).
        """
        providers = self._providers_of(kind)
        if exclude not in providers[:CANDIDATES_NAMED]:
            exclude = ""  # the same advice for every service outside the named few
        key = (kind, exclude)
        if key not in self._advice:
            shown = list(islice((sid for sid in providers if sid != exclude),
                                CANDIDATES_NAMED))
            one, several = _CAPABILITY[kind]
            if not shown:
                text = ""
            elif len(shown) == 1:
                text = f"{self.label(shown[0])}, the model's {one}"
            else:
                text = f"{self.names(shown)}, the model's {several}"
            self._advice[key] = text
        return self._advice[key]

    def _providers_of(self, kind: IntegrationKind) -> list[str]:
        """Every provider of ``kind``, most used first (one pass per kind and analysis)."""
        found = self._providers.get(kind)
        if found is None:
            used: dict[str, int] = {}
            for s in self.services:
                consumers = sum(1 for i in self.incoming(s.id, kind) if i.source_id != s.id)
                if consumers or s.kind in _PROVIDER_KINDS.get(kind, ()):
                    used[s.id] = consumers
            found = sorted(used, key=lambda sid: (-used[sid], self.label(sid).casefold(), sid))
            self._providers[kind] = found
        return found

    # ------------------------------------------------------------------ who is ours

    def operated(self, sid: str) -> bool:
        """Whether the organisation runs the service itself, so the operational rules
        (ownership, support, monitoring, patching, DTAP) apply to it.

        Not an ``external`` party (customers' browsers, a payment provider), and not a
        service in a trust-0 zone: both are drawn for their integrations only.
        """
        return not self.service[sid].external and self.zone_trust(sid) != 0

    @cached_property
    def operated_services(self) -> list[ServiceFacts]:
        """The services the operational rules look at, in id order."""
        return [s for s in self.services if self.operated(s.id)]

    # ------------------------------------------------------------------ regions

    def regions(self, sid: str) -> frozenset[str]:
        """The regions of the service's locations (those that name one)."""
        found = self._regions.get(sid)
        if found is None:
            found = frozenset(
                self.region[loc] for loc in self.locations[sid] if self.region.get(loc)
            )
            self._regions[sid] = found
        return found

    @cached_property
    def landscape_regions(self) -> frozenset[str]:
        """Every region some service runs in."""
        return frozenset(r for s in self.services for r in self.regions(s.id))


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
