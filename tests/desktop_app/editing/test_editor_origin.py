"""Every change says who started it: the caller of an edit, or the undo command after it."""

from __future__ import annotations

from typing import Any

from desktop_app.editing import DocumentEditor
from models.domain import Change, IntegrationKind, Service, Team
from models.domain.changes import started_by


class Recorder:
    """The changes the editor relays, one list per edit, undo or redo."""

    def __init__(self, editor: DocumentEditor) -> None:
        self.batches: list[list[Change]] = []
        editor.changed.connect(self.batches.append)

    def origins(self) -> set[object]:
        return {change.origin for change in self.batches[-1]}


def test_an_edit_carries_its_callers_origin_and_undo_redo_the_command(
    editor: DocumentEditor,
) -> None:
    seen = Recorder(editor)
    panel = object()
    editor.update(Service, "portal", origin=panel, name="Customer portal with a long name")
    assert seen.origins() == {panel}  # the rename and the wider box alike
    command = editor.undo_stack.command(0)
    editor.undo_stack.undo()
    assert seen.origins() == {command}
    editor.undo_stack.redo()
    assert seen.origins() == {command}
    editor.update(Team, "web", fte=5.0)
    assert seen.origins() == {None}  # nobody said


def test_typing_merged_into_one_step_keeps_each_keystrokes_origin(
    editor: DocumentEditor,
) -> None:
    seen = Recorder(editor)
    panel = object()
    for text in ("P", "Po", "Pol"):
        editor.update(Service, "portal", origin=panel, notes=text)
        assert seen.origins() == {panel}
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert seen.origins() == {editor.undo_stack.command(0)}
    assert editor.model.services["portal"].notes == ""


def test_every_kind_of_edit_passes_its_origin_through_the_whole_cascade(
    editor: DocumentEditor,
) -> None:
    seen = Recorder(editor)
    panel = object()
    edits: list[Any] = [
        lambda: editor.connect("idp", "portal", IntegrationKind.MONITORING, origin=panel),
        lambda: editor.move({"portal": (10.0, 10.0)}, zones={"portal": None}, origin=panel),
        lambda: editor.set_zone_area("internal", (20, 420, 900, 400), origin=panel),
        lambda: editor.add_waiver("INT-001", "idp", "accepted", "CISO", None, origin=panel),
        lambda: editor.remove_waiver("INT-001", "idp", origin=panel),
        lambda: editor.remove_entity(editor.model.teams["ops"], reassign_to="web",
                                     origin=panel),
        lambda: editor.paste(editor.copy(["portal", "idp"]), origin=panel),
        lambda: editor.delete(["portal"], origin=panel),
    ]
    for edit in edits:
        edit()
        assert seen.origins() == {panel}
        assert started_by(seen.batches[-1], panel)
    while editor.undo_stack.canUndo():
        editor.undo_stack.undo()
        assert not started_by(seen.batches[-1], panel)


def test_started_by_needs_every_change_to_say_so() -> None:
    mine, other = object(), object()
    change = Change(Service, "portal", "changed", origin=mine)
    assert started_by([change, change], mine)
    assert not started_by([change, Change(Service, "db", "changed", origin=other)], mine)
    assert not started_by([], mine)
