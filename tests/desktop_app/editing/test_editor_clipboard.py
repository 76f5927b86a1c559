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
from models.domain import Location, ModelError, Team, Zone


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


# ---------------------------------------------------------------------- where pastes land


def _box(editor: DocumentEditor, service_id: str) -> tuple[float, float, float, float]:
    p = editor.model.views["main"].positions[service_id]
    return (p.x, p.y, p.width or 180.0, p.height or 64.0)


def _area(editor: DocumentEditor, zone_id: str) -> tuple[float, float, float, float]:
    a = editor.model.views["main"].zone_areas[zone_id]
    return (a.x, a.y, a.width, a.height)


def _frames(area: tuple[float, ...], box: tuple[float, ...]) -> bool:
    """``area`` holds ``box`` with the zone padding around it and the title band above."""
    return (
        area[0] + 32 <= box[0]
        and area[1] + 36 + 32 <= box[1]
        and box[0] + box[2] + 32 <= area[0] + area[2]
        and box[1] + box[3] + 32 <= area[1] + area[3]
    )


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def test_a_zone_created_by_a_paste_frames_its_services_clear_of_other_zones(
    editor: DocumentEditor, second_editor: DocumentEditor, state: Any
) -> None:
    from models.domain import Zone

    second_editor.add_entity(Zone(id="core", name="Core", trust=2))
    second_editor.set_zone_area("dmz", (0, 0, 600, 300))
    second_editor.set_zone_area("core", (0, 400, 900, 400))  # where "internal" was copied from
    second_editor.undo_stack.clear()
    before = state(second_editor.model)

    second_editor.paste(editor.copy(["portal", "orders-db", "idp"]))

    internal = _area(second_editor, "internal")
    assert _frames(internal, _box(second_editor, "orders-db"))
    assert _frames(internal, _box(second_editor, "idp"))
    for other in ("dmz", "core"):
        assert not _overlap(internal, _area(second_editor, other))
    assert _frames(_area(second_editor, "dmz"), _box(second_editor, "portal"))
    assert second_editor.model.services["idp"].zone_id == "internal"
    assert second_editor.undo_stack.count() == 1
    second_editor.undo_stack.undo()
    assert state(second_editor.model) == before


def test_a_paste_into_an_empty_document_frames_each_zone(
    editor: DocumentEditor, qapp: Any
) -> None:
    from models.document import Document

    target = DocumentEditor(Document.new(name="Empty"))
    try:
        target.paste(editor.copy(["portal", "orders-db", "idp"]))
        assert _frames(_area(target, "dmz"), _box(target, "portal"))
        assert _frames(_area(target, "internal"), _box(target, "orders-db"))
        assert _frames(_area(target, "internal"), _box(target, "idp"))
        assert not _overlap(_area(target, "dmz"), _area(target, "internal"))
    finally:
        target.close()
        target.document.close()


def test_services_pasted_away_from_their_existing_zone_are_taken_into_it(
    editor: DocumentEditor, second_editor: DocumentEditor
) -> None:
    second_editor.set_zone_area("dmz", (2000, 2000, 600, 300))
    second_editor.paste(editor.copy(["portal"]))
    assert _frames(_area(second_editor, "dmz"), _box(second_editor, "portal"))
    assert second_editor.model.services["portal"].zone_id == "dmz"


def test_a_zone_grows_to_frame_a_copy_pasted_near_its_edge(
    editor: DocumentEditor, state: Any
) -> None:
    editor.move({"idp": (620.0, 680.0)})  # near the internal zone's bottom-right corner
    editor.undo_stack.clear()
    before = state(editor.model)
    new_ids = editor.paste(editor.copy(["idp"]))
    assert _box(editor, new_ids[0])[:2] == (660.0, 720.0)
    assert _frames(_area(editor, "internal"), _box(editor, new_ids[0]))
    assert _area(editor, "internal")[:2] == (0.0, 400.0)
    editor.undo_stack.undo()
    assert state(editor.model) == before


def test_pasting_again_lands_each_copy_further_down_right(editor: DocumentEditor) -> None:
    fragment = editor.copy(["portal", "orders-db"])
    first = editor.paste(fragment)
    second = editor.paste(fragment)
    third = editor.paste(fragment)
    assert _box(editor, first[0])[:2] == (80.0, 100.0)
    assert _box(editor, second[0])[:2] == (120.0, 140.0)
    assert _box(editor, third[0])[:2] == (160.0, 180.0)
    assert _box(editor, third[1])[:2] == (180.0, 600.0)  # the group keeps its shape


def test_a_paste_where_the_user_points_joins_the_zone_there(editor: DocumentEditor) -> None:
    fragment = editor.copy(["idp"])
    (into_dmz,) = editor.paste(fragment, at=(300.0, 100.0))
    (outside,) = editor.paste(fragment, at=(1500.0, 100.0))
    assert editor.model.services[into_dmz].zone_id == "dmz"
    assert _frames(_area(editor, "dmz"), _box(editor, into_dmz))
    assert editor.model.services[outside].zone_id is None
    assert _box(editor, outside)[:2] == (1500.0, 100.0)


def test_paste_uses_the_zone_team_and_location_of_the_same_name_under_another_id(
    editor: DocumentEditor, second_editor: DocumentEditor
) -> None:
    """Names are unique: the other document's "Internal" zone (another id) is this one's."""
    second_editor.add_entity(Zone(id="inner", name="internal", trust=2))
    second_editor.add_entity(Team(id="operations", name="OPS"))
    second_editor.add_entity(Location(id="amsterdam", name="Amsterdam"))
    fragment = fragment_from_mime(fragment_to_mime(editor.copy(["orders-db"])))
    [new_id] = second_editor.paste(fragment)
    other = second_editor.model
    pasted = other.services[new_id]
    assert (pasted.zone_id, pasted.owner_id, pasted.location_ids) == (
        "inner", "operations", ["amsterdam"])
    assert set(other.zones) == {"dmz", "inner"}
    assert set(other.teams) == {"operations"}
    assert set(other.locations) == {"amsterdam"}
