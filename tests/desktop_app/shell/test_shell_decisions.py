"""Decisions and actions in the editor: Decide… on a finding, Review ▸ Record Decision…,
the Actions panel's order, Mark Done and undo, the dialog's rules."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate

from desktop_app.panels import actions_panel as actions_module
from desktop_app.panels import findings as findings_module
from desktop_app.panels.decision_dialog import DecisionDialog
from models.domain import ActionStatus, Decision, DecisionOutcome

AS_OF = dt.date(2026, 11, 25)


@pytest.fixture
def window(make_window):
    win = make_window()
    win.findings.runner.today = lambda: AS_OF
    return win


def _analysis(qtbot, panel, after=None):
    qtbot.waitUntil(lambda: panel.analysis is not None and panel.analysis is not after,
                    timeout=30_000)
    return panel.analysis


def test_accepting_a_finding_from_the_panel_waives_it_in_one_undo_step(qtbot, window,
                                                                        monkeypatch):
    panel = window.findings
    analysis = _analysis(qtbot, panel)
    finding = next(f for f in analysis.findings if f.rule == "OWN-001" and f.subjects[0] == "idp")
    asked = []

    def answer(_parent, _model, subject, rule, today, *, about, existing):
        asked.append((subject, rule, today, existing))
        return {"subject": subject, "rule": rule, "outcome": DecisionOutcome.ACCEPT,
                "until": dt.date(2027, 5, 31), "decided_by": "Board", "note": "Pilot only",
                "action": "Name an owner", "action_owner_id": "ops",
                "action_due": dt.date(2027, 1, 31)}

    monkeypatch.setattr(findings_module, "ask_decision", answer)
    panel.tree.setCurrentItem(panel.item_for(finding))
    assert panel.decide_button.isEnabled()
    depth = window.editor.undo_stack.count()
    panel.decide_current()
    assert asked == [("idp", "OWN-001", AS_OF, None)]
    model = window.editor.model
    assert model.waivers[("OWN-001", "idp")].expires == dt.date(2027, 5, 31)
    assert [d.action for d in model.decisions.values()] == ["Name an owner"]
    assert window.editor.undo_stack.count() == depth + 1
    assert window.actions_panel.tree.topLevelItemCount() == 1
    after = _analysis(qtbot, panel, after=analysis)
    waived = next(f for f in after.findings if f.rule == "OWN-001" and f.subjects[0] == "idp")
    panel.tree.setCurrentItem(panel.item_for(waived))
    assert "Accept the risk until 2027-05-31" in panel.details.toPlainText()
    window.editor.undo_stack.undo()
    assert not model.decisions and ("OWN-001", "idp") not in model.waivers
    assert window.actions_panel.tree.topLevelItemCount() == 0


def test_review_menu_records_a_decision_on_the_selected_service(qtbot, window, monkeypatch):
    window.scene.select_ids(["db"])
    window.refresh_actions()
    assert window.actions.record_decision.isEnabled()
    monkeypatch.setattr(findings_module, "ask_decision",
                        lambda *_a, **_k: {"subject": "db", "rule": "",
                                           "outcome": DecisionOutcome.FIX,
                                           "action": "Add a replica"})
    window.actions.record_decision.trigger()
    [decision] = window.editor.model.decisions.values()
    assert (decision.subject, decision.rule, decision.action) == ("db", "", "Add a replica")
    window.scene.select_ids([])
    window.refresh_actions()
    assert not window.actions.record_decision.isEnabled()


def _decide(window, **values):
    return window.editor.record_decision({"subject": "db", **values})


def test_actions_list_overdue_first_then_by_due_date_and_hide_done(qtbot, window):
    panel = window.actions_panel
    _decide(window, action="Later", action_due=dt.date(2027, 3, 1), action_owner_id="web")
    _decide(window, action="Overdue", action_due=dt.date(2026, 10, 1))
    _decide(window, action="Sooner", action_due=dt.date(2027, 1, 1))
    _decide(window, action="Finished", action_due=dt.date(2026, 9, 1), action_status="done")
    _decide(window, note="Only a note, no action")
    rows = [panel.tree.topLevelItem(i).text(1) for i in range(panel.tree.topLevelItemCount())]
    assert rows == ["Overdue", "Sooner", "Later"]
    assert panel.tree.topLevelItem(0).text(4) == "overdue"
    assert panel.summary.text() == "3 open actions, 1 overdue · 1 done"
    panel.show_done.setChecked(True)
    assert panel.tree.topLevelItem(3).text(1) == "Finished"


def test_mark_done_is_undoable_and_activating_selects_the_subject(qtbot, window):
    panel = window.actions_panel
    decision_id = _decide(window, action="Test a restore", action_due=dt.date(2026, 1, 1))
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    panel.activate(panel.tree.topLevelItem(0))
    assert window.scene.selected_ids() == ["db"]
    panel.toggle_done()
    decision = window.editor.model.decisions[decision_id]
    assert decision.action_status is ActionStatus.DONE
    assert panel.tree.topLevelItemCount() == 0
    window.editor.undo_stack.undo()
    assert decision.action_status is ActionStatus.OPEN
    assert panel.tree.topLevelItemCount() == 1


def test_edit_and_delete_from_the_panel(qtbot, window, monkeypatch):
    panel = window.actions_panel
    decision_id = _decide(window, action="Draft", action_due=dt.date(2027, 1, 1))
    monkeypatch.setattr(actions_module, "ask_decision",
                        lambda *_a, existing, **_k: {"id": existing.id, "subject": "db",
                                                     "action": "Final"})
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    panel.edit_current()
    assert window.editor.model.decisions[decision_id].action == "Final"
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    panel.delete_current()
    assert decision_id not in window.editor.model.decisions
    window.editor.undo_stack.undo()
    assert window.editor.model.decisions[decision_id].action == "Final"


def test_the_dialog_needs_a_date_to_defer_and_refuses_accepting_into_the_past(qtbot, window):
    model = window.editor.model
    dialog = DecisionDialog(None, model, "db", "INT-002", AS_OF)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()  # nothing decided yet
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(DecisionOutcome.DEFER))
    dialog.until_none.setChecked(True)
    assert "deferral needs" in dialog.problem.text()
    dialog.until_none.setChecked(False)
    assert dialog.problem_text() is None
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(DecisionOutcome.ACCEPT))
    dialog.until.setDate(QDate(2026, 1, 1))
    assert "must hold until today" in dialog.problem_text()
    dialog.until.setDate(QDate(2027, 1, 1))
    dialog.action.setText("Add backup")
    answer = dialog.answer()
    assert answer["outcome"] is DecisionOutcome.ACCEPT
    assert answer["until"] == dt.date(2027, 1, 1)
    assert answer["action_due"] == AS_OF + dt.timedelta(days=90)
    service_dialog = DecisionDialog(None, model, "db", "", AS_OF)
    qtbot.addWidget(service_dialog)
    assert service_dialog.outcome.findData(DecisionOutcome.ACCEPT) == -1


def test_an_existing_decision_fills_the_dialog(qtbot, window):
    decision_id = _decide(window, rule="INT-002", outcome="defer", until=dt.date(2027, 2, 2),
                          action="Plan", action_owner_id="ops", action_status="done")
    existing = window.editor.model.decisions[decision_id]
    dialog = DecisionDialog(None, window.editor.model, "db", "INT-002", AS_OF, existing=existing)
    qtbot.addWidget(dialog)
    answer = dialog.answer()
    assert (answer["id"], answer["outcome"], answer["until"]) == (
        decision_id, DecisionOutcome.DEFER, dt.date(2027, 2, 2))
    assert (answer["action_owner_id"], answer["action_status"]) == ("ops", ActionStatus.DONE)
    assert isinstance(existing, Decision)
