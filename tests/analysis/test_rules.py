"""Every rule of the catalogue: one change that must produce it, one near miss that must not.

Each case starts from the healthy landscape of ``conftest.py`` (which has no findings at all)
and changes one thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from models.analysis import RULES
from models.analysis.context import add_months
from models.domain import Decision
from models.domain.entities import Service
from models.domain.enums import Severity
from tests.fixtures.landscape_builder import AS_OF, WELL_RUN, Landscape

Change = Callable[[Landscape], object]
DAY = dt.timedelta(days=1)


def _add_api(b: Landscape, **fields: object) -> None:
    """portal → api → db: the api holds the critical portal's reliance chain together."""
    b.service("api", owner_id="apps", zone_id="internal", **(WELL_RUN | fields))
    for target, kind in (("idp", "admin_auth"), ("mon", "monitoring"), ("cmdb", "asset_tracking")):
        b.link("api", target, kind, mfa=True)
    b.unlink("portal--depends-on--db")
    b.link("portal", "api")
    b.link("api", "db")


def _critical(b: Landscape, owners: dict[str, str]) -> None:
    for sid, owner in owners.items():
        b.set(sid, criticality="critical", owner_id=owner)


def _drop_policy(b: Landscape, pair: tuple[str, str]) -> None:
    b.model.remove(b.model.zone_policy[pair])
    b.commit()


def _test_only_pair(b: Landscape) -> None:
    for sid in ("lab", "lab-db"):
        b.service(sid, owner_id="apps", zone_id="internal", environments=["test"])
    b.link("lab", "lab-db")


def _other_region(b: Landscape, sid: str) -> None:
    b.location("fra-1", region="eu-central")
    b.set(sid, location_ids=["fra-1"])


def _action(b: Landscape, due: dt.date, status: str = "open", action: str = "Add a backup",
            ) -> None:
    b.model.add(Decision(id="add-backup", subject="db", rule="", outcome="fix",
                         action=action, action_owner_id="apps", action_due=due,
                         action_status=status))
    b.commit()


def _second_region(b: Landscape, *sids: str) -> None:
    """Frankfurt as a second region, with these services running in both."""
    b.location("fra-1", region="eu-central")
    for sid in sids:
        b.set(sid, location_ids=["ams-1", "fra-1"])


def _skills(b: Landscape, technology: str, **teams: list[str]) -> None:
    b.set("db", technology=technology)
    for tid, skills in teams.items():
        b.set_team(tid, skills=skills)


def _hours(b: Landscape, needed: str, *, vendor: str | None = None,
           line_3: str | None = None) -> None:
    b.set("idp", required_hours=needed, vendor_support_hours=vendor)
    b.set_team("platform", support_hours=line_3)


def _unused_platform(b: Landscape, cost: float | None = 9000.0) -> None:
    b.service("old-mon", kind="monitoring", zone_id="mgmt", owner_id="platform",
              **(WELL_RUN | {"cost_yearly": cost}))
    for target, kind in (("idp", "admin_auth"), ("mon", "monitoring"),
                         ("cmdb", "asset_tracking")):
        b.link("old-mon", target, kind, mfa=True)


def _customers(b: Landscape, **fields: object) -> str:
    """Customers' browsers, drawn as a party that relies on the gateway."""
    b.service("customers", kind="other", **({"external": True} | fields))
    b.link("customers", "gw")
    return "customers"


