"""OWN: somebody must own, support and be able to escalate for every service.

Only services the organisation operates are held to these rules: an external party
(customers' browsers, a payment provider) or a service in the internet zone is drawn for
its integrations, and nobody here owns or supports it (:meth:`Context.operated`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from models.analysis.context import Context, escalate
from models.analysis.facts import ServiceFacts
from models.analysis.results import Finding, Rule
from models.analysis.rules.base import RuleCheck, registrar
from models.domain.enums import Criticality, Severity, SupportHours

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
    for s in ctx.operated_services:
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
    for s in ctx.operated_services:
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
    for s in ctx.operated_services:
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
    for s in ctx.operated_services:
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
    critical = [s for s in ctx.operated_services if s.criticality is Criticality.CRITICAL]
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
    for s in ctx.operated_services:
        if s.is_production and not s.runbook.strip():
            yield r.finding(
                (s.id,),
                f"{ctx.label(s.id)} has no runbook for second line.",
                severity=escalate(r.severity, s.criticality),
            )


SPECIALIST_LINES = (2, 3, 4)
"""The support lines that act on a service and must be able to answer at any hour; first
line triages by procedure and does not need to know the technology."""


@rule(
    "OWN-007",
    "Fewer than the minimum FTE know the technology",
    Severity.HIGH,
    rationale="\"3 FTE per technology\": support must be there during off-hours, holidays "
    "and absence, so at least three people must know the technology a service runs on — "
    "counted over every team that lists it among its skills — and every team on support "
    "line 2, 3 or 4 needs that many people too (a one-engineer DBA team as line 3 of a "
    "critical platform is a holiday away from no support). Medium when only low or medium "
    "services are concerned.",
    recommendation="Train more people in the technology or add it to another team's skills, "
    "and put teams with enough people on the support lines.",
)
def technology_fte(ctx: Context, r: Rule) -> Iterator[Finding]:
    minimum = ctx.thresholds.min_team_fte
    by_technology: dict[str, list[ServiceFacts]] = defaultdict(list)
    spelling: dict[str, str] = {}
    for s in ctx.operated_services:
        if s.technology.strip():
            key = s.technology.strip().casefold()
            by_technology[key].append(s)
            spelling.setdefault(key, s.technology.strip())
    teams = sorted(ctx.teams.values(), key=lambda t: (ctx.team_label(t.id).casefold(), t.id))
    for key in sorted(by_technology):
        technology = spelling[key]
        knowing = [t for t in teams if t.knows(technology)]
        fte = sum(t.fte for t in knowing)
        if fte >= minimum:
            continue
        services = sorted(by_technology[key], key=lambda s: (-s.criticality.rank, s.id))
        who = (
            f"only {', '.join(ctx.team_label(t.id) for t in knowing)} "
            f"({fte:g} FTE) list{'s' if len(knowing) == 1 else ''} it among their skills"
            if knowing else "no team lists it among its skills"
        )
        yield r.finding(
            tuple(s.id for s in services),
            f"{ctx.names(s.id for s in services)} run{'s' if len(services) == 1 else ''} on "
            f"{technology}, but {who}; at least {minimum:g} FTE are needed.",
            severity=r.severity if services[0].criticality.is_high else Severity.MEDIUM,
            recommendation=f"Train people in {technology} until {minimum:g} FTE know it, or "
            "record it in the skills of the teams that already do.",
        )
    for s in ctx.operated_services:
        thin = {
            line: tid for line, tid in s.support_lines.items()
            if line in SPECIALIST_LINES and tid != s.owner_id  # the owner is OWN-002's
            and tid in ctx.teams and ctx.teams[tid].fte < minimum
        }
        if not thin:
            continue
        parts = [
            f"{ctx.team_label(tid)} (line {line}) has {ctx.teams[tid].fte:g} FTE"
            for line, tid in sorted(thin.items())
        ]
        yield r.finding(
            (s.id, *dict.fromkeys(thin.values())),
            f"{ctx.label(s.id)} is supported by too few people: {'; '.join(parts)}, fewer "
            f"than the {minimum:g} needed.",
            severity=r.severity if s.criticality.is_high else Severity.MEDIUM,
        )


def _hours(hours: SupportHours) -> str:
    return {SupportHours.ALWAYS: "24x7", SupportHours.EXTENDED: "extended hours",
            SupportHours.BUSINESS_HOURS: "business hours"}[hours]


@rule(
    "OWN-008",
    "Support hours weaker than required",
    Severity.MEDIUM,
    rationale="\"The support must be guaranteed within those SLAs\": a service the business "
    "needs round the clock is not supported round the clock when its vendor or a team on "
    "its support lines 2–4 only answers in business hours. Raised for high or critical "
    "services.",
    recommendation="Agree support hours that cover what the business needs with the vendor "
    "and the support teams, or lower the required hours with the business.",
)
def weaker_hours(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.operated_services:
        needed = s.required_hours
        if needed is None:
            continue
        short: list[str] = []
        if s.has_vendor and s.vendor_support_hours is not None \
                and s.vendor_support_hours.rank < needed.rank:
            short.append(f"its vendor {s.vendor_name} answers {_hours(s.vendor_support_hours)}")
        for line, tid in sorted(s.support_lines.items()):
            team = ctx.teams.get(tid)
            if line not in SPECIALIST_LINES or team is None or team.support_hours is None:
                continue
            if team.support_hours.rank < needed.rank:
                short.append(f"{ctx.team_label(tid)} (line {line}) works "
                             f"{_hours(team.support_hours)}")
        if short:
            yield r.finding(
                (s.id,),
                f"{ctx.label(s.id)} needs support {_hours(needed)}, but "
                f"{' and '.join(dict.fromkeys(short))}.",
                severity=escalate(r.severity, s.criticality),
            )
