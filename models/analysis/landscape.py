"""Everything the analysis reads about one model, as plain values.

The analysis never needs the document itself: it needs services, integrations, teams,
zones, the zone policy, regions, waivers and the thresholds. :class:`Landscape` holds
exactly those, and can be taken from two places:

* a loaded :class:`~models.domain.model.Model` (:meth:`Landscape.of_model`), which the
  editor analyses while the user works on it;
* plain column values per entity (:meth:`Landscape.of_rows`), as the JSON reader and the
  ``.imap`` reader produce them after checking every value. ``integramap check`` goes this
  way: on a 10,000-service model, building a working copy and ten thousands of ORM objects
  only to read them once again cost more than the analysis itself.

Both give the same snapshots (the same values, with column defaults in place of fields not
set), so the findings cannot depend on the way the model was read; a test pins that.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any, ClassVar

from models.analysis.facts import (
    DecisionFacts,
    IntegrationFacts,
    ServiceFacts,
    TeamFacts,
    WaiverFacts,
    facts_from_row,
    facts_from_tuples,
)
from models.domain.decisions import Decision
from models.domain.entities import (
    Base,
    DocumentInfo,
    Integration,
    Location,
    Service,
    ServiceLocation,
    Settings,
    Team,
    Waiver,
    Zone,
    ZonePolicy,
)
from models.domain.fields import column_defaults
from models.domain.model import Model

Rows = Mapping[type[Base], Sequence[Mapping[str, Any]]]
"""Column values per entity (attribute name → Python value), as the readers produce them."""

Tables = Mapping[type[Base], tuple[Sequence[str], Sequence[tuple[Any, ...]]]]
"""The same values as :data:`Rows`, per entity as the attribute names and one tuple of
values per row, in that order (the ``.imap`` reader's form)."""

DEFAULT_TRUST = 2
"""The trust level the rules assume for a zone that does not state one."""


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The document settings the rules use (defaults follow the essay)."""

    min_team_fte: float = 3.0
    lifecycle_horizon_months: int = 12
    restore_test_max_age_months: int = 12
    team_concentration_share: float = 0.5
    team_concentration_min_services: int = 4
    dr_test_max_age_months: int = 12
    patch_cycle_max_days: int = 90

    @classmethod
    def of(cls, model: Model) -> Thresholds:
        return cls.of_values({name: getattr(model.settings, name) for name in _THRESHOLDS})

    @classmethod
    def of_values(cls, values: Mapping[str, Any]) -> Thresholds:
        """From stored settings, where a missing or ``None`` value means the default."""
        defaults = cls()
        chosen = {
            name: getattr(defaults, name) if values.get(name) is None else values[name]
            for name in _THRESHOLDS
        }
        return cls(
            min_team_fte=float(chosen["min_team_fte"]),
            lifecycle_horizon_months=int(chosen["lifecycle_horizon_months"]),
            restore_test_max_age_months=int(chosen["restore_test_max_age_months"]),
            team_concentration_share=float(chosen["team_concentration_share"]),
            team_concentration_min_services=int(chosen["team_concentration_min_services"]),
            dr_test_max_age_months=int(chosen["dr_test_max_age_months"]),
            patch_cycle_max_days=int(chosen["patch_cycle_max_days"]),
        )


_THRESHOLDS = tuple(Thresholds.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class Landscape:
    """The analysis' own copy of a model: no ORM object, no database, safe in any thread."""

    name: str
    thresholds: Thresholds
    services: list[ServiceFacts]
    """Sorted by id."""
    integrations: list[IntegrationFacts]
    """Sorted by id."""
    teams: dict[str, TeamFacts]
    trust: dict[str, int]
    """Zone id → trust level (``DEFAULT_TRUST`` when the zone states none)."""
    zone_name: dict[str, str]
    """Zone id → its name, or its id when it has none."""
    policy: frozenset[tuple[str, str]]
    region: dict[str, str]
    """Location id → region."""
    location_name: dict[str, str]
    """Location id → its name, or its id when it has none."""
    waivers: dict[tuple[str, str], WaiverFacts]
    """By ``(rule, subject)``, sorted."""
    decisions: list[DecisionFacts]
    """Review decisions, sorted by id."""

    ENTITIES: ClassVar[tuple[type[Base], ...]] = (
        DocumentInfo, Settings, Zone, ZonePolicy, Location, Team, Service, ServiceLocation,
        Integration, Waiver, Decision,
    )
    """The entities a landscape is made of (views and their boxes are not analysed)."""

    @classmethod
    def of_model(cls, model: Model) -> Landscape:
        """The landscape of a loaded model (reads it; do that on its document's thread)."""
        services, integrations = model.services, model.integrations
        zones = model.zones.values()
        return cls(
            name=model.name,
            thresholds=Thresholds.of(model),
            services=[ServiceFacts.of(services[k]) for k in sorted(services)],
            integrations=[IntegrationFacts.of(integrations[k]) for k in sorted(integrations)],
            teams={k: TeamFacts.of(t) for k, t in model.teams.items()},
            trust={z.id: DEFAULT_TRUST if z.trust is None else z.trust for z in zones},
            zone_name={z.id: z.name or z.id for z in zones},
            policy=frozenset(model.zone_policy),
            region={loc.id: loc.region for loc in model.locations.values()},
            location_name={loc.id: loc.name or loc.id for loc in model.locations.values()},
            waivers={key: WaiverFacts.of(w) for key, w in sorted(model.waivers.items())},
            decisions=[DecisionFacts.of(model.decisions[k]) for k in sorted(model.decisions)],
        )

    @classmethod
    def of_rows(cls, rows: Rows, *, name: str) -> Landscape:
        """The landscape of checked column values per entity (see :data:`Rows`).

        The rows must already have passed the reader's checks (types, ranges, references,
        distinct ids): nothing here judges a value.
        """
        services = [facts_from_row(ServiceFacts, Service, row) for row in rows.get(Service, ())]
        integrations = [
            facts_from_row(IntegrationFacts, Integration, row)
            for row in rows.get(Integration, ())
        ]
        return cls._assembled(rows, name, services, integrations)

    @classmethod
    def of_tables(cls, tables: Tables) -> Landscape:
        """:meth:`of_rows` for rows given as value tuples with their attribute names (see
        :data:`Tables`), named as the document information says; services and
        integrations become snapshots without a dictionary per row in between."""
        rows = {
            entity: [dict(zip(keys, values, strict=True)) for values in table]
            for entity, (keys, table) in tables.items()
            if entity not in (Service, Integration)
        }
        services = facts_from_tuples(ServiceFacts, Service, *tables.get(Service, ((), ())))
        integrations = facts_from_tuples(
            IntegrationFacts, Integration, *tables.get(Integration, ((), ()))
        )
        return cls._assembled(rows, model_name(rows), services, integrations)

    @classmethod
    def _assembled(
        cls,
        rows: Rows,
        name: str,
        services: list[ServiceFacts],
        integrations: list[IntegrationFacts],
    ) -> Landscape:
        located: dict[str, list[tuple[int, str]]] = {}
        for link in rows.get(ServiceLocation, ()):
            located.setdefault(link["service_id"], []).append(
                (link["position"], link["location_id"])
            )
        services.sort(key=_by_id)
        for facts in services:
            places = located.get(facts.id)
            facts.complete(tuple(loc for _p, loc in sorted(places)) if places else ())
        integrations.sort(key=_by_id)
        for integration in integrations:
            integration.complete()
        zones = rows.get(Zone, ())
        waivers = (facts_from_row(WaiverFacts, Waiver, row) for row in rows.get(Waiver, ()))
        settings = rows.get(Settings, ())
        return cls(
            name=name,
            thresholds=Thresholds.of_values(settings[0] if settings else {}),
            services=services,
            integrations=integrations,
            teams={
                row["id"]: facts_from_row(TeamFacts, Team, row) for row in rows.get(Team, ())
            },
            trust={
                z["id"]: DEFAULT_TRUST if z.get("trust") is None else z["trust"] for z in zones
            },
            zone_name={z["id"]: z.get("name") or z["id"] for z in zones},
            policy=frozenset(
                (p["from_zone_id"], p["to_zone_id"]) for p in rows.get(ZonePolicy, ())
            ),
            region={loc["id"]: loc["region"] for loc in rows.get(Location, ())},
            location_name={
                loc["id"]: loc.get("name") or loc["id"] for loc in rows.get(Location, ())
            },
            waivers=dict(sorted((((w.rule, w.subject), w) for w in waivers), key=_first)),
            decisions=sorted(
                (facts_from_row(DecisionFacts, Decision, row) for row in rows.get(Decision, ())),
                key=_by_id,
            ),
        )


def model_name(rows: Rows) -> str:
    """The name stored with the rows (the document information), as a loaded model has it."""
    info: Iterable[Mapping[str, Any]] = rows.get(DocumentInfo, ())
    for row in info:
        return row["name"]
    return column_defaults(DocumentInfo)["name"]


_by_id = attrgetter("id")
_first = itemgetter(0)
