"""A synthetic but realistically shaped landscape, for benchmarks and scale tests.

Timings on a model made of random noise say little: real landscapes have a few shared
platform services (monitoring, backup, identity, the CMDB) that almost everything relies on,
clusters of applications and databases owned by one team, DMZ gateways in front of the
internet-facing portals and a zone policy that most traffic follows. This generator builds
that shape at any size, reproducibly from a seed, as an ``integramap/1`` JSON document,
so the same dict feeds the JSON importer, the ``.imap`` benchmarks, the editor's
scale test and the analysis.

Usage::

    python -m tests.benchmarks.synthetic 10000 /tmp/landscape-10k.json [--seed 7] [--positions]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

SERVICES_PER_TEAM = 25
"""One team owns a cluster of about this many services (a 10,000-service landscape has
400 teams)."""

BOX_W, BOX_H = 180, 64
PITCH_X, PITCH_Y = BOX_W + 60, BOX_H + 60
ZONE_PAD, ZONE_HEADER, ZONE_GAP = 40, 48, 80

ZONES: tuple[tuple[str, str, int], ...] = (
    ("internet", "Internet", 0),
    ("dmz", "DMZ", 1),
    ("partner-dmz", "Partner DMZ", 1),
    ("internal", "Internal", 2),
    ("apps", "Application zone", 2),
    ("office", "Office network", 2),
    ("restricted", "Restricted data", 3),
    ("pci", "Payment (PCI)", 3),
    ("management", "Management", 4),
    ("backup-net", "Backup network", 4),
)

REGIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "eu-west": (("ams-1", "Amsterdam DC1"), ("ams-2", "Amsterdam DC2"), ("ams-3", "Haarlem DC")),
    "eu-central": (("fra-1", "Frankfurt DC1"), ("fra-2", "Frankfurt DC2"), ("fra-3", "Mainz DC")),
}

DOMAINS = (
    "Billing", "Claims", "Payroll", "CRM", "Orders", "Inventory", "HR", "Logistics",
    "Pricing", "Contracts", "Invoicing", "Risk", "Treasury", "Marketing", "Support",
    "Procurement", "Fleet", "Facilities", "Compliance", "Reporting", "Loyalty", "Catalogue",
    "Shipping", "Returns", "Payments", "Ledger", "Scheduling", "Documents", "Learning", "Identity",
)

KIND_WEIGHTS: dict[str, float] = {
    "application": 30, "database": 22, "compute": 8, "portal": 5, "storage": 5,
    "gateway": 4, "message_broker": 4, "other": 3, "network": 3, "firewall": 2,
    "logging": 1, "ci_cd": 1, "dns": 1, "monitoring": 0.5, "identity_provider": 0.5,
    "backup": 0.5,
}

PREFIX = {
    "application": "app", "portal": "web", "database": "db", "identity_provider": "idp",
    "monitoring": "mon", "logging": "log", "backup": "bak", "gateway": "gw", "firewall": "fw",
    "message_broker": "mq", "storage": "sto", "compute": "cpu", "network": "net", "dns": "dns",
    "ci_cd": "ci", "other": "oth",
}

KIND_NOUN = {
    "application": "service", "portal": "portal", "database": "database",
    "identity_provider": "directory", "monitoring": "monitoring", "logging": "log store",
    "backup": "backup vault", "gateway": "API gateway", "firewall": "firewall",
    "message_broker": "queue", "storage": "file share", "compute": "batch hosts",
    "network": "network segment", "dns": "DNS zone", "ci_cd": "pipeline", "other": "tool",
}

STATEFUL_KINDS = frozenset({"database", "storage", "message_broker", "backup", "logging"})

VENDORS = (
    ("Oracle", "24/7, 4h response"), ("Microsoft", "24/7, 2h response"),
    ("Red Hat", "business hours, NBD"), ("PostgreSQL Pro", "24/7, 1h critical"),
    ("Elastic", "business hours, 8h"), ("Cisco", "24/7, 4h on-site"),
    ("Veeam", "24/7, 2h response"), ("Atlassian", "business hours, NBD"),
    ("F5", "24/7, 4h response"), ("Confluent", "24/7, 1h critical"),
)

# The shared platform: (id, name, kind, zone, team index, region or None for "first").
# Ordered by how much a small landscape needs them, so a tiny N keeps the important ones.
PLATFORM: tuple[tuple[str, str, str, str], ...] = (
    ("monitoring-eu-west", "Monitoring (eu-west)", "monitoring", "management"),
    ("idp-admin", "Admin directory", "identity_provider", "management"),
    ("backup-eu-west", "Backup platform (eu-west)", "backup", "backup-net"),
    ("cmdb", "CMDB", "other", "management"),
    ("edge-proxy", "Edge reverse proxy", "gateway", "dmz"),
    ("idp-customer", "Customer identity", "identity_provider", "internal"),
    ("logging-eu-west", "Central logging (eu-west)", "logging", "management"),
    ("dns-internal", "Internal DNS", "dns", "internal"),
    ("ci-platform", "CI/CD platform", "ci_cd", "management"),
    ("monitoring-eu-central", "Monitoring (eu-central)", "monitoring", "management"),
    ("backup-eu-central", "Backup platform (eu-central)", "backup", "backup-net"),
    ("logging-eu-central", "Central logging (eu-central)", "logging", "management"),
    ("core-network", "Core network", "network", "internal"),
    ("perimeter-fw", "Perimeter firewall", "firewall", "dmz"),
    ("san", "Central SAN storage", "storage", "restricted"),
    ("partner-gw", "Partner API gateway", "gateway", "partner-dmz"),
)


def generate_landscape(
    n_services: int, *, seed: int = 0, with_positions: bool = False
) -> dict[str, Any]:
    """An ``integramap/1`` document with ``n_services`` services and about 3N integrations.

    The same ``(n_services, seed)`` always gives the same document, byte for byte once
    dumped, so benchmark runs and failing scale tests can be reproduced. ``with_positions``
    adds a ``main`` view laying every zone out as a band of services in a grid, for the
    editor and PDF, which otherwise would have to compute a layout first.
    """
    if n_services < 1:
        raise ValueError("a landscape needs at least one service")
    return _Generator(n_services, random.Random(seed), random.Random(seed + 1)).build(
        with_positions)


class _Generator:
    """Builds one document; holds the random source and the indexes integrations need."""

    def __init__(self, n_services: int, rng: random.Random,
                 support_rng: random.Random) -> None:
        self.n = n_services
        self.rng = rng
        self.support_rng = support_rng
        """Draws the support model (patching, recovery objectives, DR tests) on its own, so
        the rest of the landscape is the same as before the support model existed."""
        self.services: list[dict[str, Any]] = []
        self.integrations: list[dict[str, Any]] = []
        self.seen: set[tuple[str, str, str]] = set()
        self.region_of: dict[str, str] = {}
        self.by_kind: dict[str, list[str]] = defaultdict(list)
        self.cluster_kind: dict[tuple[int, str], list[str]] = defaultdict(list)
        self.platform: dict[str, dict[str, Any]] = {}

    # ------------------------------------------------------------------ document

    def build(self, with_positions: bool) -> dict[str, Any]:
        teams = self.teams()
        self.team_ids = [t["id"] for t in teams]
        self.platform_services()
        self.cluster_services()
        self.link()
        document: dict[str, Any] = {
            "format": "integramap/1",
            "name": f"Synthetic landscape ({self.n} services)",
            "zones": [{"id": z, "name": name, "trust": trust} for z, name, trust in ZONES],
            "zone_policy": zone_policy(),
            "locations": [
                {"id": loc, "name": name, "region": region}
                for region, locations in REGIONS.items()
                for loc, name in locations
            ],
            "teams": teams,
            "services": self.services,
            "integrations": self.integrations,
            "waivers": self.waivers(),
            "views": [{"id": "main", "name": "Overview", "positions": {}}],
        }
        if with_positions:
            positions, areas = grid_layout(self.services)
            document["views"][0]["positions"] = positions
            document["views"][0]["zone_areas"] = areas
        return document

    def teams(self) -> list[dict[str, Any]]:
        count = max(3, round(self.n / SERVICES_PER_TEAM))
        teams = [
            {"id": "service-desk", "name": "Service desk", "fte": 12,
             "contact": "servicedesk@example.org"},
            {"id": "platform", "name": "Platform operations", "fte": 9,
             "contact": "platform@example.org"},
        ]
        for index in range(count - len(teams)):
            domain = _domain(index)
            slug = domain.lower().replace(" ", "-")
            fte = self.rng.choices((1, 2, 3, 4, 5, 6, 8, 12), (2, 5, 20, 25, 20, 14, 9, 5))[0]
            teams.append({"id": f"team-{slug}", "name": f"{domain} team", "fte": fte,
                          "contact": f"{slug}@example.org"})
        return teams

    # ------------------------------------------------------------------ services

    def platform_services(self) -> None:
        """The shared services most of the landscape relies on (fewer for a tiny N)."""
        take = len(PLATFORM) if self.n >= 3 * len(PLATFORM) else max(1, self.n // 3)
        for sid, name, kind, zone in PLATFORM[:take]:
            region = "eu-central" if sid.endswith("eu-central") else "eu-west"
            locations = [loc for loc, _ in REGIONS[region]]
            if kind == "backup":  # the third data centre of its region, away from the data
                placed = locations[2:]
            elif sid.endswith(region):  # one per region: monitoring, logging
                placed = locations[:2]
            else:  # shared by both regions: present in both, for regional independence
                placed = [locations[0], *(loc for loc, _ in REGIONS["eu-central"][:1])]
            service = self.service(sid, name, kind, zone, team="platform", region=region,
                                   locations=placed, criticality="critical")
            service["instances"] = len(placed)
            service["environments"] = ["test", "acceptance", "production"]
            self.platform[sid] = service

    def cluster_services(self) -> None:
        """The rest, in team-owned clusters of about ``SERVICES_PER_TEAM`` services."""
        rest = self.n - len(self.services)
        kinds = self.rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()), k=rest)
        owners = self.team_ids[2:] or self.team_ids
        regions = list(REGIONS)
        for index, kind in enumerate(kinds):
            cluster = index // SERVICES_PER_TEAM
            domain = _domain(cluster)
            region = regions[cluster % len(regions)]
            sid = f"{PREFIX[kind]}-{index:05d}"
            name = f"{domain} {KIND_NOUN[kind]} {index % SERVICES_PER_TEAM + 1}"
            team = owners[cluster % len(owners)]
            self.service(sid, name, kind, self.zone_for(kind), team=team, region=region)
            self.cluster_kind[(cluster, kind)].append(sid)

    def zone_for(self, kind: str) -> str:
        roll = self.rng.random()
        if kind == "gateway":
            return "dmz" if roll < 0.8 else "partner-dmz"
        if kind == "portal":
            return "dmz" if roll < 0.4 else "internal"
        if kind in ("database", "storage"):
            return "restricted" if roll < 0.8 else "pci"
        if kind == "application":
            return "apps" if roll < 0.6 else ("internal" if roll < 0.9 else "office")
        if kind == "message_broker":
            return "apps"
        if kind in ("monitoring", "logging", "backup", "ci_cd", "identity_provider"):
            return "management"
        return "internal" if roll < 0.7 else "management"

    def service(
        self,
        sid: str,
        name: str,
        kind: str,
        zone: str,
        *,
        team: str,
        region: str,
        locations: list[str] | None = None,
        criticality: str | None = None,
    ) -> dict[str, Any]:
        rng = self.rng
        stateful = kind in STATEFUL_KINDS
        instances = rng.choices((1, 2, 3, 4), (30, 45, 15, 10))[0]
        if locations is None:
            in_region = [loc for loc, _ in REGIONS[region]][:2]
            locations = in_region if instances > 1 and rng.random() < 0.7 else in_region[:1]
        environments = rng.choices(
            (["production"], ["test", "production"], ["test", "acceptance", "production"],
             ["development", "test", "acceptance", "production"], ["test"], ["acceptance"]),
            (12, 20, 40, 20, 5, 3),
        )[0]
        criticality = criticality or rng.choices(
            ("low", "medium", "high", "critical"), (20, 45, 25, 10))[0]
        service: dict[str, Any] = {
            "id": sid,
            "name": name,
            "kind": kind,
            "description": f"{name}, run by {team}.",
            "zone": zone,
            "environments": environments,
            "locations": locations,
            "instances": instances,
            "stateful": stateful,
            "internet_facing": (kind == "portal" and rng.random() < 0.7)
            or (kind == "gateway" and zone == "dmz"),
            "criticality": criticality,
            "support_lines": self.support_lines(team),
            "runbook": f"https://wiki.example.org/runbooks/{sid}" if rng.random() < 0.85 else "",
        }
        if rng.random() < 0.03:
            service["support_lines"].pop("2", None)  # an orphan: nobody owns it
        else:
            service["owner"] = team
        if rng.random() < 0.6:
            vendor, sla = rng.choice(VENDORS)
            has_contract = rng.random() < 0.9
            service["vendor"] = {
                "name": vendor,
                "contract": f"C-{rng.randrange(1000, 9999)}" if has_contract else "",
                "sla": sla if has_contract else "",
                "escalation": f"support@{vendor.lower().replace(' ', '')}.example.com",
            }
            service["lifecycle"] = self.lifecycle()
            if rng.random() < 0.6:
                service["exit_plan"] = rng.choice((
                    "Migrate to the open-source equivalent on the container platform",
                    "Second supplier qualified in the framework contract",
                    "Data export to CSV and rebuild in-house",
                ))
        if rng.random() < 0.85:
            service["cost"] = {"yearly": rng.randrange(2, 400) * 500, "currency": "EUR"}
        if rng.random() < 0.15:
            capacity = rng.randrange(1, 50) * 100
            usage = int(capacity * rng.uniform(0.4, 1.1))
            service["license"] = {"capacity": capacity, "usage": usage}
        if stateful and rng.random() < 0.8:
            service["last_restore_test"] = _date(rng.randrange(-600, -10))
        self.support_model(service)
        self.services.append(service)
        self.region_of[sid] = region
        self.by_kind[kind].append(sid)
        return service

    def support_model(self, service: dict[str, Any]) -> None:
        """Patching, recovery objectives and DR tests as a well-run landscape records them
        for most services (and misses for some)."""
        rng = self.support_rng
        if rng.random() < 0.9:
            service["patch_cycle_days"] = rng.choice((14, 30, 30, 60, 90, 180))
        high = service["criticality"] in ("high", "critical")
        if rng.random() < (0.9 if high else 0.5):
            rto = {"critical": 4, "high": 8}.get(service["criticality"], 24)
            service["rto_hours"] = rto
            service["rpo_hours"] = rto / 4
        if high and rng.random() < 0.8:
            service["last_dr_test"] = _date(rng.randrange(-500, -10))

    def support_lines(self, owner: str) -> dict[str, str]:
        roll = self.rng.random()
        if roll < 0.1:
            return {"1": "service-desk"}
        lines = {"1": "service-desk", "2": owner, "3": owner if roll < 0.6 else "platform"}
        if roll > 0.85:
            lines["4"] = "platform"
        return lines

    def lifecycle(self) -> dict[str, Any]:
        rng = self.rng
        support = rng.randrange(-400, 2500)
        return {
            "version": f"{rng.randrange(1, 20)}.{rng.randrange(0, 10)}",
            "end_of_sale": _date(support - rng.randrange(180, 720)),
            "end_of_support": _date(support),
            "end_of_life": _date(support + rng.randrange(180, 720)),
        }

    # ------------------------------------------------------------------ integrations

    def link(self) -> None:
        """About three integrations per service, most of them to the shared platform."""
        rng = self.rng
        for index, service in enumerate(self.services):
            sid, kind = service["id"], service["kind"]
            region = self.region_of[sid]
            cluster = -1 if sid in self.platform else _cluster_of(sid)
            if kind != "monitoring" and rng.random() < 0.85:
                self.relate(sid, self.shared("monitoring", region), "monitoring", "https/443")
            elif kind == "monitoring":
                other = "monitoring-eu-central" if region == "eu-west" else "monitoring-eu-west"
                self.relate(sid, other if other in self.platform else None, "monitoring",
                            "https/443")
            if sid != "cmdb" and rng.random() < 0.45:
                self.relate(sid, self.shared("cmdb"), "asset_tracking", "https/443")
            if rng.random() < 0.4 or service["criticality"] == "critical":
                self.relate(sid, self.shared("idp-admin"), "admin_auth", "ldaps/636",
                            mfa=rng.random() < 0.85)
            if kind != "logging" and rng.random() < 0.2:
                self.relate(sid, self.shared("logging", region), "logging", "syslog-tls/6514")
            if service["stateful"] and kind != "backup" and rng.random() < 0.9:
                self.relate(sid, self.shared("backup", region), "backup", "nfs/2049")
            if cluster >= 0:
                self.link_by_kind(service, cluster, index)

    def link_by_kind(self, service: dict[str, Any], cluster: int, index: int) -> None:
        rng = self.rng
        sid, kind = service["id"], service["kind"]
        if kind == "application":
            self.relate(sid, self.pick(cluster, "database"), "depends_on", "postgres/5432")
            if rng.random() < 0.2:
                self.relate(sid, self.pick(cluster, "message_broker"), "depends_on",
                            "amqps/5671")
            if rng.random() < 0.15:
                self.relate(sid, self.pick(cluster, "application", avoid=sid), "data_flow",
                            "https/443")
            if rng.random() < 0.3:
                self.relate(sid, self.shared("ci-platform"), "deploys_via", "ssh/22")
        elif kind == "portal":
            self.relate(sid, self.pick(cluster, "application"), "depends_on", "https/443")
            self.relate(sid, self.shared("idp-customer"), "user_auth", "oidc/443")
            if service["internet_facing"]:
                gateway = self.pick(cluster, "gateway") or self.shared("edge-proxy")
                self.relate(sid, gateway, "gateway", "https/443")
        elif kind in ("database", "message_broker") and rng.random() < 0.2:
            self.relate(sid, self.shared("san"), "depends_on", "iscsi/3260")
        elif kind in ("gateway", "compute") and rng.random() < 0.5:
            self.relate(sid, self.shared("core-network"), "depends_on", "")
        if kind in ("application", "portal", "compute") and rng.random() < 0.15:
            self.relate(sid, self.shared("dns-internal"), "depends_on", "dns/53")

    def shared(self, what: str, region: str | None = None) -> str | None:
        """The platform service for ``what`` (regional ones: the service's own region)."""
        for candidate in (f"{what}-{region}", f"{what}-eu-west", what):
            if candidate in self.platform:
                return candidate
        return None

    def pick(self, cluster: int, kind: str, avoid: str | None = None) -> str | None:
        """A service of ``kind`` in the same team cluster, else any of that kind."""
        pool = self.cluster_kind.get((cluster, kind)) or self.by_kind.get(kind) or []
        choice = self.rng.choice(pool) if pool else None
        return None if choice == avoid else choice

    def relate(
        self, source: str, target: str | None, kind: str, protocol: str, *, mfa: bool = False
    ) -> None:
        if target is None or target == source or (source, target, kind) in self.seen:
            return
        self.seen.add((source, target, kind))
        integration: dict[str, Any] = {
            "id": f"{source}-{kind.replace('_', '-')}-{target}",
            "source": source,
            "target": target,
            "kind": kind,
            "protocol": protocol,
            "encrypted": protocol.split("/")[0] in _ENCRYPTED or kind in ("admin_auth",
                                                                            "user_auth")
            or self.support_rng.random() < 0.8,  # most plain protocols run in TLS today
        }
        if kind == "admin_auth":
            integration["mfa"] = mfa
        self.integrations.append(integration)

    def waivers(self) -> list[dict[str, Any]]:
        """A couple of accepted risks, as review boards record them."""
        waivers = []
        if "cmdb" in self.platform:
            waivers.append({"rule": "CST-001", "subject": "cmdb", "reason": "Shared cost centre",
                            "accepted_by": "Architecture board", "expires": "2027-06-30"})
        if "edge-proxy" in self.platform:
            waivers.append({"rule": "RES-001", "subject": "edge-proxy",
                            "reason": "Active/active pair behind anycast",
                            "accepted_by": "CISO", "expires": "2026-03-31"})
        return waivers


_ENCRYPTED = frozenset({"https", "ldaps", "oidc", "amqps", "syslog-tls", "ssh"})
_EPOCH = dt.date(2026, 11, 25).toordinal()


def _date(offset_days: int) -> str:
    """An ISO date ``offset_days`` from a fixed day, so output never depends on today."""
    return dt.date.fromordinal(_EPOCH + offset_days).isoformat()


def _domain(index: int) -> str:
    base = DOMAINS[index % len(DOMAINS)]
    return base if index < len(DOMAINS) else f"{base} {index // len(DOMAINS) + 1}"


def _cluster_of(service_id: str) -> int:
    return int(service_id.rsplit("-", 1)[1]) // SERVICES_PER_TEAM


def zone_policy() -> list[dict[str, str]]:
    """Inward traffic one trust level at a time, and everything to and from management."""
    pairs = [
        ("internet", "dmz"), ("internet", "partner-dmz"),
        ("dmz", "internal"), ("dmz", "apps"), ("partner-dmz", "apps"),
        ("internal", "apps"), ("apps", "internal"), ("office", "internal"), ("office", "apps"),
        ("internal", "restricted"), ("apps", "restricted"), ("apps", "pci"),
        ("internal", "pci"), ("backup-net", "management"),
    ]
    for zone, _name, trust in ZONES:
        if trust in (0, 4):
            continue
        pairs.append((zone, "management"))
        pairs.append(("management", zone))
        pairs.append((zone, "backup-net"))
    pairs.append(("management", "backup-net"))
    return [{"from": a, "to": b} for a, b in pairs]


def grid_layout(
    services: list[dict[str, Any]],
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Zones as horizontal bands in trust order, each a tidy grid of service boxes.

    The band width follows the square root of the whole landscape, so 10,000 services make
    a picture about twice as wide as high instead of one endless row.
    """
    members: dict[str, list[str]] = defaultdict(list)
    for service in services:
        members[service["zone"]].append(service["id"])
    columns = max(4, math.ceil(math.sqrt(len(services))))
    positions: dict[str, list[int]] = {}
    areas: dict[str, list[int]] = {}
    top = 0
    for zone, _name, _trust in sorted(ZONES, key=lambda z: (z[2], ZONES.index(z))):
        ids = members.get(zone, [])
        used = min(columns, max(1, len(ids)))
        rows = max(1, math.ceil(len(ids) / columns))
        for n, sid in enumerate(ids):
            row, column = divmod(n, columns)
            positions[sid] = [ZONE_PAD + column * PITCH_X,
                              top + ZONE_HEADER + ZONE_PAD + row * PITCH_Y]
        width = 2 * ZONE_PAD + used * PITCH_X - (PITCH_X - BOX_W)
        height = ZONE_HEADER + 2 * ZONE_PAD + rows * PITCH_Y - (PITCH_Y - BOX_H)
        areas[zone] = [0, top, width, height]
        top += height + ZONE_GAP
    return positions, areas


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.benchmarks.synthetic N OUT.json``: write a landscape to a file."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.synthetic",
                                     description="Write a synthetic integramap/1 landscape.")
    parser.add_argument("n_services", type=int, help="number of services (≥ 1)")
    parser.add_argument("out", type=Path, help="JSON file to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--positions", action="store_true",
                        help="add a view with positions in zone grids")
    args = parser.parse_args(argv)
    if args.n_services < 1:
        parser.error("n_services must be at least 1")
    document = generate_landscape(args.n_services, seed=args.seed,
                                  with_positions=args.positions)
    args.out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(f"{args.out}: {len(document['services'])} services, "
          f"{len(document['integrations'])} integrations, {len(document['teams'])} teams")
    return 0


if __name__ == "__main__":
    sys.exit(main())
