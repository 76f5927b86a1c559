"""Copy and paste within one document and across two documents (two windows)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from desktop_app.editing import (
    FRAGMENT_MIME,
    DocumentEditor,
    fragment_from_mime,
    fragment_to_mime,
)
from models.domain import ModelError


def test_copy_holds_services_links_among_them_and_references(editor: DocumentEditor) -> None:
    fragment = editor.copy(["portal", "orders-db"])
    assert [s["id"] for s in fragment["services"]] == ["portal", "orders-db"]
    assert [(i["source_id"], i["target_id"]) for i in fragment["integrations"]] == [
        ("portal", "orders-db")
    ]  # the links to idp stay behind: idp was not copied
    assert {z["id"] for z in fragment["zones"]} == {"dmz", "internal"}
    assert {t["id"] for t in fragment["teams"]} == {"web", "ops"}
    assert fragment["positions"]["portal"] == [40.0, 60.0, 220.0, 64.0]
    json.dumps(fragment)  # plain JSON, clipboard-ready


def test_paste_in_the_same_document(editor: DocumentEditor, state: Any) -> None:
    fragment = editor.copy(["portal", "orders-db"])
    before = state(editor.model)
    new_ids = editor.paste(fragment)
    assert len(new_ids) == 2 and not set(new_ids) & {"portal", "orders-db"}
    copy = editor.model.services[new_ids[0]]
    assert copy.name == "Portal"
    assert copy.location_ids == ["fra", "ams"]
    assert copy.owner_id == "web"
    positions = editor.model.views["main"].positions
    assert (positions[new_ids[0]].x, positions[new_ids[0]].y) == (80.0, 100.0)
    links = [i for i in editor.model.integrations.values() if i.source_id == new_ids[0]]
    assert [(i.target_id, i.kind) for i in links] == [(new_ids[1], links[0].kind)]
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert state(editor.model) == before


def test_paste_at_a_point_keeps_the_group_shape(editor: DocumentEditor) -> None:
    new_ids = editor.paste(editor.copy(["portal", "orders-db"]), at=(1000.0, 1000.0))
    positions = editor.model.views["main"].positions
    assert (positions[new_ids[0]].x, positions[new_ids[0]].y) == (1000.0, 1000.0)
    assert (positions[new_ids[1]].x, positions[new_ids[1]].y) == (1020.0, 1420.0)


def test_paste_into_another_document_creates_missing_references(
    editor: DocumentEditor, second_editor: DocumentEditor, state: Any
) -> None:
    mime = fragment_to_mime(editor.copy(["portal", "orders-db", "idp"]))
    assert mime.hasFormat(FRAGMENT_MIME)
    fragment = fragment_from_mime(mime)
    assert fragment is not None
    before = state(second_editor.model)
    new_ids = second_editor.paste(fragment)
    other = second_editor.model
    assert sorted(new_ids) == ["idp", "orders-db", "portal"]  # ids free there: kept
    assert other.zones["dmz"].name == "Perimeter"  # the target's own zone is used as is
    assert other.zones["internal"].name == "Internal"  # created from the fragment's copy
    assert set(other.teams) == {"web", "ops"}
    assert set(other.locations) == {"ams", "fra"}
    assert len(other.integrations) == 3
    assert other.services["portal"].location_ids == ["fra", "ams"]
    second_editor.undo_stack.undo()
    assert state(other) == before


def test_pasting_something_else_is_refused(editor: DocumentEditor) -> None:
    with pytest.raises(ModelError):
        editor.paste({"format": "something/else"})
    with pytest.raises(ModelError):
        editor.paste({"format": "integramap-fragment/1", "services": [{"id": "x", "bogus": 1}]})
    assert editor.undo_stack.count() == 0


def test_foreign_clipboard_data_is_not_a_fragment() -> None:
    from PySide6.QtCore import QMimeData

    mime = QMimeData()
    mime.setText("hello")
    assert fragment_from_mime(mime) is None
    mime.setData(FRAGMENT_MIME, b"{not json")
    assert fragment_from_mime(mime) is None
