"""Deleting something takes the waivers on it along, so a saved or exported model stays valid."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop_app.editing import DocumentEditor
from models.domain import Location, Zone
from models.interchange.json_format import export_json, import_json


def _link(editor: DocumentEditor, source: str, target: str) -> str:
    return next(
        i.id for i in editor.model.integrations.values()
        if i.source_id == source and i.target_id == target
    )


def _waive(editor: DocumentEditor, rule: str, subject: str) -> None:
    editor.add_waiver(rule, subject, f"accepted for {subject}", "Board", dt.date(2027, 6, 30))


def test_deleting_a_service_removes_waivers_on_it_and_its_links(
    editor: DocumentEditor, state: Any
) -> None:
    portal_db = _link(editor, "portal", "orders-db")
    _waive(editor, "OWN-002", "portal")
    _waive(editor, "ZON-001", portal_db)
    _waive(editor, "INT-002", "orders-db")
    editor.undo_stack.clear()
    before = state(editor.model)

    editor.delete(["portal"])

    assert set(editor.model.waivers) == {("INT-002", "orders-db")}
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert state(editor.model) == before
    assert editor.model.waivers[("ZON-001", portal_db)].reason == f"accepted for {portal_db}"
    editor.undo_stack.redo()
    assert set(editor.model.waivers) == {("INT-002", "orders-db")}


def test_after_a_delete_the_exported_json_imports_again(editor: DocumentEditor) -> None:
    _waive(editor, "OWN-002", "portal")
    _waive(editor, "INT-002", "orders-db")
    editor.delete(["portal", "orders-db"])

    text = export_json(editor.model)
    reopened = import_json(text)
    try:
        assert set(reopened.model.services) == {"idp"}
        assert dict(reopened.model.waivers) == {}
    finally:
        reopened.close()


def test_deleting_an_integration_removes_its_waivers_only(
    editor: DocumentEditor, state: Any
) -> None:
    portal_idp = _link(editor, "portal", "idp")
    _waive(editor, "INT-004", portal_idp)
    _waive(editor, "OWN-002", "portal")
    editor.undo_stack.clear()
    before = state(editor.model)

    editor.delete([portal_idp])

    assert set(editor.model.waivers) == {("OWN-002", "portal")}
    editor.undo_stack.undo()
    assert state(editor.model) == before


def test_deleting_a_zone_team_or_location_removes_waivers_on_it(
    editor: DocumentEditor, state: Any
) -> None:
    _waive(editor, "ZON-002", "dmz")
    _waive(editor, "OWN-001", "ops")
    _waive(editor, "RES-003", "fra")
    editor.undo_stack.clear()
    before = state(editor.model)

    editor.remove_entity(editor.model.zones["dmz"], reassign_to="internal")
    editor.remove_entity(editor.model.teams["ops"])
    editor.remove_entity(editor.model.locations["fra"], reassign_to="ams")

    assert dict(editor.model.waivers) == {}
    for _ in range(3):
        editor.undo_stack.undo()
    assert state(editor.model) == before


def test_a_waiver_stays_while_another_item_still_has_its_id(editor: DocumentEditor) -> None:
    # Ids are unique per kind only: a zone may share its id with a service.
    editor.add_entity(Zone(id="portal", name="Portal zone", trust=1))
    editor.add_entity(Location(id="idp", name="IdP site", region="eu"))
    _waive(editor, "ZON-002", "portal")
    _waive(editor, "RES-003", "idp")

    editor.delete(["portal"])
    editor.remove_entity(editor.model.locations["idp"])

    assert set(editor.model.waivers) == {("ZON-002", "portal"), ("RES-003", "idp")}
