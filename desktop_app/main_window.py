"""The editor window: canvas in the middle, dock panels around it, one document per window.

The window owns one :class:`DocumentEditor` at a time and wires the canvas and the panels
to it; it never edits the model itself. Its menus and tool bar are declared in
:mod:`desktop_app.actions`; the window tells them what is selected, so they are enabled
only when they would do something. Several windows can be open (File ▸ New Window),
each with its own document, so copy and paste work between documents. Dock layout and
window geometry are remembered in QSettings.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from desktop_app.actions import Situation, WindowActions
from desktop_app.canvas import CanvasScene, CanvasView, Legend
from desktop_app.editing import FRAGMENT_MIME
from desktop_app.editing.document_editor import DocumentEditor
from desktop_app.files.file_commands import FileCommands
from desktop_app.files.prompts import show_error
from desktop_app.files.recovery import RecoveryStore
from desktop_app.panels.actions_panel import ActionsPanel
from desktop_app.panels.comparison_panel import ComparisonPanel, ask_comparison_file
from desktop_app.panels.findings import FindingsPanel
from desktop_app.panels.guided_review import GuidedReview, choose_review_scope, review_scopes
from desktop_app.panels.inspector import InspectorPanel
from desktop_app.panels.model_tree import ModelTreePanel
from desktop_app.panels.palette import PalettePanel
from desktop_app.repository.repository_commands import RepositoryCommands, repository_label
from desktop_app.windows import window_closed, window_opened
from models.comparison import EntityChange, compare, model_records
from models.comparison.since_review import entity_name, semantic
from models.document import Document
from models.document.errors import DocumentError
from models.domain import (
    Change,
    DocumentInfo,
    Integration,
    ModelError,
    Service,
    ServiceKind,
    Zone,
)
from models.garbage_collection import collection_paused, release_closed, settle_loaded
from models.interchange import load_model_file
from models.review import QuestionnaireError, load_questionnaire

FIRST_RUN_SIZE = (1680, 1050)
_LAYOUT_VERSION = 2
"""Bumped when the set of docks changes, so an old saved layout is not half-applied."""


class MainWindow(QMainWindow):
    """One editor window on one document."""

    def __init__(
        self,
        editor: DocumentEditor | None = None,
        *,
        document: Document | None = None,
        store: RecoveryStore | None = None,
        unsaved: bool = False,
    ) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.store = store or RecoveryStore()
        self.editor: DocumentEditor | None = None
        self.scene: CanvasScene | None = None
        self.view: CanvasView | None = None
        self.files = FileCommands(self)
        self.repository = RepositoryCommands(self)
        self.palette = PalettePanel()
        self.model_tree = ModelTreePanel()
        self.inspector = InspectorPanel()
        self.docks: dict[str, QDockWidget] = {}
        self._services_on_clipboard = False
        self.canvas_area = QWidget()
        """The window's central widget for its whole life; each document's canvas is put
        inside it. Replacing the central widget itself let the docks take its room while
        it was gone, and the new canvas came back as a strip under them."""
        self.canvas_area.setObjectName("canvas-area")
        area_layout = QVBoxLayout(self.canvas_area)
        area_layout.setContentsMargins(0, 0, 0, 0)
        self.setCentralWidget(self.canvas_area)
        self._add_dock("palette", "Palette", self.palette, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock("model", "Model", self.model_tree, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock(
            "inspector", "Inspector", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self._build_extra_docks()
        self.editor_panels = (self.model_tree, self.inspector, self.findings, self.actions_panel)
        """The panels that show and edit the window's document, told when it changes."""
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self._fit_pending = True
        self.actions = WindowActions(self, list(self.docks.values()))
        self._build_status_bar()
        self.palette.kind_activated.connect(self.add_service_in_view)
        self.model_tree.selection_requested.connect(self._on_tree_selection)
        self.model_tree.review_requested.connect(self.start_review)
        self.review: GuidedReview | None = None
        """The guided review window last started (tests drive it)."""
        self.model_tree.tree.itemSelectionChanged.connect(self.refresh_actions)
        QApplication.clipboard().dataChanged.connect(self._on_clipboard_changed)
        self._on_clipboard_changed()
        self._default_state = self.saveState(_LAYOUT_VERSION)
        self.restore_layout()
        window_opened(self)
        if editor is None and document is not None:
            editor = DocumentEditor(document)
        if editor is not None:
            self.set_editor(editor)
            if unsaved:  # recovered work, an imported file: no .imap holds it yet
                editor.mark_unsaved()
                self.update_title()

    # ------------------------------------------------------------------ docks / layout

    def _add_dock(
        self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea
    ) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{key}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        return dock

    def _build_extra_docks(self) -> None:
        """Legend beside the inspector; findings and actions under the canvas."""
        self.legend = Legend()
        self._add_dock("legend", "Legend", self.legend, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.docks["inspector"], self.docks["legend"])
        self.docks["inspector"].raise_()
        self.findings = FindingsPanel()
        self._add_dock(
            "findings", "Findings", self.findings, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.findings.subjects_activated.connect(self.select_and_centre)
        self.findings.badges_changed.connect(self._set_badges)
        self.findings.problem.connect(self.show_problem)
        self.actions_panel = ActionsPanel(lambda: self.findings.runner.today())
        self._add_dock(
            "actions", "Actions", self.actions_panel, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.tabifyDockWidget(self.docks["findings"], self.docks["actions"])
        self.docks["findings"].raise_()
        self.actions_panel.subjects_activated.connect(self.select_and_centre)
        self.actions_panel.problem.connect(self.show_problem)
        self.comparison = ComparisonPanel()
        self._add_dock(
            "comparison", "Comparison", self.comparison, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.tabifyDockWidget(self.docks["findings"], self.docks["comparison"])
        self.docks["findings"].raise_()
        self.comparison.subjects_activated.connect(self.select_and_centre)
        self.comparison.closed.connect(
            lambda: self.scene.clear_differences() if self.scene is not None else None)

    def restore_layout(self) -> None:
        """Geometry and dock layout of the last session, or a sensible first-run layout."""
        settings = QSettings()
        geometry = settings.value("window/geometry")
        state = settings.value("window/state")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            pass
        else:
            self._first_run_geometry()
        if isinstance(state, QByteArray):
            self.restoreState(state, _LAYOUT_VERSION)

    def save_layout(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState(_LAYOUT_VERSION))

    def reset_layout(self) -> None:
        """View ▸ Reset Layout: every dock back where it starts on a first run."""
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        self.restoreState(self._default_state, _LAYOUT_VERSION)

    def _first_run_geometry(self) -> None:
        width, height = FIRST_RUN_SIZE
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.92))
            height = min(height, int(available.height() * 0.92))
            self.resize(width, height)
            frame = self.frameGeometry()
            frame.moveCenter(available.center())
            self.move(frame.topLeft())
        else:
            self.resize(width, height)
        self.resizeDocks(
            [self.docks["palette"], self.docks["inspector"]], [230, 360], Qt.Orientation.Horizontal
        )
        self.resizeDocks(
            [self.docks["palette"], self.docks["model"], self.docks["findings"]],
            [height // 2, height // 2, height // 4],
            Qt.Orientation.Vertical,
        )

    # ------------------------------------------------------------------ document

    def set_editor(self, editor: DocumentEditor) -> None:
        """Show ``editor``'s document in this window (the previous one is closed)."""
        # Building the views of a 10,000-service model creates tens of thousands of Python
        # wrappers at once; see models.garbage_collection for why collection waits.
        with collection_paused():
            self._show_editor(editor)
        settle_loaded()

    def _show_editor(self, editor: DocumentEditor) -> None:
        previous, previous_view = self.editor, self.view
        self.editor = editor
        editor.setParent(self)
        self.scene = CanvasScene(editor)
        self.view = CanvasView(self.scene)
        self.view.setObjectName("canvas")
        self.canvas_area.layout().addWidget(self.view)
        if previous_view is not None:
            previous_view.hide()
            self.canvas_area.layout().removeWidget(previous_view)
            previous_view.deleteLater()
        self.scene.selection_ids_changed.connect(self._on_canvas_selection)
        self.scene.edit_refused.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.view.horizontalScrollBar().rangeChanged.connect(lambda *_: self.update_zoom())
        editor.changed.connect(self._on_model_changed)
        editor.modified_changed.connect(self._on_modified_changed)
        editor.file_changed.connect(self.update_title)
        for panel in self.editor_panels:
            panel.set_editor(editor)
        self.actions.bind_editor(editor)
        if previous is not None:
            self._dispose(previous)
        self.update_title()
        self.update_status()
        self.refresh_actions()
        self.view.setFocus()  # the keyboard starts on the diagram (Delete, arrows, Ctrl+A)
        if self.isVisible():
            self.view.fit_to_window()
        else:
            self._fit_pending = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit_pending and self.view is not None:
            self._fit_pending = False
            # After the first layout pass, so the fit uses the real viewport size.
            QTimer.singleShot(0, self.view.fit_to_window)

    def load_document(self, document: Document, *, unsaved: bool = False) -> None:
        """Show ``document`` here; ``unsaved`` when no ``.imap`` file holds it yet."""
        editor = DocumentEditor(document)
        self.set_editor(editor)
        if unsaved:
            editor.mark_unsaved()
            self.update_title()

    def spawn(self, document: Document, *, unsaved: bool = False) -> MainWindow:
        """A new window on ``document``, cascaded from this one."""
        window = type(self)(document=document, store=self.store, unsaved=unsaved)
        window.move(self.pos() + QPoint(32, 32))
        window.show()
        return window

    def _dispose(self, editor: DocumentEditor) -> None:
        """Close a document that is leaving the window: its working copy goes too."""
        with contextlib.suppress(RuntimeError, TypeError):
            editor.changed.disconnect(self._on_model_changed)
        editor.close()
        document = editor.document
        working = document.working_path
        document.close()
        if working is not None:
            self.store.release(working)
        editor.deleteLater()
        QTimer.singleShot(0, release_closed)

    def update_title(self) -> None:
        editor = self.editor
        if editor is None:
            self.setWindowTitle("Integramap")
            return
        path = editor.document.path
        where = path.name if path is not None else "untitled"
        repository = repository_label(editor)
        if repository is not None:
            where = f"{path.name} · {repository}" if path is not None else repository
        self.setWindowTitle(f"{editor.model.name} — {where}[*] — Integramap")
        self.setWindowModified(editor.is_modified())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.save_layout()
        for export in list(self.files.exports):
            export.cancel()
            export.wait()
        self.actions.bind_editor(None)
        with contextlib.suppress(RuntimeError, TypeError):
            QApplication.clipboard().dataChanged.disconnect(self._on_clipboard_changed)
        if self.editor is not None:
            for panel in self.editor_panels:
                panel.set_editor(None)
            self.findings.runner.wait()
            self._dispose(self.editor)
            self.editor = None
        window_closed(self)
        event.accept()

    # ------------------------------------------------------------------ editing

    def selected_ids(self) -> list[str]:
        return self.scene.selected_ids() if self.scene is not None else []

    def add_service_in_view(self, kind: ServiceKind) -> None:
        """Palette double-click: a new service of ``kind`` in the middle of the view, in
        the zone there (as if dropped)."""
        if self.editor is None or self.view is None or self.scene is None:
            return
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        try:
            new_id = self.editor.add_service(
                kind, (centre.x(), centre.y()), zone_id=self.scene.zone_at(centre), centred=True
            )
        except ModelError as exc:
            self.show_problem(f"Could not add the {kind.label.lower()}: {exc}")
            return
        self.scene.select_ids([new_id])

    def compare_with(self, path: str | None = None) -> list[EntityChange] | None:
        """File ▸ Compare with…: mark on the canvas and list what differs from another
        version of the model (an .imap, .json or .dot file), entity by entity."""
        if self.editor is None or self.scene is None:
            return None
        path = path or ask_comparison_file(self)
        if not path:
            return None
        try:
            with load_model_file(path) as other:
                before = model_records(other.model)
        except DocumentError as exc:
            show_error(self, "Cannot compare", str(exc))
            return None
        changes = compare(semantic(before), semantic(model_records(self.editor.model)))
        on_canvas = {"service", "integration"}
        marked = [c for c in changes if c.key[0] in on_canvas]
        view = self.editor.view_id
        self.scene.show_differences(
            [c.key[1] for c in marked if c.action == "added"],
            [c.key[1] for c in marked if c.action == "changed"],
            [(c.key[1], entity_name(c), before.get(("position", f"{view}/{c.key[1]}")))
             for c in marked if c.action == "removed" and c.key[0] == "service"],
            [(c.key[1], entity_name(c), c.before["source"], c.before["target"])
             for c in marked if c.action == "removed" and c.key[0] == "integration"],
        )
        self.comparison.show_changes(changes, Path(path).name)
        self.docks["comparison"].show()
        self.docks["comparison"].raise_()
        return changes

    def start_review(self, service_ids: list[str] | None = None) -> GuidedReview | None:
        """Review ▸ Start Review…: walk through the questionnaire for the selected service,
        or for the services of a zone, a team or the whole model in turn."""
        if self.editor is None:
            return None
        try:
            questionnaire = load_questionnaire()
        except QuestionnaireError as exc:
            show_error(self, "Cannot start the review", str(exc))
            return None
        if service_ids is None:
            selected = [i for i in self.selected_ids() if i in self.editor.model.services]
            scopes = review_scopes(self.editor, selected)
            if len(selected) == 1:
                service_ids = selected
            else:
                service_ids = choose_review_scope(self, scopes)
            if not service_ids:
                return None
        review = GuidedReview(self.editor, questionnaire, service_ids,
                              today=lambda: self.findings.runner.today(), parent=self)
        review.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        review.focus_requested.connect(self.select_and_centre)
        review.problem.connect(self.show_problem)
        self.findings.runner.analysed.connect(review.show_analysis)
        if self.findings.analysis is not None:
            review.show_analysis(self.findings.analysis)
        review.show()
        review.activateWindow()
        self.review = review
        return review

    def record_decision(self) -> None:
        """Review ▸ Record Decision…: a decision (and action) on the selected service."""
        if self.editor is None:
            return
        services = [i for i in self.selected_ids() if i in self.editor.model.services]
        if len(services) != 1:
            self.show_problem("Select one service to record a decision on it.")
            return
        self.findings.decide(services[0], "")

    def copy_selection(self) -> bool:
        return self.view.copy_selected() if self.view is not None else False

    def cut_selection(self) -> None:
        if self.view is not None:
            self.view.cut_selected()

    def paste(self) -> None:
        if self.view is not None:
            self.view.paste()

    def delete_selection(self) -> None:
        """Edit ▸ Delete: the selection of the canvas or the model tree, whichever has the
        focus — and nothing else: Delete in a text field edits the text, and Delete in the
        findings list or the palette must not delete the service selected on the canvas."""
        focus = QApplication.focusWidget()
        tree = self.model_tree.tree
        if focus is not None and (focus is tree or tree.isAncestorOf(focus)):
            self.model_tree.delete_selected()
            return
        view = self.view
        if view is None:
            return
        if focus is None or focus is view or view.isAncestorOf(focus):
            view.delete_selected()
        elif self.selected_ids():
            self.statusBar().showMessage(
                "Delete works on the canvas or the model tree: click there, then press Delete.",
                6000,
            )

    def select_all(self) -> None:
        if self.editor is not None and self.scene is not None:
            self.scene.select_ids(list(self.editor.model.services))

    def select_and_centre(self, ids: list[str]) -> None:
        """Select ``ids`` on the canvas and bring them into view (findings, model tree)."""
        if self.scene is None or self.view is None:
            return
        self.scene.select_ids(ids)
        if ids:
            self.view.center_on_ids(ids)

    def auto_layout(self) -> None:
        """Arrange ▸ Auto-layout: one undoable step that places every service and zone."""
        if self.editor is None:
            return
        from models.layout import compute_layout

        try:
            self.editor.apply_geometry(compute_layout(self.editor.model))
        except ModelError as exc:
            self.statusBar().showMessage(f"Auto-layout failed: {exc}", 6000)
            return
        if self.view is not None:
            self.view.fit_to_window()

    def zoom(self, change: Callable[[CanvasView], object]) -> None:
        """View ▸ Zoom In / Zoom Out / Fit to Window: ``change`` the view, show the zoom."""
        if self.view is not None:
            change(self.view)
            self.update_zoom()

    def find(self, text: str) -> list[str]:
        """Select and centre the services whose name matches ``text``."""
        if self.view is None or not text.strip():
            return []
        found = self.view.find(text)
        message = f"{len(found)} found for “{text}”" if found else f"Nothing found for “{text}”"
        self.statusBar().showMessage(message, 4000)
        return found

    # ------------------------------------------------------------------ selection / status

    def _on_canvas_selection(self, ids: list[str]) -> None:
        zones = self.scene.selected_zone_ids() if self.scene is not None else []
        if not ids and len(zones) == 1:
            self.inspector.show_entity(Zone, zones[0])  # a zone picked on the canvas alone
        else:
            self.inspector.show_ids(ids)
        self.model_tree.reflect_selection(ids, zones)
        self.update_status()
        self.refresh_actions()

    def _on_tree_selection(self, entity: type, keys: list[str]) -> None:
        if entity in (Service, Integration):
            self.select_and_centre(keys)
        elif entity is Zone and self.scene is not None:
            # The zone's area is the zone on the canvas: select it there and bring it into
            # view; the canvas selection then shows it in the inspector.
            self.select_and_centre(keys)
            if self.scene.selected_zone_ids() != sorted(keys):  # not placed on this view
                self.inspector.show_entity(entity, keys[0] if keys else None)
        else:
            self.inspector.show_entity(entity, keys[0] if keys else None)

    def _on_model_changed(self, changes: Iterable[Change]) -> None:
        if any(c.entity in (Service, Integration) for c in changes):
            self.update_status()
            self.refresh_actions()
        if any(c.entity is DocumentInfo for c in changes):
            self.update_title()
            document = self.editor.document if self.editor is not None else None
            if document is not None:
                # The recovery dialog names abandoned work by the model's current name.
                self._record_working_copy()

    def _on_modified_changed(self, _modified: bool) -> None:
        self.update_title()
        self._record_working_copy()

    def _record_working_copy(self) -> None:
        """Keep the recovery sidecar's name and "has unsaved edits" flag current."""
        editor = self.editor
        if editor is None or editor.document.working_path is None:
            return
        document = editor.document
        self.store.record(
            document.working_path,
            original=document.path,
            name=document.model.name,
            modified=editor.is_modified(),
        )

    # ------------------------------------------------------------------ actions

    def situation(self) -> Situation:
        """What the menus' enablement depends on, as the window stands now."""
        editor, scene = self.editor, self.scene
        if editor is None or scene is None:
            return Situation(tree_selection=len(self.model_tree.selected()[1]))
        selected = scene.selected_ids()
        services = sum(1 for i in selected if i in editor.model.services)
        return Situation(
            has_model=True,
            services=len(editor.model.services),
            selected_services=services,
            selected_integrations=len(selected) - services,
            tree_selection=len(self.model_tree.selected()[1]),
            services_on_clipboard=self._services_on_clipboard,
            from_repository=repository_label(editor) is not None,
            read_only=editor.read_only is not None,
        )

    def refresh_actions(self) -> None:
        """Enable the menus' actions for what is selected and shown now."""
        self.actions.update_enabled(self.situation())

    def _on_clipboard_changed(self) -> None:
        # Read once per clipboard change, not at every selection change: asking another
        # program for its clipboard is a round trip on X11.
        mime = QApplication.clipboard().mimeData()
        self._services_on_clipboard = mime is not None and mime.hasFormat(FRAGMENT_MIME)
        self.refresh_actions()

    def _build_status_bar(self) -> None:
        self.counts_label = QLabel()
        self.selection_label = QLabel()
        self.zoom_label = QLabel()
        for label in (self.selection_label, self.counts_label, self.zoom_label):
            self.statusBar().addPermanentWidget(label)

    def show_problem(self, message: str) -> None:
        """A refused panel action, told to the user where they look for status."""
        self.statusBar().showMessage(message, 10_000)

    def update_status(self) -> None:
        editor = self.editor
        if editor is None:
            self.counts_label.setText("")
            return
        model = editor.model
        self.counts_label.setText(
            f"{len(model.services):,} services · {len(model.integrations):,} integrations"
        )
        selected = len(self.selected_ids())
        self.selection_label.setText(f"{selected} selected" if selected else "")
        self.update_zoom()

    def update_zoom(self) -> None:
        if self.view is not None:
            self.zoom_label.setText(f"{self.view.zoom() * 100:.0f} %")

    def _set_badges(self, badges: dict) -> None:
        if self.scene is not None:
            self.scene.set_badges(badges)

