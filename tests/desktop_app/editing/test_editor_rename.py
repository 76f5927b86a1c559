"""Renaming a service widens its box when the new name would be cut, in the same step."""

from __future__ import annotations

from typing import Any

from desktop_app.editing import DocumentEditor
from models.domain import Service
from models.layout.label_width import box_width_for

LONG = "Customer identity and access management"


def _width(editor: DocumentEditor, service_id: str) -> float | None:
    return editor.model.views["main"].positions[service_id].width


def test_a_longer_name_widens_the_box_in_the_same_step(
    editor: DocumentEditor, state: Any
) -> None:
    before = state(editor.model)
    editor.update(Service, "portal", name=LONG)
    assert _width(editor, "portal") == box_width_for(LONG) > 220.0
    assert editor.model.views["main"].positions["portal"].x == 40.0
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert state(editor.model) == before
    editor.undo_stack.redo()
    assert _width(editor, "portal") == box_width_for(LONG)


def test_typing_a_long_name_is_one_step_restoring_name_and_width(
    editor: DocumentEditor, state: Any
) -> None:
    before = state(editor.model)
    for n in range(1, len(LONG) + 1):
        editor.update(Service, "portal", name=LONG[:n])
    assert editor.undo_stack.count() == 1
    assert _width(editor, "portal") == box_width_for(LONG)
    editor.undo_stack.undo()
    assert state(editor.model) == before


def test_a_name_that_fits_leaves_the_box_alone(editor: DocumentEditor) -> None:
    editor.update(Service, "portal", name="Web")
    assert _width(editor, "portal") == 220.0
    editor.update(Service, "orders-db", name=LONG)
    editor.update(Service, "orders-db", name="DB")
    assert _width(editor, "orders-db") == box_width_for(LONG)  # never narrower


def test_a_box_the_user_made_wider_is_never_shrunk(editor: DocumentEditor) -> None:
    pos = editor.model.views["main"].positions["idp"]
    editor.model.set_position("main", "idp", pos.x, pos.y, 600.0, 64.0)
    editor.update(Service, "idp", name=LONG)
    assert _width(editor, "idp") == 600.0


def test_a_default_sized_box_keeps_no_size_when_the_name_fits(editor: DocumentEditor) -> None:
    editor.model.set_position("main", "idp", 400.0, 480.0, None, None)
    editor.update(Service, "idp", name="Directory")
    assert _width(editor, "idp") is None
    editor.update(Service, "idp", name=LONG)
    assert _width(editor, "idp") == box_width_for(LONG)
    assert editor.model.views["main"].positions["idp"].height == 64.0


def test_the_zone_widens_with_a_box_that_would_cross_its_border(
    editor: DocumentEditor, state: Any
) -> None:
    editor.move({"idp": (560.0, 480.0)})  # 560 + 220 = 780, inside the 900-wide zone
    editor.undo_stack.clear()
    before = state(editor.model)
    editor.update(Service, "idp", name=LONG)
    area = editor.model.views["main"].zone_areas["internal"]
    assert (area.x, area.width) == (0.0, 560.0 + box_width_for(LONG) + 32.0)
    editor.undo_stack.undo()
    assert state(editor.model) == before
