"""OWN: somebody must own, support and be able to escalate for every service."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from models.analysis.context import Context, escalate
from models.analysis.results import Finding, Rule
from models.analysis.rules.base import RuleCheck, registrar
from models.domain.enums import Criticality, Severity

CHECKS: list[RuleCheck] = []
rule = registrar(CHECKS)


@rule(
    "OWN-001",
    "Service without an owning team",
    Severity.HIGH,
    rationale="A service nobody owns is patched, upgraded and recovered by nobody; "
    "maintenance and incident decisions need one accountable team.",
    recommendation="Assign an owning team that maintains the service and answers for it.",
)
def no_owner(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.services:
        if s.owner_id is None:
            yield r.finding(
                (s.id,),
                f"{ctx.label(s.id)} has no owning team.",
                severity=escalate(r.severity, s.criticality),
            )


@rule(
    "OWN-002",
    "Owning team below the minimum FTE",
    Severity.MEDIUM,
    rationale="\"3 FTE per technology\": support must survive off-hours, holidays and absence, "
    "which takes at least three people who know the technology. Raised to high when the "
    "team owns a high or critical service.",
    recommendation="Train or add people until the team has the minimum FTE, or move the "
    "services to a team that has them.",
)
def small_team(ctx: Context, r: Rule) -> Iterator[Finding]:
    owned: dict[str, list[str]] = defaultdict(list)
    high: set[str] = set()
    for s in ctx.services:
        if s.owner_id is not None:
            owned[s.owner_id].append(s.id)
            if s.criticality.is_high:
                high.add(s.owner_id)
    minimum = ctx.thresholds.min_team_fte
    for tid in sorted(owned):
        team = ctx.teams.get(tid)
        if team is None or team.fte >= minimum:
            continue
        count = len(owned[tid])
        yield r.finding(
            (tid,),
            f"Team {ctx.team_label(tid)} has {team.fte:g} FTE but owns {count} "
            f"service{'s' if count != 1 else ''}; at least {minimum:g} FTE are needed to cover "
            "leave, illness and turnover.",
            severity=Severity.HIGH if tid in high else r.severity,
        )


@rule(
    "OWN-003",
    "Production service without support lines 1–3",
    Severity.MEDIUM,
    rationale="First line triages, second line acts with procedures, third line knows the "
    "service; a missing line means issues stall or skip a level. Raised for high or "
    "critical services.",
    recommendation="Assign a team to support lines 1, 2 and 3.",
)
def missing_support_lines(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.services:
        if not s.is_production:
            continue
        lines = s.support_lines
        missing = [str(n) for n in (1, 2, 3) if n not in lines]
        if missing:
            yield r.finding(
                (s.id,),
                f"{ctx.label(s.id)} has no team on support line{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}.",
                severity=escalate(r.severity, s.criticality),
            )


@rule(
    "OWN-004",
    "Vendor product without support contract or SLA",
    Severity.MEDIUM,
    rationale="Support lines must know how to raise incidents with the vendor and what the "
    "vendor promises; without a contract and SLA an escalation goes nowhere.",
    recommendation="Record the vendor support contract and its SLA.",
)
def vendor_without_contract(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.services:
        if not s.has_vendor:
            continue
        missing = [
            what
            for what, value in (("support contract", s.vendor_contract), ("SLA", s.vendor_sla))
            if not value.strip()
        ]
        if missing:
            yield r.finding(
                (s.id,),
                f"{ctx.label(s.id)} is a product of {s.vendor_name} with no "
                f"{' or '.join(missing)} recorded.",
                severity=escalate(r.severity, s.criticality),
            )


@rule(
    "OWN-005",
    "Critical services concentrated in one team",
    Severity.MEDIUM,
    rationale="When one team owns most of the critical services, its bad day is the whole "
    "organisation's bad day, and a disaster recovery queues behind the same people.",
    recommendation="Spread ownership of critical services, or grow the team and its "
    "deputies accordingly.",
)
def concentration(ctx: Context, r: Rule) -> Iterator[Finding]:
    critical = [s for s in ctx.services if s.criticality is Criticality.CRITICAL]
    if not critical or len(critical) < ctx.thresholds.team_concentration_min_services:
        return
    share = ctx.thresholds.team_concentration_share
    per_team = Counter(s.owner_id for s in critical if s.owner_id is not None)
    for tid, count in sorted(per_team.items()):
        if count / len(critical) > share:
            yield r.finding(
                (tid,),
                f"Team {ctx.team_label(tid)} owns {count} of the {len(critical)} critical "
                f"services ({count / len(critical):.0%}, more than {share:.0%}).",
            )


@rule(
    "OWN-006",
    "Production service without a runbook",
    Severity.LOW,
    rationale="Second line can only act on a service (restart it, fail it over) with agreed, "
    "written procedures. Raised for high or critical services.",
    recommendation="Write the runbook second line follows and record where it lives.",
)
def no_runbook(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.services:
        if s.is_production and not s.runbook.strip():
            yield r.finding(
                (s.id,),
                f"{ctx.label(s.id)} has no runbook for second line.",
                severity=escalate(r.severity, s.criticality),
            )
