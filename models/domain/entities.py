"""The domain as a typed SQLAlchemy 2.x ORM.

Entities reference each other by their slug ``id`` through foreign-key columns
(``zone_id``, ``owner_id``, ``source_id``…), the same ids the interchange formats and the
undo commands use. There are deliberately few ``relationship()`` objects: loading a
10,000-service document is a handful of flat SELECTs, and there is only one place where a
reference lives, so nothing can disagree with it.

Every column is a field declared with :func:`~models.domain.fields.field` — its type,
bounds, label, help and spellings in one place — or says why it is storage instead
(:func:`~models.domain.fields.not_a_field`). Values are checked from those declarations as
they are assigned, so an invalid value never reaches an object; cross-entity invariants
(unique ids, existing references) are the job of :class:`models.domain.model.Model` and
of the database constraints behind it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, Integer, UniqueConstraint
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    attribute_keyed_dict,
    mapped_column,
    relationship,
    validates,
)

from models.domain.columns import reference
from models.domain.enums import (
    RUNTIME_KINDS,
    TRUST_WORDS,
    Criticality,
    DataClassification,
    Environment,
    Initiator,
    IntegrationKind,
    IntegrationMode,
    ServiceKind,
    SupportHours,
    ViewScope,
)
from models.domain.fields import (
    Choice,
    Code,
    Count,
    Day,
    FieldPaths,
    Flag,
    Form,
    IdList,
    Number,
    Ref,
    Refs,
    Sheet,
    Slug,
    Stages,
    Text,
    WordChoices,
    Words,
    check_assigned,
    column_defaults,
    declaration,
    declared_in,
    field,
    fields_of,
    not_a_field,
    references_to,
)
from models.domain.values import check_slug

SUPPORT_LINES = (1, 2, 3, 4)

#: For rows the database may already have removed by ``ON DELETE CASCADE`` when the ORM gets
#: to them: the unit of work orders deletes only along ``relationship()``s, so deleting a
#: service and its view positions in one flush may let SQLite's cascade go first. The rows
#: are gone either way; this stops SQLAlchemy from warning about the 0-row DELETE.
_CASCADED_ROWS = {"confirm_deleted_rows": False}

MAX_INSTANCES = 1_000_000
MAX_TEAM_FTE = 100_000.0
MAX_COORDINATE = 10_000_000.0
MAX_HOURS = 100_000.0
MAX_PATCH_CYCLE_DAYS = 3650
"""Upper bounds of fields whose real values are small: anything beyond is a typo, and
would overflow the canvas or the report long before the database."""

_ONE_ROW = not_a_field("the document has exactly one of these rows")
_NUMBERED = not_a_field("numbered by the database; a row added again gets a new number")


class Base(DeclarativeBase):
    """Declarative base of every table in an ``.imap`` document."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Before SQLAlchemy maps the class: remember its field declarations in order, and
        # give every declared column the one validator that checks it from its declaration.
        declared = declared_in(vars(cls))
        cls.__declared_fields__ = declared
        columns = [attribute for attribute, _field, column in declared if column]
        if columns:
            cls._check_declared = validates(*columns)(check_assigned)
        super().__init_subclass__(**kwargs)

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


class DocumentInfo(Base):
    """The single row describing the document itself."""

    __tablename__ = "document_info"

    id: Mapped[int] = mapped_column(primary_key=True, default=1, info=_ONE_ROW)
    name: Mapped[str] = field(
        Text(required=True), "Model name", default="Untitled model", subject="model name",
        form=Form.MAIN, json="name",
        help="What the landscape is called: the title of the window and of the review PDF.",
    )


def _threshold(value: Number, label: str, default: float, help: str, *,
               stored_default: str | None = None) -> Any:
    """An analysis threshold: shown with the model, written to files only when changed."""
    return field(value, label[:1].upper() + label[1:], default=default, subject=label,
                 form=Form.THRESHOLDS, json_if_set=True, help=help,
                 stored_default=stored_default)


