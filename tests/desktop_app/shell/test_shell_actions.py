"""The window's actions: one table, and enabled exactly when they would do something."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from desktop_app.actions import MENUS, ActionSpec, Situation, always
from models.domain import Location, ServiceKind

EDITS = ("cut", "copy", "delete")


def _specs() -> list[ActionSpec]:
    return [entry for _title, entries in MENUS for entry in entries
            if isinstance(entry, ActionSpec)]


def _enabled(window, ids=EDITS) -> dict[str, bool]:
    return {i: getattr(window.actions, i).isEnabled() for i in ids}


@pytest.fixture
def empty_clipboard(qapp):
    QApplication.clipboard().clear()
    yield
    QApplication.clipboard().clear()


def test_every_action_of_the_table_is_in_the_window_with_its_shortcuts(make_window):
    window = make_window()
    specs = _specs()
    assert len({s.id for s in specs}) == len(specs)
    for spec in specs:
        action = getattr(window.actions, spec.id)
        assert action.shortcuts() == [QKeySequence(key) for key in spec.shortcuts], spec.id
        assert action in window.findChildren(type(action)), spec.id
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == [title for title, _entries in MENUS]
    toolbar = [a for a in window.actions.toolbar.actions() if a.text()]
    assert [a.objectName() for a in toolbar][:8] == [
        f"action-{i}" for i in ("new", "open", "save", "undo", "redo", "zoom_in", "zoom_out",
                                "fit")]


def test_each_condition_decides_its_action(make_window):
    window = make_window()
    nothing = Situation()
    everything = Situation(has_model=True, services=3, selected_services=1,
                           selected_integrations=1, tree_selection=1,
                           services_on_clipboard=True, from_repository=True)
    for situation, others in ((nothing, False), (everything, True)):
        window.actions.update_enabled(situation)
        for spec in _specs():
            if spec.run is None:
                continue  # Undo and Redo follow the undo stack
            expected = True if spec.enabled_when is always else others
            assert getattr(window.actions, spec.id).isEnabled() is expected, spec.id
    window.refresh_actions()


def test_cut_copy_and_delete_follow_the_canvas_selection(make_window, empty_clipboard):
    window = make_window()
    window.scene.select_ids([])
    assert _enabled(window) == {"cut": False, "copy": False, "delete": False}
    window.scene.select_ids(["db"])
    assert _enabled(window) == {"cut": True, "copy": True, "delete": True}
    link = next(iter(window.editor.model.integrations))
    window.scene.select_ids([link])  # an arrow can be deleted, but not copied
    assert _enabled(window) == {"cut": False, "copy": False, "delete": True}
    window.scene.select_ids([])
    assert _enabled(window) == {"cut": False, "copy": False, "delete": False}
    window.actions.delete.trigger()  # disabled: nothing happens
    assert len(window.editor.model.services) == 3


def test_deleting_the_selection_greys_out_delete_and_undo_brings_it_back(make_window):
    window = make_window()
    window.scene.select_ids(["idp"])
    focus = window.view
    focus.setFocus()
    window.view.delete_selected()
    assert "idp" not in window.editor.model.services
    assert not window.actions.delete.isEnabled()
    window.actions.undo.trigger()
    window.scene.select_ids(["idp"])
    assert window.actions.delete.isEnabled()


def test_delete_follows_the_model_tree_selection_too(make_window):
    window = make_window()
    window.scene.select_ids([])
    assert not window.actions.delete.isEnabled()
    window.model_tree.item_for(Location, "fra").setSelected(True)
    assert window.actions.delete.isEnabled()
    window.model_tree.tree.clearSelection()
    assert not window.actions.delete.isEnabled()


def test_paste_waits_for_services_on_the_clipboard_in_every_window(make_window,
                                                                   empty_clipboard):
    window = make_window()
    other = make_window()
    assert not window.actions.paste.isEnabled() and not other.actions.paste.isEnabled()
    QApplication.clipboard().setText("not services")
    assert not window.actions.paste.isEnabled()
    window.scene.select_ids(["db"])
    window.actions.copy.trigger()
    assert window.actions.paste.isEnabled() and other.actions.paste.isEnabled()
    other.actions.paste.trigger()
    assert len(other.editor.model.services) == 4


def test_select_all_and_auto_layout_need_a_service(make_window):
    window = make_window()
    assert window.actions.select_all.isEnabled() and window.actions.auto_layout.isEnabled()
    window.files.new()  # an empty model: nothing to select or arrange
    assert not window.actions.select_all.isEnabled()
    assert not window.actions.auto_layout.isEnabled()
    assert window.actions.save.isEnabled() and window.actions.export_pdf.isEnabled()
    window.editor.add_service(ServiceKind.DNS, (0.0, 0.0))
    assert window.actions.select_all.isEnabled() and window.actions.auto_layout.isEnabled()
    window.actions.undo.trigger()
    assert not window.actions.select_all.isEnabled()


def test_undo_and_redo_name_the_step_of_the_document_shown(make_window):
    window = make_window()
    assert not window.actions.undo.isEnabled() and window.actions.undo.text() == "&Undo"
    window.scene.select_ids(["db"])
    window.actions.delete.trigger()
    assert window.actions.undo.isEnabled()
    assert window.actions.undo.text() == f"&Undo {window.editor.undo_stack.undoText()}"
    window.actions.undo.trigger()
    assert window.actions.redo.isEnabled() and not window.actions.undo.isEnabled()
    window.files.new()  # another document: its own, empty history
    assert not window.actions.undo.isEnabled() and not window.actions.redo.isEnabled()


def test_view_actions_zoom_the_canvas_and_show_the_zoom(make_window):
    window = make_window()
    window.view.set_zoom(1.0)
    window.actions.zoom_in.trigger()
    assert window.view.zoom() == pytest.approx(1.25)
    assert window.zoom_label.text() == "125 %"
    window.actions.zoom_out.trigger()
    assert window.view.zoom() == pytest.approx(1.0)
    assert window.zoom_label.text() == "100 %"
