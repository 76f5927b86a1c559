"""The bundled example's findings, pinned: it plants one problem per rule family, and one
finding for each rule of the support model (OWN-007/008, INT-010, LIF-005/006/007,
RES-006/007/008/009, MNT-001, CST-003).

If the example changes on purpose, update the table from
``integramap check resources/examples/landscape.json --as-of 2026-11-25 --format json``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from models.analysis import analyse
from models.interchange import load_model_file
from models.resource_files import resource_path

AS_OF = dt.date(2026, 11, 25)

EXPECTED = [
    ("INT-002", "claims-db", "critical", False),
    ("INT-004", "container-platform-admins-via-directory", "critical", False),
    ("LIF-001", "policy-db", "critical", False),
    ("RES-001", "customer-idp", "critical", False),
    ("ZON-001", "payment-adapter-needs-policy-db", "critical", False),
    ("INT-005", "partner-sftp", "high", False),
    ("INT-010", "policy-admin-needs-document-store", "high", False),
    ("LIF-002", "message-broker", "high", False),
    ("LIF-006", "policy-db", "high", False),
    ("OWN-002", "claims-it", "high", False),
    ("OWN-007", "api-gateway", "high", False),
    ("OWN-008", "api-gateway", "high", False),
    ("RES-002", "customer-idp", "high", False),
    ("RES-003", "customer-idp", "high", False),
    ("RES-006", "document-store", "high", False),
    ("RES-007", "claims-needs-claims-db", "high", False),
    ("ZON-003", "policy-admin-needs-pdf-renderer", "high", False),
    ("CST-002", "logging", "medium", False),
    ("INT-001", "hr-portal", "medium", False),
    ("INT-006", "document-store-backed-up-by-snapshot-vault", "medium", False),
    ("INT-007", "document-store", "medium", False),
    ("LIF-004", "policy-db", "medium", False),
    ("LIF-007", "hr-portal", "medium", False),
    ("MNT-001", "hr-portal", "medium", False),
    ("RES-008", "customer-idp", "medium", False),
    ("RES-009", "policy-admin-needs-document-store", "medium", False),
    ("CST-001", "core-network", "low", True),
    ("CST-001", "pdf-renderer", "low", False),
    ("CST-003", "old-monitoring", "low", False),
    ("LIF-005", "claims-db", "low", False),
    ("QA-001", "partner-sftp", "low", False),
    ("WVR-001", "claims-db", "low", False),
]


@pytest.fixture(scope="module")
def example():
    with load_model_file(resource_path("examples", "landscape.json")) as document:
        yield analyse(document.model, as_of=AS_OF)


def test_example_findings_are_pinned(example):
    found = [(f.rule, f.primary_subject, f.severity.word, f.waived) for f in example.findings]
    assert found == EXPECTED


def test_example_recovery_order_and_blast_radius(example):
    assert example.cycles == []
    assert example.recovery_waves[-1] == ["customer-portal", "mobile-api"]
    # What everything is restored from and administered through comes back first: the
    # backup platforms and the directory, whose administrators log in through each other.
    assert example.recovery_waves[0] == ["backup", "directory", "pam", "snapshot-vault"]
    assert example.restored_together == [["backup", "directory", "pam", "snapshot-vault"]]
    wave_of = {sid: n for n, wave in enumerate(example.recovery_waves) for sid in wave}
    assert wave_of["policy-db"] > wave_of["backup"]
    assert {"core-network", "policy-db", "customer-idp"} <= set(example.recovery_waves[1])
    assert example.blast_radius["core-network"] == 7
    assert example.blast_radius["customer-portal"] == 0
    assert sum(len(wave) for wave in example.recovery_waves) == len(example.blast_radius)


def test_messages_name_zones_kinds_and_services_as_people_read_them(example):
    messages = {(f.rule, f.primary_subject): f.message for f in example.findings}
    crossing = messages[("ZON-001", "payment-adapter-needs-policy-db")]
    assert "in zone DMZ opens connections to Policy database in zone Restricted" in crossing
    assert "(depends on)" in crossing and "DMZ → Restricted" in crossing
    assert messages[("LIF-001", "policy-db")].endswith(
        "has been past end of support since 2025-03-31.")


def test_the_example_draws_no_operational_finding_for_parties_it_does_not_run(example):
    """Customers' browsers and the payment provider are drawn for their traffic only."""
    external = [f for f in example.findings if {"customers", "psp"} & set(f.subjects)]
    assert external == []


def test_the_recovery_plan_says_who_restores_what_from_where(example):
    steps = {step.service: step for step in example.recovery_plan}
    assert [s.service for s in example.recovery_plan][:4] == [
        "backup", "directory", "pam", "snapshot-vault"]
    db = steps["policy-db"]
    assert (db.owner, db.restore_from, db.rto_hours, db.rpo_hours) == ("dba", ("backup",), 4, 1)
    assert db.last_restore_test is not None and db.last_dr_test is not None
    assert steps["document-store"].restore_from == ("snapshot-vault",)