# (rule, change that must produce it, the finding's primary subject)
PRODUCES: list[tuple[str, Change, str]] = [
    ("OWN-001", lambda b: b.set("db", owner_id=None), "db"),
    ("OWN-002", lambda b: b.set_team("apps", fte=2.5), "apps"),
    ("OWN-003", lambda b: b.set("db", support_line_3_id=None), "db"),
    ("OWN-004", lambda b: b.set("idp", vendor_sla=""), "idp"),
    (
        "OWN-005",
        lambda b: _critical(b, {"db": "apps", "cmdb": "apps", "mon": "apps"}),
        "apps",
    ),
    ("OWN-006", lambda b: b.set("db", runbook=""), "db"),
    ("INT-001", lambda b: b.unlink("db--monitoring--mon"), "db"),
    ("INT-002", lambda b: b.unlink("db--backup--bkp"), "db"),
    ("INT-003", lambda b: b.unlink("db--admin-auth--idp"), "db"),
    ("INT-004", lambda b: b.set_link("portal--admin-auth--idp", mfa=False),
     "portal--admin-auth--idp"),
    ("INT-005", lambda b: b.unlink("portal--gateway--gw"), "portal"),
    ("INT-006", lambda b: b.set("bkp", location_ids=["ams-2"]), "db--backup--bkp"),
    ("INT-007", lambda b: b.set("db", last_restore_test=dt.date(2025, 11, 24)), "db"),
    ("INT-007", lambda b: b.set("db", last_restore_test=None), "db"),
    ("INT-007", lambda b: b.set("db", last_restore_test=AS_OF + DAY), "db"),  # not yet done
    ("INT-008", lambda b: b.unlink("mon2--monitoring--mon"), "mon2"),
    ("INT-008", lambda b: b.unlink("bkp2--backup--bkp"), "bkp2"),
    ("INT-009", lambda b: b.unlink("db--asset-tracking--cmdb"), "db"),
    ("ZON-001", lambda b: _drop_policy(b, ("dmz", "internal")), "portal--gateway--gw"),
    ("ZON-002", lambda b: b.set("gw", zone_id="internal", internet_facing=False),
     "portal--gateway--gw"),
    ("ZON-002", lambda b: (b.unlink("portal--gateway--gw"), b.set("gw", internet_facing=False)),
     "portal"),
    ("ZON-003", lambda b: b.set("db", environments=["test", "acceptance"]),
     "portal--depends-on--db"),
    ("RES-001", lambda b: _add_api(b, instances=1), "api"),
    ("RES-002", lambda b: b.set("db", instances=1), "db"),
    ("RES-002", lambda b: b.set("portal", instances=1), "portal"),
    ("RES-003", lambda b: b.set("portal", location_ids=["ams-1"]), "portal"),
    ("RES-004", lambda b: _other_region(b, "db"), "portal--depends-on--db"),
    ("RES-005", lambda b: b.link("db", "portal"), "db"),
    ("LIF-001", lambda b: b.set("db", end_of_support=AS_OF), "db"),
    ("LIF-001", lambda b: b.set("db", end_of_life=AS_OF - DAY), "db"),
    ("LIF-002", lambda b: b.set("db", end_of_support=dt.date(2027, 11, 25)), "db"),
    ("LIF-003", lambda b: b.set("db", end_of_life=AS_OF), "portal--depends-on--db"),
    ("LIF-004", lambda b: b.set("idp", exit_plan="", answered_none=["exit_plan"]), "idp"),
    ("CST-001", lambda b: b.set("db", cost_yearly=None), "db"),
    ("CST-002", lambda b: b.set("idp", license_usage=101), "idp"),
    ("QA-001", lambda b: b.set("db", environments=["production"]), "db"),
    ("ACT-001", lambda b: _action(b, AS_OF - DAY), "db"),
    ("OWN-007", lambda b: (b.team("dba", fte=2), _skills(b, "PostgreSQL", dba=["postgresql"])),
     "db"),  # two people know it
    ("OWN-007", lambda b: _skills(b, "PostgreSQL"), "db"),  # nobody knows it
    ("OWN-007", lambda b: (b.team("dba", fte=1), b.set("db", support_line_3_id="dba")), "db"),
    ("OWN-008", lambda b: _hours(b, "24x7", vendor="business_hours"), "idp"),
    ("OWN-008", lambda b: _hours(b, "extended", line_3="business_hours"), "idp"),
    ("INT-010", lambda b: b.set_link("portal--gateway--gw", encrypted=False),
     "portal--gateway--gw"),  # internal ← DMZ
    ("INT-010", lambda b: (b.set("db", data_classification="confidential"),
                           b.set_link("portal--depends-on--db", encrypted=False)),
     "portal--depends-on--db"),  # one zone, but confidential data
    ("LIF-005", lambda b: b.set("db", end_of_sale=AS_OF), "db"),
    ("LIF-006", lambda b: b.set("cmdb", end_of_life=AS_OF + DAY), "cmdb"),  # no EOS known
    ("LIF-006", lambda b: b.set("db", end_of_support=AS_OF + 30 * DAY,
                                end_of_life=dt.date(2027, 11, 25)), "db"),  # critical
    ("LIF-007", lambda b: b.set("idp", vendor_contract_end=dt.date(2027, 11, 25)), "idp"),
    ("LIF-007", lambda b: b.set("idp", vendor_contract_end=AS_OF - DAY), "idp"),  # ended
    ("RES-006", lambda b: _second_region(b, "db", "gw", "idp"), "portal"),  # eu-west only
    ("RES-006", lambda b: (_second_region(b, "portal", "db", "gw", "idp", "mon"),
                           b.link("mon", "cmdb")),
     "cmdb"),  # mon in two regions, the provider it needs in one
    ("RES-007", lambda b: b.set("db", rpo_hours=None), "db"),
    ("RES-007", lambda b: b.set("db", rto_hours=6.0), "portal--depends-on--db"),
    ("RES-007", lambda b: b.set("bkp", rto_hours=24.0), "db--backup--bkp"),
    ("RES-007", lambda b: b.set("pam", rto_hours=8.0), "idp--admin-auth--pam"),
    ("RES-008", lambda b: b.set("db", last_dr_test=None), "db"),
    ("RES-008", lambda b: b.set("db", last_dr_test=dt.date(2025, 11, 24)), "db"),
    ("RES-009", lambda b: b.set("db", criticality="high"), "portal--depends-on--db"),
    ("MNT-001", lambda b: b.set("db", patch_cycle_days=None), "db"),
    ("MNT-001", lambda b: b.set("db", patch_cycle_days=91), "db"),
    ("CST-003", lambda b: _unused_platform(b), "old-mon"),
    (
        "WVR-001",
        lambda b: (b.set("db", owner_id=None), b.waive("OWN-001", "db", expires=AS_OF - DAY)),
        "db",
    ),
]

