"""The window's menus, tool bar and shortcuts, declared once in :data:`MENUS`.

Each action is one row: its id, its text, what it runs, its shortcuts (the platform's
standard keys where Qt has one) and when it is enabled. The menu bar and the tool bar are
built from the rows. Enablement follows the selection and the document: the window
gathers a :class:`Situation` whenever the canvas or model-tree selection, the model, the
clipboard or the window's document changes, and every action is enabled exactly when its
condition holds — Cut and Copy need a selected service, Paste services on the clipboard,
Delete something selected, Select All and Auto-layout a service. Undo and Redo come from
the window's ``QUndoGroup``, which names the step ("Undo Move 2 services") and follows
the stack of the document shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QDockWidget, QLineEdit, QMainWindow, QMessageBox, QToolBar

from desktop_app.canvas import CanvasView
from desktop_app.editing.document_editor import DocumentEditor
from desktop_app.files.recent import recent_files
from desktop_app.text_size import change_text_size
from desktop_app.windows import close_all_windows

Keys = QKeySequence.StandardKey
Shortcut = QKeySequence.StandardKey | str


@dataclass(frozen=True)
class Situation:
    """What the actions' enablement depends on, as the window stands now."""

    has_model: bool = False
    services: int = 0
    """Services in the model."""
    selected_services: int = 0
    selected_integrations: int = 0
    """Services and integrations selected on the canvas."""
    tree_selection: int = 0
    """Items selected in the model tree (Edit ▸ Delete deletes them when it has the focus)."""
    services_on_clipboard: bool = False
    from_repository: bool = False
    """The model came from a team repository (opened there, or an .imap that remembers one)."""
    read_only: bool = False
    """An earlier revision opened to read: edits and saves are refused."""


Condition = Callable[[Situation], bool]


def always(_: Situation) -> bool:
    return True


def with_model(s: Situation) -> bool:
    return s.has_model


def with_services(s: Situation) -> bool:
    return s.has_model and s.services > 0


def services_selected(s: Situation) -> bool:
    return s.selected_services > 0


def editable_with_services(s: Situation) -> bool:
    return with_services(s) and not s.read_only


def one_service_selected(s: Situation) -> bool:
    return s.selected_services == 1 and not s.read_only


def something_selected(s: Situation) -> bool:
    return s.selected_services + s.selected_integrations + s.tree_selection > 0


def services_on_clipboard(s: Situation) -> bool:
    return s.has_model and s.services_on_clipboard


def editable(s: Situation) -> bool:
    return s.has_model and not s.read_only


def from_repository(s: Situation) -> bool:
    return s.has_model and s.from_repository


def editable_from_repository(s: Situation) -> bool:
    return from_repository(s) and not s.read_only


@dataclass(frozen=True)
class ActionSpec:
    """One action of the window."""

    id: str
    """How code and tests name it: ``window.actions.delete``."""
    text: str
    run: Callable[[Any], object] | None
    """Called with the window the action belongs to. ``None`` for Undo and Redo, which
    the window's undo group makes and runs."""
    shortcuts: tuple[Shortcut, ...] = ()
    enabled_when: Condition = always
    toolbar: bool = False


RECENT = "recent files"
PANELS = "panels"
"""Submenus in :data:`MENUS` that are filled when shown: Open Recent, View ▸ Panels."""
SEPARATOR = None


