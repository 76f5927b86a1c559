"""Review decisions and actions: recorded as steps, accepted findings waived, cascades, files."""

from __future__ import annotations

import datetime as dt

import pytest

from models.analysis import analyse
from models.document import Document
from models.domain import ActionStatus, Decision, DecisionOutcome, ModelError, Team
from models.editing import decision_steps, removal_steps, run
from models.interchange.dot_format import export_dot, import_dot
from models.interchange.json_format import export_json, import_json
from tests.fixtures.landscape_builder import AS_OF, build_healthy


@pytest.fixture
def landscape():
    with Document.new(name="Decisions") as document:
        yield build_healthy(document)


def _undo(model, steps):
    run(model, [s.inverse() for s in reversed(steps)])


def test_accepting_a_finding_waives_it_until_the_date_and_undo_takes_both_back(landscape):
    model = landscape.model
    landscape.set("db", owner_id=None)
    steps = decision_steps(model, {
        "subject": "db", "rule": "OWN-001", "outcome": "accept",
        "until": dt.date(2027, 3, 31), "decided_by": "Ana (architecture)",
        "note": "Owner named by the next quarter",
    })
    run(model, steps)
    [decision] = model.decisions.values()
    assert decision.id == "db-own-001"
    assert decision.outcome is DecisionOutcome.ACCEPT
    waiver = model.waivers[("OWN-001", "db")]
    assert (waiver.expires, waiver.accepted_by) == (dt.date(2027, 3, 31), "Ana (architecture)")
    assert [f.waived for f in analyse(model, as_of=AS_OF).findings if f.rule == "OWN-001"] == [
        True]
    _undo(model, steps)
    assert not model.decisions and not model.waivers


def test_changing_an_accepted_decision_moves_its_waiver(landscape):
    model = landscape.model
    first = decision_steps(model, {"subject": "db", "rule": "OWN-001", "outcome": "accept",
                                   "until": dt.date(2027, 1, 1)})
    run(model, first)
    again = decision_steps(model, {"id": "db-own-001", "until": dt.date(2027, 6, 30)})
    run(model, again)
    assert model.waivers[("OWN-001", "db")].expires == dt.date(2027, 6, 30)
    _undo(model, again)
    assert model.waivers[("OWN-001", "db")].expires == dt.date(2027, 1, 1)


def test_fix_and_defer_make_no_waiver(landscape):
    model = landscape.model
    for outcome in ("fix", "defer"):
        run(model, decision_steps(model, {"subject": "db", "rule": "INT-002",
                                          "outcome": outcome, "until": dt.date(2027, 1, 1)}))
    assert not model.waivers
    assert sorted(model.decisions) == ["db-int-002", "db-int-002-2"]


@pytest.mark.parametrize(("values", "message"), [
    ({"subject": "nothing-here"}, "subject"),
    ({"subject": "db", "action_owner_id": "no-team"}, "unknown team"),
    ({"subject": "db", "action_due": "2027-02-30"}, "date"),
    ({"subject": "db", "outcome": "ignore"}, "unknown value 'ignore'"),
])
def test_bad_values_are_refused_before_anything_changes(landscape, values, message):
    model = landscape.model
    with pytest.raises(ModelError, match=message):
        run(model, decision_steps(model, values))
    assert not model.decisions


def test_deleting_a_service_takes_its_decisions_and_undo_brings_them_back(landscape):
    model = landscape.model
    run(model, decision_steps(model, {"subject": "db", "action": "Add a second instance"}))
    steps = removal_steps(model, model.services["db"])
    run(model, steps)
    assert not model.decisions
    _undo(model, steps)
    assert [d.action for d in model.decisions.values()] == ["Add a second instance"]


def test_removing_a_team_repoints_the_actions_it_owned(landscape):
    model = landscape.model
    model.add(Team(id="ops-2", name="Ops 2", fte=4))
    run(model, decision_steps(model, {"subject": "db", "action": "Test a restore",
                                      "action_owner_id": "ops-2"}))
    steps = removal_steps(model, model.teams["ops-2"], reassign_to="apps")
    run(model, steps)
    assert next(iter(model.decisions.values())).action_owner_id == "apps"
    _undo(model, steps)
    assert next(iter(model.decisions.values())).action_owner_id == "ops-2"


def test_decisions_travel_through_json_dot_and_imap(landscape, tmp_path):
    model = landscape.model
    run(model, decision_steps(model, {
        "subject": "db", "rule": "INT-007", "outcome": "defer", "until": dt.date(2027, 2, 1),
        "decided_on": AS_OF, "decided_by": "Board", "note": "After the migration",
        "action": "Test a restore", "action_owner_id": "apps",
        "action_due": dt.date(2027, 1, 15), "action_status": "done",
    }))
    text = export_json(model)
    assert '"decisions"' in text and '"owner": "apps"' in text
    with import_json(text) as again:
        assert export_json(again.model) == text
    with import_dot(export_dot(model)) as again:
        decision = again.model.decisions["db-int-007"]
        assert decision.action_status is ActionStatus.DONE
        assert decision.action_due == dt.date(2027, 1, 15)
    landscape.document.commit()
    path = landscape.document.save(tmp_path / "decided.imap")
    with Document.open(path) as opened:
        assert export_json(opened.model) == text


def test_a_model_without_decisions_exports_as_before(landscape):
    assert '"decisions"' not in export_json(landscape.model)


def test_a_decision_on_an_unknown_rule_or_subject_is_refused_on_import(landscape):
    import json

    document = json.loads(export_json(landscape.model))
    document["decisions"] = [{"id": "x", "subject": "nowhere"},
                             {"id": "y", "subject": "db", "rule": "XYZ-999"}]
    with pytest.raises(Exception) as refused:
        import_json(document)
    text = str(refused.value)
    assert "decisions[0].subject: unknown subject 'nowhere'" in text
    assert "decisions[1].rule: unknown rule 'XYZ-999'" in text


def test_overdue_is_an_open_action_past_its_day():
    decision = Decision(id="d", subject="db", action="Do it", action_due=dt.date(2026, 1, 1))
    assert decision.overdue(dt.date(2026, 1, 2))
    assert not decision.overdue(dt.date(2026, 1, 1))
    decision.action_status = ActionStatus.DONE
    assert not decision.overdue(dt.date(2026, 1, 2))