# (rule, change that comes close but must not produce it)
SPARES: list[tuple[str, Change]] = [
    ("OWN-001", lambda b: b.set("db", support_line_1_id=None)),
    ("OWN-002", lambda b: b.set_team("apps", fte=3.0)),  # exactly 3 FTE is enough
    ("OWN-002", lambda b: b.team("idle", fte=1)),  # owns nothing
    ("OWN-003", lambda b: b.set("db", environments=["test"], support_line_3_id=None)),
    ("OWN-003", lambda b: b.set("db", support_line_4_id=None)),
    ("OWN-004", lambda b: b.set("idp", vendor_name="", vendor_sla="")),  # built in-house
    (  # four critical services split two and two: 50% is not more than 50%
        "OWN-005",
        lambda b: _critical(b, {"db": "apps", "idp": "platform", "gw": "platform"}),
    ),
    (  # apps owns 3 of the 5 critical services, but 5 is below the minimum of 6
        "OWN-005",
        lambda b: (_critical(b, {"cmdb": "apps"}),
                   b.model.update(b.model.settings, team_concentration_min_services=6)),
    ),
    ("OWN-006", lambda b: b.set("db", runbook="", environments=["test", "acceptance"])),
    ("INT-001", lambda b: b.set("db", environments=["test"])),
    ("INT-001", lambda b: b.unlink("mon--monitoring--mon2")),  # mon is INT-008's
    ("INT-002", lambda b: b.set("portal", stateful=False)),
    ("INT-003", lambda b: b.set_link("db--admin-auth--idp", mfa=False)),
    ("INT-004", lambda b: b.set_link("cmdb--admin-auth--idp", mfa=False)),  # cmdb is medium
    ("INT-004", lambda b: b.set_link("portal--user-auth--idp", mfa=False)),  # users, not admins
    ("INT-005", lambda b: b.set("portal", criticality="low")),  # behind the gateway
    ("INT-005", lambda b: b.set("gw", criticality="high")),  # the gateway is the entry
    ("INT-006", lambda b: b.set("bkp", location_ids=["ams-3"])),
    ("INT-006", lambda b: b.set("bkp", location_ids=[])),  # unknown: not claimed
    ("INT-007", lambda b: b.set("db", last_restore_test=dt.date(2025, 11, 25))),  # 12 months
    ("INT-007", lambda b: b.set("portal", last_restore_test=None)),  # stateless
    ("INT-008", lambda b: b.set("mon2", criticality="high")),
    ("INT-009", lambda b: b.unlink("cmdb--monitoring--mon")),  # the register itself
    # gateway traffic goes gateway → service: dmz → internal is allowed, internal → dmz is not
    ("ZON-001", lambda b: b.set("portal", criticality="high")),
    (
        "ZON-001",
        lambda b: (
            _drop_policy(b, ("dmz", "internal")),
            b.allow("internal", "dmz"),
            b.set_link("portal--gateway--gw", initiator_override="source"),
        ),
    ),
    ("ZON-001", lambda b: b.set("gw", zone_id=None)),  # no zone: nothing to check
    ("ZON-002", lambda b: b.set("portal", zone_id="mgmt")),  # behind a DMZ gateway
    ("ZON-003", _test_only_pair),
    ("ZON-003", lambda b: b.set("db", environments=["acceptance", "production"])),
    ("RES-001", lambda b: _add_api(b)),  # redundant: two instances, two locations
    (
        "RES-001",
        lambda b: (_add_api(b, instances=1), b.set("portal", criticality="medium")),
    ),
    ("RES-002", lambda b: b.set("cmdb", instances=1)),  # asset tracking is not runtime
    ("RES-003", lambda b: b.set("cmdb", location_ids=["ams-1"])),  # cmdb is medium
    ("RES-004", lambda b: _other_region(b, "bkp")),  # backup is not runtime reliance
    ("RES-004", lambda b: b.set("db", location_ids=[])),
    ("RES-005", lambda b: b.link("db", "portal", "monitoring")),
    ("RES-005", lambda b: b.link("idp", "portal", "admin_auth")),
    ("LIF-001", lambda b: b.set("db", end_of_support=AS_OF + DAY)),
    ("LIF-002", lambda b: b.set("db", end_of_support=dt.date(2027, 11, 26))),
    ("LIF-002", lambda b: b.set("db", end_of_support=AS_OF)),  # that is LIF-001
    ("LIF-003", lambda b: b.set("db", end_of_life=AS_OF + DAY)),
    ("LIF-004", lambda b: b.set("idp", criticality="high", exit_plan="Move to OpenIdP: 3 months")),
    ("LIF-004", lambda b: b.set("db", criticality="high")),  # not a vendor product
    ("CST-001", lambda b: b.set("db", cost_yearly=0.0)),  # free is a recorded cost
    ("CST-002", lambda b: b.set("idp", license_usage=100)),
    ("CST-002", lambda b: b.set("idp", license_capacity=None)),
    ("QA-001", lambda b: b.set("db", environments=["acceptance", "production"])),
    ("QA-001", lambda b: b.set("db", environments=["development"])),
    ("ACT-001", lambda b: _action(b, AS_OF)),  # due today is not overdue yet
    ("ACT-001", lambda b: _action(b, AS_OF - DAY, status="done")),
    ("ACT-001", lambda b: _action(b, AS_OF - DAY, action=" ")),  # a decision without action
    ("OWN-007", lambda b: _skills(b, "PostgreSQL", apps=["PostgreSQL"], platform=["postgresql"])),
    ("OWN-007", lambda b: (b.team("dba", fte=1), b.set("db", support_line_1_id="dba"))),
    ("OWN-007", lambda b: (b.set_team("apps", fte=2),  # the owner is OWN-002's
                           b.set("db", support_line_3_id="apps"))),
    ("OWN-008", lambda b: _hours(b, "extended", vendor="24x7", line_3="extended")),
    ("OWN-008", lambda b: _hours(b, "24x7")),  # nothing recorded to compare
    ("INT-010", lambda b: b.set_link("mon--monitoring--mon2", encrypted=False)),  # one zone
    ("INT-010", lambda b: (b.set("db", data_classification="internal"),
                           b.set_link("portal--depends-on--db", encrypted=False))),
    ("LIF-005", lambda b: b.set("db", end_of_sale=AS_OF + DAY)),
    ("LIF-005", lambda b: b.set("db", end_of_sale=AS_OF, end_of_support=AS_OF)),  # LIF-001
    ("LIF-006", lambda b: b.set("cmdb", end_of_support=AS_OF + DAY,
                                end_of_life=AS_OF + 30 * DAY)),  # medium, EOS warns
    ("LIF-006", lambda b: b.set("db", end_of_support=AS_OF, end_of_life=dt.date(2027, 11, 26))),
    ("LIF-007", lambda b: b.set("idp", vendor_contract_end=dt.date(2027, 11, 26))),
    ("RES-006", lambda b: _second_region(b)),  # a second region nobody critical needs
    ("RES-006", lambda b: _second_region(b, "portal", "db", "gw", "idp")),
    (  # the portal only in Frankfurt: one location (RES-003's), providers elsewhere (RES-004's)
        "RES-006",
        lambda b: (_second_region(b, "db", "gw", "idp"), b.set("portal", location_ids=["fra-1"])),
    ),
    ("RES-007", lambda b: b.set("cmdb", rto_hours=None, rpo_hours=None)),  # medium
    ("RES-007", lambda b: b.set("db", rto_hours=4.0)),  # as soon as the portal: enough
    ("RES-007", lambda b: b.set("mon", rto_hours=48.0)),  # monitoring: not needed to restore
    ("RES-008", lambda b: b.set("db", last_dr_test=dt.date(2025, 11, 25))),  # 12 months
    ("RES-008", lambda b: b.set("cmdb", last_dr_test=None)),  # medium
    ("RES-009", lambda b: b.set("mon", criticality="low")),  # monitoring is not runtime
    ("RES-009", lambda b: b.set("portal", criticality="high")),
    ("MNT-001", lambda b: b.set("db", patch_cycle_days=90)),
    ("MNT-001", lambda b: b.set("db", patch_cycle_days=None, environments=["test"])),
    ("MNT-001", lambda b: b.set("portal", patch_cycle_days=None, external=True)),
    ("CST-003", lambda b: _unused_platform(b, cost=None)),
    ("CST-003", lambda b: (_unused_platform(b), b.link("cmdb", "old-mon", "monitoring"))),
    (
        "WVR-001",
        lambda b: (b.set("db", owner_id=None), b.waive("OWN-001", "db", expires=AS_OF)),
    ),
]


