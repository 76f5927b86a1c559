"""QA: changes reach production through stages where they can be tested first."""

from __future__ import annotations

from collections.abc import Iterator

from models.analysis.context import Context, escalate
from models.analysis.results import Finding, Rule
from models.analysis.rules.base import RuleCheck, registrar
from models.domain.enums import Environment, Severity

CHECKS: list[RuleCheck] = []
rule = registrar(CHECKS)


@rule(
    "QA-001",
    "Production service without a test or acceptance stage",
    Severity.LOW,
    rationale="DTAP: patches, upgrades and configuration changes need somewhere to be tried "
    "before production; without a test or acceptance stage, production is the test. "
    "Raised for high or critical services.",
    recommendation="Provide a test or acceptance environment for the service.",
)
def no_dtap_path(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.operated_services:
        if not s.is_production:
            continue
        stages = s.environments
        if Environment.TEST not in stages and Environment.ACCEPTANCE not in stages:
            yield r.finding(
                (s.id,),
                f"{ctx.label(s.id)} has no test or acceptance stage before production.",
                severity=escalate(r.severity, s.criticality),
            )

