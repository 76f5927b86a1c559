"""RES: what takes the landscape down, and whether it can be brought back up.

These rules read the reliance graph (:mod:`models.analysis.graph`): only runtime reliance
counts, and "relies on" is transitive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import networkx as nx

from models.analysis.context import Context, add_months, escalate
from models.analysis.graph import is_runtime
from models.analysis.results import Finding, Rule
from models.analysis.rules.base import RuleCheck, registrar
from models.domain.enums import Criticality, IntegrationKind, Severity

CHECKS: list[RuleCheck] = []
rule = registrar(CHECKS)

PROVIDES = {
    "depends_on": "a runtime dependency",
    "gateway": "a gateway",
    "user_auth": "user authentication",
    "data_flow": "a data flow",
}
"""What a sole provider provides, by runtime integration kind."""

NAMED = 3
"""How many relying services a message names before it says "and N more"."""


def _redundant(ctx: Context, sid: str) -> bool:
    """Several instances spread over several locations: losing one instance or site is fine."""
    return ctx.service[sid].instances >= 2 and len(set(ctx.locations[sid])) >= 2


def _sole_providers(ctx: Context) -> dict[str, tuple[str, str]]:
    """Services some consumer that matters has no alternative to, for a runtime kind.

    A consumer matters when it is high or critical, or a high or critical service relies
    on it (transitively). When such a consumer has exactly one provider of a kind — the
    only identity provider it authenticates users against, the only database it depends
    on — losing that provider cuts it off, whatever other consumers use elsewhere.

    Returns ``{provider: (kind word, consumer)}``, the consumer named being the most
    critical one (then by id), and its kind the first by name.
    """
    index = ctx.reach.index
    matters = ctx.high_bits | ctx.needed_by_high
    providers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for source, target, data in ctx.graph.edges(data=True):
        if source == target or not matters >> index[source] & 1:
            continue
        for kind in data["kinds"]:
            providers[(source, kind)].add(target)
    found: dict[str, tuple[str, str]] = {}
    rank = {sid: -ctx.service[sid].criticality.rank for sid in index}
    for (consumer, kind), only in sorted(
        providers.items(), key=lambda item: (rank[item[0][0]], item[0][0], item[0][1])
    ):
        if len(only) == 1:
            (provider,) = only
            found.setdefault(provider, (kind, consumer))
    return found


def _services(count: int) -> str:
    return f"{count} service{'' if count == 1 else 's'}"


def _some(ctx: Context, bits: int) -> str:
    names = [ctx.label(sid) for sid in ctx.reach.names(bits, NAMED)]
    rest = bits.bit_count() - len(names)
    return ", ".join(names) + (f" and {rest} more" if rest > 0 else "")


@rule(
    "RES-001",
    "Single point of failure",
    Severity.HIGH,
    rationale="A service whose loss cuts high or critical services off from what they rely "
    "on — it holds the reliance graph together, or a service that matters has no other "
    "provider of that kind of reliance — takes its whole blast radius down with it unless "
    "it is itself redundant.",
    recommendation="Make the service redundant (several instances in several locations), or "
    "give its consumers an independent alternative.",
)
def single_point_of_failure(ctx: Context, r: Rule) -> Iterator[Finding]:
    graph = ctx.graph
    if graph.number_of_edges() == 0:
        return
    undirected = graph.to_undirected(as_view=True)
    cut_points = set(nx.articulation_points(undirected))
    sole = _sole_providers(ctx)
    needed = ctx.needed_by_high
    index = ctx.reach.index
    critical_bits = ctx.reach.bits(
        s.id for s in ctx.services if s.criticality is Criticality.CRITICAL
    )
    for sid in sorted(cut_points | set(sole)):
        if not needed >> index[sid] & 1 or _redundant(ctx, sid):
            continue
        relying = ctx.reach.relying_on(sid)
        high = relying & ctx.high_bits
        if sid in sole:
            kind, consumer = sole[sid]
            why = f"the only provider of {PROVIDES[kind]} to {ctx.label(consumer)}"
        else:
            why = "the only link between parts of the landscape"
        yield r.finding(
            (sid,),
            f"{ctx.label(sid)} is {why}; blast radius {_services(relying.bit_count())}, "
            f"{high.bit_count()} of them high or critical: {_some(ctx, high)}.",
            severity=Severity.CRITICAL if relying & critical_bits else r.severity,
        )


@rule(
    "RES-002",
    "Critical path through a single-instance service",
    Severity.MEDIUM,
    rationale="One instance means every patch, crash or host failure is an outage for "
    "everything that relies on it, including high and critical services. High when the "
    "single-instance service is itself high or critical.",
    recommendation="Run at least two instances, or accept and record the downtime.",
)
def single_instance(ctx: Context, r: Rule) -> Iterator[Finding]:
    needed = ctx.needed_by_high
    index = ctx.reach.index
    for s in ctx.services:
        if s.instances != 1:
            continue
        if s.criticality.is_high:
            yield r.finding(
                (s.id,),
                f"{ctx.label(s.id)} is {s.criticality.value} and runs a single instance.",
                severity=Severity.HIGH,
            )
        elif needed >> index[s.id] & 1:
            high = ctx.reach.relying_on(s.id) & ctx.high_bits
            yield r.finding(
                (s.id,),
                f"{ctx.label(s.id)} runs a single instance and high or critical services "
                f"rely on it: {_some(ctx, high)}.",
            )


@rule(
    "RES-003",
    "High/critical service in a single location",
    Severity.MEDIUM,
    rationale="High availability needs instances in more than one availability zone or data "
    "centre, so that one site failure is not an outage. High for critical services.",
    recommendation="Spread the instances over at least two locations.",
)
def single_location(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.services:
        if not s.criticality.is_high:
            continue
        places = sorted(set(ctx.locations[s.id]))
        if len(places) > 1:
            continue
        where = f"only in {ctx.places(places)}" if places else "with no location recorded"
        yield r.finding(
            (s.id,),
            f"{ctx.label(s.id)} is {s.criticality.value} but runs {where}.",
            severity=Severity.HIGH if s.criticality is Criticality.CRITICAL else r.severity,
        )


@rule(
    "RES-004",
    "Relies on a service only available in another region",
    Severity.LOW,
    rationale="Regional independence: a failure in one region should not take down another. "
    "A service relying at runtime on something that exists only elsewhere shares that "
    "region's fate. Raised for high or critical services.",
    recommendation="Provide the service in the consumer's region too, or move the consumer.",
)
def other_region(ctx: Context, r: Rule) -> Iterator[Finding]:
    for source, target, data in ctx.graph.edges(data=True):
        if source == target:
            continue
        mine, theirs = ctx.regions(source), ctx.regions(target)
        if mine and theirs and not mine & theirs:
            integration = data["integrations"][0]
            yield r.finding(
                (integration, source, target),
                f"{ctx.label(source)} in {', '.join(sorted(mine))} relies on "
                f"{ctx.label(target)}, which runs only in {', '.join(sorted(theirs))}.",
                severity=escalate(r.severity, ctx.service[source].criticality),
            )


@rule(
    "RES-005",
    "Reliance cycle",
    Severity.HIGH,
    rationale="Services that rely on each other at runtime cannot be recovered in any order: "
    "after a disaster none of them can be started first.",
    recommendation="Break the cycle: make one of the services start without the other "
    "(cache, degraded mode) or remove the reliance.",
)
def reliance_cycle(ctx: Context, r: Rule) -> Iterator[Finding]:
    for members in ctx.reach.cycles:
        message = (
            f"{', '.join(ctx.label(m) for m in members)} rely on each other at runtime; "
            "none of them can be restored first."
        )
        yield r.finding(tuple(members), message)


@rule(
    "RES-006",
    "Not independent of one region",
    Severity.HIGH,
    rationale="\"Make sure that there is independence between these locations (often across "
    "different regions) so that failures in one region do not affect the other regions\": "
    "a high or critical service in one region only, while the landscape has several, goes "
    "down with that region; a consumer running in several regions that relies on a provider "
    "present in only some of them loses that independence in the regions the provider "
    "lacks. (A single location is RES-003's, a provider only elsewhere RES-004's.)",
    recommendation="Run the service in a second region, or give the consumer a provider in "
    "every region it runs in.",
)
def one_region(ctx: Context, r: Rule) -> Iterator[Finding]:
    several = len(ctx.landscape_regions) > 1
    for s in ctx.operated_services:
        regions = ctx.regions(s.id)
        if not several or not s.criticality.is_high or len(regions) != 1:
            continue
        if len(set(ctx.locations[s.id])) < 2:
            continue  # one location: RES-003
        (region,) = regions
        others = ", ".join(sorted(ctx.landscape_regions - regions))
        yield r.finding(
            (s.id,),
            f"{ctx.label(s.id)} is {s.criticality.value} but runs only in region {region}, "
            f"while the landscape also runs in {others}.",
        )
    # A provider that lacks regions its consumers run in is one finding, naming them all.
    short: dict[str, list[str]] = defaultdict(list)
    for source, target in ctx.graph.edges():
        mine, theirs = ctx.regions(source), ctx.regions(target)
        if len(mine) < 2 or not theirs or not mine & theirs or mine <= theirs:
            continue
        provider = ctx.service[target]
        if provider.criticality.is_high and len(set(ctx.locations[target])) < 2:
            continue  # one location: RES-003 says it already
        short[target].append(source)
    for target, consumers in sorted(short.items()):
        theirs = ctx.regions(target)
        lacking = sorted(set().union(*(ctx.regions(c) for c in consumers)) - theirs)
        worst = max((ctx.service[c].criticality for c in consumers), key=lambda c: c.rank)
        yield r.finding(
            (target, *consumers),
            f"{ctx.label(target)} runs only in {', '.join(sorted(theirs))}, but "
            f"{ctx.names(consumers)} run{'s' if len(consumers) == 1 else ''} in several "
            f"regions and rel{'ies' if len(consumers) == 1 else 'y'} on it at runtime: in "
            f"{', '.join(lacking)} {'it depends' if len(consumers) == 1 else 'they depend'} "
            "on another region.",
            severity=escalate(Severity.MEDIUM, worst),
        )


_RESTORE_NEEDS = {
    IntegrationKind.BACKUP: "is restored from",
    IntegrationKind.ADMIN_AUTH: "is administered through",
}


@rule(
    "RES-007",
    "Recovery objective not achievable",
    Severity.HIGH,
    rationale="Disaster-recovery procedures need targets: a high or critical service without "
    "a recovery time and point objective (RTO/RPO) has no agreed target to restore to, and a "
    "service cannot be back sooner than what it relies on at runtime, the backup it is "
    "restored from or the identity provider its administrators log in through.",
    recommendation="Agree the RTO and RPO with the business, and give what the service "
    "relies on an RTO at least as short.",
)
def recovery_objective(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.operated_services:
        if s.criticality.is_high and (s.rto_hours is None or s.rpo_hours is None):
            missing = " and ".join(
                what for what, value in (("RTO", s.rto_hours), ("RPO", s.rpo_hours))
                if value is None)
            yield r.finding(
                (s.id,),
                f"{ctx.label(s.id)} is {s.criticality.value} but has no {missing} recorded.",
                recommendation="Agree the recovery time and point objectives with the "
                "business and record them.",
            )
    for i in ctx.integrations:
        source, target = ctx.service[i.source_id], ctx.service[i.target_id]
        if source.rto_hours is None or target.rto_hours is None:
            continue
        if i.kind not in _RESTORE_NEEDS and not is_runtime(i):
            continue
        if target.rto_hours <= source.rto_hours:
            continue
        how = _RESTORE_NEEDS.get(i.kind, "relies at runtime on")
        yield r.finding(
            (i.id, i.source_id, i.target_id),
            f"{ctx.label(source.id)} must be back within {source.rto_hours:g} h, but it {how} "
            f"{ctx.label(target.id)}, whose RTO is {target.rto_hours:g} h.",
            severity=escalate(Severity.MEDIUM, source.criticality),
        )


@rule(
    "RES-008",
    "No recent disaster-recovery test",
    Severity.MEDIUM,
    rationale="A disaster-recovery procedure that has not been exercised is a hope, not a "
    "plan: \"organize disruptive testing\" and \"learn from the results\". A high or "
    "critical service needs a DR test within the DR test age setting (12 months by "
    "default).",
    recommendation="Run a disaster-recovery test of the service and record its date.",
)
def no_dr_test(ctx: Context, r: Rule) -> Iterator[Finding]:
    months = ctx.thresholds.dr_test_max_age_months
    oldest = add_months(ctx.as_of, -months)
    for s in ctx.operated_services:
        if not s.criticality.is_high:
            continue
        last = s.last_dr_test
        if last is None:
            message = f"{ctx.label(s.id)} is {s.criticality.value} and has no DR test recorded."
        elif last < oldest:
            message = (f"{ctx.label(s.id)} was last DR-tested on {last.isoformat()}, more "
                       f"than {months} months before {ctx.as_of.isoformat()}.")
        elif last > ctx.as_of:
            message = (f"{ctx.label(s.id)} records a DR test on {last.isoformat()}, after "
                       f"{ctx.as_of.isoformat()}; a test that has not happened does not count.")
        else:
            continue
        yield r.finding((s.id,), message)


@rule(
    "RES-009",
    "Critical service relies on a less critical one",
    Severity.MEDIUM,
    rationale="A service is only as available as what it relies on at runtime: a critical "
    "service relying on one that is designed, staffed and recovered as less critical "
    "inherits that lower level without anybody having decided so.",
    recommendation="Raise the provider's criticality (and what comes with it), or make the "
    "critical service independent of it.",
)
def criticality_inversion(ctx: Context, r: Rule) -> Iterator[Finding]:
    for source, target, data in ctx.graph.edges(data=True):
        consumer, provider = ctx.service[source], ctx.service[target]
        if consumer.criticality is not Criticality.CRITICAL:
            continue
        if provider.criticality.rank >= consumer.criticality.rank:
            continue
        yield r.finding(
            (data["integrations"][0], source, target),
            f"{ctx.label(source)} is critical but relies at runtime on "
            f"{ctx.label(target)}, which is only {provider.criticality.value}.",
        )