def test_a_missing_exit_plan_never_asked_about_is_only_informational(healthy: Landscape):
    healthy.set("idp", exit_plan="")
    [unasked] = [f for f in healthy.analyse().findings if f.rule == "LIF-004"]
    assert unasked.severity is Severity.INFO
    assert "has not asked yet" in unasked.message
    healthy.set("idp", answered_none=["exit_plan"])
    [asked] = [f for f in healthy.analyse().findings if f.rule == "LIF-004"]
    assert asked.severity is Severity.MEDIUM
    assert "told there is none" in asked.message


def test_the_healthy_landscape_has_no_findings(healthy: Landscape):
    assert healthy.analyse().findings == []


def test_every_catalogue_rule_has_a_producing_case_and_a_near_miss():
    assert {rule for rule, _, _ in PRODUCES} == set(RULES)
    assert {rule for rule, _ in SPARES} == set(RULES)


@pytest.mark.parametrize(
    ("rule", "change", "subject"),
    PRODUCES,
    ids=[f"{rule}-{n}" for n, (rule, _, _) in enumerate(PRODUCES)],
)
def test_change_produces_rule(healthy: Landscape, rule: str, change: Change, subject: str):
    change(healthy)
    found = [f for f in healthy.analyse().findings if f.rule == rule]
    assert [f.primary_subject for f in found] == [subject], found
    finding = found[0]
    assert not finding.waived
    assert finding.message
    assert finding.recommendation


