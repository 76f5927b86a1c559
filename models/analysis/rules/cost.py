"""CST: showback needs every cost, and licences must cover the usage."""

from __future__ import annotations

from collections.abc import Iterator

from models.analysis.context import Context
from models.analysis.results import Finding, Rule
from models.analysis.rules.base import RuleCheck, registrar
from models.domain.enums import ServiceKind, Severity

CHECKS: list[RuleCheck] = []
rule = registrar(CHECKS)


@rule(
    "CST-001",
    "No cost recorded",
    Severity.LOW,
    rationale="Showback — what a service factually costs the organisation — supports "
    "conscious decisions about consumption; a service without a cost is invisible in it.",
    recommendation="Record the yearly cost (purchase, support contract and what it needs).",
)
def no_cost(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.services:
        if not s.has_vendor and not ctx.operated(s.id):
            continue  # customers' browsers: nothing of ours to cost
        if s.cost_yearly is None:
            yield r.finding((s.id,), f"{ctx.label(s.id)} has no yearly cost recorded.")


@rule(
    "CST-002",
    "Licence usage above capacity",
    Severity.MEDIUM,
    rationale="Usage beyond the licensed capacity is what licence audits are made of; the "
    "vendor's interpretation of the contract will be the expensive one.",
    recommendation="Buy the licences, or bring usage back within the capacity.",
)
def over_licensed(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.services:
        used, capacity = s.license_usage, s.license_capacity
        if used is not None and capacity is not None and used > capacity:
            yield r.finding(
                (s.id,),
                f"{ctx.label(s.id)} uses {used} licences of the {capacity} it has.",
            )


PLATFORM_KINDS = frozenset({
    ServiceKind.MONITORING, ServiceKind.LOGGING, ServiceKind.BACKUP, ServiceKind.CI_CD,
    ServiceKind.IDENTITY_PROVIDER,
})
"""Kinds that exist to support other services: their cost is shown back to their users."""


@rule(
    "CST-003",
    "Platform cost left unallocated",
    Severity.LOW,
    rationale="\"The cost also depends on […] the costs of other depending technologies\": "
    "showback spreads the cost of supporting services — backup, monitoring, logging, the "
    "asset register, CI/CD, admin login — over the services that use them. A platform "
    "service nothing uses leaves its cost unallocated: nobody sees it in their showback.",
    recommendation="Record the integrations of the services that use the platform, or "
    "retire it.",
)
def unallocated(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.services:
        cost = s.cost_yearly
        if not cost or s.kind not in PLATFORM_KINDS or ctx.consumers(s.id):
            continue
        currency = s.cost_currency.strip().upper()
        owner = f"stays with {ctx.team_label(s.owner_id)}" if s.owner_id else "stays with nobody"
        yield r.finding(
            (s.id,),
            f"{ctx.label(s.id)} costs {cost:,.0f} {currency} a year, but no service uses it: "
            f"the cost {owner}, unallocated.",
        )
