"""Inspector: every edit goes through the editor, refusals are shown and never stored."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop_app.panels.inspector import InspectorPanel
from models.domain import (
    Criticality,
    DocumentInfo,
    Environment,
    Initiator,
    Integration,
    IntegrationKind,
    Service,
    ServiceKind,
    Team,
    Zone,
)


@pytest.fixture
def inspector(qtbot, editor):
    panel = InspectorPanel()
    qtbot.addWidget(panel)
    panel.set_editor(editor)
    panel.show()
    return panel


def _field(panel, name):
    return panel.form.field(name)


def test_typing_a_name_is_one_undo_step(qtbot, inspector, editor):
    inspector.show_entity(Service, "db")
    line = _field(inspector, "name").line
    line.selectAll()
    qtbot.keyClicks(line, "Orders database")
    assert editor.model.services["db"].name == "Orders database"
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert editor.model.services["db"].name == "Orders DB"
    assert line.text() == "Orders DB"  # undo is shown: the inspector follows the model


def test_every_service_field_kind_is_stored(qtbot, inspector, editor):
    inspector.show_entity(Service, "db")
    form = inspector.form
    kind = form.field("criticality")
    kind.combo.setCurrentIndex(kind.combo.findData(Criticality.CRITICAL))
    kind.combo.activated.emit(kind.combo.currentIndex())
    owner = form.field("support_line_3_id")
    owner.combo.activated.emit(owner.combo.findData("web"))
    envs = form.field("environments")
    for box, value in envs.boxes:
        if value is Environment.TEST:
            box.click()
    locations = form.field("location_ids")
    for row in range(locations.list.count()):
        item = locations.list.item(row)
        item.setCheckState(Qt.CheckState.Checked)
    eos = form.field("end_of_support")
    eos.line.setText("2028-12-31")
    eos.line.editingFinished.emit()
    cost = form.field("cost_yearly")
    cost.line.setText("1200.5")
    cost.line.editingFinished.emit()
    form.field("instances").spin.setValue(3)
    form.field("internet_facing").box.click()
    vendor = form.field("vendor_sla").line
    qtbot.keyClicks(vendor, "24/7")
    service = editor.model.services["db"]
    assert service.criticality is Criticality.CRITICAL
    assert service.support_line_3_id == "web"
    assert service.environments == (Environment.TEST, Environment.PRODUCTION)
    assert service.location_ids == ["ams", "fra"]
    assert service.end_of_support == dt.date(2028, 12, 31)
    assert service.cost_yearly == 1200.5
    assert service.instances == 3
    assert service.internet_facing is True
    assert service.vendor_sla == "24/7"
    assert editor.undo_stack.count() == 9
    while editor.undo_stack.canUndo():
        editor.undo_stack.undo()
    service = editor.model.services["db"]
    assert (service.criticality, service.support_line_3_id, service.location_ids,
            service.end_of_support, service.cost_yearly, service.vendor_sla) == (
        Criticality.MEDIUM, None, [], None, None, "")


def test_bad_date_is_refused_with_a_message(qtbot, inspector, editor):
    inspector.show_entity(Service, "db")
    field = _field(inspector, "end_of_life")
    field.line.setText("2027-13-45")
    field.line.editingFinished.emit()
    assert field.error.isVisible()
    assert "YYYY-MM-DD" in field.error.text()
    assert editor.model.services["db"].end_of_life is None
    assert editor.undo_stack.count() == 0
    field.line.setText("2027-12-31")
    field.line.editingFinished.emit()
    assert not field.error.isVisible()
    assert editor.model.services["db"].end_of_life == dt.date(2027, 12, 31)


def test_negative_fte_is_refused_with_a_message(qtbot, inspector, editor):
    inspector.show_entity(Team, "web")
    field = _field(inspector, "fte")
    field.line.setText("-2")
    field.line.editingFinished.emit()
    assert field.error.isVisible()
    assert "fte" in field.error.text().lower()
    assert editor.model.teams["web"].fte == 4
    assert editor.undo_stack.count() == 0
    field.line.setText("two")
    field.line.editingFinished.emit()
    assert "not a number" in field.error.text()
    field.line.setText("2.5")
    field.line.editingFinished.emit()
    assert editor.model.teams["web"].fte == 2.5 and not field.error.isVisible()


def test_unticking_every_stage_is_refused_and_reverted(qtbot, inspector, editor):
    inspector.show_entity(Service, "db")
    field = _field(inspector, "environments")
    [production] = [box for box, value in field.boxes if value is Environment.PRODUCTION]
    production.click()
    assert field.error.isVisible()
    assert production.isChecked()
    assert editor.model.services["db"].environments == (Environment.PRODUCTION,)


def test_integration_fields(qtbot, inspector, editor):
    inspector.show_entity(Integration, "portal-idp")
    form = inspector.form
    assert form.title.text() == "Portal relies on IdP for user authentication"
    form.field("mfa").box.click()
    form.field("encrypted").box.click()
    initiator = form.field("initiator_override")
    initiator.combo.activated.emit(initiator.combo.findData(Initiator.TARGET))
    kind = form.field("kind")
    kind.combo.activated.emit(kind.combo.findData(IntegrationKind.ADMIN_AUTH))
    qtbot.keyClicks(form.field("protocol").line, "ldaps/636")
    integration = editor.model.integrations["portal-idp"]
    assert integration.mfa and integration.encrypted
    assert integration.initiator_override is Initiator.TARGET
    assert integration.kind is IntegrationKind.ADMIN_AUTH
    assert integration.protocol == "ldaps/636"
    assert form.title.text().endswith("for administrator authentication")


def test_zone_and_location_and_document_fields(qtbot, inspector, editor):
    inspector.show_entity(Zone, "dmz")
    trust = inspector.form.field("trust")
    trust.combo.activated.emit(trust.combo.findData(0))
    assert editor.model.zones["dmz"].trust == 0
    assert "1 service uses" in inspector.form.users.text()
    inspector.show_entity(Team, "web")
    qtbot.keyClicks(inspector.form.field("contact").line, "web@example.org")
    assert editor.model.teams["web"].contact == "web@example.org"
    inspector.show_ids([])
    assert inspector.form.entity is DocumentInfo
    line = inspector.form.field("name").line
    line.selectAll()
    qtbot.keyClicks(line, "Webshop")
    assert editor.model.name == "Webshop"


def test_external_change_refreshes_but_not_the_field_being_typed(qtbot, inspector, editor):
    inspector.show_entity(Service, "db")
    name = _field(inspector, "name").line
    name.setFocus()
    name.end(False)
    qtbot.keyClicks(name, "!")
    editor.update(Service, "db", runbook="https://wiki/db")  # e.g. from another panel
    assert _field(inspector, "runbook").line.text() == "https://wiki/db"
    assert name.text() == "Orders DB!"


def test_options_follow_new_teams(qtbot, inspector, editor):
    inspector.show_entity(Service, "db")
    editor.add_entity(Team(id="dba", name="DBA"))
    combo = _field(inspector, "owner_id").combo
    assert combo.findData("dba") >= 0
    assert combo.currentData() == "ops"


def test_deleted_subject_falls_back_to_the_model(qtbot, inspector, editor):
    inspector.show_entity(Service, "idp")
    editor.delete(["idp"])
    assert inspector.form.entity is DocumentInfo


def test_multiple_selection_shows_a_count(qtbot, inspector, editor):
    inspector.show_ids(["db", "portal", "portal-db"])
    assert "3 items selected" in inspector.multiple.text()


def test_zone_policy_is_edited_from_the_zone(qtbot, inspector, editor):
    inspector.show_entity(Zone, "internal")
    policy = inspector.form.field("allowed_to")
    items = [policy.list.item(row) for row in range(policy.list.count())]
    options = [item.data(Qt.ItemDataRole.UserRole) for item in items]
    assert options == ["dmz"]  # every other zone; inside a zone is always allowed
    policy.list.item(0).setCheckState(Qt.CheckState.Checked)
    assert ("internal", "dmz") in editor.model.zone_policy
    assert editor.undo_stack.count() == 1
    inspector.show_entity(Zone, "dmz")
    policy = inspector.form.field("allowed_to")
    assert policy.chosen() == ["internal"]
    policy.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert ("dmz", "internal") not in editor.model.zone_policy
    editor.undo_stack.undo()
    assert ("dmz", "internal") in editor.model.zone_policy
    assert policy.chosen() == ["internal"]  # undo is shown


def test_analysis_thresholds_are_edited_with_the_model(qtbot, inspector, editor):
    inspector.show_ids([])
    fte = inspector.form.field("min_team_fte")
    assert fte.line.text() == "3"
    fte.line.setText("4")
    fte.line.editingFinished.emit()
    assert editor.model.settings.min_team_fte == 4.0
    share = inspector.form.field("team_concentration_share")
    share.line.setText("1.5")
    share.line.editingFinished.emit()
    assert share.error.isVisible() and editor.model.settings.team_concentration_share == 0.5
    editor.undo_stack.undo()
    assert editor.model.settings.min_team_fte == 3.0
    assert fte.line.text() == "3"


def test_first_start_gives_labels_and_values_room(make_window, qtbot, monkeypatch):
    """On a first start (no saved layout) on a desktop-sized screen no label of the model
    form (shown first) or the service form is cut and each value beside a label is at
    least VALUE_MIN_WIDTH wide."""
    from PySide6.QtGui import QGuiApplication

    from desktop_app.panels.inspector import VALUE_MIN_WIDTH

    # The test screen is small; without one the window takes its full first-run size.
    monkeypatch.setattr(QGuiApplication, "primaryScreen", staticmethod(lambda: None))
    window = make_window()
    assert window.width() >= 1600
    for ids, entity in (([], DocumentInfo), (["portal"], Service)):
        window.select_and_centre(ids)
        qtbot.wait(20)
        form = window.inspector.form
        assert form.entity is entity
        for row in range(form.form.rowCount()):
            label = form.form.itemAt(row, form.form.ItemRole.LabelRole)
            value = form.form.itemAt(row, form.form.ItemRole.FieldRole)
            if label is None or label.widget() is None or value is None:
                continue
            text = label.widget()
            assert text.width() >= text.sizeHint().width(), text.text()
            assert value.geometry().width() >= VALUE_MIN_WIDTH, text.text()


def _top_in(widget, form):
    from PySide6.QtCore import QPoint

    return widget.mapTo(form, QPoint(0, 0)).y()


@pytest.mark.parametrize(("entity", "key", "tall"), [
    (Zone, "dmz", "allowed_to"), (Integration, "portal-db", "notes"), (Team, "web", "name"),
])
def test_short_forms_are_compact_with_labels_beside_their_fields(qtbot, inspector, entity, key,
                                                                 tall):
    inspector.resize(420, 900)
    inspector.show_entity(Service, "db")  # the tallest form first, as in a session
    inspector.show_entity(entity, key)
    qtbot.wait(20)
    form = inspector.form
    field = form.field(tall)
    label = form.form.labelForField(field)
    assert abs(_top_in(label, form) - _top_in(field, form)) <= 8
    assert field.height() <= field.sizeHint().height() + 2  # no field absorbs spare height
    # It fits: no long empty scroll area left over from the service form.
    qtbot.waitUntil(lambda: inspector.verticalScrollBar().maximum() == 0, timeout=2000)
    last = form.form.itemAt(form.form.rowCount() - 1, form.form.ItemRole.SpanningRole)
    bottom = (last.widget() if last is not None else field).geometry().bottom()
    assert bottom < 400  # the "used by" note and the Delete button right below the fields


@pytest.mark.parametrize(("entity", "key", "name", "typed", "starts"), [
    (Team, "web", "fte", "-2", "FTE must be at least 0"),
    (DocumentInfo, 1, "min_team_fte", "-1", "Minimum team FTE must be at least 0"),
    (Service, "db", "end_of_life", "2027-13-45", "End of life must be a date"),
    (Service, "db", "cost_yearly", "-5", "Yearly cost must be at least 0"),
    (Service, "db", "rto_hours", "-4", "RTO (hours) must be at least 0, not -4"),
    (Service, "db", "patch_cycle_days", "0", "Patch cycle (days) must be at least 1, not 0"),
    (Service, "db", "last_dr_test", "2026-02-30", "Last DR test must be a date"),
    (Team, "web", "skills", "Oracle; MySQL, " + "x" * 101,
     "Skills: a word must be at most 100 characters, not 101"),
])
def test_refusals_name_the_field_by_its_label(qtbot, inspector, entity, key, name, typed, starts):
    inspector.show_entity(entity, key)
    field = inspector.form.field(name)
    field.line.setText(typed)
    field.line.editingFinished.emit()
    assert field.error.text().startswith(starts), field.error.text()
    assert "_" not in field.error.text()


def test_skills_are_typed_separated_by_commas_and_undone_in_one_step(qtbot, inspector, editor):
    inspector.show_entity(Team, "web")
    field = inspector.form.field("skills")
    field.line.setText("PostgreSQL,  Linux , postgresql,")
    field.line.editingFinished.emit()
    assert editor.model.teams["web"].skills == ("PostgreSQL", "Linux")
    assert field.line.text() == "PostgreSQL, Linux"  # as stored: trimmed, each word once
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert editor.model.teams["web"].skills == ()
    assert field.line.text() == ""


def test_a_typing_mistake_reads_as_a_sentence(qtbot, inspector):
    inspector.show_entity(Team, "web")
    field = inspector.form.field("fte")
    field.line.setText("")
    field.line.editingFinished.emit()
    assert field.error.text() == "A number is required here"


def test_ctrl_z_in_a_text_box_undoes_the_document_and_can_be_redone(qtbot, inspector, editor):
    inspector.show_entity(Service, "db")
    box = _field(inspector, "notes").text
    box.setFocus()
    qtbot.keyClicks(box, "Nightly dump")
    assert editor.model.services["db"].notes == "Nightly dump"
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.model.services["db"].notes in ("", None)
    assert box.toPlainText() == ""
    assert editor.undo_stack.canRedo()
    qtbot.keyClick(box, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editor.model.services["db"].notes == "Nightly dump"
    assert box.toPlainText() == "Nightly dump"


def test_ctrl_z_commits_a_typed_number_first_then_undoes_it(qtbot, inspector, editor):
    inspector.show_entity(Service, "db")
    line = _field(inspector, "cost_yearly").line
    line.setFocus()
    qtbot.keyClicks(line, "1200")
    assert editor.model.services["db"].cost_yearly is None  # not committed while typing
    qtbot.keyClick(line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.model.services["db"].cost_yearly is None
    assert line.text() == ""
    editor.undo_stack.redo()
    assert editor.model.services["db"].cost_yearly == 1200


# ---------------------------------------------------------------------- integration ends


def _integrations(editor):
    """Every integration as a dict of its columns, to compare model states field by field."""
    return {
        key: {column.key: getattr(link, column.key) for column in Integration.__table__.columns}
        for key, link in editor.model.integrations.items()
    }


def _choose(field, value):
    """Pick ``value`` in a choice field as the user does (the combo's activated signal)."""
    index = field.combo.findData(value)
    assert index >= 0, value
    field.combo.setCurrentIndex(index)
    field.combo.activated.emit(index)


def test_ends_are_listed_by_name_sorted(qtbot, inspector, editor):
    inspector.show_entity(Integration, "portal-db")
    for name in ("source_id", "target_id"):
        combo = _field(inspector, name).combo
        assert [combo.itemText(i) for i in range(combo.count())] == ["IdP", "Orders DB", "Portal"]
    assert _field(inspector, "source_id").combo.currentData() == "portal"
    assert _field(inspector, "target_id").combo.currentData() == "db"


def test_changing_an_end_is_one_undoable_edit(qtbot, inspector, editor):
    inspector.show_entity(Integration, "portal-db")
    before = _integrations(editor)
    _choose(_field(inspector, "source_id"), "idp")
    after = _integrations(editor)
    assert editor.model.integrations["portal-db"].source_id == "idp"
    assert {k: v for k, v in after["portal-db"].items() if k != "source_id"} == {
        k: v for k, v in before["portal-db"].items() if k != "source_id"}
    assert "portal-db" in {i.id for i in editor.model.integrations_of("idp")}
    assert "portal-db" not in {i.id for i in editor.model.integrations_of("portal")}
    assert editor.undo_stack.count() == 1
    assert inspector.form.title.text() == "IdP relies on Orders DB for a runtime dependency"
    assert not _field(inspector, "source_id").error.isVisible()
    editor.undo_stack.undo()
    assert _integrations(editor) == before
    assert _field(inspector, "source_id").combo.currentData() == "portal"
    assert inspector.form.title.text().startswith("Portal relies on Orders DB")
    editor.undo_stack.redo()
    assert _integrations(editor) == after
    assert _field(inspector, "source_id").combo.currentData() == "idp"
    _choose(_field(inspector, "target_id"), "portal")
    assert editor.model.integrations["portal-db"].target_id == "portal"
    assert inspector.form.title.text() == "IdP relies on Portal for a runtime dependency"


def test_a_self_link_is_refused_with_a_message(qtbot, inspector, editor):
    inspector.show_entity(Integration, "portal-db")
    before = _integrations(editor)
    to = _field(inspector, "target_id")
    _choose(to, "portal")
    assert to.error.isVisible()
    assert to.error.text() == "A service cannot rely on itself; choose another service"
    assert to.combo.currentData() == "db"  # the refused choice snaps back
    assert _integrations(editor) == before
    assert editor.undo_stack.count() == 0
    _choose(to, "idp")  # a valid choice afterwards clears the message
    assert not to.error.isVisible()
    assert editor.model.integrations["portal-db"].target_id == "idp"


def test_a_duplicate_is_refused_with_a_message(qtbot, inspector, editor):
    editor.connect("idp", "db", IntegrationKind.DEPENDS_ON)
    editor.undo_stack.clear()
    inspector.show_entity(Integration, "portal-db")
    before = _integrations(editor)
    source = _field(inspector, "source_id")
    _choose(source, "idp")
    assert source.error.isVisible()
    assert source.error.text() == "IdP already relies on Orders DB for a runtime dependency"
    assert source.combo.currentData() == "portal"
    assert _integrations(editor) == before
    assert editor.undo_stack.count() == 0


def test_swap_direction_is_one_step_and_refused_when_it_would_duplicate(
    qtbot, inspector, editor
):
    inspector.show_entity(Integration, "portal-idp")
    before = _integrations(editor)
    # The scroll area makes room for the form on the next pass of the event loop; a
    # click before that lands on a squeezed button (as no user's click can).
    qtbot.waitUntil(lambda: inspector.form.swap.height() >= inspector.form.swap.sizeHint().height())
    qtbot.mouseClick(inspector.form.swap, Qt.MouseButton.LeftButton)
    link = editor.model.integrations["portal-idp"]
    assert (link.source_id, link.target_id) == ("idp", "portal")
    assert editor.undo_stack.count() == 1
    assert inspector.form.title.text() == "IdP relies on Portal for user authentication"
    assert _field(inspector, "source_id").combo.currentData() == "idp"
    assert _field(inspector, "target_id").combo.currentData() == "portal"
    editor.undo_stack.undo()
    assert _integrations(editor) == before
    assert _field(inspector, "source_id").combo.currentData() == "portal"
    # The other direction already exists with the same kind: refused, nothing stored.
    editor.connect("idp", "portal", IntegrationKind.USER_AUTH)
    before = _integrations(editor)
    count = editor.undo_stack.count()
    qtbot.mouseClick(inspector.form.swap, Qt.MouseButton.LeftButton)
    assert _integrations(editor) == before
    assert editor.undo_stack.count() == count
    source = _field(inspector, "source_id")
    assert source.error.isVisible()
    assert source.error.text() == "IdP already relies on Portal for user authentication"
    assert source.combo.currentData() == "portal"


def test_ends_follow_renamed_and_new_services(qtbot, inspector, editor):
    inspector.show_entity(Integration, "portal-idp")
    editor.update(Service, "idp", name="Directory")  # e.g. renamed on the canvas
    assert inspector.form.title.text() == "Portal relies on Directory for user authentication"
    combo = _field(inspector, "target_id").combo
    assert combo.itemText(combo.currentIndex()) == "Directory"
    editor.add_service(ServiceKind.DATABASE, (0.0, 0.0), name="Portal")
    assert combo.currentData() == "idp"
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels[:2] == ["Directory", "Orders DB"]
    assert sorted(labels[2:]) == ["Portal (portal)", "Portal (portal-2)"]  # told apart


def test_changing_an_end_redraws_the_arrow_and_keeps_it_selected(qtbot, make_window):
    window = make_window()
    window.findings.runner.run_now()
    qtbot.waitUntil(lambda: window.findings.analysis is not None, timeout=30_000)
    first = window.findings.analysis
    window.scene.select_ids(["portal-db"])
    inspector = window.inspector
    assert inspector.subject == (Integration, "portal-db")
    arrow = window.scene.integration_item("portal-db")
    _choose(_field(inspector, "source_id"), "idp")
    assert window.scene.integration_item("portal-db") is arrow
    assert arrow.source is window.scene.service_item("idp")
    assert window.scene.service_item("idp").box().adjusted(-1, -1, 1, 1).contains(
        arrow.line().p1())
    assert window.scene.service_item("db").box().adjusted(-1, -1, 1, 1).contains(
        arrow.line().p2())
    assert "portal-db" not in window.scene.service_item("portal").links
    assert window.scene.selected_ids() == ["portal-db"]
    assert inspector.subject == (Integration, "portal-db")  # still shown, not the model
    qtbot.waitUntil(lambda: window.findings.analysis is not first, timeout=30_000)
    from desktop_app.panels.findings import badges_of

    badges = badges_of(window.findings.analysis, window.editor.model.services)
    for service_id in window.editor.model.services:
        assert window.scene.service_item(service_id).badge == badges.get(service_id)


def _count_loads(widget, monkeypatch):
    """The arguments of every reload of a form or field from now on."""
    loads = []
    load = widget.load

    def counting(*args):
        loads.append(args[1:])
        load(*args)

    monkeypatch.setattr(widget, "load", counting)
    return loads


def test_its_own_edit_does_not_reload_the_inspector_but_the_same_change_by_undo_does(
    qtbot, inspector, editor, monkeypatch
):
    inspector.show_entity(Team, "web")
    loads = _count_loads(inspector.form, monkeypatch)
    fte = _field(inspector, "fte").line
    fte.setText("1,50")
    fte.setCursorPosition(2)
    fte.editingFinished.emit()
    assert editor.model.teams["web"].fte == 1.5
    # Not reloaded: the text stays as typed (a reload would write "1.5"), caret and all.
    assert (fte.text(), fte.cursorPosition(), loads) == ("1,50", 2, [])
    name = _field(inspector, "name").line
    name.setFocus()
    name.setCursorPosition(1)
    qtbot.keyClicks(name, "X")
    name.setSelection(0, 2)
    qtbot.keyClicks(name, "Y", Qt.KeyboardModifier.ShiftModifier)  # replaces "WX"
    assert editor.model.teams["web"].name == "Yeb"
    assert (name.text(), name.cursorPosition(), loads) == ("Yeb", 1, [])
    # Undo is not the inspector's edit: it is shown, in the model's own spelling.
    editor.undo_stack.undo()  # the typing in the name, one step
    assert name.text() == "Web"
    qtbot.keyClick(fte, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo typed here
    assert (fte.text(), editor.model.teams["web"].fte) == ("4", 4.0)
    editor.undo_stack.redo()
    assert fte.text() == "1.5"
    assert loads == [(frozenset({"name"}),), (frozenset({"fte"}),), (frozenset({"fte"}),)]
    # The same change from anyone else (here nobody said who) is shown too.
    editor.update(Team, "web", fte=2.25)
    assert fte.text() == "2.25"


def test_a_setting_and_a_zone_policy_edited_here_are_not_reloaded_but_undone_ones_are(
    qtbot, inspector, editor, monkeypatch
):
    inspector.show_entity(DocumentInfo, 1)
    horizon = _field(inspector, "lifecycle_horizon_months").line
    horizon.setText("018")
    horizon.editingFinished.emit()
    assert editor.model.settings.lifecycle_horizon_months == 18
    assert horizon.text() == "018"  # as typed
    editor.undo_stack.undo()
    assert horizon.text() == "12"
    inspector.show_entity(Zone, "internal")
    field = _field(inspector, "allowed_to")
    reloads = _count_loads(field, monkeypatch)
    field.list.item(0).setCheckState(Qt.CheckState.Checked)  # internal may open to dmz
    assert ("internal", "dmz") in editor.model.zone_policy
    assert reloads == []
    editor.undo_stack.undo()
    assert ("internal", "dmz") not in editor.model.zone_policy
    assert reloads == [()]
    assert field.list.item(0).checkState() == Qt.CheckState.Unchecked
