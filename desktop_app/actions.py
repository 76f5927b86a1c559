"""The window's menus and actions, with platform-standard shortcuts (QKeySequence keys).

Actions only call the window (or its file commands); enabled states follow the editor's
undo stack and the selection.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLineEdit, QMenu, QMessageBox, QToolBar

from desktop_app.files.recent import recent_files

if TYPE_CHECKING:
    from desktop_app.editing.document_editor import DocumentEditor
    from desktop_app.main_window import MainWindow

Keys = QKeySequence.StandardKey


class _ActionLabel(QObject):
    """Names the next undo/redo step on its action. A child of the action: when the window
    goes, Qt disconnects it with the action, so an undo stack deleted after the window
    (at exit) no longer reaches an action that is gone."""

    def __init__(self, action: QAction, base: str) -> None:
        super().__init__(action)
        self.action = action
        self.base = base

    def show(self, text: str) -> None:
        self.action.setText(_labelled(self.base, text))


class WindowActions:
    """Builds the menu bar, the tool bar and the find box of one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        files = window.files
        bar = window.menuBar()

        file_menu = bar.addMenu("&File")
        self.new = self._add(file_menu, "&New", files.new, Keys.New)
        self.new_window = self._add(file_menu, "New &Window", files.new_window, "Ctrl+Shift+N")
        self.open = self._add(file_menu, "&Open…", lambda: files.open(), Keys.Open)
        self.open_in_window = self._add(
            file_menu, "Open in New Wi&ndow…", lambda: files.open(new_window=True)
        )
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self.refresh_recent)
        file_menu.addSeparator()
        self.save = self._add(file_menu, "&Save", files.save, Keys.Save)
        self.save_as = self._add(file_menu, "Save &As…", files.save_as, Keys.SaveAs)
        file_menu.addSeparator()
        self.import_file = self._add(file_menu, "&Import JSON or DOT…", files.import_file)
        self.export_json = self._add(file_menu, "Export &JSON…", files.export_json)
        self.export_dot = self._add(file_menu, "Export &DOT…", files.export_dot)
        self.export_pdf = self._add(file_menu, "Export &PDF…", files.export_pdf, Keys.Print)
        self.export_menu_anchor = file_menu.addSeparator()
        self.close = self._add(file_menu, "&Close Window", window.close, Keys.Close)
        self.quit = self._add(file_menu, "&Quit", self._quit, Keys.Quit)
        self.file_menu = file_menu

        edit_menu = bar.addMenu("&Edit")
        self.undo = self._add(edit_menu, "&Undo", self._undo, Keys.Undo)
        self.redo = self._add(edit_menu, "&Redo", self._redo, Keys.Redo)
        edit_menu.addSeparator()
        self.cut = self._add(edit_menu, "Cu&t", window.cut_selection, Keys.Cut)
        self.copy = self._add(edit_menu, "&Copy", window.copy_selection, Keys.Copy)
        self.paste = self._add(edit_menu, "&Paste", window.paste, Keys.Paste)
        self.delete = self._add(edit_menu, "&Delete", window.delete_selection, Keys.Delete)
        self.delete.setShortcuts([QKeySequence(Keys.Delete), QKeySequence("Backspace")])
        edit_menu.addSeparator()
        self.select_all = self._add(edit_menu, "Select &All", window.select_all, Keys.SelectAll)
        self.find = self._add(edit_menu, "&Find…", self.focus_find, Keys.Find)
        self.edit_menu = edit_menu

        view_menu = bar.addMenu("&View")
        self.zoom_in = self._add(view_menu, "Zoom &In", lambda: self._zoom("zoom_in"), Keys.ZoomIn)
        self.zoom_in.setShortcuts([QKeySequence(Keys.ZoomIn), QKeySequence("Ctrl+=")])
        self.zoom_out = self._add(
            view_menu, "Zoom &Out", lambda: self._zoom("zoom_out"), Keys.ZoomOut
        )
        self.fit = self._add(
            view_menu, "&Fit to Window", lambda: self._zoom("fit_to_window"), "Ctrl+0"
        )
        view_menu.addSeparator()
        self.larger_text = self._add(view_menu, "&Larger Text", lambda: _text(+1), "Ctrl+Shift+=")
        self.smaller_text = self._add(view_menu, "S&maller Text", lambda: _text(-1), "Ctrl+Shift+-")
        self.normal_text = self._add(view_menu, "&Normal Text Size", lambda: _text(0))
        view_menu.addSeparator()
        panels = view_menu.addMenu("&Panels")
        for dock in window.docks.values():
            panels.addAction(dock.toggleViewAction())
        self.panels_menu = panels
        self.reset_layout = self._add(view_menu, "&Reset Layout", window.reset_layout)
        self.view_menu = view_menu

        self.arrange_menu = bar.addMenu("&Arrange")
        self.auto_layout = self._add(
            self.arrange_menu, "&Auto-layout", window.auto_layout, "Ctrl+Shift+L"
        )

        help_menu = bar.addMenu("&Help")
        self._add(help_menu, "&Everyday Gestures", self._show_gestures, Keys.HelpContents)
        self._add(help_menu, "&About Integramap", self._show_about)

        self.find_box = QLineEdit()
        self.find_box.setObjectName("find-box")
        self.find_box.setPlaceholderText("Find a service (Ctrl+F)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(280)
        self.find_box.returnPressed.connect(lambda: window.find(self.find_box.text()))
        toolbar = QToolBar("Main")
        toolbar.setObjectName("toolbar-main")
        toolbar.setMovable(False)
        for action in (self.new, self.open, self.save, None, self.undo, self.redo, None,
                       self.zoom_in, self.zoom_out, self.fit):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addWidget(self.find_box)
        window.addToolBar(toolbar)
        self.toolbar = toolbar
        self._stack: QUndoStack | None = None
        self._undo_label = _ActionLabel(self.undo, "&Undo")
        self._redo_label = _ActionLabel(self.redo, "&Redo")
        self.bind_editor(None)

    # ------------------------------------------------------------------ building

    def _add(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def add_to_arrange(self, text: str, slot: Callable[[], object], shortcut: str | None = None):
        """Arrange ▸ entries added by features (auto-layout)."""
        return self._add(self.arrange_menu, text, slot, shortcut)

    # ------------------------------------------------------------------ state

    def bind_editor(self, editor: DocumentEditor | None) -> None:
        """Follow ``editor``'s undo stack for the Undo/Redo texts and enabled states.

        The previous editor's stack is let go first: a stack outliving the window (it is
        deleted later) would otherwise keep updating actions that no longer exist.
        """
        self._release_stack()
        for action in (self.undo, self.redo):
            action.setEnabled(False)
        self.undo.setText("&Undo")
        self.redo.setText("&Redo")
        if editor is None:
            return
        stack = editor.undo_stack
        self._stack = stack
        stack.canUndoChanged.connect(self.undo.setEnabled)
        stack.canRedoChanged.connect(self.redo.setEnabled)
        stack.undoTextChanged.connect(self._undo_label.show)
        stack.redoTextChanged.connect(self._redo_label.show)
        self.undo.setEnabled(stack.canUndo())
        self.redo.setEnabled(stack.canRedo())
        self._undo_label.show(stack.undoText())
        self._redo_label.show(stack.redoText())

    def _release_stack(self) -> None:
        stack, self._stack = self._stack, None
        if stack is None:
            return
        for signal, slot in ((stack.canUndoChanged, self.undo.setEnabled),
                             (stack.canRedoChanged, self.redo.setEnabled),
                             (stack.undoTextChanged, self._undo_label.show),
                             (stack.redoTextChanged, self._redo_label.show)):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)


    def refresh_recent(self) -> None:
        self.recent_menu.clear()
        paths = recent_files()
        for number, path in enumerate(paths, start=1):
            action = self.recent_menu.addAction(f"&{number} {path.name}  —  {path.parent}")
            action.triggered.connect(lambda _checked=False, p=path: self.window.files.open(p))
        if not paths:
            self.recent_menu.addAction("No recent files").setEnabled(False)

    def focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    # ------------------------------------------------------------------ slots

    def _undo(self) -> None:
        if self.window.editor is not None:
            self.window.editor.undo_stack.undo()

    def _redo(self) -> None:
        if self.window.editor is not None:
            self.window.editor.undo_stack.redo()

    def _zoom(self, how: str) -> None:
        if self.window.view is not None:
            getattr(self.window.view, how)()
            self.window.update_zoom()

    def _quit(self) -> None:
        from desktop_app.main_window import open_windows

        for window in reversed(open_windows()):
            if not window.close():
                return

    def _show_about(self) -> None:
        QMessageBox.about(
            self.window,
            "About Integramap",
            "<b>Integramap</b><br>Map infrastructure services, their integrations and who is "
            "responsible for them; analyse the design and export a review document.",
        )

    def _show_gestures(self) -> None:
        QMessageBox.information(self.window, "Everyday gestures", GESTURES)


GESTURES = """\
Add a service: drag a kind from the Palette onto the canvas (or double-click it).
Connect: drag from a service's handle (or Shift+drag) onto another service, pick the kind.
Select: click, Ctrl+click, or drag a rubber band on empty canvas.
Move: drag selected services; drop into a zone to set their zone.
Zoom: mouse wheel, Ctrl++ / Ctrl+−, Ctrl+0 fits the model.
Pan: middle-button drag, or hold Space and drag.
Find: Ctrl+F, type a name, Enter selects and centres it.
Edit: the Inspector edits the selection; Ctrl+Z / Ctrl+Shift+Z undo and redo every edit.
Copy and paste work between windows (File ▸ New Window)."""


def _text(step: float) -> None:
    from desktop_app.application import change_text_size

    change_text_size(step)


def _labelled(base: str, text: str) -> str:
    return f"{base} {text}" if text else base
