"""CST: showback needs every cost, and licences must cover the usage."""

from __future__ import annotations

from collections.abc import Iterator

from models.analysis.context import Context
from models.analysis.results import Finding, Rule
from models.analysis.rules.base import RuleCheck, registrar
from models.domain.enums import Severity

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
