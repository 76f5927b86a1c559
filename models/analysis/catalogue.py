"""The one catalogue of rules: the design rules, plus the waiver rule.

Rule ids are stable: pipelines (``--fail-on``) and waivers refer to them. The catalogue is
ordered by id; each family (OWN, INT, ZON, RES, LIF, CST, QA, ACT, MNT) lives in its own
module under
:mod:`models.analysis.rules`.

Severity: each rule has a default; most rules about one service raise it one step for a
high or critical service (:func:`models.analysis.context.escalate`), and each rule's
rationale says when it does. Thresholds (minimum FTE, lifecycle horizon, restore-test age,
team concentration) are document settings, read once per analysis.

``WVR-001`` is not a design rule: it reports a waiver whose expiry date has passed, so that an
accepted risk does not silently become a permanent one. Its subject is the waiver's subject,
and the finding it used to hide is reported again, unwaived.
"""

from __future__ import annotations

from types import MappingProxyType

from models.analysis.results import Rule
from models.analysis.rules import (
    actions,
    cost,
    integrations,
    lifecycle,
    maintenance,
    ownership,
    quality,
    resilience,
    zoning,
)
from models.analysis.rules.base import RuleCheck
from models.domain.enums import Severity

FAMILIES = (
    ownership, integrations, zoning, resilience, lifecycle, cost, quality, actions, maintenance,
)

EXPIRED_WAIVER = Rule(
    "WVR-001",
    "Waiver expired",
    Severity.LOW,
    rationale="A waiver accepts a risk for a limited time; once it expires the risk is back "
    "on the table and somebody must decide again.",
    recommendation="Fix the finding, or renew the waiver with a new expiry date and reason.",
)

CHECKS: tuple[RuleCheck, ...] = tuple(
    sorted((c for family in FAMILIES for c in family.CHECKS), key=lambda c: c.rule.id)
)

RULES: MappingProxyType[str, Rule] = MappingProxyType(
    {c.rule.id: c.rule for c in CHECKS} | {EXPIRED_WAIVER.id: EXPIRED_WAIVER}
)
"""Every rule by id (read-only)."""
