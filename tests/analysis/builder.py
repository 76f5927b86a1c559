"""Building analysis test models in memory, starting from a landscape with no findings.

``healthy()`` is a small landscape that satisfies every rule: a DMZ gateway in front of a
critical portal, its database with backup and a recent restore test, an identity provider,
two monitoring services watching each other, two backup services backing each other up,
and an asset register. Each rule test changes one thing in it and expects exactly that
rule to appear (or, for a near miss, not to).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from models.analysis import Analysis, analyse
from models.document import Document
from models.domain.entities import (
    Integration,
    Location,
    Service,
    Team,
    Waiver,
    Zone,
    ZonePolicy,
)
from models.domain.model import Model

AS_OF = dt.date(2026, 11, 25)


class Landscape:
    """A document plus short verbs for building and changing it."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.model: Model = document.model

    def commit(self) -> Landscape:
        """Record the edits, as the editor does after every one."""
        self.document.commit()
        return self

    # -- building ------------------------------------------------------------------------

    def zone(self, zid: str, trust: int = 2) -> Landscape:
        self.model.add(Zone(id=zid, name=zid.upper(), trust=trust))
        return self.commit()

    def allow(self, from_zone: str, to_zone: str) -> Landscape:
        self.model.add(ZonePolicy(from_zone_id=from_zone, to_zone_id=to_zone))
        return self.commit()

    def location(self, lid: str, region: str = "eu-west") -> Landscape:
        self.model.add(Location(id=lid, name=lid, region=region))
        return self.commit()

    def team(self, tid: str, fte: float = 4.0) -> Landscape:
        self.model.add(Team(id=tid, name=tid.title(), fte=fte))
        return self.commit()

    def service(self, sid: str, *, locations: list[str] | None = None, **fields: Any) -> Service:
        service = Service(id=sid, name=sid.title(), **fields)
        if locations is not None:
            service.location_ids = locations
        self.model.add(service)
        self.commit()
        return service

    def link(self, source: str, target: str, kind: str = "depends_on", **fields: Any) -> str:
        """Add "SOURCE relies on TARGET for KIND"; returns the integration id."""
        iid = fields.pop("id", f"{source}--{kind.replace('_', '-')}--{target}")
        self.model.add(
            Integration(id=iid, source_id=source, target_id=target, kind=kind, **fields)
        )
        self.commit()
        return iid

    def waive(self, rule: str, subject: str, expires: dt.date | None = None) -> Landscape:
        self.model.add(
            Waiver(rule=rule, subject=subject, reason="accepted", accepted_by="CISO",
                   expires=expires)
        )
        return self.commit()

    # -- changing ------------------------------------------------------------------------

    def set(self, sid: str, **fields: Any) -> Landscape:
        self.model.update(self.model.services[sid], **fields)
        return self.commit()

    def set_link(self, iid: str, **fields: Any) -> Landscape:
        self.model.update(self.model.integrations[iid], **fields)
        return self.commit()

    def unlink(self, iid: str) -> Landscape:
        self.model.remove(self.model.integrations[iid])
        return self.commit()

    def set_team(self, tid: str, **fields: Any) -> Landscape:
        self.model.update(self.model.teams[tid], **fields)
        return self.commit()

    # -- reading -------------------------------------------------------------------------

    def analyse(self, as_of: dt.date = AS_OF) -> Analysis:
        return analyse(self.model, as_of=as_of)

    def rules(self, as_of: dt.date = AS_OF) -> set[str]:
        return {f.rule for f in self.analyse(as_of).findings}


WELL_RUN: dict[str, Any] = {
    "environments": ["test", "production"],
    "instances": 2,
    "locations": ["ams-1", "ams-2"],
    "support_line_1_id": "servicedesk",
    "support_line_2_id": "operations",
    "support_line_3_id": "platform",
    "runbook": "wiki/runbooks",
    "cost_yearly": 1200.0,
    "cost_currency": "EUR",
}


def build_healthy(document: Document) -> Landscape:
    """The landscape without findings (see the module docstring)."""
    b = Landscape(document)
    b.zone("internet", 0).zone("dmz", 1).zone("internal", 2).zone("mgmt", 4)
    b.allow("dmz", "internal").allow("dmz", "mgmt").allow("internal", "mgmt")
    b.location("ams-1").location("ams-2").location("ams-3")
    for tid in ("servicedesk", "operations", "platform"):
        b.team(tid, fte=4)
    b.team("apps", fte=3)  # exactly the minimum: not OWN-002

    def well_run(sid: str, owner: str, **fields: Any) -> None:
        b.service(sid, owner_id=owner, **(WELL_RUN | fields))

    well_run("gw", "platform", kind="gateway", zone_id="dmz", internet_facing=True)
    well_run("portal", "apps", kind="portal", zone_id="internal", internet_facing=True,
             criticality="critical")
    well_run("db", "apps", kind="database", zone_id="internal", stateful=True,
             last_restore_test=dt.date(2026, 6, 1))
    well_run("idp", "platform", kind="identity_provider", zone_id="mgmt",
             vendor_name="Keyfort", vendor_contract="C-17", vendor_sla="4h",
             license_capacity=100, license_usage=100)
    well_run("mon", "platform", kind="monitoring", zone_id="mgmt")
    well_run("mon2", "platform", kind="monitoring", zone_id="mgmt")
    well_run("bkp", "platform", kind="backup", zone_id="mgmt", locations=["ams-2", "ams-3"])
    well_run("bkp2", "platform", kind="backup", zone_id="mgmt", locations=["ams-1"])
    well_run("cmdb", "platform", kind="other", zone_id="mgmt")

    b.link("portal", "gw", "gateway")
    b.link("portal", "db")
    b.link("portal", "idp", "user_auth")
    b.link("db", "bkp", "backup")
    b.link("bkp", "bkp2", "backup")
    b.link("bkp2", "bkp", "backup")
    b.link("mon", "mon2", "monitoring")
    for sid in sorted(b.model.services):
        b.link(sid, "idp", "admin_auth", mfa=True)
        if sid != "mon":
            b.link(sid, "mon", "monitoring")
        if sid != "cmdb":
            b.link(sid, "cmdb", "asset_tracking")
    return b