MENUS: tuple[tuple[str, tuple[ActionSpec | str | None, ...]], ...] = (
    ("&File", (
        ActionSpec("new", "&New", lambda w: w.files.new(), (Keys.New,), toolbar=True),
        ActionSpec("new_window", "New &Window", lambda w: w.files.new_window(),
                   ("Ctrl+Shift+N",)),
        ActionSpec("open", "&Open…", lambda w: w.files.open(), (Keys.Open,), toolbar=True),
        ActionSpec("open_in_window", "Open in New Wi&ndow…",
                   lambda w: w.files.open(new_window=True)),
        RECENT,
        SEPARATOR,
        ActionSpec("save", "&Save", lambda w: w.files.save(), (Keys.Save,), with_model,
                   toolbar=True),
        ActionSpec("save_as", "Save &As…", lambda w: w.files.save_as(), (Keys.SaveAs,),
                   with_model),
        SEPARATOR,
        ActionSpec("open_from_repository", "Open from Repositor&y…",
                   lambda w: w.repository.open_from_repository()),
        ActionSpec("save_to_repository", "Save to Reposi&tory…",
                   lambda w: w.repository.save_to_repository(), ("Ctrl+Alt+S",), editable),
        ActionSpec("refresh_from_repository", "Re&fresh from Repository",
                   lambda w: w.repository.refresh(), ("F5",), editable_from_repository),
        ActionSpec("history", "&History…", lambda w: w.repository.history(),
                   enabled_when=from_repository),
        SEPARATOR,
        ActionSpec("import_file", "&Import JSON or DOT…", lambda w: w.files.import_file()),
        ActionSpec("export_json", "Export &JSON…", lambda w: w.files.export_json(),
                   enabled_when=with_model),
        ActionSpec("export_dot", "Export &DOT…", lambda w: w.files.export_dot(),
                   enabled_when=with_model),
        ActionSpec("export_pdf", "Export &PDF…", lambda w: w.files.export_pdf(), (Keys.Print,),
                   with_model),
        ActionSpec("compare_with", "Co&mpare with…", lambda w: w.compare_with(),
                   enabled_when=with_model),
        SEPARATOR,
        ActionSpec("close", "&Close Window", lambda w: w.close(), (Keys.Close,)),
        ActionSpec("quit", "&Quit", lambda _w: close_all_windows(), (Keys.Quit,)),
    )),
    ("&Edit", (
        ActionSpec("undo", "&Undo", None, (Keys.Undo,), toolbar=True),
        ActionSpec("redo", "&Redo", None, (Keys.Redo,), toolbar=True),
        SEPARATOR,
        ActionSpec("cut", "Cu&t", lambda w: w.cut_selection(), (Keys.Cut,), services_selected),
        ActionSpec("copy", "&Copy", lambda w: w.copy_selection(), (Keys.Copy,),
                   services_selected),
        ActionSpec("paste", "&Paste", lambda w: w.paste(), (Keys.Paste,),
                   services_on_clipboard),
        ActionSpec("delete", "&Delete", lambda w: w.delete_selection(),
                   (Keys.Delete, "Backspace"), something_selected),
        SEPARATOR,
        ActionSpec("select_all", "Select &All", lambda w: w.select_all(), (Keys.SelectAll,),
                   with_services),
        ActionSpec("find", "&Find…", lambda w: w.actions.focus_find(), (Keys.Find,),
                   with_model),
    )),
    ("&View", (
        ActionSpec("zoom_in", "Zoom &In", lambda w: w.zoom(CanvasView.zoom_in),
                   (Keys.ZoomIn, "Ctrl+="), with_model, toolbar=True),
        ActionSpec("zoom_out", "Zoom &Out", lambda w: w.zoom(CanvasView.zoom_out),
                   (Keys.ZoomOut,), with_model, toolbar=True),
        ActionSpec("fit", "&Fit to Window", lambda w: w.zoom(CanvasView.fit_to_window),
                   ("Ctrl+0",), with_model, toolbar=True),
        SEPARATOR,
        ActionSpec("larger_text", "&Larger Text", lambda _w: change_text_size(+1),
                   ("Ctrl+Shift+=",)),
        ActionSpec("smaller_text", "S&maller Text", lambda _w: change_text_size(-1),
                   ("Ctrl+Shift+-",)),
        ActionSpec("normal_text", "&Normal Text Size", lambda _w: change_text_size(0)),
        SEPARATOR,
        PANELS,
        ActionSpec("reset_layout", "&Reset Layout", lambda w: w.reset_layout()),
    )),
    ("&Arrange", (
        ActionSpec("auto_layout", "&Auto-layout", lambda w: w.auto_layout(), ("Ctrl+Shift+L",),
                   with_services),
    )),
    ("&Review", (
        ActionSpec("start_review", "&Start Review…", lambda w: w.start_review(),
                   ("Ctrl+R",), editable_with_services),
        ActionSpec("record_decision", "Record &Decision…", lambda w: w.record_decision(),
                   ("Ctrl+D",), one_service_selected),
    )),
    ("&Help", (
        ActionSpec("gestures", "&Everyday Gestures", lambda w: show_gestures(w),
                   (Keys.HelpContents,)),
        ActionSpec("about", "&About Integramap", lambda w: show_about(w)),
    )),
)
"""Every menu of the window, in order, with its actions, separators and submenus."""