class Settings(Base):
    """Per-document analysis thresholds. Defaults follow the essay."""

    __tablename__ = "settings"

    id: Mapped[int] = mapped_column(primary_key=True, default=1, info=_ONE_ROW)
    min_team_fte: Mapped[float] = _threshold(
        Number(minimum=0, maximum=1000.0), "minimum team FTE", 3.0,
        "OWN-002: a team with fewer people who can support its technology is too thin "
        "(\"3 FTE per technology\").",
    )
    lifecycle_horizon_months: Mapped[int] = _threshold(
        Number(minimum=0, maximum=1200, whole=True), "lifecycle horizon (months)", 12,
        "LIF-002: warn this many months before a service's end of support.",
    )
    restore_test_max_age_months: Mapped[int] = _threshold(
        Number(minimum=0, maximum=1200, whole=True), "restore test age (months)", 12,
        "INT-007: a restore test older than this no longer counts.",
    )
    team_concentration_share: Mapped[float] = _threshold(
        Number(minimum=0, maximum=1.0), "team concentration share", 0.5,
        "OWN-005: a team owning more than this share of the critical services is flagged.",
    )
    team_concentration_min_services: Mapped[int] = _threshold(
        Number(minimum=0, maximum=1_000_000, whole=True), "concentration from (services)", 4,
        "OWN-005 only applies once the model has at least this many critical services.",
    )
    dr_test_max_age_months: Mapped[int] = _threshold(
        Number(minimum=0, maximum=1200, whole=True), "DR test age (months)", 12,
        "RES-008: a disaster-recovery test older than this no longer counts.",
        stored_default="12",
    )
    patch_cycle_max_days: Mapped[int] = _threshold(
        Number(minimum=1, maximum=MAX_PATCH_CYCLE_DAYS, whole=True), "longest patch cycle (days)",
        90, "MNT-001: a production service patched less often than this is flagged.",
        stored_default="90",
    )


class Zone(Base):
    """A network zone; ``trust`` 0 is the internet, 4 restricted/management."""

    __tablename__ = "zone"

    id: Mapped[str] = field(Slug(), "Id", primary_key=True, subject="zone id", dot=None)
    name: Mapped[str] = field(
        Text(required=True), "Name", subject="zone name", form=Form.MAIN, dot="label",
        help="Zones are chosen by name in lists and reports, so each needs its own.",
    )
    trust: Mapped[int] = field(
        Number(minimum=0, maximum=4, whole=True, words=TRUST_WORDS), "Trust", default=2,
        form=Form.MAIN,
        help="How far the zone is trusted: 0 internet, 1 DMZ, 2 internal, 3 restricted, "
             "4 management. The zone policy and the zoning rules read it.",
    )

    __table_args__ = (CheckConstraint("trust BETWEEN 0 AND 4", name="zone_trust_range"),)


class ZonePolicy(Base):
    """One allowed direction: services in ``from_zone`` may open connections to ``to_zone``.

    Traffic inside a zone is always allowed; every pair not listed is denied.
    """

    __mapper_args__ = _CASCADED_ROWS

    __tablename__ = "zone_policy"

    pk: Mapped[int] = mapped_column(primary_key=True, autoincrement=True, info=_NUMBERED)
    from_zone_id: Mapped[str] = mapped_column(
        reference("zone.id", cascade=True),
        info=declaration(Ref("zone"), "From zone", subject="from", json="from",
                         help="The zone whose services open the connection."),
    )
    to_zone_id: Mapped[str] = mapped_column(
        reference("zone.id", cascade=True),
        info=declaration(Ref("zone"), "To zone", subject="to", json="to",
                         help="The zone whose services accept it."),
    )

    __table_args__ = (UniqueConstraint("from_zone_id", "to_zone_id", name="zone_policy_pair"),)


class Location(Base):
    """A place services run: an availability zone or data centre within a ``region``."""

    __tablename__ = "location"

    id: Mapped[str] = field(Slug(), "Id", primary_key=True, subject="location id")
    name: Mapped[str] = field(
        Text(required=True), "Name", subject="location name", form=Form.MAIN,
        help="A data centre or availability zone; each location needs its own name.",
    )
    region: Mapped[str] = field(
        Text(), "Region", subject="location region", form=Form.MAIN, hint="eu-west",
        help="Locations of one region fail together in a regional outage (RES-004).",
    )


