"""ZON: network zoning and DTAP separation — who may open connections to whom."""

from __future__ import annotations

from collections.abc import Iterator

from models.analysis.context import Context, escalate
from models.analysis.facts import IntegrationFacts, ServiceFacts
from models.analysis.graph import connection
from models.analysis.results import Finding, Rule
from models.analysis.rules.base import RuleCheck, registrar
from models.analysis.rules.integrations import ENTRY_KINDS
from models.domain.enums import IntegrationKind, Severity

CHECKS: list[RuleCheck] = []
rule = registrar(CHECKS)

DMZ_TRUST = 1


@rule(
    "ZON-001",
    "Connection not allowed by the zone policy",
    Severity.HIGH,
    rationale="Zoning only protects if every crossing is deliberate; a connection the policy "
    "does not allow either fails in production or ends in a hastily opened firewall rule. "
    "The direction is the initiator's: for a gateway, the gateway connects to the service.",
    recommendation="Change the design so the connection stays within allowed zone pairs, or "
    "agree and record the zone-policy exception.",
)
def policy_violation(ctx: Context, r: Rule) -> Iterator[Finding]:
    for i in ctx.integrations:
        initiator, responder = connection(i)
        from_zone = ctx.service[initiator].zone_id
        to_zone = ctx.service[responder].zone_id
        if from_zone is None or to_zone is None or from_zone == to_zone:
            continue
        if (from_zone, to_zone) in ctx.policy:
            continue
        worst = max(
            ctx.service[i.source_id].criticality,
            ctx.service[i.target_id].criticality,
            key=lambda c: c.rank,
        )
        yield r.finding(
            (i.id, i.source_id, i.target_id),
            f"{ctx.label(initiator)} in zone {ctx.zone_name[from_zone]} opens connections "
            f"to {ctx.label(responder)} in zone {ctx.zone_name[to_zone]} ({i.kind.label.lower()}); "
            f"the zone policy does not allow {ctx.zone_name[from_zone]} → "
            f"{ctx.zone_name[to_zone]}.",
            severity=escalate(r.severity, worst),
        )


@rule(
    "ZON-002",
    "First hop from the internet is not in a DMZ",
    Severity.HIGH,
    rationale="Traffic from the internet must land in a DMZ-level zone (trust 1) first: "
    "either the service's gateway sits there, or, without a gateway, the service itself "
    "(a gateway, firewall or network device is its own first hop). A service behind a DMZ "
    "gateway may sit in an inner zone.",
    recommendation="Place the gateway (or the service, if it has none) in a DMZ zone.",
)
def first_hop_not_dmz(ctx: Context, r: Rule) -> Iterator[Finding]:
    behind: list[tuple[ServiceFacts, list[IntegrationFacts]]] = []
    direct: set[str] = set()
    for s in ctx.services:
        if not ctx.internet_facing(s.id):
            continue
        gateways = [
            i for i in ctx.outgoing(s.id, IntegrationKind.GATEWAY) if i.target_id != s.id
        ]
        if s.kind in ENTRY_KINDS or not gateways:
            if ctx.zone_trust(s.id) != DMZ_TRUST:
                direct.add(s.id)
                yield r.finding(
                    (s.id,),
                    f"{ctx.label(s.id)} is reached from the internet directly but is "
                    f"{_where(ctx, s.id)}, not in a DMZ.",
                    severity=escalate(r.severity, s.criticality),
                )
        else:
            behind.append((s, gateways))
    for s, gateways in behind:
        for i in gateways:
            # A gateway already reported for itself is one problem, not one per service
            # behind it: moving the gateway fixes them all.
            if ctx.zone_trust(i.target_id) != DMZ_TRUST and i.target_id not in direct:
                yield r.finding(
                    (i.id, s.id, i.target_id),
                    f"{ctx.label(s.id)} is reached from the internet through gateway "
                    f"{ctx.label(i.target_id)}, which is {_where(ctx, i.target_id)}, "
                    "not in a DMZ.",
                    severity=escalate(r.severity, s.criticality),
                )


def _where(ctx: Context, sid: str) -> str:
    zone = ctx.service[sid].zone_id
    if zone is None:
        return "in no zone"
    return f"in zone {ctx.zone_name[zone]} (trust {ctx.trust[zone]})"


@rule(
    "ZON-003",
    "Production relies on a non-production service",
    Severity.MEDIUM,
    rationale="DTAP separation: production must rely on production-grade services, not on "
    "the intermediate, less reliable ones in development or test. Raised for high or "
    "critical services.",
    recommendation="Rely on the production instance of the service, or give that service a "
    "production stage.",
)
def production_on_non_production(ctx: Context, r: Rule) -> Iterator[Finding]:
    for i in ctx.integrations:
        source, target = ctx.service[i.source_id], ctx.service[i.target_id]
        if source.is_production and not target.is_production:
            stages = ", ".join(e.value for e in target.environments)
            yield r.finding(
                (i.id, i.source_id, i.target_id),
                f"Production service {ctx.label(source.id)} relies on "
                f"{ctx.label(target.id)} for {i.kind.purpose}, which exists only in "
                f"{stages}.",
                severity=escalate(r.severity, source.criticality),
            )
