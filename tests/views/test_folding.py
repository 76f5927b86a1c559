"""Hidden supporting links folded into marks on the boxes."""

from __future__ import annotations

from models.domain import IntegrationKind, Severity
from models.domain.enums import RUNTIME_KINDS, SUPPORTING_KINDS
from models.views import MarkState, supporting_marks


def _marks(example, analysis, sid):
    found = supporting_marks(example, [sid], SUPPORTING_KINDS, analysis.findings)
    return {mark.kind: mark for mark in found[sid]}


def test_present_marks_say_which_service_provides(example, example_analysis):
    marks = _marks(example, example_analysis, "customer-portal")
    assert marks[IntegrationKind.MONITORING].state is MarkState.PRESENT
    assert marks[IntegrationKind.MONITORING].providers == ("monitoring",)
    assert "by Monitoring" in marks[IntegrationKind.MONITORING].describe(example)
    assert list(marks) == list(SUPPORTING_KINDS)


def test_missing_marks_carry_the_finding_that_expects_them(example, example_analysis):
    hr = _marks(example, example_analysis, "hr-portal")[IntegrationKind.MONITORING]
    assert hr.state is MarkState.MISSING and hr.rule == "INT-001"
    claims_db = _marks(example, example_analysis, "claims-db")[IntegrationKind.BACKUP]
    assert claims_db.state is MarkState.MISSING and claims_db.rule == "INT-002"
    assert claims_db.severity is not None and claims_db.severity >= Severity.HIGH


def test_a_capability_no_rule_asks_for_is_not_needed(example, example_analysis):
    psp = _marks(example, example_analysis, "psp")
    assert psp[IntegrationKind.BACKUP].state is MarkState.NOT_NEEDED


def test_only_hidden_supporting_kinds_are_folded(example, example_analysis):
    shown_backup = [k for k in SUPPORTING_KINDS if k is not IntegrationKind.BACKUP]
    marks = supporting_marks(example, ["claims-db"], shown_backup, example_analysis.findings)
    assert IntegrationKind.BACKUP not in {m.kind for m in marks["claims-db"]}
    assert supporting_marks(example, ["claims-db"], RUNTIME_KINDS, []) == {}


def test_a_waived_finding_does_not_mark_a_capability_missing(example, example_analysis):
    waived = [f.as_waived() for f in example_analysis.findings]
    marks = supporting_marks(example, ["hr-portal"], SUPPORTING_KINDS, waived)
    monitoring = {m.kind: m for m in marks["hr-portal"]}[IntegrationKind.MONITORING]
    assert monitoring.state is MarkState.NOT_NEEDED
