"""The bundled example's findings, pinned: it plants one problem per rule family.

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
    ("LIF-002", "message-broker", "high", False),
    ("OWN-002", "claims-it", "high", False),
    ("RES-001", "partner-sftp", "high", False),
    ("RES-002", "customer-idp", "high", False),
    ("RES-003", "customer-idp", "high", False),
    ("ZON-003", "policy-admin-needs-pdf-renderer", "high", False),
    ("CST-002", "logging", "medium", False),
    ("INT-001", "hr-portal", "medium", False),
    ("INT-006", "document-store-backed-up-by-snapshot-vault", "medium", False),
    ("INT-007", "document-store", "medium", False),
    ("LIF-004", "policy-db", "medium", False),
    ("CST-001", "core-network", "low", True),
    ("CST-001", "pdf-renderer", "low", False),
    ("QA-001", "partner-sftp", "low", False),
    ("RES-004", "data-warehouse-data-from-policy-db", "low", False),
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
    first = set(example.recovery_waves[0])
    assert {"core-network", "policy-db", "customer-idp"} <= first
    assert example.blast_radius["core-network"] == 6
    assert example.blast_radius["customer-portal"] == 0
    assert sum(len(wave) for wave in example.recovery_waves) == len(example.blast_radius)


def test_messages_name_zones_kinds_and_services_as_people_read_them(example):
    messages = {(f.rule, f.primary_subject): f.message for f in example.findings}
    crossing = messages[("ZON-001", "payment-adapter-needs-policy-db")]
    assert "in zone DMZ opens connections to Policy database (policy-db) in zone Restricted" \
        in crossing
    assert "(depends on)" in crossing and "DMZ → Restricted" in crossing
    assert messages[("LIF-001", "policy-db")].endswith(
        "has been past end of support since 2025-03-31.")
