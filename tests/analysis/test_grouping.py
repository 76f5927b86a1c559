"""Related findings on one subject from one root cause are gathered under one heading."""

from __future__ import annotations

from models.analysis.grouping import FindingGroup, grouped
from models.analysis.results import Finding
from models.domain.enums import Severity
from tests.fixtures.landscape_builder import Landscape


def _finding(rule: str, subject: str, severity: Severity = Severity.HIGH,
             waived: bool = False) -> Finding:
    return Finding(rule, severity, (subject,), f"{rule} on {subject}", "fix it", waived)


def test_a_single_instance_identity_provider_is_one_heading_with_three_facets(
    healthy: Landscape,
):
    healthy.set("idp", instances=1, location_ids=["ams-1"])
    entries = grouped(healthy.analyse().findings)
    (group,) = [e for e in entries if isinstance(e, FindingGroup)]
    assert (group.subject, group.cause) == ("idp", "not redundant")
    assert [f.rule for f in group.findings] == ["RES-001", "RES-002", "RES-003"]
    assert group.severity is Severity.CRITICAL
    assert group.rules == "RES-001, RES-002, RES-003"
    # Every finding is still there exactly once, the group where its worst facet was.
    flat = [f for e in entries for f in (e.findings if isinstance(e, FindingGroup) else [e])]
    assert sorted(flat, key=Finding.sort_key) == healthy.analyse().findings
    assert entries.index(group) == 0


def test_findings_of_other_causes_or_subjects_stay_apart():
    findings = [_finding("RES-002", "idp"), _finding("RES-003", "db"),
                _finding("LIF-001", "idp"), _finding("OWN-002", "idp")]
    assert grouped(findings) == findings


def test_waived_facets_are_not_mixed_with_open_ones():
    open_one, waived = _finding("RES-002", "idp"), _finding("RES-003", "idp", waived=True)
    assert grouped([open_one, waived]) == [open_one, waived]
    both = [open_one, _finding("RES-003", "idp", Severity.MEDIUM)]
    (group,) = grouped(both)
    assert group.findings == tuple(both)