@pytest.mark.parametrize(
    ("rule", "change"), SPARES, ids=[f"{rule}-{n}" for n, (rule, _) in enumerate(SPARES)]
)
def test_near_miss_does_not_produce_rule(healthy: Landscape, rule: str, change: Change):
    change(healthy)
    assert rule not in healthy.rules()


def test_catalogue_entries_are_complete():
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert rule.title and rule.rationale and rule.recommendation
        assert isinstance(rule.severity, Severity)


# -- severity rises with what is at stake ------------------------------------------------


def _severity(b: Landscape, rule: str, subject: str) -> Severity:
    (finding,) = [
        f for f in b.analyse().findings if f.rule == rule and f.primary_subject == subject
    ]
    return finding.severity


def test_missing_monitoring_is_worse_on_a_critical_service(healthy: Landscape):
    healthy.unlink("cmdb--monitoring--mon").unlink("portal--monitoring--mon")
    assert _severity(healthy, "INT-001", "cmdb") is Severity.MEDIUM
    assert _severity(healthy, "INT-001", "portal") is Severity.HIGH


def test_admin_without_mfa_is_critical_on_a_critical_service(healthy: Landscape):
    healthy.set_link("portal--admin-auth--idp", mfa=False)
    healthy.set("db", criticality="high").set_link("db--admin-auth--idp", mfa=False)
    assert _severity(healthy, "INT-004", "portal--admin-auth--idp") is Severity.CRITICAL
    assert _severity(healthy, "INT-004", "db--admin-auth--idp") is Severity.HIGH


def test_small_team_owning_a_critical_service_is_high(healthy: Landscape):
    healthy.set_team("apps", fte=1).set_team("platform", fte=2)
    healthy.set("gw", criticality="low").set("idp", criticality="low")
    assert _severity(healthy, "OWN-002", "apps") is Severity.HIGH  # owns the critical portal
    assert _severity(healthy, "OWN-002", "platform") is Severity.MEDIUM


# -- rule details --------------------------------------------------------------------------


def test_thresholds_come_from_the_document_settings(healthy: Landscape):
    healthy.model.update(healthy.model.settings, min_team_fte=5.0)
    small_teams = [f for f in healthy.analyse().findings if f.rule == "OWN-002"]
    assert {"apps", "platform"} <= {f.primary_subject for f in small_teams}
    assert all("at least 5 FTE are needed" in f.message for f in small_teams)
    healthy.set("db", end_of_support=dt.date(2028, 6, 1))
    assert "LIF-002" not in healthy.rules()
    healthy.model.update(healthy.model.settings, lifecycle_horizon_months=24)
    assert "LIF-002" in healthy.rules()


def test_restore_test_age_follows_the_setting(healthy: Landscape):
    healthy.set("db", last_restore_test=dt.date(2026, 4, 1))
    assert "INT-007" not in healthy.rules()
    healthy.model.update(healthy.model.settings, restore_test_max_age_months=6)
    assert "INT-007" in healthy.rules()


def test_concentration_share_and_minimum_follow_the_settings(healthy: Landscape):
    _critical(healthy, {"idp": "apps"})  # 4 critical, 3 owned by apps
    healthy.model.update(healthy.model.settings, team_concentration_min_services=5)
    assert "OWN-005" not in healthy.rules()
    healthy.model.update(healthy.model.settings, team_concentration_min_services=4)
    assert "OWN-005" in healthy.rules()
    healthy.model.update(healthy.model.settings, team_concentration_share=0.75)
    assert "OWN-005" not in healthy.rules()


def test_the_analysis_date_decides_lifecycle_findings(healthy: Landscape):
    healthy.set("db", end_of_support=dt.date(2027, 3, 1))
    assert "LIF-002" in healthy.rules(as_of=AS_OF)
    assert "LIF-001" in healthy.rules(as_of=dt.date(2027, 3, 1))
    assert not {"LIF-001", "LIF-002"} & healthy.rules(as_of=dt.date(2025, 1, 1))


