"""The editor window: start-up, title, files, prompts, settings, clipboard between windows."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDockWidget

from desktop_app.application import start_windows
from desktop_app.files.opening import EXAMPLE_PATH
from desktop_app.files.prompts import UnsavedChoice
from desktop_app.files.recent import recent_files
from desktop_app.main_window import MainWindow
from desktop_app.windows import open_windows
from models.domain import Service, ServiceKind
from models.interchange.json_format import export_json
from tests.fixtures.shop import small_document


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_start_without_file_opens_an_untitled_copy_of_the_example(
    qtbot, settings_dir, store, prompts
):
    shipped = _digest(EXAMPLE_PATH)
    [window] = start_windows([], store)
    try:
        window.show()
        assert window.editor.document.path is None
        assert len(window.editor.model.services) > 10
        assert "untitled" in window.windowTitle()
        assert window.windowTitle().endswith("— Integramap")
        first = next(iter(window.editor.model.services))
        window.editor.update(Service, first, name="Changed")
        assert window.isWindowModified()
        assert window.editor.document.working_path.parent == store.directory
    finally:
        window.close()
    assert _digest(EXAMPLE_PATH) == shipped
    assert list(store.directory.iterdir()) == []  # clean close removes the working copy


def test_start_with_a_broken_file_reports_it_and_stays_up(
    qtbot, settings_dir, store, prompts, tmp_path
):
    broken = tmp_path / "broken.imap"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    [window] = start_windows([broken], store)
    try:
        assert prompts.errors and "broken.imap" in prompts.errors[0][1]
        assert window.editor is not None and len(window.editor.model.services) == 0
    finally:
        window.close()


def test_title_shows_name_file_and_unsaved_marker(make_window, prompts, tmp_path):
    window = make_window()
    assert window.windowTitle() == "Shop — untitled[*] — Integramap"
    assert not window.isWindowModified()
    window.editor.update(Service, "db", name="Orders")
    assert window.isWindowModified()
    prompts.save_path = tmp_path / "shop"
    assert window.files.save()
    assert window.windowTitle() == "Shop — shop.imap[*] — Integramap"
    assert not window.isWindowModified()
    assert (tmp_path / "shop.imap").exists()


def test_save_then_reopen_gives_the_same_model(make_window, prompts, tmp_path):
    window = make_window()
    window.editor.update(Service, "db", vendor_name="Acme", instances=2)
    window.editor.add_service(ServiceKind.BACKUP, (700, 100), name="Vault")
    prompts.save_path = tmp_path / "shop.imap"
    assert window.files.save()
    before = export_json(window.editor.model)
    assert window.files.new()  # the file is open only once at a time
    assert window.files.open(tmp_path / "shop.imap", new_window=True)
    reopened = open_windows()[-1]
    assert reopened is not window
    assert reopened.editor.document.path == tmp_path / "shop.imap"
    assert export_json(reopened.editor.model) == before
    assert recent_files()[0] == (tmp_path / "shop.imap").resolve()
    window.actions.refresh_recent()
    assert "shop.imap" in window.actions.recent_menu.actions()[0].text()


def test_unsaved_changes_cancel_keeps_the_window(make_window, prompts):
    window = make_window()
    window.editor.update(Service, "db", name="Orders")
    prompts.unsaved_answer = UnsavedChoice.CANCEL
    assert not window.close()
    assert window.isVisible() and window in open_windows()
    assert prompts.unsaved_asked == ["Shop"]
    assert window.editor.model.services["db"].name == "Orders"


def test_unsaved_changes_discard_closes_and_drops_the_work(make_window, prompts, store):
    window = make_window()
    working = window.editor.document.working_path
    window.editor.update(Service, "db", name="Orders")
    prompts.unsaved_answer = UnsavedChoice.DISCARD
    assert window.close()
    assert window not in open_windows()
    assert not working.exists()


def test_unsaved_changes_save_writes_the_file_before_closing(make_window, prompts, tmp_path):
    from models.document import Document

    window = make_window()
    window.editor.update(Service, "db", name="Orders")
    prompts.unsaved_answer = UnsavedChoice.SAVE
    prompts.save_path = tmp_path / "saved.imap"
    assert window.close()
    with Document.open(tmp_path / "saved.imap") as saved:
        assert saved.model.services["db"].name == "Orders"


def test_save_dialog_cancelled_on_close_keeps_the_window(make_window, prompts):
    window = make_window()
    window.editor.update(Service, "db", name="Orders")
    prompts.unsaved_answer = UnsavedChoice.SAVE
    prompts.save_path = None  # the user cancels the file chooser
    assert not window.close()
    assert window in open_windows()


def test_new_and_open_ask_about_unsaved_changes_too(make_window, prompts, tmp_path):
    window = make_window()
    window.editor.update(Service, "db", name="Orders")
    prompts.unsaved_answer = UnsavedChoice.CANCEL
    assert not window.files.new()
    assert not window.files.open(tmp_path / "whatever.imap")
    assert window.editor.model.services["db"].name == "Orders"
    prompts.unsaved_answer = UnsavedChoice.DISCARD
    assert window.files.new()
    assert len(window.editor.model.services) == 0
    assert prompts.unsaved_asked == ["Shop", "Shop", "Shop"]
    assert prompts.unsaved_before == [
        "starting a new model", "opening another model", "starting a new model"]


def test_opening_a_corrupt_file_shows_an_error_and_keeps_the_document(
    make_window, prompts, tmp_path
):
    window = make_window()
    editor = window.editor
    window.editor.update(Service, "db", name="Orders")
    corrupt = tmp_path / "corrupt.imap"
    corrupt.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
    prompts.unsaved_answer = UnsavedChoice.DISCARD
    assert not window.files.open(corrupt)
    [(_title, message)] = prompts.errors
    assert "corrupt.imap" in message and "Traceback" not in message
    assert window.editor is editor
    assert window.editor.model.services["db"].name == "Orders"
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"format": "integramap/1", "services": [{"id": "x", "zone": "nope"}]}')
    assert not window.files.open(bad_json)
    message = prompts.errors[-1][1]
    assert "nope" in message
    assert message.count("bad.json") == 1, "the file is named once"
    assert window.editor is editor


def test_import_json_opens_an_untitled_model(make_window, prompts, tmp_path):
    window = make_window()
    source = tmp_path / "cmdb.json"
    source.write_text(export_json(window.editor.model))
    prompts.open_path = source
    assert window.files.import_file()
    assert window.editor.document.path is None
    assert set(window.editor.model.services) == {"db", "idp", "portal"}
    # No .imap holds the import yet: unsaved work from the start, until saved.
    assert window.isWindowModified() and window.editor.is_modified()
    prompts.save_path = tmp_path / "out.json"
    assert window.files.export_json()
    assert (tmp_path / "out.json").read_text() == source.read_text()
    prompts.save_path = tmp_path / "out.dot"
    assert window.files.export_dot()
    assert "digraph" in (tmp_path / "out.dot").read_text()


def test_dock_layout_and_geometry_are_restored(make_window, qtbot):
    window = make_window()
    window.resize(640, 560)
    window.docks["findings"].hide()
    window.close()
    assert QSettings().value("window/state") is not None
    again = make_window()
    assert not again.docks["findings"].isVisible()
    assert again.docks["inspector"].isVisible()
    assert (again.size().width(), again.size().height()) == (640, 560)
    again.reset_layout()
    assert again.docks["findings"].isVisible()
    assert {d.objectName() for d in again.findChildren(QDockWidget)} >= {
        "dock-palette", "dock-model", "dock-inspector", "dock-legend", "dock-findings"}


def test_recovered_document_is_marked_unsaved(make_window, store):
    window = make_window(small_document(store), unsaved=True)
    assert window.isWindowModified()
    assert window.editor.is_modified()


def test_copy_and_paste_between_windows(make_window, qtbot):
    first = make_window()
    second = make_window(small_document())
    second.files.new_window  # noqa: B018 (the action exists)
    first.scene.select_ids(["db"])
    assert first.copy_selection()
    before = set(second.editor.model.services)
    second.paste()
    added = set(second.editor.model.services) - before
    assert len(added) == 1
    [new_id] = added
    assert second.editor.model.services[new_id].name.startswith("Orders DB")
    assert second.scene.selected_ids() == [new_id]


def test_new_window_is_a_second_document(make_window):
    window = make_window()
    other = window.files.new_window()
    assert isinstance(other, MainWindow) and other is not window
    assert other.editor.document is not window.editor.document
    assert len(other.editor.model.services) == 0


def test_tree_and_canvas_selection_follow_each_other(make_window):
    window = make_window()
    window.scene.select_ids(["portal"])
    assert window.model_tree.item_for(Service, "portal").isSelected()
    assert window.inspector.form.entity is Service
    window.model_tree.tree.clearSelection()
    window.model_tree.item_for(Service, "idp").setSelected(True)
    assert "idp" in window.scene.selected_ids()


def test_status_bar_counts_and_edit_actions(make_window):
    window = make_window()
    assert window.counts_label.text() == "3 services · 2 integrations"
    window.scene.select_ids(["db"])
    window.actions.delete.trigger()
    assert "db" not in window.editor.model.services
    assert window.counts_label.text() == "2 services · 1 integrations"
    assert window.actions.undo.isEnabled()
    window.actions.undo.trigger()
    assert "db" in window.editor.model.services
    window.actions.select_all.trigger()
    assert set(window.scene.selected_ids()) >= {"db", "idp", "portal"}


def test_auto_layout_is_one_undo_step(make_window):
    window = make_window()
    view = window.editor.model.default_view()
    before = {k: (p.x, p.y) for k, p in view.positions.items()}
    window.actions.auto_layout.trigger()
    after = {k: (p.x, p.y) for k, p in view.positions.items()}
    assert after != before
    assert window.editor.undo_stack.count() == 1
    window.editor.undo_stack.undo()
    assert {k: (p.x, p.y) for k, p in view.positions.items()} == before


def test_find_selects_and_reports(make_window):
    window = make_window()
    assert window.find("orders") == ["db"]
    assert window.scene.selected_ids() == ["db"]
    assert window.find("nothing like it") == []


def test_renaming_the_model_updates_title_and_recovery_name(make_window, store):
    import json

    from models.domain import DocumentInfo

    window = make_window()
    window.editor.update(DocumentInfo, 1, name="Webshop")
    assert window.windowTitle().startswith("Webshop — untitled")
    sidecar = window.editor.document.working_path.with_suffix(".json")
    assert json.loads(sidecar.read_text())["name"] == "Webshop"


def test_delete_key_in_the_inspector_does_not_delete_the_selection(make_window, monkeypatch):
    from desktop_app import main_window as main_window_module

    window = make_window()
    window.scene.select_ids(["db"])
    kind = window.inspector.form.field("kind").combo
    focus = {"widget": kind}
    monkeypatch.setattr(
        main_window_module.QApplication, "focusWidget", staticmethod(lambda: focus["widget"])
    )
    window.actions.delete.trigger()
    assert "db" in window.editor.model.services
    focus["widget"] = window.view
    window.actions.delete.trigger()
    assert "db" not in window.editor.model.services


def test_delete_acts_only_where_the_focus_is_the_canvas_or_the_model_tree(make_window,
                                                                          monkeypatch):
    from desktop_app import main_window as main_window_module

    window = make_window()
    focus = {"widget": None}
    monkeypatch.setattr(
        main_window_module.QApplication, "focusWidget", staticmethod(lambda: focus["widget"])
    )
    window.scene.select_ids(["db"])
    for panel in (window.findings.tree, window.palette, window.findings.text):
        focus["widget"] = panel
        window.actions.delete.trigger()
        assert "db" in window.editor.model.services
    assert "canvas or the model tree" in window.statusBar().currentMessage()
    focus["widget"] = window.view
    window.actions.delete.trigger()
    assert "db" not in window.editor.model.services


def test_zones_are_selected_both_ways_between_canvas_tree_and_inspector(make_window):
    from models.domain import DocumentInfo, Zone

    window = make_window()
    assert window.scene.zone_item("dmz") is not None
    window.scene.select_ids(["dmz"])  # as a click on the zone's title
    assert window.inspector.form.entity is Zone
    assert window.inspector.subject == (Zone, "dmz")
    assert window.model_tree.item_for(Zone, "dmz").isSelected()
    window.scene.select_ids([])
    assert window.inspector.form.entity is DocumentInfo
    window.view.set_zoom(4.0)
    window.view.centerOn(window.scene.service_item("idp").sceneBoundingRect().center())
    window.model_tree.tree.clearSelection()
    window.model_tree.item_for(Zone, "dmz").setSelected(True)
    assert window.scene.selected_zone_ids() == ["dmz"]
    assert window.inspector.subject == (Zone, "dmz")
    centre = window.view.mapToScene(window.view.viewport().rect().center())
    area = window.scene.zone_item("dmz").scene_rect()
    assert abs(centre.x() - area.center().x()) < 2 and abs(centre.y() - area.center().y()) < 2


def test_larger_text_scales_titles_errors_and_finding_columns(make_window, qtbot):
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication

    from desktop_app.text_size import change_text_size

    window = make_window()
    window.findings.runner.run_now()
    assert window.findings.analysis is not None, window.findings.summary.text()
    before = QApplication.font().pointSizeF()
    try:
        for _ in range(4):
            change_text_size(+1)
        qtbot.wait(50)
        body = QApplication.font().pointSizeF()
        assert body > before
        form = window.inspector.form
        assert form.title.font().pointSizeF() > body
        error = form.fields[0].error
        assert 0.8 * body <= error.font().pointSizeF() < body
        tree = window.findings.tree
        row = tree.topLevelItem(0).child(0)
        metrics = QFontMetrics(tree.font())
        assert tree.columnWidth(0) >= metrics.horizontalAdvance(row.text(0))
        assert tree.topLevelItem(0).isFirstColumnSpanned()  # "Critical (n)" is never cut
    finally:
        change_text_size(0)


def test_undo_actions_let_go_of_a_replaced_or_closed_editor(make_window, store):
    from PySide6.QtCore import SIGNAL

    from desktop_app.editing import DocumentEditor
    from models.domain import Service

    window = make_window()
    old = window.editor.undo_stack
    window.editor.update(Service, "db", name="Orders")
    assert window.actions.undo.text() == "&Undo Edit name"
    other = DocumentEditor(small_document())
    try:
        window.actions.bind_editor(other)
        old.undo()  # the old stack changes: the window's actions no longer follow it
        assert window.actions.undo.text() == "&Undo"
        assert window.actions.redo.text() == "&Redo" and not window.actions.redo.isEnabled()
        assert old.receivers(SIGNAL("undoTextChanged(QString)")) == 0
        window.actions.bind_editor(window.editor)
        current = window.editor.undo_stack
        assert window.actions.redo.text() == "&Redo Edit name"
        window.close()
        assert current.receivers(SIGNAL("undoTextChanged(QString)")) == 0
    finally:
        other.close()
        other.document.close()


def test_quitting_with_a_window_still_open_prints_no_errors(tmp_path):
    """At interpreter exit the undo stack may outlive the window's actions; nothing it
    emits then may reach them (it used to print RuntimeErrors about deleted QActions)."""
    import os
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent("""
        from PySide6.QtWidgets import QApplication
        app = QApplication(["integramap"])
        from desktop_app.files.recovery import RecoveryStore
        from desktop_app.main_window import MainWindow
        from models.document import Document
        from models.domain import Service
        window = MainWindow(document=Document.new(name="Exit"), store=RecoveryStore())
        window.show()
        service = window.editor.add_service(next(iter(__import__(
            "models.domain", fromlist=["ServiceKind"]).ServiceKind)), (0.0, 0.0))
        window.editor.update(Service, service, name="Renamed")
        window.editor.undo_stack.undo()
        app.processEvents()
        print("EDITED", flush=True)
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               INTEGRAMAP_RECOVERY_DIR=str(tmp_path / "recovery"))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=120, cwd=Path(__file__).resolve().parents[3])
    assert "EDITED" in done.stdout, done.stderr
    assert "Traceback" not in done.stderr and "already deleted" not in done.stderr, done.stderr


def test_a_refused_palette_add_is_told_in_the_status_bar(make_window, monkeypatch):
    from models.domain import ModelError, ServiceKind

    window = make_window()

    def refuse(*_args, **_kwargs):
        raise ModelError("the view has no room left")

    monkeypatch.setattr(window.editor, "add_service", refuse)
    window.add_service_in_view(ServiceKind.DATABASE)
    assert "the view has no room left" in window.statusBar().currentMessage()


def test_a_narrow_inspector_is_widened_up_to_a_third_of_the_window(make_window, qtbot):
    from PySide6.QtCore import Qt

    from desktop_app.panels.inspector import VALUE_MIN_WIDTH

    window = make_window()
    window.resize(1200, 900)
    dock = window.docks["inspector"]
    window.resizeDocks([dock], [150], Qt.Orientation.Horizontal)
    window.layout().activate()
    assert dock.width() < 200
    window.inspector._widen_dock()  # as after a start or a text size change
    wanted = min(window.inspector._needed_width(VALUE_MIN_WIDTH), window.width() // 3)
    assert wanted - 2 <= dock.width() <= window.width() // 3 + 2
