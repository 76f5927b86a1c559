"""MNT: maintenance — production is patched regularly, in windows its consumers know."""

from __future__ import annotations

from collections.abc import Iterator

from models.analysis.context import Context
from models.analysis.results import Finding, Rule
from models.analysis.rules.base import RuleCheck, registrar
from models.domain.enums import Severity

CHECKS: list[RuleCheck] = []
rule = registrar(CHECKS)


@rule(
    "MNT-001",
    "Production service without a regular patch cycle",
    Severity.MEDIUM,
    rationale="Maintenance means \"executing security- and stability patch validation and "
    "roll-out\": a production service with no patch cycle, or one longer than the longest "
    "patch cycle setting (90 days by default), keeps known vulnerabilities open for months.",
    recommendation="Agree a patch cycle within the longest allowed one, with a maintenance "
    "window its consumers know, and record both.",
)
def patch_cycle(ctx: Context, r: Rule) -> Iterator[Finding]:
    longest = ctx.thresholds.patch_cycle_max_days
    for s in ctx.operated_services:
        if not s.is_production:
            continue
        days = s.patch_cycle_days
        if days is None:
            message = f"{ctx.label(s.id)} runs in production with no patch cycle recorded."
        elif days > longest:
            message = (f"{ctx.label(s.id)} is patched every {days} days, longer than the "
                       f"{longest} days allowed.")
        else:
            continue
        yield r.finding((s.id,), message)
