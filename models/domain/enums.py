"""The closed vocabularies of the domain: kinds, criticality, environments, severities.

Every enumeration is a ``StrEnum`` whose value is the snake_case word used in the
interchange format, so conversion at the file boundary is ``Kind(text)`` and ``kind.value``.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class ServiceKind(StrEnum):
    """What a service is; each kind has its own icon and colour in the editor and report."""

    APPLICATION = "application"
    PORTAL = "portal"
    DATABASE = "database"
    IDENTITY_PROVIDER = "identity_provider"
    MONITORING = "monitoring"
    LOGGING = "logging"
    BACKUP = "backup"
    GATEWAY = "gateway"
    FIREWALL = "firewall"
    MESSAGE_BROKER = "message_broker"
    STORAGE = "storage"
    COMPUTE = "compute"
    NETWORK = "network"
    DNS = "dns"
    CI_CD = "ci_cd"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Human-readable name ("Identity provider")."""
        return _KIND_LABELS.get(self, self.value.replace("_", " ").capitalize())


_KIND_LABELS = {ServiceKind.CI_CD: "CI/CD", ServiceKind.DNS: "DNS"}


class IntegrationKind(StrEnum):
    """Why SOURCE relies on TARGET. Every integration reads "SOURCE relies on TARGET for KIND"."""

    DEPENDS_ON = "depends_on"
    ADMIN_AUTH = "admin_auth"
    USER_AUTH = "user_auth"
    MONITORING = "monitoring"
    LOGGING = "logging"
    BACKUP = "backup"
    GATEWAY = "gateway"
    DEPLOYS_VIA = "deploys_via"
    ASSET_TRACKING = "asset_tracking"
    DATA_FLOW = "data_flow"

    @property
    def label(self) -> str:
        """Human-readable name ("Admin auth")."""
        return self.value.replace("_", " ").capitalize()

    @property
    def purpose(self) -> str:
        """How "SOURCE relies on TARGET for …" ends for this kind ("user authentication").

        Messages of the analysis, the editor's refusals and the Inspector's titles all say
        a link this way, so one integration reads the same wherever it is named.
        """
        return _PURPOSES[self]

    @property
    def default_initiator(self) -> Initiator:
        """Which end opens the connection when the integration does not say.

        A gateway (reverse proxy) connects *to* the service behind it, so the target
        initiates; for every other kind the relying source initiates.
        """
        return Initiator.TARGET if self is IntegrationKind.GATEWAY else Initiator.SOURCE


_PURPOSES = {
    IntegrationKind.DEPENDS_ON: "a runtime dependency",
    IntegrationKind.ADMIN_AUTH: "administrator authentication",
    IntegrationKind.USER_AUTH: "user authentication",
    IntegrationKind.MONITORING: "monitoring",
    IntegrationKind.LOGGING: "logging",
    IntegrationKind.BACKUP: "backup",
    IntegrationKind.GATEWAY: "its gateway",
    IntegrationKind.DEPLOYS_VIA: "deployments",
    IntegrationKind.ASSET_TRACKING: "asset tracking",
    IntegrationKind.DATA_FLOW: "a data flow",
}


RUNTIME_KINDS: tuple[IntegrationKind, ...] = (
    IntegrationKind.DEPENDS_ON,
    IntegrationKind.USER_AUTH,
    IntegrationKind.GATEWAY,
    IntegrationKind.DATA_FLOW,
)
"""The **runtime** layer: kinds without which the source stops serving its users when the
target is down. Reliance, single points of failure and blast radius follow only these, and
a view draws them by default. Both lists keep the vocabulary's order."""

SUPPORTING_KINDS: tuple[IntegrationKind, ...] = tuple(
    k for k in IntegrationKind if k not in RUNTIME_KINDS
)
"""The **supporting** layer: kinds that add a capability (monitoring, backup, admin login,
logging, deployments, the asset register) without runtime reliance. A view that hides
them folds them into marks on each box instead."""


class Initiator(StrEnum):
    """Which end of an integration opens the network connection (for zone policy)."""

    SOURCE = "source"
    TARGET = "target"

    @property
    def label(self) -> str:
        """As a choice reads ("Source opens the connection")."""
        return f"{self.value.capitalize()} opens the connection"


class IntegrationMode(StrEnum):
    """Whether the source needs the target while it serves (a call, a login) or only now
    and then (a nightly file drop): a batch flow is not runtime reliance."""

    SYNCHRONOUS = "synchronous"
    BATCH = "batch"

    @property
    def label(self) -> str:
        """As a choice reads ("Synchronous", "Batch")."""
        return self.value.capitalize()


