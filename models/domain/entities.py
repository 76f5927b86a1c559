"""The domain as a typed SQLAlchemy 2.x ORM: services, integrations, zones, teams and the rest.

Entities reference each other by their slug ``id`` through foreign-key columns
(``zone_id``, ``owner_id``, ``source_id``…), the same ids the interchange formats and the
undo commands use. There are deliberately few ``relationship()`` objects: loading a
10,000-service document is a handful of flat SELECTs, and there is only one place where a
reference lives, so nothing can disagree with it.

Field values are checked by ``@validates`` hooks as they are assigned, so an invalid value
never reaches an object; cross-entity invariants (unique ids, existing references) are the
job of :class:`models.domain.model.Model` and of the database constraints behind it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    Dialect,
    Enum,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    attribute_keyed_dict,
    mapped_column,
    relationship,
    validates,
)

from models.domain.enums import (
    ENVIRONMENT_ORDER,
    Criticality,
    Environment,
    Initiator,
    IntegrationKind,
    ServiceKind,
)
from models.domain.values import (
    check_date,
    check_enum,
    check_number,
    check_slug,
    check_text,
    quoted,
)

SUPPORT_LINES = (1, 2, 3, 4)
TEAM_REFERENCES: tuple[str, ...] = (
    "owner_id", *(f"support_line_{line}_id" for line in SUPPORT_LINES)
)
"""The service fields that name a team: its owner and support lines 1–4. Deleting,
merging, pasting or listing teams goes through all of them."""


def _fk(column: str, *, cascade: bool = False) -> ForeignKey:
    """A reference checked when the transaction commits, not per statement.

    The unit of work only orders inserts by ``relationship()``s, and this schema uses plain
    id columns; deferring the check lets one commit add a service and its integrations in
    any order while SQLite still refuses a dangling reference at commit.
    """
    return ForeignKey(
        column, ondelete="CASCADE" if cascade else None, deferrable=True, initially="DEFERRED"
    )


def _word_enum(enum: type) -> Enum:
    """Store an enumeration by its word (``"identity_provider"``) and load it as the member."""
    return Enum(
        enum,
        native_enum=False,
        length=32,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


class EnvironmentSet(TypeDecorator[tuple[Environment, ...]]):
    """A set of DTAP stages stored as one comma-separated column, always in DTAP order.

    One column instead of a link table keeps a service a single row; the value is an
    immutable tuple so assignment is the only way to change it (and is always noticed).
    """

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return ",".join(e.value for e in normalise_environments(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[Environment, ...]:
        if not value:
            return ()
        return tuple(Environment(word) for word in value.split(","))


def normalise_environments(values: Any) -> tuple[Environment, ...]:
    """Deduplicate and order stages (development → production); refuse unknown words."""
    from models.domain.errors import ModelError

    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise ModelError(f"environments must be a list of stages, not {quoted(values)}")
    chosen = {check_enum(Environment, v, "environments") for v in values}
    if not chosen:
        raise ModelError("environments must name at least one stage")
    return tuple(e for e in ENVIRONMENT_ORDER if e in chosen)


#: For rows the database may already have removed by ``ON DELETE CASCADE`` when the ORM gets
#: to them: the unit of work orders deletes only along ``relationship()``s, so deleting a
#: service and its view positions in one flush may let SQLite's cascade go first. The rows
#: are gone either way; this stops SQLAlchemy from warning about the 0-row DELETE.
_CASCADED_ROWS = {"confirm_deleted_rows": False}

MAX_INSTANCES = 1_000_000
MAX_TEAM_FTE = 100_000.0
MAX_COORDINATE = 10_000_000.0
"""Upper bounds of fields whose real values are small: anything beyond is a typo, and
would overflow the canvas or the report long before the database."""


class Base(DeclarativeBase):
    """Declarative base of every table in an ``.imap`` document."""

    def __init__(self, **kwargs: Any) -> None:
        # Column defaults normally appear only when the row is flushed; a new entity is read
        # (inspector, analysis, export) long before that, so fill them in at construction.
        # The defaults go straight into the instance state, past the validators: they are
        # valid by construction except a required name, which the caller must then give.
        cls = type(self)
        for key, default in column_defaults(cls).items():
            if key not in kwargs:
                self.__dict__[key] = default
        for key, value in kwargs.items():
            if not hasattr(cls, key):
                raise TypeError(f"{key!r} is not a field of {cls.__name__}")
            setattr(self, key, value)


def column_defaults(entity: type[Base]) -> dict[str, Any]:
    """``{attribute: default}`` for the columns of ``entity`` with a plain default value.

    The one reading of the declared defaults: new entities, undo snapshots and analysis
    facts fill in a value not stored yet from here. Surrogate keys the database numbers
    (``pk``) have none.
    """
    cached = _DEFAULTS.get(entity)
    if cached is None:
        cached = {}
        for prop in entity.__mapper__.column_attrs:
            column = prop.columns[0]
            if column.primary_key and column.autoincrement is True:
                continue
            if column.default is not None and column.default.is_scalar:
                cached[prop.key] = column.default.arg
        _DEFAULTS[entity] = cached
    return cached


_DEFAULTS: dict[type, dict[str, Any]] = {}


class DocumentInfo(Base):
    """The single row describing the document itself."""

    __tablename__ = "document_info"

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    name: Mapped[str] = mapped_column(Text, default="Untitled model")

    @validates("name")
    def _check_name(self, _key: str, value: str) -> str:
        return check_text(value, "model name", required=True)


class Settings(Base):
    """Per-document analysis thresholds (minimum FTE, horizons, team concentration).
    Defaults follow the essay."""

    __tablename__ = "settings"

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    min_team_fte: Mapped[float] = mapped_column(Float, default=3.0)
    """OWN-002: "3 FTE per technology"."""
    lifecycle_horizon_months: Mapped[int] = mapped_column(Integer, default=12)
    """LIF-002: warn this many months before end of support."""
    restore_test_max_age_months: Mapped[int] = mapped_column(Integer, default=12)
    """INT-007: a restore test older than this no longer counts."""
    team_concentration_share: Mapped[float] = mapped_column(Float, default=0.5)
    """OWN-005: a team owning more than this share of the critical services is flagged."""
    team_concentration_min_services: Mapped[int] = mapped_column(Integer, default=4)
    """OWN-005 only applies once the model has at least this many critical services."""

    @validates("min_team_fte", "team_concentration_share")
    def _check_float(self, key: str, value: float) -> float:
        return float(check_number(value, SETTING_LABELS[key], minimum=0,
                                  maximum=SETTING_MAXIMA[key]))

    @validates(
        "lifecycle_horizon_months", "restore_test_max_age_months", "team_concentration_min_services"
    )
    def _check_int(self, key: str, value: int) -> int:
        return int(check_number(value, SETTING_LABELS[key], minimum=0,
                                maximum=SETTING_MAXIMA[key], integer=True))


SETTING_DEFAULTS: dict[str, float | int] = {
    "min_team_fte": 3.0,
    "lifecycle_horizon_months": 12,
    "restore_test_max_age_months": 12,
    "team_concentration_share": 0.5,
    "team_concentration_min_services": 4,
}
"""The defaults of :class:`Settings`, for exporters that write only what differs."""

SETTING_LABELS: dict[str, str] = {
    "min_team_fte": "minimum team FTE",
    "lifecycle_horizon_months": "lifecycle horizon (months)",
    "restore_test_max_age_months": "restore test age (months)",
    "team_concentration_share": "team concentration share",
    "team_concentration_min_services": "concentration from (services)",
}
"""How the settings are named to a user, in messages and forms."""

SETTING_MAXIMA: dict[str, float] = {
    "min_team_fte": 1000.0,
    "lifecycle_horizon_months": 1200,
    "restore_test_max_age_months": 1200,
    "team_concentration_share": 1.0,
    "team_concentration_min_services": 1_000_000,
}
"""Beyond these a setting is a typo, not a policy: a century of months, a thousand FTE."""


class Zone(Base):
    """A network zone; ``trust`` 0 is the internet, 4 restricted/management."""

    __tablename__ = "zone"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str] = mapped_column(Text, default="")
    trust: Mapped[int] = mapped_column(Integer, default=2)

    __table_args__ = (CheckConstraint("trust BETWEEN 0 AND 4", name="zone_trust_range"),)

    @validates("id")
    def _check_id(self, _key: str, value: str) -> str:
        return check_slug(value, "zone id")

    @validates("name")
    def _check_name(self, _key: str, value: str) -> str:
        return check_text(value, "zone name", required=True)

    @validates("trust")
    def _check_trust(self, _key: str, value: int) -> int:
        return int(check_number(value, "trust", minimum=0, maximum=4, integer=True))


class ZonePolicy(Base):
    """One allowed direction: services in ``from_zone`` may open connections to ``to_zone``.

    Traffic inside a zone is always allowed; every pair not listed is denied.
    """

    __mapper_args__ = _CASCADED_ROWS

    __tablename__ = "zone_policy"

    pk: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    from_zone_id: Mapped[str] = mapped_column(_fk("zone.id", cascade=True))
    to_zone_id: Mapped[str] = mapped_column(_fk("zone.id", cascade=True))

    __table_args__ = (UniqueConstraint("from_zone_id", "to_zone_id", name="zone_policy_pair"),)


class Location(Base):
    """A place services run: an availability zone or data centre within a ``region``."""

    __tablename__ = "location"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[str] = mapped_column(Text, default="")

    @validates("id")
    def _check_id(self, _key: str, value: str) -> str:
        return check_slug(value, "location id")

    @validates("name", "region")
    def _check_text(self, key: str, value: str) -> str:
        return check_text(value, f"location {key}", required=key == "name")


class Team(Base):
    """A team that owns or supports services; ``fte`` people can support its technology."""

    __tablename__ = "team"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str] = mapped_column(Text, default="")
    fte: Mapped[float] = mapped_column(Float, default=0.0)
    contact: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (CheckConstraint("fte >= 0", name="team_fte_non_negative"),)

    @validates("id")
    def _check_id(self, _key: str, value: str) -> str:
        return check_slug(value, "team id")

    @validates("name", "contact")
    def _check_text(self, key: str, value: str) -> str:
        return check_text(value, f"team {key}", required=key == "name")

    @validates("fte")
    def _check_fte(self, _key: str, value: float) -> float:
        return float(check_number(value, "FTE", minimum=0, maximum=MAX_TEAM_FTE))


class ServiceLocation(Base):
    """Link from a service to one of its locations; ``position`` keeps the user's order."""

    __mapper_args__ = _CASCADED_ROWS

    __tablename__ = "service_location"

    service_id: Mapped[str] = mapped_column(_fk("service.id", cascade=True), primary_key=True)
    location_id: Mapped[str] = mapped_column(_fk("location.id", cascade=True), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Service(Base):
    """An infrastructure or business service and everything recorded about who runs it."""

    __tablename__ = "service"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[ServiceKind] = mapped_column(
        _word_enum(ServiceKind), default=ServiceKind.APPLICATION
    )
    description: Mapped[str] = mapped_column(Text, default="")
    zone_id: Mapped[str | None] = mapped_column(_fk("zone.id"), default=None)
    environments: Mapped[tuple[Environment, ...]] = mapped_column(
        EnvironmentSet, default=(Environment.PRODUCTION,)
    )
    instances: Mapped[int] = mapped_column(Integer, default=1)
    stateful: Mapped[bool] = mapped_column(default=False)
    internet_facing: Mapped[bool] = mapped_column(default=False)
    criticality: Mapped[Criticality] = mapped_column(
        _word_enum(Criticality), default=Criticality.MEDIUM
    )
    owner_id: Mapped[str | None] = mapped_column(_fk("team.id"), default=None)
    support_line_1_id: Mapped[str | None] = mapped_column(_fk("team.id"), default=None)
    support_line_2_id: Mapped[str | None] = mapped_column(_fk("team.id"), default=None)
    support_line_3_id: Mapped[str | None] = mapped_column(_fk("team.id"), default=None)
    support_line_4_id: Mapped[str | None] = mapped_column(_fk("team.id"), default=None)
    runbook: Mapped[str] = mapped_column(Text, default="")
    vendor_name: Mapped[str] = mapped_column(Text, default="")
    vendor_contract: Mapped[str] = mapped_column(Text, default="")
    vendor_sla: Mapped[str] = mapped_column(Text, default="")
    vendor_escalation: Mapped[str] = mapped_column(Text, default="")
    lifecycle_version: Mapped[str] = mapped_column(Text, default="")
    end_of_sale: Mapped[dt.date | None] = mapped_column(Date, default=None)
    end_of_support: Mapped[dt.date | None] = mapped_column(Date, default=None)
    end_of_life: Mapped[dt.date | None] = mapped_column(Date, default=None)
    exit_plan: Mapped[str] = mapped_column(Text, default="")
    cost_yearly: Mapped[float | None] = mapped_column(Float, default=None)
    cost_currency: Mapped[str] = mapped_column(String(8), default="")
    license_capacity: Mapped[int | None] = mapped_column(Integer, default=None)
    license_usage: Mapped[int | None] = mapped_column(Integer, default=None)
    last_restore_test: Mapped[dt.date | None] = mapped_column(Date, default=None)
    notes: Mapped[str] = mapped_column(Text, default="")

    location_links: Mapped[list[ServiceLocation]] = relationship(
        order_by=ServiceLocation.position,
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (CheckConstraint("instances >= 1", name="service_instances_positive"),)

    # -- convenience views over the flat columns -------------------------------------

    @property
    def location_ids(self) -> list[str]:
        """The ids of the service's locations, in the user's order."""
        return [link.location_id for link in self.location_links]

    @location_ids.setter
    def location_ids(self, ids: list[str]) -> None:
        from models.domain.errors import ModelError

        if len(set(ids)) != len(ids):
            raise ModelError(f"locations of {self.id!r} list a location twice: {ids}")
        by_id = {link.location_id: link for link in self.location_links}
        self.location_links = [
            by_id.get(i) or ServiceLocation(location_id=check_slug(i, "location")) for i in ids
        ]

    @property
    def support_lines(self) -> dict[int, str]:
        """``{line: team_id}`` for the assigned support lines 1–4."""
        return {
            line: team
            for line in SUPPORT_LINES
            if (team := getattr(self, f"support_line_{line}_id")) is not None
        }

    @property
    def is_production(self) -> bool:
        """A "production service" in the rules' sense: production is one of its stages."""
        return Environment.PRODUCTION in self.environments

    @property
    def has_vendor(self) -> bool:
        """A vendor product (as opposed to something built and run in-house)."""
        return bool(self.vendor_name.strip())

    # -- validation ---------------------------------------------------------------------

    @validates("id")
    def _check_id(self, _key: str, value: str) -> str:
        return check_slug(value, "service id")

    @validates("kind")
    def _check_kind(self, _key: str, value: Any) -> ServiceKind:
        return check_enum(ServiceKind, value, "kind")

    @validates("criticality")
    def _check_criticality(self, _key: str, value: Any) -> Criticality:
        return check_enum(Criticality, value, "criticality")

    @validates("environments")
    def _check_environments(self, _key: str, value: Any) -> tuple[Environment, ...]:
        return normalise_environments(value)

    @validates("instances")
    def _check_instances(self, _key: str, value: int) -> int:
        return int(check_number(value, "instances", minimum=1, maximum=MAX_INSTANCES,
                                integer=True))

    @validates("cost_yearly")
    def _check_cost(self, _key: str, value: float | None) -> float | None:
        return None if value is None else float(check_number(value, "cost", minimum=0))

    @validates("license_capacity", "license_usage")
    def _check_license(self, key: str, value: int | None) -> int | None:
        field = key.replace("_", " ")
        return None if value is None else int(check_number(value, field, minimum=0, integer=True))

    @validates("end_of_sale", "end_of_support", "end_of_life", "last_restore_test")
    def _check_dates(self, key: str, value: Any) -> dt.date | None:
        return check_date(value, key)

    @validates(
        "name",
        "description",
        "runbook",
        "vendor_name",
        "vendor_contract",
        "vendor_sla",
        "vendor_escalation",
        "lifecycle_version",
        "exit_plan",
        "cost_currency",
        "notes",
    )
    def _check_text(self, key: str, value: str) -> str:
        return check_text(value, key.replace("_", " "), required=key == "name")

    @validates("stateful", "internet_facing")
    def _check_flag(self, key: str, value: Any) -> bool:
        return _check_bool(value, key)


class Integration(Base):
    """SOURCE relies on TARGET for KIND."""

    __tablename__ = "integration"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    source_id: Mapped[str] = mapped_column(_fk("service.id"), index=True)
    target_id: Mapped[str] = mapped_column(_fk("service.id"), index=True)
    kind: Mapped[IntegrationKind] = mapped_column(
        _word_enum(IntegrationKind), default=IntegrationKind.DEPENDS_ON
    )
    protocol: Mapped[str] = mapped_column(Text, default="")
    encrypted: Mapped[bool] = mapped_column(default=False)
    mfa: Mapped[bool] = mapped_column(default=False)
    initiator_override: Mapped[Initiator | None] = mapped_column(
        _word_enum(Initiator), default=None
    )
    """``None`` means "the kind's default" (see :attr:`IntegrationKind.default_initiator`)."""
    notes: Mapped[str] = mapped_column(Text, default="")

    @property
    def initiator(self) -> Initiator:
        """The end that opens the connection: the override, else the kind's default."""
        return self.initiator_override or IntegrationKind(self.kind).default_initiator

    @validates("id")
    def _check_id(self, _key: str, value: str) -> str:
        return check_slug(value, "integration id")

    @validates("source_id", "target_id")
    def _check_end(self, key: str, value: str) -> str:
        return check_slug(value, key.removesuffix("_id"))

    @validates("kind")
    def _check_kind(self, _key: str, value: Any) -> IntegrationKind:
        return check_enum(IntegrationKind, value, "kind")

    @validates("initiator_override")
    def _check_initiator(self, _key: str, value: Any) -> Initiator | None:
        return None if value is None else check_enum(Initiator, value, "initiator")

    @validates("protocol", "notes")
    def _check_text(self, key: str, value: str) -> str:
        return check_text(value, key)

    @validates("encrypted", "mfa")
    def _check_flag(self, key: str, value: Any) -> bool:
        return _check_bool(value, key)


class Waiver(Base):
    """An accepted risk: findings of ``rule`` on ``subject`` count as waived until ``expires``."""

    __tablename__ = "waiver"

    pk: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    rule: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(Text, default="")
    accepted_by: Mapped[str] = mapped_column(Text, default="")
    expires: Mapped[dt.date | None] = mapped_column(Date, default=None)

    __table_args__ = (UniqueConstraint("rule", "subject", name="waiver_rule_subject"),)

    @validates("rule")
    def _check_rule(self, _key: str, value: str) -> str:
        return check_text(value, "rule", required=True).strip().upper()

    @validates("subject")
    def _check_subject(self, _key: str, value: str) -> str:
        return check_slug(value, "waiver subject")

    @validates("reason", "accepted_by")
    def _check_text(self, key: str, value: str) -> str:
        return check_text(value, key)

    @validates("expires")
    def _check_expires(self, _key: str, value: Any) -> dt.date | None:
        return check_date(value, "expires")


class View(Base):
    """A named diagram of the model: where each service (and zone area) is drawn."""

    __tablename__ = "view"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str] = mapped_column(Text, default="")
    order: Mapped[int] = mapped_column(Integer, default=0)

    positions: Mapped[dict[str, ViewPosition]] = relationship(
        collection_class=attribute_keyed_dict("service_id"),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    zone_areas: Mapped[dict[str, ViewZoneArea]] = relationship(
        collection_class=attribute_keyed_dict("zone_id"),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @validates("id")
    def _check_id(self, _key: str, value: str) -> str:
        return check_slug(value, "view id")


class ViewPosition(Base):
    """Top-left of a service's box in one view; ``width``/``height`` ``None`` = default size."""

    __mapper_args__ = _CASCADED_ROWS

    __tablename__ = "view_position"

    view_id: Mapped[str] = mapped_column(_fk("view.id", cascade=True), primary_key=True)
    service_id: Mapped[str] = mapped_column(_fk("service.id", cascade=True), primary_key=True)
    x: Mapped[float] = mapped_column(Float, default=0.0)
    y: Mapped[float] = mapped_column(Float, default=0.0)
    width: Mapped[float | None] = mapped_column(Float, default=None)
    height: Mapped[float | None] = mapped_column(Float, default=None)

    @validates("x", "y")
    def _check_coordinate(self, key: str, value: float) -> float:
        return float(check_number(value, key, minimum=-MAX_COORDINATE, maximum=MAX_COORDINATE))

    @validates("width", "height")
    def _check_size(self, key: str, value: float | None) -> float | None:
        return None if value is None else float(
            check_number(value, key, minimum=1, maximum=MAX_COORDINATE)
        )


class ViewZoneArea(Base):
    """The rectangle a zone is drawn as in one view (scene coordinates, top-left + size)."""

    __mapper_args__ = _CASCADED_ROWS

    __tablename__ = "view_zone_area"

    view_id: Mapped[str] = mapped_column(_fk("view.id", cascade=True), primary_key=True)
    zone_id: Mapped[str] = mapped_column(_fk("zone.id", cascade=True), primary_key=True)
    x: Mapped[float] = mapped_column(Float, default=0.0)
    y: Mapped[float] = mapped_column(Float, default=0.0)
    width: Mapped[float] = mapped_column(Float, default=400.0)
    height: Mapped[float] = mapped_column(Float, default=300.0)

    @validates("x", "y")
    def _check_coordinate(self, key: str, value: float) -> float:
        return float(check_number(value, key, minimum=-MAX_COORDINATE, maximum=MAX_COORDINATE))

    @validates("width", "height")
    def _check_size(self, key: str, value: float) -> float:
        return float(check_number(value, key, minimum=1, maximum=MAX_COORDINATE))


def _check_bool(value: Any, field: str) -> bool:
    from models.domain.errors import ModelError

    if not isinstance(value, bool):
        raise ModelError(f"{field} must be true or false, not {quoted(value)}")
    return value
