"""RES: what takes the landscape down, and whether it can be brought back up.

These rules read the reliance graph (:mod:`models.analysis.graph`): only runtime reliance
counts, and "relies on" is transitive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import networkx as nx

from models.analysis.context import Context, escalate
from models.analysis.results import Finding, Rule
from models.analysis.rules.base import RuleCheck, registrar
from models.domain.enums import Criticality, Severity

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
    names = ctx.reach.names(bits, NAMED)
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
        where = f"only in {places[0]}" if places else "with no location recorded"
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
    regions: dict[str, frozenset[str]] = {}

    def of(sid: str) -> frozenset[str]:
        if sid not in regions:
            regions[sid] = frozenset(
                ctx.region[loc] for loc in ctx.locations[sid] if ctx.region.get(loc)
            )
        return regions[sid]

    for source, target, data in ctx.graph.edges(data=True):
        if source == target:
            continue
        mine, theirs = of(source), of(target)
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