def test_internet_clients_in_a_trust_zero_zone_make_a_service_internet_facing(
    healthy: Landscape,
):
    healthy.service("users", zone_id="internet", kind="other", environments=["production"])
    healthy.allow("internet", "internal")
    healthy.service("intranet", zone_id="internal", owner_id="apps", **WELL_RUN)
    healthy.link("users", "intranet")
    by_rule = {f.rule: f for f in healthy.analyse().findings if "intranet" in f.subjects}
    assert {"INT-005", "ZON-002"} <= set(by_rule)


def test_single_point_of_failure_reports_its_blast_radius(healthy: Landscape):
    _add_api(healthy, instances=1)
    (finding,) = [f for f in healthy.analyse().findings if f.rule == "RES-001"]
    assert finding.severity is Severity.CRITICAL  # the critical portal relies on it
    assert "blast radius 1 service, 1 of them high or critical: Portal." in finding.message


def test_sole_provider_of_a_kind_is_a_single_point_of_failure(healthy: Landscape):
    healthy.service("intranet", zone_id="internal", owner_id="apps", criticality="high",
                    **WELL_RUN)
    healthy.link("intranet", "idp", "user_auth")
    assert "RES-001" not in healthy.rules()  # idp: two instances in two locations
    healthy.set("idp", instances=1)
    (finding,) = [f for f in healthy.analyse().findings if f.rule == "RES-001"]
    assert finding.primary_subject == "idp"
    assert "is the only provider of user authentication" in finding.message


def test_waived_finding_is_still_reported_but_marked(healthy: Landscape):
    healthy.set("db", owner_id=None).waive("OWN-001", "db", expires=AS_OF + 30 * DAY)
    (finding,) = [f for f in healthy.analyse().findings if f.rule == "OWN-001"]
    assert finding.waived
    assert healthy.analyse().unwaived == []


def test_waiver_without_expiry_never_expires(healthy: Landscape):
    healthy.set("db", owner_id=None).waive("OWN-001", "db")
    result = healthy.analyse(as_of=dt.date(2027, 5, 31))
    assert [(f.rule, f.waived) for f in result.findings] == [("OWN-001", True)]


def test_expired_waiver_no_longer_hides_and_is_reported(healthy: Landscape):
    healthy.set("db", owner_id=None).waive("OWN-001", "db", expires=dt.date(2026, 1, 31))
    result = healthy.analyse()
    assert [(f.rule, f.waived) for f in result.findings] == [
        ("OWN-001", False),
        ("WVR-001", False),
    ]
    assert "expired on 2026-01-31" in result.findings[1].message


def test_waiver_of_another_subject_or_rule_does_not_hide(healthy: Landscape):
    healthy.set("db", owner_id=None).waive("OWN-001", "portal").waive("OWN-003", "db")
    (finding,) = [f for f in healthy.analyse().findings if f.rule == "OWN-001"]
    assert not finding.waived


def test_entities_not_yet_stored_are_read_with_their_defaults(empty: Landscape):
    empty.model.add(Service(id="fresh"))  # criticality, environments… still None in memory
    rules = empty.rules()
    assert {"OWN-001", "INT-001", "QA-001"} <= rules  # production by default
    assert "RES-003" not in rules  # medium by default


def test_external_service_in_the_internet_zone_is_not_internet_facing(healthy: Landscape):
    healthy.service("saas", zone_id="internet", internet_facing=True, owner_id="apps",
                    **WELL_RUN)
    healthy.allow("internal", "internet")
    healthy.link("portal", "saas")
    rules = {f.rule for f in healthy.analyse().findings if "saas" in f.subjects}
    assert not rules & {"INT-005", "ZON-002"}


def test_findings_by_subject_indexes_every_subject_once(healthy: Landscape):
    healthy.set("db", owner_id=None, runbook="").set_link("portal--admin-auth--idp", mfa=False)
    index = healthy.analyse().by_subject()
    assert [f.rule for f in index["db"]] == ["OWN-001", "OWN-006"]
    assert [f.rule for f in index["portal"]] == ["INT-004"]
    assert [f.rule for f in index["portal--admin-auth--idp"]] == ["INT-004"]
    assert "gw" not in index


def test_month_arithmetic_stops_at_the_calendar_ends_instead_of_crashing():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 26), -30_000) == dt.date.min
    assert add_months(dt.date(9999, 6, 1), 12) == dt.date.max


def test_a_provider_is_a_single_point_of_failure_for_the_consumer_without_alternative(
    healthy: Landscape,
):
    """Another service using another identity provider does not make the portal's one
    replaceable: what counts is whether *this* consumer has an alternative."""
    healthy.service("idp2", kind="identity_provider", zone_id="internal", owner_id="platform",
                    **WELL_RUN)
    healthy.service("intranet", zone_id="internal", owner_id="apps", criticality="low",
                    **WELL_RUN)
    healthy.link("intranet", "idp2", "user_auth")  # the portal already uses idp
    assert "RES-001" not in healthy.rules()  # idp: two instances in two locations
    healthy.set("idp", instances=1)
    (finding,) = [f for f in healthy.analyse().findings if f.rule == "RES-001"]
    assert finding.primary_subject == "idp"
    assert "the only provider of user authentication to Portal;" in finding.message
    # A second provider of the same kind for the portal is an alternative: no longer sole.
    healthy.link("portal", "idp2", "user_auth")
    assert "RES-001" not in healthy.rules()