class SupportHours(StrEnum):
    """When help is there: the hours the business needs, a team covers or a vendor answers.

    Ordered: round the clock covers extended hours, which cover business hours.
    """

    BUSINESS_HOURS = "business_hours"
    EXTENDED = "extended"
    ALWAYS = "24x7"

    @property
    def label(self) -> str:
        """As a choice and a report read it ("24x7", "Business hours")."""
        return _HOURS_LABELS[self]

    @property
    def rank(self) -> int:
        """0 for business hours … 2 for round the clock, for comparisons."""
        return list(SupportHours).index(self)


_HOURS_LABELS = {
    SupportHours.BUSINESS_HOURS: "Business hours",
    SupportHours.EXTENDED: "Extended hours",
    SupportHours.ALWAYS: "24x7",
}


class DataClassification(StrEnum):
    """How sensitive the data a service holds or handles is, from public to secret."""

    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    SECRET = "secret"

    @property
    def label(self) -> str:
        """As a choice reads ("Confidential")."""
        return self.value.capitalize()

    @property
    def is_sensitive(self) -> bool:
        """Confidential or secret: what must never travel unencrypted (INT-010)."""
        return self in (DataClassification.CONFIDENTIAL, DataClassification.SECRET)


class Criticality(StrEnum):
    """How much the organisation suffers when the service is down."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for low … 3 for critical, for comparisons."""
        return _CRITICALITY_RANK[self]

    @property
    def is_high(self) -> bool:
        """High or critical: the services the stricter rules apply to."""
        return self.rank >= 2


_CRITICALITY_ORDER = [Criticality.LOW, Criticality.MEDIUM, Criticality.HIGH, Criticality.CRITICAL]
_CRITICALITY_RANK = {c: n for n, c in enumerate(_CRITICALITY_ORDER)}


class Environment(StrEnum):
    """The DTAP stages a service exists in, in lifecycle order."""

    DEVELOPMENT = "development"
    TEST = "test"
    ACCEPTANCE = "acceptance"
    PRODUCTION = "production"

    @property
    def label(self) -> str:
        """Human-readable name ("Production")."""
        return self.value.capitalize()


ENVIRONMENT_ORDER: tuple[Environment, ...] = tuple(Environment)


class ViewScope(StrEnum):
    """Which services a view shows: all, the ones placed on it, or a generated selection.

    A generated view follows the model: a service joining the zone, team, location, region
    or stage appears in it without anyone placing it, and the neighbourhood of a service
    follows its integrations. Its ``subject`` names the zone, team, location, region,
    stage or service.
    """

    EVERYTHING = "everything"
    HAND_MADE = "hand_made"
    ZONE = "zone"
    TEAM = "team"
    LOCATION = "location"
    REGION = "region"
    STAGE = "stage"
    NEIGHBOURHOOD = "neighbourhood"
    RUNTIME = "runtime"

    @property
    def label(self) -> str:
        """As a choice reads ("Neighbourhood of a service")."""
        return _SCOPE_LABELS[self]

    @property
    def needs_subject(self) -> bool:
        """Whether the view names what it is generated from (a zone, a team…)."""
        return self not in (ViewScope.EVERYTHING, ViewScope.HAND_MADE, ViewScope.RUNTIME)


_SCOPE_LABELS = {
    ViewScope.EVERYTHING: "Every service",
    ViewScope.HAND_MADE: "Services placed on it",
    ViewScope.ZONE: "One zone",
    ViewScope.TEAM: "One team's services",
    ViewScope.LOCATION: "One location",
    ViewScope.REGION: "One region",
    ViewScope.STAGE: "One stage",
    ViewScope.NEIGHBOURHOOD: "Neighbourhood of a service",
    ViewScope.RUNTIME: "Runtime only",
}


class Severity(IntEnum):
    """How bad a finding is; ordered, so ``max()`` gives the worst."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def word(self) -> str:
        """The lowercase word used in files, the CLI and the UI ("critical")."""
        return self.name.lower()

    @classmethod
    def parse(cls, word: str) -> Severity:
        """``Severity.parse("high")``; raises ``ValueError`` naming the accepted words."""
        try:
            return cls[word.strip().upper()]
        except KeyError:
            accepted = ", ".join(s.word for s in cls)
            raise ValueError(f"unknown severity {word!r} (expected one of: {accepted})") from None


TRUST_WORDS: dict[int, str] = {
    0: "internet",
    1: "DMZ",
    2: "internal",
    3: "restricted",
    4: "management",
}
"""What each zone trust level means, as zone titles, legends, lists and reports say it."""

TRUST_LEVELS = range(0, 5)
"""Zone trust: 0 = internet, 1 = DMZ, 2 = internal, 3 = restricted, 4 = management."""
