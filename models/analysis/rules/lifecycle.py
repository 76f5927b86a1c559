"""LIF: products age out; the organisation must see it coming and have a way out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from models.analysis.context import Context, add_months, escalate
from models.analysis.facts import ServiceFacts
from models.analysis.results import Finding, Rule
from models.analysis.rules.base import RuleCheck, registrar
from models.domain.enums import Severity

CHECKS: list[RuleCheck] = []
rule = registrar(CHECKS)


def supported_until(s: ServiceFacts) -> dt.date | None:
    """The last day of support: the end of support, or a later extended support."""
    extended = s.extended_support_until
    if extended is not None and (s.end_of_support is None or extended > s.end_of_support):
        return extended
    return s.end_of_support


def _months_until(start: dt.date, end: dt.date) -> str:
    """``4 months`` (or ``2 weeks``, ``1 day``) from ``start`` to ``end``, rounded down."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    if months >= 1:
        return f"{months} month{'s' if months != 1 else ''}"
    days = (end - start).days
    if days >= 14:
        return f"{days // 7} weeks"
    return f"{days} day{'s' if days != 1 else ''}"


@rule(
    "LIF-001",
    "Past end of support or end of life",
    Severity.HIGH,
    rationale="Past end of support no fixes arrive, not even for security issues; past end of "
    "life nobody can help at all. A date counts from the day itself; extended support, when "
    "recorded, moves the end of support. Critical for high or critical services.",
    recommendation="Upgrade or migrate, or get extended support and record it.",
)
def past_support(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.services:
        ended = [
            f"{what} since {day.isoformat()}"
            for what, day in (("end of support", supported_until(s)),
                              ("end of life", s.end_of_life))
            if day is not None and day <= ctx.as_of
        ]
        if ended and supported_until(s) != s.end_of_support:
            ended[0] = ended[0].replace("end of support", "end of extended support", 1)
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
        day = supported_until(s)
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


@rule(
    "LIF-005",
    "Past end of sale",
    Severity.LOW,
    rationale="Past end of sale no new licences or hardware can be bought: the service cannot "
    "grow, and a broken part may not be replaceable. The first lifecycle stage to \"address "
    "accordingly\"; a product already past end of support or life is LIF-001's.",
    recommendation="Plan the upgrade or migration before the end of support, and buy the "
    "capacity the service will need until then.",
)
def past_sale(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.services:
        day = s.end_of_sale
        if day is None or day > ctx.as_of:
            continue
        support, life = supported_until(s), s.end_of_life
        if any(d is not None and d <= ctx.as_of for d in (support, life)):
            continue
        yield r.finding(
            (s.id,),
            f"{ctx.label(s.id)} has been past end of sale since {day.isoformat()}: no new "
            "licences or hardware can be bought.",
        )


@rule(
    "LIF-006",
    "End of life within the horizon",
    Severity.HIGH,
    rationale="End of life is the deadline nothing moves: after it nobody can help at all. "
    "Within the horizon it is a finding when no end of support is recorded (so nothing else "
    "warns in time), and for any high or critical service, whose migration must be aligned "
    "with every consumer.",
    recommendation="Plan the migration so it ends before the end of life, and tell the "
    "consumers when it happens.",
)
def life_ending(ctx: Context, r: Rule) -> Iterator[Finding]:
    months = ctx.thresholds.lifecycle_horizon_months
    horizon = add_months(ctx.as_of, months)
    for s in ctx.services:
        day = s.end_of_life
        if day is None or not ctx.as_of < day <= horizon:
            continue
        if s.end_of_support is not None and not s.criticality.is_high:
            continue
        why = ("no end of support is recorded" if s.end_of_support is None
               else f"it is {s.criticality.value}")
        yield r.finding(
            (s.id,),
            f"{ctx.label(s.id)} reaches end of life on {day.isoformat()}, in "
            f"{_months_until(ctx.as_of, day)}, and {why}: the migration must be done by "
            f"{day.isoformat()}.",
        )


@rule(
    "LIF-007",
    "Vendor contract ends within the horizon",
    Severity.MEDIUM,
    rationale="Without a running contract the vendor owes no support and no fixes, and a "
    "renewal is a negotiation that takes months: the end of the contract must be visible "
    "while there is time to renew or leave. Raised for high or critical services.",
    recommendation="Renew the contract (or carry out the exit plan) before it ends, and "
    "record the new end date.",
)
def contract_ending(ctx: Context, r: Rule) -> Iterator[Finding]:
    months = ctx.thresholds.lifecycle_horizon_months
    horizon = add_months(ctx.as_of, months)
    for s in ctx.services:
        day = s.vendor_contract_end
        if day is None or day > horizon:
            continue
        vendor = f"with {s.vendor_name}" if s.has_vendor else "with its vendor"
        if day <= ctx.as_of:
            message = f"The contract {vendor} for {ctx.label(s.id)} ended on {day.isoformat()}."
        else:
            message = (f"The contract {vendor} for {ctx.label(s.id)} ends on "
                       f"{day.isoformat()}, in {_months_until(ctx.as_of, day)}.")
        yield r.finding((s.id,), message, severity=escalate(r.severity, s.criticality))