def test_a_sole_provider_of_an_unimportant_consumer_is_not_a_single_point_of_failure(
    healthy: Landscape,
):
    healthy.service("idp2", kind="identity_provider", zone_id="internal", owner_id="platform",
                    **(WELL_RUN | {"instances": 1}))
    healthy.service("intranet", zone_id="internal", owner_id="apps", criticality="low",
                    **WELL_RUN)
    healthy.link("intranet", "idp2", "user_auth")
    assert "RES-001" not in healthy.rules()


def test_a_gateway_outside_the_dmz_is_one_zon_002_not_one_per_service_behind_it(
    healthy: Landscape,
):
    healthy.set("gw", zone_id="internal")  # still internet-facing itself
    found = [f for f in healthy.analyse().findings if f.rule == "ZON-002"]
    assert [f.primary_subject for f in found] == ["gw"]
    healthy.set("gw", internet_facing=False)  # now only the portal says the internet comes in
    found = [f for f in healthy.analyse().findings if f.rule == "ZON-002"]
    assert [f.subjects[1:] for f in found] == [("portal", "gw")]


# -- parties we do not run, and the entries from the internet ---------------------------

OPERATIONAL = {"OWN-001", "OWN-002", "OWN-003", "OWN-004", "OWN-005", "OWN-006", "OWN-007",
               "OWN-008", "INT-001", "INT-002", "INT-003", "INT-007", "INT-009", "QA-001",
               "MNT-001", "CST-001"}


@pytest.mark.parametrize("where", [{"external": True}, {"zone_id": "internet"}],
                         ids=["external", "internet-zone"])
def test_a_party_we_do_not_run_gets_no_operational_finding(healthy: Landscape, where):
    """Customers' browsers drew six findings (no owner, monitoring, admin login, asset
    register, support lines, DTAP) although nobody here runs them."""
    healthy.allow("internet", "dmz")
    _customers(healthy, environments=["production"], stateful=True, technology="Chrome",
               required_hours="24x7", **({"external": False} | where))
    about = {f.rule for f in healthy.analyse().findings if "customers" in f.subjects}
    assert about == set()
    assert not about & OPERATIONAL


def test_the_same_party_run_by_us_gets_them(healthy: Landscape):
    healthy.allow("internal", "dmz")
    _customers(healthy, external=False, zone_id="internal", environments=["production"])
    about = {f.rule for f in healthy.analyse().findings if "customers" in f.subjects}
    assert {"OWN-001", "OWN-003", "INT-001", "INT-003", "INT-009", "QA-001", "MNT-001"} <= about


@pytest.mark.parametrize("kind", ["firewall", "network", "gateway"])
def test_an_entry_device_in_the_dmz_is_not_told_to_go_behind_a_gateway(healthy: Landscape,
                                                                       kind):
    healthy.service("edge", kind=kind, zone_id="dmz", internet_facing=True,
                    owner_id="platform", **WELL_RUN)
    for target, link in (("idp", "admin_auth"), ("mon", "monitoring"), ("cmdb", "asset_tracking")):
        healthy.link("edge", target, link, mfa=True)
    assert healthy.rules() == set()
    healthy.set("edge", zone_id="internal")  # the first hop must still be in a DMZ
    found = [f for f in healthy.analyse().findings if "edge" in f.subjects]
    assert [f.rule for f in found] == ["ZON-002"]


def test_a_firewall_reached_by_modelled_internet_clients_is_an_entry_too(healthy: Landscape):
    healthy.allow("internet", "dmz")
    healthy.service("fw", kind="firewall", zone_id="dmz", owner_id="platform", **WELL_RUN)
    for target, link in (("idp", "admin_auth"), ("mon", "monitoring"), ("cmdb", "asset_tracking")):
        healthy.link("fw", target, link, mfa=True)
    healthy.service("users", kind="other", zone_id="internet")
    healthy.link("users", "fw")
    assert not {"INT-005", "ZON-002"} & healthy.rules()


# -- batch flows, recovery order and wording ------------------------------------------


def test_a_batch_data_flow_is_not_runtime_reliance(healthy: Landscape):
    healthy.service("feed", zone_id="internal", owner_id="apps", **(WELL_RUN | {"instances": 1}))
    for target, link in (("idp", "admin_auth"), ("mon", "monitoring"), ("cmdb", "asset_tracking")):
        healthy.link("feed", target, link, mfa=True)
    healthy.link("portal", "feed", "data_flow", id="nightly")
    assert {"RES-001", "RES-009"} <= healthy.rules()  # the critical portal needs it live
    healthy.set_link("nightly", mode="batch")
    assert not {"RES-001", "RES-009"} & healthy.rules()
    assert healthy.analyse().blast_radius["feed"] == 0