class WindowActions:
    """The actions of one window, built from :data:`MENUS`: its menu bar, tool bar and find
    box. ``window.actions.delete`` is the action whose id is ``delete``."""

    def __init__(self, window: QMainWindow, docks: list[QDockWidget]) -> None:
        self.window = window
        self.undo_group = QUndoGroup(window)
        """Holds the stack of the document shown; Undo and Redo follow its active stack."""
        self.by_id: dict[str, QAction] = {}
        self._conditions: list[tuple[QAction, Condition]] = []
        toolbar_groups: list[list[QAction]] = []
        for title, entries in MENUS:
            menu = window.menuBar().addMenu(title)
            on_toolbar: list[QAction] = []
            for entry in entries:
                if entry is SEPARATOR:
                    menu.addSeparator()
                elif entry == RECENT:
                    self.recent_menu = menu.addMenu("Open &Recent")
                    self.recent_menu.aboutToShow.connect(self.refresh_recent)
                elif entry == PANELS:
                    panels = menu.addMenu("&Panels")
                    for dock in docks:
                        panels.addAction(dock.toggleViewAction())
                elif isinstance(entry, ActionSpec):
                    action = self._make(entry)
                    menu.addAction(action)
                    if entry.toolbar:
                        on_toolbar.append(action)
            if on_toolbar:
                toolbar_groups.append(on_toolbar)
        self.find_box = QLineEdit()
        self.find_box.setObjectName("find-box")
        self.find_box.setPlaceholderText("Find a service (Ctrl+F)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(280)
        self.find_box.returnPressed.connect(lambda: window.find(self.find_box.text()))
        self.toolbar = QToolBar("Main")
        self.toolbar.setObjectName("toolbar-main")
        self.toolbar.setMovable(False)
        for number, group in enumerate(toolbar_groups):
            if number:
                self.toolbar.addSeparator()
            self.toolbar.addActions(group)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.find_box)
        window.addToolBar(self.toolbar)
        self.update_enabled(Situation())

    def _make(self, spec: ActionSpec) -> QAction:
        run = spec.run
        if run is None:  # Undo or Redo: named and enabled by the undo group
            make = (self.undo_group.createUndoAction if spec.id == "undo"
                    else self.undo_group.createRedoAction)
            action = make(self.window, spec.text)
        else:
            action = QAction(spec.text, self.window)
            action.triggered.connect(lambda _checked=False: run(self.window))
            self._conditions.append((action, spec.enabled_when))
        action.setObjectName(f"action-{spec.id}")
        action.setShortcuts([QKeySequence(key) for key in spec.shortcuts])
        self.by_id[spec.id] = action
        return action

    def __getattr__(self, name: str) -> QAction:
        try:
            return self.__dict__["by_id"][name]
        except KeyError:
            raise AttributeError(name) from None

    # ------------------------------------------------------------------ state

    def update_enabled(self, situation: Situation) -> None:
        """Enable exactly the actions whose condition holds in ``situation``."""
        for action, condition in self._conditions:
            action.setEnabled(condition(situation))

    def bind_editor(self, editor: DocumentEditor | None) -> None:
        """Undo and Redo follow ``editor``'s stack (none: nothing to undo).

        The previous stack leaves the group, which disconnects from it: a stack outliving
        the window (it is deleted later) no longer reaches actions that are gone.
        """
        group = self.undo_group
        for stack in group.stacks():
            group.removeStack(stack)
        if editor is not None:
            group.addStack(editor.undo_stack)
            group.setActiveStack(editor.undo_stack)

    def refresh_recent(self) -> None:
        self.recent_menu.clear()
        paths = recent_files()
        for number, path in enumerate(paths, start=1):
            action = self.recent_menu.addAction(f"&{number} {path.name}  —  {path.parent}")
            action.triggered.connect(
                lambda _checked=False, p=path: self.window.files.open(p))  # type: ignore[attr-defined]
        if not paths:
            self.recent_menu.addAction("No recent files").setEnabled(False)

    def focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()


def show_about(window: QMainWindow) -> None:
    QMessageBox.about(
        window,
        "About Integramap",
        "<b>Integramap</b><br>Map infrastructure services, their integrations and who is "
        "responsible for them; analyse the design and export a review document.",
    )


def show_gestures(window: QMainWindow) -> None:
    QMessageBox.information(window, "Everyday gestures", GESTURES)


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
