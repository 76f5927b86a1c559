"""INT: the integrations every service needs — monitoring, backup, admin access, gateways.

The rules about what a service needs to be run (monitoring, backup, restore tests, admin
login, the asset register) apply to the services the organisation operates only
(:meth:`Context.operated`); a recommendation names the model's own providers of what is
missing, when it has any.
"""

from __future__ import annotations

from collections.abc import Iterator

from models.analysis.context import Context, add_months, escalate
from models.analysis.facts import ServiceFacts
from models.analysis.results import Finding, Rule
from models.analysis.rules.base import RuleCheck, registrar
from models.domain.enums import DataClassification, IntegrationKind, ServiceKind, Severity

CHECKS: list[RuleCheck] = []
rule = registrar(CHECKS)

K = IntegrationKind

ENTRY_KINDS = frozenset({ServiceKind.GATEWAY, ServiceKind.FIREWALL, ServiceKind.NETWORK})
"""Kinds that *are* the entry from the internet: a gateway, a firewall or the network
equipment in front of it is not told to go behind a gateway (INT-005, ZON-002)."""


def _advice(ctx: Context, kind: IntegrationKind, generic: str, s: ServiceFacts) -> str:
    """The rule's recommendation with the model's candidates in it, if it has any."""
    found = ctx.candidates(kind, exclude=s.id)
    if not found:
        return generic
    return {
        K.MONITORING: f"Have it monitored by {found}.",
        K.BACKUP: f"Back it up to {found}.",
        K.ADMIN_AUTH: f"Let its administrators log in through {found}.",
        K.GATEWAY: f"Put it behind {found}.",
        K.ASSET_TRACKING: f"Track it in {found}.",
    }[kind]


def _is_monitoring_provider(ctx: Context, sid: str) -> bool:
    return ctx.service[sid].kind is ServiceKind.MONITORING or ctx.provides(sid, K.MONITORING)


def _is_backup_provider(ctx: Context, sid: str) -> bool:
    return ctx.service[sid].kind is ServiceKind.BACKUP or ctx.provides(sid, K.BACKUP)


