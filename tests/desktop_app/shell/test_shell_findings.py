"""Findings panel: refreshed (debounced) after edits, filters, click selects, waivers, badges."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.editing import DocumentEditor
from desktop_app.panels import findings as findings_module
from desktop_app.panels.findings import FindingsPanel, badges_of
from desktop_app.panels.findings_runner import FindingsRunner
from desktop_app.panels.waiver_dialog import WaiverAnswer
from models.analysis import RULES, analyse
from models.domain import Service, Severity
from tests.fixtures.shop import small_document

AS_OF = dt.date(2026, 11, 25)


def _wait_for_analysis(qtbot, panel, after=None):
    qtbot.waitUntil(
        lambda: panel.analysis is not None and panel.analysis is not after, timeout=30_000
    )
    return panel.analysis


@pytest.fixture
def window(make_window):
    win = make_window()
    win.findings.runner.today = lambda: AS_OF
    return win


def _rules_on(analysis, subject):
    return {f.rule for f in analysis.findings if f.subjects and f.subjects[0] == subject}


def test_findings_follow_edits_after_a_debounce(qtbot, window):
    panel = window.findings
    first = _wait_for_analysis(qtbot, panel)
    assert "OWN-001" in _rules_on(first, "idp")
    runs = []
    panel.runner.started.connect(lambda: runs.append(1))
    for name in ("O", "Op", "Ops IdP"):
        window.editor.update(Service, "idp", name=name)
    window.editor.update(Service, "idp", owner_id="ops")
    assert panel.analysis is first  # nothing recomputed while the user is still editing
    second = _wait_for_analysis(qtbot, panel, after=first)
    assert "OWN-001" not in _rules_on(second, "idp")
    assert runs == [1]  # four edits, one analysis


def test_moving_services_does_not_reanalyse(qtbot, window):
    panel = window.findings
    _wait_for_analysis(qtbot, panel)
    window.editor.move({"db": (10.0, 20.0)})
    assert not panel.runner.timer.isActive()


def test_clicking_a_finding_selects_and_centres_its_subjects(qtbot, window):
    panel = window.findings
    analysis = _wait_for_analysis(qtbot, panel)
    finding = next(f for f in analysis.findings if f.subjects[0] == "db")
    item = panel.item_for(finding)
    assert item is not None
    panel.tree.setCurrentItem(item)
    panel.activate(item)
    assert "db" in window.scene.selected_ids()
    assert RULES[finding.rule].rationale[:40] in panel.details.toPlainText()
    assert "blast radius" in panel.details.toPlainText()


def test_filters_by_severity_rule_and_text(qtbot, window):
    panel = window.findings
    analysis = _wait_for_analysis(qtbot, panel)
    panel.severity.setCurrentIndex(panel.severity.findData(Severity.HIGH))
    assert all(f.severity >= Severity.HIGH for f in panel.findings_shown())
    panel.severity.setCurrentIndex(0)
    rule = analysis.findings[-1].rule
    panel.rule.setCurrentIndex(panel.rule.findData(rule))
    assert {f.rule for f in panel.findings_shown()} == {rule}
    panel.rule.setCurrentIndex(0)
    panel.text.setText("orders db")
    shown = panel.findings_shown()
    assert shown and all("db" in f.subjects for f in shown)
    assert len(shown) < len(analysis.findings)


def test_waive_from_the_panel_is_undoable(qtbot, window, monkeypatch):
    panel = window.findings
    analysis = _wait_for_analysis(qtbot, panel)
    finding = next(f for f in analysis.findings if f.subjects[0] == "idp")
    monkeypatch.setattr(
        findings_module, "ask_waiver",
        lambda *_: WaiverAnswer("Accepted for the pilot", "Review board", dt.date(2027, 6, 30)),
    )
    panel.tree.setCurrentItem(panel.item_for(finding))
    panel.waive_current()
    waiver = window.editor.model.waivers[(finding.rule, "idp")]
    assert (waiver.accepted_by, waiver.expires) == ("Review board", dt.date(2027, 6, 30))
    after = _wait_for_analysis(qtbot, panel, after=analysis)
    waived = next(
        f for f in after.findings if f.rule == finding.rule and f.subjects == finding.subjects
    )
    assert waived.waived
    panel.tree.setCurrentItem(panel.item_for(waived))
    assert panel.waive_button.text() == "Remove waiver"
    assert "Review board" in panel.details.toPlainText()
    window.editor.undo_stack.undo()
    assert (finding.rule, "idp") not in window.editor.model.waivers


def test_badges_reach_the_canvas(qtbot, window):
    panel = window.findings
    with qtbot.waitSignal(panel.badges_changed, timeout=30_000) as signal:
        panel.runner.run_now()
    badges = signal.args[0]
    analysis = panel.analysis
    assert badges == badges_of(analysis, window.editor.model.services)
    count, worst = badges["db"]
    on_db = [f for f in analysis.unwaived if "db" in f.subjects]
    assert count == len(on_db) and worst == max(f.severity for f in on_db)
    assert window.scene.service_item("db").badge == (count, worst)


def test_large_models_are_analysed_on_a_snapshot_in_a_worker(qtbot, qapp, store):
    editor = DocumentEditor(small_document(store))
    runner = FindingsRunner(sync_limit=0, today=lambda: AS_OF)
    panel = FindingsPanel(runner)
    qtbot.addWidget(panel)
    try:
        with qtbot.waitSignal(runner.analysed, timeout=20_000) as signal:
            panel.set_editor(editor)
            runner.run_now()
        expected = analyse(editor.model, as_of=AS_OF)
        assert signal.args[0].findings == expected.findings
        assert signal.args[0].blast_radius == expected.blast_radius
        editor.update(Service, "idp", owner_id="ops")
        with qtbot.waitSignal(runner.analysed, timeout=20_000) as again:
            runner.run_now()
        assert "OWN-001" not in _rules_on(again.args[0], "idp")
    finally:
        runner.wait()
        panel.set_editor(None)
        editor.close()
        editor.document.close()


def test_closing_while_the_worker_analyses_is_clean(qtbot, make_window, store):
    window = make_window()
    working = window.editor.document.working_path
    window.findings.runner.sync_limit = 0  # force the background path
    window.findings.runner.run_now()
    assert window.close()
    assert not working.exists()
    assert list(store.directory.iterdir()) == []


def test_replacing_the_document_ignores_the_old_analysis(qtbot, make_window, prompts):
    window = make_window()
    runner = window.findings.runner
    runner.sync_limit = 0
    runner.run_now()
    assert window.files.new()  # unmodified: no question; the old run's result is stale now
    runner.wait()
    qtbot.waitUntil(lambda: window.findings.analysis is not None, timeout=30_000)
    old_ids = {"db", "idp", "portal"}
    assert not any(old_ids & set(f.subjects) for f in window.findings.analysis.findings)


def test_waiving_again_renews_an_expired_waiver_in_one_undo_step(qtbot, window, monkeypatch):
    panel = window.findings
    first = _wait_for_analysis(qtbot, panel)
    finding = next(f for f in first.findings if f.subjects[0] == "idp")
    window.editor.add_waiver(finding.rule, "idp", "pilot", "Board", dt.date(2025, 1, 31))
    analysis = _wait_for_analysis(qtbot, panel, after=first)
    expired = next(f for f in analysis.findings
                   if f.rule == finding.rule and f.subjects == finding.subjects)
    assert not expired.waived
    panel.tree.setCurrentItem(panel.item_for(expired))
    assert panel.waive_button.text() == "Renew waiver…"
    asked = []

    def answer(_parent, _finding, _today, name, existing):
        asked.append((name, existing.accepted_by))
        return WaiverAnswer("Renewed for the pilot", "Architecture board", dt.date(2027, 3, 1))

    monkeypatch.setattr(findings_module, "ask_waiver", answer)
    panel.tree.setCurrentItem(panel.item_for(expired))
    depth = window.editor.undo_stack.count()
    panel.waive_current()
    assert asked == [("IdP", "Board")]
    waiver = window.editor.model.waivers[(finding.rule, "idp")]
    assert (waiver.reason, waiver.accepted_by, waiver.expires) == (
        "Renewed for the pilot", "Architecture board", dt.date(2027, 3, 1))
    assert window.editor.undo_stack.count() == depth + 1
    window.editor.undo_stack.undo()
    waiver = window.editor.model.waivers[(finding.rule, "idp")]
    assert (waiver.accepted_by, waiver.expires) == ("Board", dt.date(2025, 1, 31))
    # The "waiver expired" finding renews the waiver it reports, too.
    expired_notice = next(f for f in analysis.findings if f.rule == "WVR-001")
    panel.tree.setCurrentItem(panel.item_for(expired_notice))
    assert panel.waive_button.text() == "Renew waiver…"
    panel.waive_current()
    assert asked[-1] == ("IdP", "Board")
    assert window.editor.model.waivers[(finding.rule, "idp")].expires == dt.date(2027, 3, 1)
    assert ("WVR-001", "idp") not in window.editor.model.waivers


def test_a_refused_waiver_action_is_told_in_the_status_bar(qtbot, window):
    panel = window.findings
    first = _wait_for_analysis(qtbot, panel)
    finding = next(f for f in first.findings if f.subjects[0] == "idp")
    window.editor.add_waiver(finding.rule, "idp", "pilot", "Board", None)
    analysis = _wait_for_analysis(qtbot, panel, after=first)
    waived = next(f for f in analysis.findings
                  if f.rule == finding.rule and f.subjects == finding.subjects)
    panel.tree.setCurrentItem(panel.item_for(waived))
    window.editor.model.remove(window.editor.model.waivers[(finding.rule, "idp")])
    panel.waive_current()  # the finding on screen is stale: its waiver is gone
    assert "no waiver" in window.statusBar().currentMessage()


def test_integration_subjects_are_named_by_their_ends(qtbot, window):
    from desktop_app.panels.findings import subject_name

    model = window.editor.model
    assert subject_name(model, "portal-db") == "Portal → Orders DB"
    assert subject_name(model, "portal-idp", with_kind=True).startswith("Portal → IdP (")
    assert subject_name(model, "db") == "Orders DB"


def test_waiver_dialog_refuses_a_past_expiry_and_names_the_subject(qtbot):
    from desktop_app.panels.waiver_dialog import WaiverDialog
    from models.analysis import Finding

    finding = Finding("INT-002", Severity.HIGH, ("portal-db",), "Not encrypted.", "Encrypt.",
                      False)
    today = dt.date(2026, 11, 25)
    dialog = WaiverDialog(None, finding, today, "Portal → Orders DB (depends on)")
    qtbot.addWidget(dialog)
    assert "Portal → Orders DB (depends on)" in dialog.findChild(type(dialog.problem)).text()
    dialog.reason.setText("accepted")
    dialog.accepted_by.setText("Board")
    dialog.expires.setDate(dialog.expires.date().addYears(-3))
    assert dialog.answer().expires >= today
    dialog.today = today.replace(year=2030)  # the day turned while the dialog was open
    dialog._update_ok()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert "before today" in dialog.problem.text()
    dialog.show()
    qtbot.waitExposed(dialog)
    metrics = dialog.reason.fontMetrics()
    assert dialog.reason.width() >= metrics.horizontalAdvance(dialog.reason.placeholderText())


@pytest.mark.parametrize("sync_limit", [1500, 0], ids=["gui-thread", "worker"])
def test_a_failing_analysis_is_reported_in_the_panel(qtbot, window, monkeypatch, sync_limit):
    from desktop_app.panels import findings_runner

    panel = window.findings
    first = _wait_for_analysis(qtbot, panel)

    def broken(*_args, **_kwargs):
        raise ValueError("year 4526 is out of range")

    working = findings_runner.analyse
    monkeypatch.setattr(findings_runner, "analyse", broken)
    panel.runner.sync_limit = sync_limit
    with qtbot.waitSignal(panel.runner.failed, timeout=20_000):
        panel.runner.run_now()
    assert panel.summary.text() == "Analysis failed: Year 4526 is out of range"
    assert not panel.runner.busy
    monkeypatch.setattr(findings_runner, "analyse", working)
    window.editor.update(Service, "idp", owner_id="ops")  # the next edit analyses again
    _wait_for_analysis(qtbot, panel, after=first)
    assert panel.summary.text().endswith(f"(as of {AS_OF:%Y-%m-%d})")


def test_rows_name_integrations_by_their_ends_and_the_list_gets_most_room(qtbot, window):
    from models.domain import IntegrationKind

    panel = window.findings
    first = _wait_for_analysis(qtbot, panel)
    link = window.editor.connect("db", "portal", IntegrationKind.DATA_FLOW)  # against policy
    analysis = _wait_for_analysis(qtbot, panel, after=first)
    finding = next(f for f in analysis.findings if f.subjects[0] == link)
    assert panel.item_for(finding).text(1).startswith("Orders DB → Portal")
    split = panel.tree.parentWidget()
    assert split.sizes()[0] > 2 * split.sizes()[1]


def test_facets_of_one_root_cause_sit_under_one_heading(qtbot, window):
    """A single-instance service in one location: RES-002 and RES-003 under one heading,
    each facet still a selectable row with its rule and severity."""
    panel = window.findings
    first = _wait_for_analysis(qtbot, panel)
    window.editor.update(Service, "db", criticality="critical", instances=1,
                         location_ids=["ams"])
    analysis = _wait_for_analysis(qtbot, panel, after=first)
    facets = [f for f in analysis.findings
              if f.primary_subject == "db" and f.rule in {"RES-002", "RES-003"}]
    assert len(facets) == 2
    item = panel.item_for(facets[1])
    heading = item.parent()
    assert heading.parent() is not None  # under a severity, not one itself
    assert heading.text(0) == ", ".join(dict.fromkeys(
        f.rule for f in analysis.findings
        if f.primary_subject == "db" and f.rule in {"RES-001", "RES-002", "RES-003"}))
    assert heading.text(2).startswith("Not redundant: ")
    assert item.text(0) == f"{facets[1].rule} · {facets[1].severity.word}"
    shown = panel.findings_shown()
    assert sorted(shown, key=lambda f: f.sort_key()) == sorted(
        analysis.findings, key=lambda f: f.sort_key())
    assert heading.isExpanded()
