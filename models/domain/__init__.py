"""The Qt-free domain: entities (typed ORM), vocabularies, invariants and the editable model.

Import from here: ``from models.domain import Model, Service, ServiceKind``.
"""

from models.domain.changes import Action, Change, Listener
from models.domain.decisions import ActionStatus, Decision, DecisionOutcome
from models.domain.entities import (
    SETTING_DEFAULTS,
    SUPPORT_LINES,
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
from models.domain.enums import (
    ENVIRONMENT_ORDER,
    TRUST_LEVELS,
    TRUST_WORDS,
    Criticality,
    DataClassification,
    Environment,
    Initiator,
    IntegrationKind,
    IntegrationMode,
    ServiceKind,
    Severity,
    SupportHours,
)
from models.domain.errors import ModelError
from models.domain.model import KEYED_ENTITIES, Model
from models.domain.values import IdAllocator, check_slug, name_key, slugify, unique_slug

__all__ = [
    "ENVIRONMENT_ORDER",
    "KEYED_ENTITIES",
    "SETTING_DEFAULTS",
    "SUPPORT_LINES",
    "TEAM_REFERENCES",
    "TRUST_LEVELS",
    "TRUST_WORDS",
    "Action",
    "ActionStatus",
    "Base",
    "Change",
    "Criticality",
    "DataClassification",
    "Decision",
    "DecisionOutcome",
    "DocumentInfo",
    "Environment",
    "IdAllocator",
    "Initiator",
    "Integration",
    "IntegrationKind",
    "IntegrationMode",
    "Listener",
    "Location",
    "Model",
    "ModelError",
    "Service",
    "ServiceKind",
    "ServiceLocation",
    "Settings",
    "Severity",
    "SupportHours",
    "Team",
    "View",
    "ViewPosition",
    "ViewZoneArea",
    "Waiver",
    "Zone",
    "ZonePolicy",
    "check_slug",
    "name_key",
    "slugify",
    "unique_slug",
]