@rule(
    "INT-001",
    "Production service not monitored",
    Severity.MEDIUM,
    rationale="Without metrics and alerts the first sign of trouble is a user calling first "
    "line; a service cannot report its own outage, so monitoring itself does not count. "
    "Raised for high or critical services. Monitoring services are covered by INT-008.",
    recommendation="Add a monitoring integration to the monitoring service.",
    expects=K.MONITORING,
)
def not_monitored(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.operated_services:
        if not s.is_production or ctx.relies_elsewhere(s.id, K.MONITORING):
            continue
        if _is_monitoring_provider(ctx, s.id):
            continue
        yield r.finding(
            (s.id,),
            f"{ctx.label(s.id)} runs in production without monitoring.",
            severity=escalate(r.severity, s.criticality),
            recommendation=_advice(ctx, K.MONITORING, r.recommendation, s),
        )


@rule(
    "INT-002",
    "Stateful service without backup",
    Severity.HIGH,
    rationale="A service that keeps data loses it for good in a disaster or ransomware attack "
    "unless something backs it up. Backup services themselves are covered by INT-008.",
    recommendation="Add a backup integration to the backup service.",
    expects=K.BACKUP,
)
def no_backup(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.operated_services:
        if not s.stateful or ctx.relies_elsewhere(s.id, K.BACKUP):
            continue
        if _is_backup_provider(ctx, s.id):
            continue
        yield r.finding(
            (s.id,),
            f"{ctx.label(s.id)} keeps state but nothing backs it up.",
            severity=escalate(r.severity, s.criticality),
            recommendation=_advice(ctx, K.BACKUP, r.recommendation, s),
        )


@rule(
    "INT-003",
    "No administrator authentication",
    Severity.MEDIUM,
    rationale="\"How do administrators authenticate themselves?\" is part of every "
    "integration design; local, shared admin accounts are how breaches spread.",
    recommendation="Let administrators log in through an identity provider, and record it "
    "as an admin auth integration.",
    expects=K.ADMIN_AUTH,
)
def no_admin_auth(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.operated_services:
        if K.ADMIN_AUTH not in ctx.out_kinds(s.id):
            yield r.finding(
                (s.id,),
                f"{ctx.label(s.id)} does not say how administrators authenticate.",
                severity=escalate(r.severity, s.criticality),
                recommendation=_advice(ctx, K.ADMIN_AUTH, r.recommendation, s),
            )


@rule(
    "INT-004",
    "Admin authentication without MFA on a high/critical service",
    Severity.HIGH,
    rationale="Administrator access to a high or critical service is the attacker's prize; "
    "one stolen password must not be enough. Critical services make it critical.",
    recommendation="Require multi-factor authentication for administrators.",
)
def admin_without_mfa(ctx: Context, r: Rule) -> Iterator[Finding]:
    for i in ctx.integrations:
        if i.kind is not K.ADMIN_AUTH or i.mfa:
            continue
        s = ctx.service[i.source_id]
        if s.criticality.is_high:
            yield r.finding(
                (i.id, i.source_id, i.target_id),
                f"{ctx.label(s.id)} is {s.criticality.value}, yet its administrators "
                f"authenticate via {ctx.label(i.target_id)} without MFA.",
                severity=Severity.CRITICAL if s.criticality.rank == 3 else r.severity,
            )


@rule(
    "INT-005",
    "Internet-facing service not behind a gateway",
    Severity.HIGH,
    rationale="Users should reach a service through an intermediate gateway (reverse proxy) "
    "that terminates, filters and absorbs internet traffic, not the service itself. A "
    "gateway, firewall or network device is that entry itself.",
    recommendation="Put the service behind a gateway and add the gateway integration.",
)
def internet_without_gateway(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.services:
        if s.kind in ENTRY_KINDS or not ctx.internet_facing(s.id):
            continue
        if not ctx.relies_elsewhere(s.id, K.GATEWAY):
            yield r.finding(
                (s.id,),
                f"{ctx.label(s.id)} is reached from the internet without a gateway.",
                severity=escalate(r.severity, s.criticality),
                recommendation=_advice(ctx, K.GATEWAY, r.recommendation, s),
            )


@rule(
    "INT-006",
    "Backup shares every location with its data",
    Severity.MEDIUM,
    rationale="A backup in the same data centre burns with the original; recovery from a "
    "site disaster needs a copy somewhere the data is not. Raised for high or critical data.",
    recommendation="Back the data up to a service with a location the source is not in.",
)
def backup_not_independent(ctx: Context, r: Rule) -> Iterator[Finding]:
    for i in ctx.integrations:
        if i.kind is not K.BACKUP:
            continue
        source, target = ctx.locations[i.source_id], ctx.locations[i.target_id]
        if source and target and set(target) <= set(source):
            yield r.finding(
                (i.id, i.source_id, i.target_id),
                f"{ctx.label(i.target_id)} backs up {ctx.label(i.source_id)} only in "
                f"{ctx.places(target)}, where the data already is.",
                severity=escalate(r.severity, ctx.service[i.source_id].criticality),
            )


@rule(
    "INT-007",
    "No recent restore test",
    Severity.MEDIUM,
    rationale="A backup is only as good as the last restore that worked; untested restores "
    "fail when they are needed most. Raised for high or critical services.",
    recommendation="Run and record a restore test.",
)
def no_restore_test(ctx: Context, r: Rule) -> Iterator[Finding]:
    months = ctx.thresholds.restore_test_max_age_months
    oldest = add_months(ctx.as_of, -months)
    for s in ctx.operated_services:
        if not s.stateful:
            continue
        last = s.last_restore_test
        if last is None:
            message = f"{ctx.label(s.id)} keeps state and has no restore test recorded."
        elif last < oldest:
            message = (
                f"{ctx.label(s.id)} was last restore-tested on {last.isoformat()}, "
                f"more than {months} months before {ctx.as_of.isoformat()}."
            )
        elif last > ctx.as_of:  # a typo or a plan, not a test that worked
            message = (
                f"{ctx.label(s.id)} records a restore test on {last.isoformat()}, after "
                f"{ctx.as_of.isoformat()}; a test that has not happened does not count."
            )
        else:
            continue
        yield r.finding((s.id,), message, severity=escalate(r.severity, s.criticality))


@rule(
    "INT-008",
    "Monitoring or backup service not itself covered",
    Severity.MEDIUM,
    rationale="Who watches the watcher: a monitoring service that fails silently, or a backup "
    "service whose own catalogue is lost, takes everyone's safety net with it.",
    recommendation="Monitor the monitoring service from another one, and back up the backup "
    "service (its catalogue and configuration) elsewhere.",
)
def watcher_unwatched(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.services:
        if _is_monitoring_provider(ctx, s.id) and not ctx.relies_elsewhere(s.id, K.MONITORING):
            yield r.finding(
                (s.id,),
                f"Monitoring service {ctx.label(s.id)} is not monitored by another service.",
                severity=escalate(r.severity, s.criticality),
            )
        if _is_backup_provider(ctx, s.id) and not ctx.relies_elsewhere(s.id, K.BACKUP):
            yield r.finding(
                (s.id,),
                f"Backup service {ctx.label(s.id)} is not backed up by another service.",
                severity=escalate(r.severity, s.criticality),
            )


@rule(
    "INT-009",
    "Production service not in an asset register",
    Severity.LOW,
    rationale="Assets nobody tracks are not patched, licensed or retired in time; the asset "
    "register is how lifecycle and cost questions get answered.",
    recommendation="Track it in the asset register (CMDB), recorded as an asset tracking "
    "integration.",
    expects=K.ASSET_TRACKING,
)
def not_tracked(ctx: Context, r: Rule) -> Iterator[Finding]:
    for s in ctx.operated_services:
        if not s.is_production or K.ASSET_TRACKING in ctx.out_kinds(s.id):
            continue
        if ctx.provides(s.id, K.ASSET_TRACKING):
            continue  # the register itself
        yield r.finding((s.id,), f"{ctx.label(s.id)} is not tracked in an asset register.",
                        recommendation=_advice(ctx, K.ASSET_TRACKING, r.recommendation, s))


@rule(
    "INT-010",
    "Unencrypted integration across zones or with sensitive data",
    Severity.HIGH,
    rationale="Placement and interactions — \"firewalls, zoning\" — only protect what "
    "crosses them when the traffic is encrypted, and data governance must follow the data: "
    "a connection that crosses zones, or that touches a confidential or secret service, "
    "must not travel in clear text. Critical when it touches a secret service.",
    recommendation="Encrypt the connection (TLS, SSH, an encrypted tunnel) and record it.",
)
def unencrypted(ctx: Context, r: Rule) -> Iterator[Finding]:
    for i in ctx.integrations:
        if i.encrypted:
            continue
        source, target = ctx.service[i.source_id], ctx.service[i.target_id]
        reasons: list[str] = []
        if source.zone_id and target.zone_id and source.zone_id != target.zone_id:
            reasons.append(f"crosses from zone {ctx.zone_name[source.zone_id]} to zone "
                           f"{ctx.zone_name[target.zone_id]}")
        sensitive = [s for s in (source, target)
                     if s.data_classification is not None and s.data_classification.is_sensitive]
        for s in sensitive:
            reasons.append(f"touches {ctx.label(s.id)}, whose data is "
                           f"{s.data_classification.value}")
        if not reasons:
            continue
        over = f" over {i.protocol.strip()}" if i.protocol.strip() else ""
        secret = any(s.data_classification is DataClassification.SECRET for s in sensitive)
        yield r.finding(
            (i.id, i.source_id, i.target_id),
            f"{ctx.label(i.source_id)} relies on {ctx.label(i.target_id)} for "
            f"{i.kind.purpose}{over} unencrypted; the connection {' and '.join(reasons)}.",
            severity=Severity.CRITICAL if secret else r.severity,
        )