class Team(Base):
    """A team that owns or supports services; ``fte`` people can support its technology."""

    __tablename__ = "team"

    id: Mapped[str] = field(Slug(), "Id", primary_key=True, subject="team id")
    name: Mapped[str] = field(
        Text(required=True), "Name", subject="team name", form=Form.MAIN,
        help="Teams are chosen by name as owner and support lines, so each needs its own.",
    )
    fte: Mapped[float] = field(
        Number(minimum=0, maximum=MAX_TEAM_FTE), "FTE", default=0.0, subject="FTE",
        form=Form.MAIN, hint="people who can support it",
        help="How many full-time people can support the team's technology; below the "
             "minimum team FTE the service is at risk (OWN-002).",
    )
    contact: Mapped[str] = field(
        Text(), "Contact", subject="team contact", form=Form.MAIN,
        help="How to reach the team: a mailbox, a channel, an on-call number.",
    )
    skills: Mapped[tuple[str, ...]] = field(
        Words(), "Skills", subject="skills", form=Form.MAIN, json_if_set=True, stored_default="''",
        hint="PostgreSQL, Linux",
        help="The technologies the team can support, separated by commas; a service's "
             "technology is matched to them, ignoring case (OWN-007: \"3 FTE per "
             "technology\").",
    )
    support_hours: Mapped[SupportHours | None] = field(
        Choice(SupportHours), "Support hours", subject="support_hours", none_label="— unknown —",
        form=Form.MAIN, json_if_set=True,
        help="When the team answers: business hours, extended hours or round the clock. "
             "A service that needs more from its support lines is flagged (OWN-008).",
    )

    __table_args__ = (CheckConstraint("fte >= 0", name="team_fte_non_negative"),)


class ServiceLocation(Base):
    """Link from a service to one of its locations; ``position`` keeps the user's order."""

    __mapper_args__ = _CASCADED_ROWS

    __tablename__ = "service_location"

    service_id: Mapped[str] = mapped_column(
        reference("service.id", cascade=True), primary_key=True,
        info=not_a_field("storage of Service.location_ids"),
    )
    location_id: Mapped[str] = mapped_column(
        reference("location.id", cascade=True), primary_key=True,
        info=not_a_field("storage of Service.location_ids"),
    )
    position: Mapped[int] = mapped_column(
        Integer, default=0, info=not_a_field("the order of Service.location_ids")
    )


def _team(line: int) -> Any:
    return field(
        Ref("team"), f"Support line {line}", none_label="— none —", form=Form.RESPONSIBILITY,
        sheet=Sheet.OWNERSHIP, json=f"support_lines.{line}", json_if_set=True,
        dot=f"support_line_{line}", csv=f"support_line_{line}",
        help=(
            "Who takes the call first: the service desk or operators following the runbook.",
            "Who fixes what the first line cannot, using the runbook's procedures.",
            "The specialists: the team that knows the technology in depth.",
            "The vendor or an external partner, as the last resort.",
        )[line - 1],
    )


