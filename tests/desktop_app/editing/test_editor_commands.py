"""Every edit type is undoable and redoable, leaving the model exactly as it was."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from desktop_app.editing import DocumentEditor
from models.document import Document
from models.domain import (
    Criticality,
    DocumentInfo,
    Integration,
    IntegrationKind,
    ModelError,
    Service,
    ServiceKind,
    Settings,
    Team,
    Zone,
)
from models.layout import Geometry, compute_layout


def roundtrip(editor: DocumentEditor, state: Any, edit: Any) -> tuple[dict, dict]:
    """Run ``edit``; check undo restores the state before it and redo the state after it."""
    before = state(editor.model)
    edit()
    after = state(editor.model)
    assert after != before
    editor.undo_stack.undo()
    assert state(editor.model) == before
    editor.undo_stack.redo()
    assert state(editor.model) == after
    return before, after


def test_add_service_places_it_and_undo_removes_it(editor: DocumentEditor, state: Any) -> None:
    new_id: list[str] = []
    _, after = roundtrip(
        editor,
        state,
        lambda: new_id.append(
            editor.add_service(ServiceKind.DATABASE, (120.0, 500.0), zone_id="internal")
        ),
    )
    service = editor.model.services[new_id[0]]
    assert service.kind is ServiceKind.DATABASE
    assert service.zone_id == "internal"
    assert service.name == "Database"
    assert after["positions"][("main", new_id[0])] == (120.0, 500.0, 220.0, 64.0)


def test_a_new_box_is_as_wide_as_its_name_needs(editor: DocumentEditor) -> None:
    short = editor.add_service(ServiceKind.DNS, (0, 0), name="DNS")
    long = editor.add_service(ServiceKind.PORTAL, (0, 0), name="Customer identity and access")
    positions = editor.model.views["main"].positions
    assert positions[short].width == 220.0
    assert positions[long].width > 300.0


def test_new_services_get_unique_names_and_ids(editor: DocumentEditor) -> None:
    first = editor.add_service(ServiceKind.DNS, (0, 0))
    second = editor.add_service(ServiceKind.DNS, (0, 100))
    assert first != second
    assert editor.model.services[second].name == "DNS 2"


def test_connect_two_services(editor: DocumentEditor, state: Any) -> None:
    made: list[str] = []
    roundtrip(
        editor,
        state,
        lambda: made.append(editor.connect("orders-db", "portal", IntegrationKind.DATA_FLOW)),
    )
    link = editor.model.integrations[made[0]]
    assert (link.source_id, link.target_id, link.kind) == (
        "orders-db",
        "portal",
        IntegrationKind.DATA_FLOW,
    )


def test_connect_refuses_a_self_loop_before_pushing(editor: DocumentEditor) -> None:
    with pytest.raises(ModelError):
        editor.connect("portal", "portal", IntegrationKind.DEPENDS_ON)
    assert editor.undo_stack.count() == 0


def test_update_fields_and_undo(editor: DocumentEditor, state: Any) -> None:
    roundtrip(
        editor,
        state,
        lambda: editor.update(
            Service,
            "portal",
            criticality=Criticality.CRITICAL,
            end_of_support=dt.date(2027, 1, 31),
            location_ids=["ams"],
        ),
    )
    service = editor.model.services["portal"]
    assert service.criticality is Criticality.CRITICAL
    assert service.location_ids == ["ams"]
    editor.undo_stack.undo()
    assert service.location_ids == ["fra", "ams"]  # order restored exactly


def test_update_of_other_entities(editor: DocumentEditor, state: Any) -> None:
    roundtrip(editor, state, lambda: editor.update(Team, "web", name="Web team", fte=5.5))
    assert editor.model.teams["web"].fte == 5.5
    roundtrip(editor, state, lambda: editor.update(Zone, "dmz", name="Perimeter"))
    link_id = next(iter(editor.model.integrations))
    roundtrip(editor, state, lambda: editor.update(Integration, link_id, encrypted=True))


def test_invalid_value_is_refused_and_not_pushed(editor: DocumentEditor, state: Any) -> None:
    before = state(editor.model)
    with pytest.raises(ModelError):
        editor.update(Team, "web", fte=-1.0)
    with pytest.raises(ModelError):
        editor.update(Service, "portal", end_of_life="31/12/2027")
    assert state(editor.model) == before
    assert editor.undo_stack.count() == 0


def test_typing_merges_into_one_step(editor: DocumentEditor) -> None:
    for text in ("C", "Cu", "Cus", "Customer portal"):
        editor.update(Service, "portal", name=text)
    assert editor.undo_stack.count() == 1
    editor.update(Service, "portal", description="front door")  # another field: new step
    assert editor.undo_stack.count() == 2
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert editor.model.services["portal"].name == "Portal"


def test_consecutive_moves_of_the_same_services_merge(editor: DocumentEditor) -> None:
    for step in range(1, 6):
        editor.move({"portal": (40 + step * 10, 60), "idp": (400 + step * 10, 480)})
    assert editor.undo_stack.count() == 1
    positions = editor.model.views["main"].positions
    assert (positions["portal"].x, positions["idp"].x) == (90.0, 450.0)
    editor.move({"portal": (0, 0)})  # another set of services: a new step
    assert editor.undo_stack.count() == 2
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert (positions["portal"].x, positions["portal"].y) == (40.0, 60.0)
    assert positions["idp"].x == 400.0


def test_moving_back_to_the_start_leaves_no_step(editor: DocumentEditor) -> None:
    editor.move({"portal": (100, 100)})
    editor.move({"portal": (40, 60)})
    assert editor.undo_stack.count() == 0
    assert editor.model.views["main"].positions["portal"].x == 40.0


def test_move_into_a_zone_is_one_step(editor: DocumentEditor, state: Any) -> None:
    roundtrip(
        editor,
        state,
        lambda: editor.move({"idp": (200, 100)}, zones={"idp": "dmz"}),
    )
    assert editor.undo_stack.count() == 1
    assert editor.model.services["idp"].zone_id == "dmz"


def test_delete_cascades_and_undo_restores_everything(editor: DocumentEditor, state: Any) -> None:
    before, after = roundtrip(editor, state, lambda: editor.delete(["portal"]))
    assert "portal" not in after["services"]
    assert len(after["integrations"]) == 1  # the db → idp link stays
    assert ("main", "portal") not in after["positions"]
    assert before["services"]["portal"]["location_ids"] == ["fra", "ams"]


def test_delete_an_integration_only(editor: DocumentEditor, state: Any) -> None:
    link_id = next(i.id for i in editor.model.integrations.values() if i.target_id == "idp")
    _, after = roundtrip(editor, state, lambda: editor.delete([link_id]))
    assert link_id not in after["integrations"]
    assert len(after["services"]) == 3


def test_delete_unknown_id_is_refused(editor: DocumentEditor) -> None:
    with pytest.raises(ModelError):
        editor.delete(["nope"])


def test_moving_a_zone_moves_its_members(editor: DocumentEditor, state: Any) -> None:
    _, after = roundtrip(editor, state, lambda: editor.set_zone_area("internal", (100, 450,
                                                                                  900, 400)))
    assert after["areas"][("main", "internal")] == (100.0, 450.0, 900.0, 400.0)
    assert after["positions"][("main", "orders-db")][:2] == (160.0, 530.0)
    assert after["positions"][("main", "idp")][:2] == (500.0, 530.0)
    assert after["positions"][("main", "portal")][:2] == (40.0, 60.0)  # another zone


def test_resizing_a_zone_leaves_members(editor: DocumentEditor, state: Any) -> None:
    _, after = roundtrip(editor, state, lambda: editor.set_zone_area("dmz", (0, 0, 800, 350)))
    assert after["positions"][("main", "portal")][:2] == (40.0, 60.0)


def test_delete_zone_reassigns_services(editor: DocumentEditor, state: Any) -> None:
    zone = editor.model.zones["dmz"]
    _, after = roundtrip(editor, state, lambda: editor.remove_entity(zone, reassign_to="internal"))
    assert "dmz" not in after["zones"]
    assert after["services"]["portal"]["zone_id"] == "internal"
    assert after["policy"] == []
    assert ("main", "dmz") not in after["areas"]


def test_delete_team_clears_references(editor: DocumentEditor, state: Any) -> None:
    team = editor.model.teams["ops"]
    _, after = roundtrip(editor, state, lambda: editor.remove_entity(team))
    assert after["services"]["portal"]["support_line_1_id"] is None
    assert after["services"]["orders-db"]["owner_id"] is None


def test_delete_location_reassigns_in_place(editor: DocumentEditor, state: Any) -> None:
    location = editor.model.locations["fra"]
    _, after = roundtrip(
        editor, state, lambda: editor.remove_entity(location, reassign_to="ams")
    )
    assert after["services"]["portal"]["location_ids"] == ["ams"]


def test_reassigning_to_an_unknown_item_is_refused(editor: DocumentEditor) -> None:
    with pytest.raises(ModelError):
        editor.remove_entity(editor.model.teams["ops"], reassign_to="ghosts")
    assert "ops" in editor.model.teams


def test_add_and_rename_team(editor: DocumentEditor, state: Any) -> None:
    roundtrip(editor, state, lambda: editor.add_entity(Team(id="dba", name="DBA", fte=2.0)))
    roundtrip(editor, state, lambda: editor.update(Team, "dba", name="Database admins"))
    assert editor.model.teams["dba"].name == "Database admins"


def test_waivers_add_and_remove(editor: DocumentEditor, state: Any) -> None:
    roundtrip(
        editor,
        state,
        lambda: editor.add_waiver("own-002", "portal", "small team", "Board", dt.date(2027, 6, 30)),
    )
    assert editor.model.waivers[("OWN-002", "portal")].reason == "small team"
    roundtrip(editor, state, lambda: editor.remove_waiver("OWN-002", "portal"))
    assert ("OWN-002", "portal") not in editor.model.waivers


def test_apply_geometry_is_one_step(editor: DocumentEditor, state: Any) -> None:
    geometry = Geometry(
        positions={"portal": (10.0, 10.0, 180.0, 64.0), "idp": (300.0, 10.0, 200.0, 80.0)},
        zone_areas={"dmz": (-20.0, -20.0, 700.0, 200.0)},
    )
    _, after = roundtrip(editor, state, lambda: editor.apply_geometry(geometry))
    assert editor.undo_stack.count() == 1
    assert after["positions"][("main", "portal")] == (10.0, 10.0, None, None)
    assert after["positions"][("main", "idp")] == (300.0, 10.0, 200.0, 80.0)
    assert after["areas"][("main", "dmz")] == (-20.0, -20.0, 700.0, 200.0)


def test_auto_layout_applies_the_computed_layout(editor: DocumentEditor, state: Any) -> None:
    layout = compute_layout(editor.model, engine="networkx")
    roundtrip(editor, state, lambda: editor.apply_geometry(layout))
    assert editor.undo_stack.count() == 1
    positions = editor.model.views["main"].positions
    for service_id, (x, y, _w, _h) in layout.positions.items():
        assert (positions[service_id].x, positions[service_id].y) == (x, y)
    area = editor.model.views["main"].zone_areas["internal"]
    assert (area.x, area.y, area.width, area.height) == layout.zone_areas["internal"]


def test_every_edit_reaches_the_working_copy(tmp_path: Any, qapp: Any) -> None:
    working = tmp_path / "work.imap"
    document = Document.new(name="Crash test", working_path=working)
    editor = DocumentEditor(document)
    service = editor.add_service(ServiceKind.BACKUP, (5, 5), name="Vault")
    editor.update(Service, service, notes="nightly")
    editor.undo_stack.undo()
    editor.undo_stack.redo()
    editor.move({service: (80, 90)})
    # Read the working copy with a second connection, as recovery after a crash would.
    recovered = Document.recover(working)
    try:
        assert recovered.model.services[service].notes == "nightly"
        assert recovered.model.views["main"].positions[service].x == 80.0
    finally:
        recovered.close()
        editor.close()
        document.close()


def test_modified_state_follows_the_undo_stack(editor: DocumentEditor, qtbot: Any) -> None:
    assert not editor.is_modified()
    with qtbot.waitSignal(editor.modified_changed) as blocker:
        editor.update(Service, "portal", notes="x")
    assert blocker.args == [True]
    assert editor.is_modified()
    editor.undo_stack.undo()
    assert not editor.is_modified()


def test_save_marks_clean_and_reports_new_path(
    editor: DocumentEditor, qtbot: Any, tmp_path: Any
) -> None:
    editor.update(Service, "portal", notes="saved")
    target = tmp_path / "model.imap"
    with qtbot.waitSignal(editor.file_changed):
        assert editor.save(target) == target
    assert not editor.is_modified()
    reopened = Document.open(target)
    try:
        assert reopened.model.services["portal"].notes == "saved"
    finally:
        reopened.close()


def test_changes_are_relayed_as_a_signal(editor: DocumentEditor, qtbot: Any) -> None:
    with qtbot.waitSignal(editor.changed) as blocker:
        editor.delete(["idp"])
    changes = blocker.args[0]
    assert {c.entity for c in changes} >= {Service, Integration}
    assert any(c.key == "idp" for c in changes)


def test_document_name_and_settings_are_undoable(editor: DocumentEditor, state: Any) -> None:
    editor.update(DocumentInfo, 1, name="Claims landscape")
    editor.update(Settings, 1, min_team_fte=4.0)
    assert editor.model.name == "Claims landscape"
    assert editor.model.settings.min_team_fte == 4.0
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert editor.model.name == "Test"
    assert editor.model.settings.min_team_fte == 3.0


def test_an_edit_that_changes_nothing_is_not_a_step(editor: DocumentEditor) -> None:
    editor.update(Service, "portal", name="Portal")
    editor.move({"portal": (40, 60)})
    editor.set_zone_area("dmz", (0, 0, 600, 300))
    assert editor.undo_stack.count() == 0
    assert not editor.is_modified()


def test_connect_refuses_an_exact_duplicate_by_name(editor: DocumentEditor) -> None:
    editor.update(Service, "idp", name="Directory")
    editor.undo_stack.clear()
    count = len(editor.model.integrations)
    with pytest.raises(ModelError) as refused:
        editor.connect("portal", "idp", IntegrationKind.USER_AUTH)
    assert str(refused.value) == "Portal already relies on Directory for user authentication"
    assert len(editor.model.integrations) == count
    assert editor.undo_stack.count() == 0
    # Another kind, or the other direction, is a different statement and is accepted.
    editor.connect("portal", "idp", IntegrationKind.MONITORING)
    editor.connect("idp", "portal", IntegrationKind.USER_AUTH)
    assert len(editor.model.integrations) == count + 2


def test_editing_an_integration_into_a_duplicate_is_refused(editor: DocumentEditor) -> None:
    link = editor.connect("portal", "idp", IntegrationKind.MONITORING)
    with pytest.raises(ModelError, match="already relies on IdP for user authentication"):
        editor.update(Integration, link, kind=IntegrationKind.USER_AUTH)
    assert editor.model.integrations[link].kind is IntegrationKind.MONITORING
    editor.update(Integration, link, notes="metrics")  # other fields stay editable
    editor.update(Integration, link, kind=IntegrationKind.LOGGING)
    assert editor.model.integrations[link].kind is IntegrationKind.LOGGING


def test_the_editor_refuses_links_because_the_model_does(
    editor: DocumentEditor, state: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = editor.connect("portal", "idp", IntegrationKind.MONITORING)
    editor.undo_stack.clear()
    before = state(editor.model)
    monkeypatch.setattr(editor.model, "check_connect",
                        lambda *_args, **_kw: "the model says no")
    with pytest.raises(ModelError, match=r"^the model says no$"):
        editor.connect("orders-db", "portal", IntegrationKind.DATA_FLOW)
    with pytest.raises(ModelError, match=r"^the model says no$"):
        editor.update(Integration, link, target_id="orders-db")
    editor.update(Integration, link, notes="metrics")  # not a link statement: not asked
    assert editor.model.integrations[link].notes == "metrics"
    editor.undo_stack.undo()
    assert state(editor.model) == before
    assert editor.undo_stack.count() == 1


def test_moving_an_end_is_one_step_undone_exactly(editor: DocumentEditor, state: Any) -> None:
    link = editor.connect("portal", "idp", IntegrationKind.MONITORING)
    editor.undo_stack.clear()
    before = state(editor.model)
    editor.update(Integration, link, source_id="orders-db")
    after = state(editor.model)
    assert after["integrations"][link] == {**before["integrations"][link],
                                           "source_id": "orders-db"}
    assert link in {i.id for i in editor.model.integrations_of("orders-db")}
    assert link not in {i.id for i in editor.model.integrations_of("portal")}
    editor.update(Integration, link, source_id="idp", target_id="orders-db")  # swapped
    assert editor.undo_stack.count() == 2
    editor.undo_stack.undo()
    assert state(editor.model) == after
    editor.undo_stack.undo()
    assert state(editor.model) == before
    assert link not in {i.id for i in editor.model.integrations_of("orders-db")}
    editor.undo_stack.redo()
    assert state(editor.model) == after


def test_moving_an_end_onto_the_other_end_is_refused(editor: DocumentEditor,
                                                     state: Any) -> None:
    link = editor.connect("portal", "idp", IntegrationKind.MONITORING)
    editor.undo_stack.clear()
    before = state(editor.model)
    with pytest.raises(ModelError, match="cannot rely on itself"):
        editor.update(Integration, link, target_id="portal")
    with pytest.raises(ModelError, match="cannot rely on itself"):
        editor.update(Integration, link, source_id="idp")
    with pytest.raises(ModelError, match="already relies on"):  # portal-idp user_auth exists
        editor.update(Integration, link, kind=IntegrationKind.USER_AUTH, notes="x")
    assert state(editor.model) == before
    assert editor.undo_stack.count() == 0


def test_undo_texts_say_what_was_added_or_removed(editor: DocumentEditor) -> None:
    stack = editor.undo_stack
    policy = next(iter(editor.model.zone_policy.values()))
    editor.remove_entity(policy)
    zones = editor.model.zones
    pair = f"{zones[policy.from_zone_id].name} → {zones[policy.to_zone_id].name}"
    assert stack.undoText() == f"Deny {pair}"
    stack.undo()
    assert stack.redoText() == f"Deny {pair}"
    team = editor.model.teams["ops"]
    name = team.name
    editor.remove_entity(team)
    assert stack.undoText() == f"Delete team {name}"