def test_extended_support_moves_the_end_of_support(healthy: Landscape):
    healthy.set("db", end_of_support=AS_OF - 30 * DAY)
    assert "LIF-001" in healthy.rules()
    healthy.set("db", extended_support_until=dt.date(2029, 1, 1))
    assert not {"LIF-001", "LIF-002"} & healthy.rules()
    healthy.set("db", extended_support_until=AS_OF + 30 * DAY)
    (finding,) = [f for f in healthy.analyse().findings if f.rule == "LIF-002"]
    assert "2026-12-25" in finding.message


def test_end_of_life_names_its_deadline_with_the_date(healthy: Landscape):
    healthy.set("cmdb", end_of_life=dt.date(2027, 3, 31))
    (finding,) = [f for f in healthy.analyse().findings if f.rule == "LIF-006"]
    assert finding.message == (
        "Cmdb reaches end of life on 2027-03-31, in 4 months, and no end of support is "
        "recorded: the migration must be done by 2027-03-31.")


def test_technology_is_matched_to_skills_ignoring_case_and_summed_over_teams(
    healthy: Landscape,
):
    healthy.team("dba", fte=2)
    _skills(healthy, "PostgreSQL", dba=["postgreSQL"])
    (finding,) = [f for f in healthy.analyse().findings if f.rule == "OWN-007"]
    assert "only Dba (2 FTE) lists it among their skills" in finding.message
    assert finding.severity is Severity.HIGH  # the database is critical
    healthy.set_team("apps", skills=["Linux", "POSTGRESQL"])  # 2 + 3 FTE
    assert "OWN-007" not in healthy.rules()


def test_messages_name_services_and_teams_and_ids_only_tell_equal_names_apart(
    healthy: Landscape,
):
    healthy.set("db", owner_id=None)
    (finding,) = [f for f in healthy.analyse().findings if f.rule == "OWN-001"]
    assert finding.message == "Db has no owning team."
    assert finding.subjects == ("db",)
    healthy.set("cmdb", name="Db")
    (finding,) = [f for f in healthy.analyse().findings if f.rule == "OWN-001"]
    assert finding.message == "Db (db) has no owning team."


def test_recommendations_name_the_models_own_candidates(healthy: Landscape):
    healthy.unlink("db--backup--bkp").unlink("db--monitoring--mon")
    advice = {f.rule: f.recommendation for f in healthy.analyse().findings}
    assert advice["INT-002"] == "Back it up to Bkp and Bkp2, the model's backup services."
    assert advice["INT-001"].startswith("Have it monitored by Mon")
    assert "the model's monitoring service" in advice["INT-001"]
    healthy.unlink("db--admin-auth--idp").unlink("db--asset-tracking--cmdb")
    advice = {f.rule: f.recommendation for f in healthy.analyse().findings}
    assert advice["INT-003"] == (
        "Let its administrators log in through Idp and Pam, the model's identity providers "
        "for administrators.")
    assert advice["INT-009"] == "Track it in Cmdb, the model's asset register."
    assert not any("_" in text for text in advice.values())  # no field names


def test_a_recommendation_without_candidates_keeps_the_rules_advice(empty: Landscape):
    empty.service("db", stateful=True)
    (finding,) = [f for f in empty.analyse().findings if f.rule == "INT-002"]
    assert finding.recommendation == RULES["INT-002"].recommendation


def test_support_hours_name_who_answers_less(healthy: Landscape):
    _hours(healthy, "24x7", vendor="business_hours", line_3="extended")
    (finding,) = [f for f in healthy.analyse().findings if f.rule == "OWN-008"]
    assert finding.message == (
        "Idp needs support 24x7, but its vendor Keyfort answers business hours and Platform "
        "(line 3) works extended hours.")
    assert finding.severity is Severity.HIGH  # a critical service


def test_unencrypted_traffic_to_secret_data_is_critical(healthy: Landscape):
    healthy.set("db", data_classification="secret")
    healthy.set_link("portal--depends-on--db", encrypted=False, protocol="postgres/5432")
    (finding,) = [f for f in healthy.analyse().findings if f.rule == "INT-010"]
    assert finding.severity is Severity.CRITICAL
    assert "over postgres/5432 unencrypted" in finding.message


def test_patch_cycle_and_dr_test_age_follow_the_settings(healthy: Landscape):
    healthy.set("db", patch_cycle_days=60, last_dr_test=dt.date(2026, 3, 1))
    assert not {"MNT-001", "RES-008"} & healthy.rules()
    healthy.model.update(healthy.model.settings, patch_cycle_max_days=45,
                         dr_test_max_age_months=6)
    assert {"MNT-001", "RES-008"} <= healthy.rules()