class Service(Base):
    """An infrastructure or business service and everything recorded about who runs it."""

    __tablename__ = "service"

    id: Mapped[str] = field(Slug(), "Id", primary_key=True, subject="service id", dot=None,
                            sheet=Sheet.HEADLINE, sheet_label="")
    name: Mapped[str] = field(
        Text(required=True), "Name", form=Form.MAIN, sheet=Sheet.TITLE, dot="label",
        help="What the service is called in the diagram, the lists and the review PDF.",
    )
    kind: Mapped[ServiceKind] = field(
        Choice(ServiceKind), "Kind", default=ServiceKind.APPLICATION, form=Form.MAIN,
        sheet=Sheet.HEADLINE, sheet_label="",
        help="What the service is; its icon and colour, and which rules apply to it.",
    )
    description: Mapped[str] = field(
        Text(lines=True), "Description", form=Form.MAIN, sheet=Sheet.TEXT,
        help="What the service does and for whom.",
    )
    zone_id: Mapped[str | None] = field(
        Ref("zone"), "Zone", none_label="— no zone —", form=Form.WHERE, sheet=Sheet.HEADLINE,
        sheet_label="zone", dot=None,
        help="The network zone it runs in; the zone policy decides whom it may connect to.",
    )
    environments: Mapped[tuple[Environment, ...]] = field(
        Stages(), "Stages", form=Form.WHERE, sheet=Sheet.HEADLINE, sheet_label="",
        help="The DTAP stages it exists in; a service in production is held to the "
             "production rules.",
    )
    location_links: Mapped[list[ServiceLocation]] = relationship(
        order_by=ServiceLocation.position,
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
        passive_deletes=True,
        info=declaration(
            Refs("location"), "Locations", key="location_ids", form=Form.WHERE,
            sheet=Sheet.OPERATION,
            help="Where its instances run; a high or critical service in one location "
                 "fails with it (RES-003).",
        ),
    )
    instances: Mapped[int] = field(
        Count(minimum=1, maximum=MAX_INSTANCES), "Instances", default=1, form=Form.WHERE,
        sheet=Sheet.OPERATION, sheet_label="Runs as",
        help="How many copies run; a single instance is a single point of failure.",
    )
    stateful: Mapped[bool] = field(
        Flag(), "Stateful (holds data)", form=Form.WHERE, sheet=Sheet.OPERATION,
        sheet_label="Runs as",
        help="It holds data that must be backed up and restored (INT-002, INT-006).",
    )
    internet_facing: Mapped[bool] = field(
        Flag(), "Internet-facing", subject="internet_facing", form=Form.WHERE,
        sheet=Sheet.OPERATION, sheet_label="Runs as",
        help="Reachable from the internet; it must sit behind a gateway (INT-005).",
    )
    external: Mapped[bool] = field(
        Flag(), "External party (not operated by us)", form=Form.WHERE, sheet=Sheet.OPERATION,
        sheet_label="Runs as", json_if_set=True, stored_default="0",
        help="A party the organisation does not operate (customers' browsers, a payment "
             "provider): it is drawn for its integrations, and the operational rules "
             "(ownership, monitoring, patching, DTAP) do not apply to it.",
    )
    criticality: Mapped[Criticality] = field(
        Choice(Criticality), "Criticality", default=Criticality.MEDIUM, form=Form.MAIN,
        sheet=Sheet.HEADLINE, sheet_label="criticality",
        help="How much the organisation suffers when it is down; high and critical "
             "services are held to stricter rules.",
    )
    data_classification: Mapped[DataClassification | None] = field(
        Choice(DataClassification), "Data classification", subject="data_classification",
        none_label="— not classified —", form=Form.MAIN, sheet=Sheet.HEADLINE,
        sheet_label="data", json_if_set=True,
        help="How sensitive the data it holds or handles is; confidential and secret data "
             "must never travel unencrypted (INT-010).",
    )
    owner_id: Mapped[str | None] = field(
        Ref("team"), "Owner", none_label="— none —", form=Form.RESPONSIBILITY,
        sheet=Sheet.OWNERSHIP,
        help="The team accountable for the service: its design, changes and lifecycle.",
    )
    support_line_1_id: Mapped[str | None] = _team(1)
    support_line_2_id: Mapped[str | None] = _team(2)
    support_line_3_id: Mapped[str | None] = _team(3)
    support_line_4_id: Mapped[str | None] = _team(4)
    runbook: Mapped[str] = field(
        Text(), "Runbook", form=Form.RESPONSIBILITY, sheet=Sheet.OWNERSHIP,
        hint="where second line finds its procedures",
        help="Where the procedures for operating and recovering it are kept (OWN-006).",
    )
    technology: Mapped[str] = field(
        Text(), "Technology", form=Form.RESPONSIBILITY, sheet=Sheet.OWNERSHIP,
        hint="PostgreSQL", json_if_set=True, stored_default="''",
        help="The product family it runs on, matched (ignoring case) to the skills of teams: "
             "\"3 FTE per technology\" (OWN-007).",
    )
    required_hours: Mapped[SupportHours | None] = field(
        Choice(SupportHours), "Required hours", subject="required_hours",
        none_label="— unknown —", form=Form.RESPONSIBILITY, sheet=Sheet.OWNERSHIP,
        sheet_label="Needs support", json_if_set=True,
        help="The internal SLA the business needs: when it must be supported. Support lines "
             "or a vendor covering less are flagged (OWN-008).",
    )
    vendor_name: Mapped[str] = field(
        Text(), "Vendor", json="vendor.name", form=Form.VENDOR, sheet=Sheet.VENDOR,
        help="Who supplies the product; empty for something built and run in-house.",
    )
    vendor_contract: Mapped[str] = field(
        Text(), "Contract", json="vendor.contract", form=Form.VENDOR, sheet=Sheet.VENDOR,
        help="The support contract: its number or where it is kept (OWN-004).",
    )
    vendor_sla: Mapped[str] = field(
        Text(), "SLA", json="vendor.sla", form=Form.VENDOR, sheet=Sheet.VENDOR,
        help="What the vendor promises: support hours, response and fix times (OWN-004).",
    )
    vendor_escalation: Mapped[str] = field(
        Text(), "Escalation", json="vendor.escalation", form=Form.VENDOR, sheet=Sheet.VENDOR,
        help="How to escalate to the vendor when the normal channel is too slow.",
    )
    vendor_contract_end: Mapped[dt.date | None] = field(
        Day(), "Contract ends", subject="vendor contract_end", json="vendor.contract_end",
        form=Form.VENDOR, sheet=Sheet.VENDOR, json_if_set=True,
        help="When the support contract ends; it must be renewed or replaced in time "
             "(LIF-007).",
    )
    vendor_support_hours: Mapped[SupportHours | None] = field(
        Choice(SupportHours), "Vendor support hours", subject="vendor support_hours",
        json="vendor.support_hours", none_label="— unknown —", form=Form.VENDOR,
        sheet=Sheet.VENDOR, sheet_label="Support hours", json_if_set=True,
        help="When the vendor answers; less than the service's required hours is flagged "
             "(OWN-008).",
    )
    lifecycle_version: Mapped[str] = field(
        Text(), "Version", json="lifecycle.version", dot="version", form=Form.LIFECYCLE,
        sheet=Sheet.LIFECYCLE,
        help="The version in production, to compare with the vendor's support dates.",
    )
    end_of_sale: Mapped[dt.date | None] = field(
        Day(), "End of sale", subject="end_of_sale", json="lifecycle.end_of_sale",
        dot="end_of_sale", form=Form.LIFECYCLE, sheet=Sheet.LIFECYCLE,
        help="From this date no new licences or hardware can be bought.",
    )
    end_of_support: Mapped[dt.date | None] = field(
        Day(), "End of support", subject="end_of_support", json="lifecycle.end_of_support",
        dot="end_of_support", form=Form.LIFECYCLE, sheet=Sheet.LIFECYCLE,
        help="From this date the vendor no longer fixes it (LIF-001, LIF-002).",
    )
    end_of_life: Mapped[dt.date | None] = field(
        Day(), "End of life", subject="end_of_life", json="lifecycle.end_of_life",
        dot="end_of_life", form=Form.LIFECYCLE, sheet=Sheet.LIFECYCLE,
        help="From this date it must no longer run (LIF-001, LIF-003).",
    )
    extended_support_until: Mapped[dt.date | None] = field(
        Day(), "Extended support until", subject="extended_support_until",
        json="lifecycle.extended_support_until", dot="extended_support_until",
        form=Form.LIFECYCLE, sheet=Sheet.LIFECYCLE, json_if_set=True,
        help="An extended support contract beyond the end of support: until this date the "
             "vendor still fixes it (LIF-001, LIF-002).",
    )
    exit_plan: Mapped[str] = field(
        Text(), "Exit plan", form=Form.LIFECYCLE, sheet=Sheet.LIFECYCLE,
        hint="the alternative if it goes away",
        help="What replaces it if the product or vendor goes away (LIF-004).",
    )
    cost_yearly: Mapped[float | None] = field(
        Number(minimum=0), "Yearly cost", subject="cost", json="cost.yearly", form=Form.COST,
        sheet=Sheet.COST, sheet_label="Cost",
        help="What it costs per year, licences and operation included; showback splits it "
             "over the services that rely on it.",
    )
    cost_currency: Mapped[str] = field(
        Text(length=8), "Currency", json="cost.currency", form=Form.COST, sheet=Sheet.COST,
        sheet_label="Cost", hint="EUR",
        help="The currency of the yearly cost.",
    )
    license_capacity: Mapped[int | None] = field(
        Number(minimum=0, whole=True), "Licence capacity", json="license.capacity",
        form=Form.COST, sheet=Sheet.COST, sheet_label="Licences",
        help="How many licences are bought.",
    )
    license_usage: Mapped[int | None] = field(
        Number(minimum=0, whole=True), "Licence usage", json="license.usage", form=Form.COST,
        sheet=Sheet.COST, sheet_label="Licences",
        help="How many licences are in use; above the capacity is a finding (CST-002).",
    )
    last_restore_test: Mapped[dt.date | None] = field(
        Day(), "Last restore test", subject="last_restore_test", form=Form.RECOVERY,
        sheet=Sheet.OPERATION, sheet_label="Restore tested",
        help="When a restore from backup was last tried; a backup never restored is a "
             "hope, not a backup (INT-007).",
    )
    rto_hours: Mapped[float | None] = field(
        Number(minimum=0, maximum=MAX_HOURS), "RTO (hours)", subject="rto_hours",
        form=Form.RECOVERY, sheet=Sheet.OPERATION, sheet_label="Recovery objectives",
        hint="hours until it must be back", json_if_set=True,
        help="Recovery time objective: how many hours after a disaster it must run again. "
             "What it relies on must come back sooner (RES-007).",
    )
    rpo_hours: Mapped[float | None] = field(
        Number(minimum=0, maximum=MAX_HOURS), "RPO (hours)", subject="rpo_hours",
        form=Form.RECOVERY, sheet=Sheet.OPERATION, sheet_label="Recovery objectives",
        hint="hours of data it may lose", json_if_set=True,
        help="Recovery point objective: how many hours of data may be lost; its backups must "
             "run at least that often (RES-007).",
    )
    last_dr_test: Mapped[dt.date | None] = field(
        Day(), "Last DR test", subject="last_dr_test", form=Form.RECOVERY,
        sheet=Sheet.OPERATION, sheet_label="DR tested", json_if_set=True,
        help="When its disaster-recovery procedure was last exercised; high and critical "
             "services need one within the last year (RES-008).",
    )
    patch_cycle_days: Mapped[int | None] = field(
        Number(minimum=1, maximum=MAX_PATCH_CYCLE_DAYS, whole=True), "Patch cycle (days)",
        subject="patch_cycle_days", form=Form.MAINTENANCE, sheet=Sheet.OPERATION,
        sheet_label="Patched every", hint="days between patch rounds", json_if_set=True,
        help="How often security and stability patches are rolled out; longer than the "
             "longest patch cycle setting (90 days by default) is flagged (MNT-001).",
    )
    maintenance_window: Mapped[str] = field(
        Text(), "Maintenance window", form=Form.MAINTENANCE, sheet=Sheet.OPERATION,
        hint="Sun 02:00–06:00", json_if_set=True, stored_default="''",
        help="When planned maintenance may interrupt it, agreed with its consumers.",
    )
    notes: Mapped[str] = field(
        Text(lines=True), "Notes", form=Form.RECOVERY, sheet=Sheet.TEXT,
        help="Anything else a reviewer should know.",
    )
    answered_none: Mapped[tuple[str, ...]] = field(
        FieldPaths(), "Asked, there is none", subject="answered_none", form=Form.RECOVERY,
        sheet=Sheet.TEXT, json_if_set=True, stored_default="''", hint="exit_plan, runbook",
        help="The fields a review asked about and was told there is none (\"no exit plan\"), "
             "by their file names. An empty field not listed was not asked yet: a gap in the "
             "review's completeness, not yet a finding.",
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


class Integration(Base):
    """SOURCE relies on TARGET for KIND."""

    __tablename__ = "integration"

    id: Mapped[str] = field(Slug(), "Id", primary_key=True, subject="integration id")
    source_id: Mapped[str] = field(
        Ref("service"), "From", index=True, form=Form.MAIN, dot=None,
        help="The service that relies on the other one",
    )
    target_id: Mapped[str] = field(
        Ref("service"), "To", index=True, form=Form.MAIN, dot=None,
        help="The service it relies on",
    )
    kind: Mapped[IntegrationKind] = field(
        Choice(IntegrationKind), "Kind", default=IntegrationKind.DEPENDS_ON, form=Form.MAIN,
        help="What the source relies on the target for; the rules look for the kinds a "
             "service needs (monitoring, backup, admin login…).",
    )
    mode: Mapped[IntegrationMode] = field(
        Choice(IntegrationMode), "Mode", default=IntegrationMode.SYNCHRONOUS, form=Form.MAIN,
        json_if_set=True, stored_default="'synchronous'",
        help="Synchronous: the source needs the target while it serves. Batch: now and then "
             "(a nightly file drop), so a batch data flow is not runtime reliance and does "
             "not count for single points of failure or the recovery order.",
    )
    protocol: Mapped[str] = field(
        Text(), "Protocol / port", form=Form.MAIN, hint="https/443",
        help="How they talk, for the firewall request and the review.",
    )
    encrypted: Mapped[bool] = field(
        Flag(), "Encrypted in transit", form=Form.MAIN,
        help="The connection is encrypted (TLS, SSH, an encrypted tunnel).",
    )
    mfa: Mapped[bool] = field(
        Flag(), "Requires MFA", form=Form.MAIN,
        help="Logging in through it needs a second factor (INT-004).",
    )
    initiator_override: Mapped[Initiator | None] = field(
        Choice(Initiator), "Initiator", subject="initiator", none_label="Kind default",
        form=Form.MAIN, json="initiator", json_if_set=True,
        help="Which end opens the network connection, for the zone policy; by default the "
             "relying source does, except that a gateway connects to what it fronts.",
    )
    """``None`` means "the kind's default" (see :attr:`IntegrationKind.default_initiator`)."""
    notes: Mapped[str] = field(
        Text(lines=True), "Notes", form=Form.MAIN,
        help="Anything else a reviewer should know about the link.",
    )

    @property
    def is_batch(self) -> bool:
        """A batch flow: the source does not need the target while it serves."""
        return self.mode is IntegrationMode.BATCH

    @property
    def initiator(self) -> Initiator:
        """The end that opens the connection: the override, else the kind's default."""
        return self.initiator_override or IntegrationKind(self.kind).default_initiator


class Waiver(Base):
    """An accepted risk: findings of ``rule`` on ``subject`` count as waived until ``expires``."""

    __tablename__ = "waiver"

    pk: Mapped[int] = mapped_column(primary_key=True, autoincrement=True, info=_NUMBERED)
    rule: Mapped[str] = field(
        Code(required=True, length=16), "Rule", default=None,
        help="The id of the rule whose finding is accepted (INT-002).",
    )
    subject: Mapped[str] = field(
        Slug(), "Subject", subject="waiver subject",
        help="The id of the service, integration, team or zone the finding is about.",
    )
    reason: Mapped[str] = field(
        Text(), "Reason", help="Why the risk is accepted, in the words of who accepted it.",
    )
    accepted_by: Mapped[str] = field(
        Text(), "Accepted by", subject="accepted_by",
        help="Who accepted the risk: a name and a role.",
    )
    expires: Mapped[dt.date | None] = field(
        Day(), "Expires",
        help="Until when the risk is accepted; after it the finding is open again (WVR-001).",
    )

    __table_args__ = (UniqueConstraint("rule", "subject", name="waiver_rule_subject"),)


class View(Base):
    """A named diagram of the model: where each service (and zone area) is drawn."""

    __tablename__ = "view"

    id: Mapped[str] = field(Slug(), "Id", primary_key=True, subject="view id")
    name: Mapped[str] = field(Text(), "Name", help="What the diagram shows.")
    scope: Mapped[ViewScope] = field(
        Choice(ViewScope), "Shows", default=ViewScope.EVERYTHING, json_if_set=True,
        stored_default="'everything'",
        help="Which services the view shows: all, the ones placed on it, or a selection "
             "generated from the model and kept up to date as it changes.",
    )
    subject: Mapped[str] = field(
        Text(), "Of", json_if_set=True, stored_default="''",
        help="What a generated view is about: a zone, team, location or service id, a "
             "region's name or a stage.",
    )
    depth: Mapped[int] = field(
        Count(minimum=1, maximum=9), "Depth", default=1, json_if_set=True, stored_default="1",
        help="How many integrations away from its service a neighbourhood reaches, "
             "in both directions.",
    )
    kinds: Mapped[tuple[IntegrationKind, ...]] = field(
        WordChoices(IntegrationKind, RUNTIME_KINDS), "Drawn kinds", json_if_set=True,
        stored_default="'depends_on,user_auth,gateway,data_flow'",
        help="The integration kinds drawn as arrows (the layers shown); hidden supporting "
             "kinds are folded into marks on each box.",
    )
    collapsed: Mapped[tuple[str, ...]] = field(
        IdList(), "Collapsed zones", json_if_set=True, stored_default="''",
        help="Zones drawn as one box, their links to the rest aggregated with a count.",
    )
    order: Mapped[int] = mapped_column(
        Integer, default=0, info=not_a_field("files keep views as a list in this order")
    )

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


_COORDINATE = Number(minimum=-MAX_COORDINATE, maximum=MAX_COORDINATE)
_SIZE = Number(minimum=1, maximum=MAX_COORDINATE)
_IN_A_BOX = "written as the box [x, y, width, height] of its view"


class ViewPosition(Base):
    """Top-left of a service's box in one view; ``width``/``height`` ``None`` = default size."""

    __mapper_args__ = _CASCADED_ROWS

    __tablename__ = "view_position"

    view_id: Mapped[str] = mapped_column(
        reference("view.id", cascade=True), primary_key=True,
        info=not_a_field("the view whose positions hold this box"),
    )
    service_id: Mapped[str] = mapped_column(
        reference("service.id", cascade=True), primary_key=True,
        info=not_a_field("the key of the box in its view's positions"),
    )
    x: Mapped[float] = field(_COORDINATE, "X", default=0.0, json=None, help=_IN_A_BOX)
    y: Mapped[float] = field(_COORDINATE, "Y", default=0.0, json=None, help=_IN_A_BOX)
    width: Mapped[float | None] = field(_SIZE, "Width", json=None, help=_IN_A_BOX)
    height: Mapped[float | None] = field(_SIZE, "Height", json=None, help=_IN_A_BOX)


class ViewZoneArea(Base):
    """The rectangle a zone is drawn as in one view (scene coordinates, top-left + size)."""

    __mapper_args__ = _CASCADED_ROWS

    __tablename__ = "view_zone_area"

    view_id: Mapped[str] = mapped_column(
        reference("view.id", cascade=True), primary_key=True,
        info=not_a_field("the view whose zone areas hold this rectangle"),
    )
    zone_id: Mapped[str] = mapped_column(
        reference("zone.id", cascade=True), primary_key=True,
        info=not_a_field("the key of the rectangle in its view's zone areas"),
    )
    x: Mapped[float] = field(_COORDINATE, "X", default=0.0, json=None, help=_IN_A_BOX)
    y: Mapped[float] = field(_COORDINATE, "Y", default=0.0, json=None, help=_IN_A_BOX)
    width: Mapped[float] = field(_SIZE, "Width", default=400.0, json=None, help=_IN_A_BOX)
    height: Mapped[float] = field(_SIZE, "Height", default=300.0, json=None, help=_IN_A_BOX)


SETTING_DEFAULTS: dict[str, float | int] = {f.key: f.default for f in fields_of(Settings)}
"""The defaults of :class:`Settings`, for code that builds a settings row by hand."""

TEAM_REFERENCES: tuple[str, ...] = references_to(Service, "team")
"""The service fields that name a team: its owner and support lines 1–4. Deleting,
merging, pasting or listing teams goes through all of them."""
