"""LIF: products age out; the organisation must see it coming and have a way out."""

from __future__ import annotations

from collections.abc import Iterator

from models.analysis.context import Context, add_months, escalate
from models.analysis.results import Finding, Rule
from models.analysis.rules.base import RuleCheck, registrar
from models.domain.enums import Severity

CHECKS: list[RuleCheck] = []
rule = registrar(CHECKS)


@rule(
    "LIF-001",
    "Past end of support or end of life",
    Severity.HIGH,
    rationale="Past end of support no fixes arrive, not even for security issues; past end of "
    "life nobody can help at all. A date counts from the day itself. Critical for high or "
    "critical services.",
    recommendation="Upgrade or migrate, or get extended support and record it.",
)
def past_support(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.services:
        ended = [
            f"{what} since {day.isoformat()}"
            for what, day in (("end of support", s.end_of_support), ("end of life", s.end_of_life))
            if day is not None and day <= ctx.as_of
        ]
        if ended:
            yield r.finding(
                (s.id,),
                f"{ctx.label(s.id)} has been past {' and '.join(ended)}.",
                severity=escalate(r.severity, s.criticality),
            )


@rule(
    "LIF-002",
    "End of support within the horizon",
    Severity.MEDIUM,
    rationale="Migrations and upgrades take planning and alignment with every consumer; the "
    "end of support must be visible while there is still time (the horizon, 12 months by "
    "default). Raised for high or critical services.",
    recommendation="Plan the upgrade or migration and tell the consumers when it happens.",
)
def support_ending(ctx: Context, r: Rule) -> Iterator[Finding]:
    months = ctx.thresholds.lifecycle_horizon_months
    horizon = add_months(ctx.as_of, months)
    for s in ctx.services:
        day = s.end_of_support
        if day is not None and ctx.as_of < day <= horizon:
            yield r.finding(
                (s.id,),
                f"{ctx.label(s.id)} reaches end of support on {day.isoformat()}, within "
                f"{months} months.",
                severity=escalate(r.severity, s.criticality),
            )


@rule(
    "LIF-003",
    "Relies on a service past end of life",
    Severity.MEDIUM,
    rationale="Whatever relies on an end-of-life product inherits its risk, and has to move "
    "when it is finally switched off. Raised for high or critical consumers.",
    recommendation="Move the reliance to a supported service.",
)
def relies_on_end_of_life(ctx: Context, r: Rule) -> Iterator[Finding]:
    for i in ctx.integrations:
        target = ctx.service[i.target_id]
        if target.end_of_life is not None and target.end_of_life <= ctx.as_of:
            yield r.finding(
                (i.id, i.source_id, i.target_id),
                f"{ctx.label(i.source_id)} relies on {ctx.label(target.id)} for "
                f"{i.kind.purpose}; it reached end of life on "
                f"{target.end_of_life.isoformat()}.",
                severity=escalate(r.severity, ctx.service[i.source_id].criticality),
            )


@rule(
    "LIF-004",
    "High/critical vendor product without an exit plan",
    Severity.MEDIUM,
    rationale="Capabilities outlive products; for an important vendor product an alternative "
    "must be realisable in time if the product or the vendor goes away. When the exit plan "
    "was never asked about (the review has not reached it), the finding is only "
    "informational: a gap in what is known, not yet a known risk.",
    recommendation="Describe the exit plan: the alternative and how long switching takes.",
)
def no_exit_plan(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.services:
        if s.has_vendor and s.criticality.is_high and not s.exit_plan.strip():
            head = f"{ctx.label(s.id)} is {s.criticality.value} and depends on {s.vendor_name}"
            if "exit_plan" in s.answered_none:
                yield r.finding((s.id,), f"{head} with no exit plan (the review was told "
                                "there is none).")
            else:
                yield r.finding(
                    (s.id,),
                    f"{head}; no exit plan is recorded and the review has not asked yet.",
                    severity=Severity.INFO,
                    recommendation="Ask the owners in the review whether there is an exit "
                    "plan: record it, or that there is none.",
                )
