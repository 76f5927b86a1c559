"""The model tree: services, teams, zones and locations by name.

It follows the editor's change notices item by item (no rebuild per edit), mirrors the
canvas selection, and asks the window to select what the user picks here. Teams, zones
and locations are added, renamed and deleted from its buttons and context menu.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.editing.document_editor import DocumentEditor
from desktop_app.panels.palette import kind_icon
from desktop_app.panels.reference_entities import (
    REFERENCE_ENTITIES,
    add_reference_entity,
    delete_reference_entity,
    show_refusal,
)
from models.domain import (
    Action,
    Base,
    Change,
    Location,
    ModelError,
    Service,
    ServiceKind,
    Team,
    Zone,
)
from models.review import (
    Questionnaire,
    QuestionnaireError,
    Score,
    load_questionnaire,
    service_completeness,
)

GROUPS: tuple[tuple[type[Base], str], ...] = (
    (Service, "Services"),
    (Team, "Teams"),
    (Zone, "Zones"),
    (Location, "Locations"),
)
_ENTITY = Qt.ItemDataRole.UserRole
_KIND_LABELS = {kind: kind.label for kind in ServiceKind}
"""Looked up once: the tree labels 10,000 services when a large model opens."""
_KEY = Qt.ItemDataRole.UserRole + 1


class ModelTreePanel(QWidget):
    """Tree of the model's services, teams, zones and locations."""

    selection_requested = Signal(object, list)
    """The user picked items here: ``(entity type, [ids])``."""
    review_requested = Signal(list)
    """Start a guided review of these services (a service's, zone's or team's menu)."""

    def __init__(self) -> None:
        super().__init__()
        self.editor: DocumentEditor | None = None
        self._items: dict[tuple[type[Base], str], QTreeWidgetItem] = {}
        self._reflecting = False
        self.questionnaire: Questionnaire | None = None
        """The review's questions, for each service's completeness (none: a bad file)."""
        self.scores: dict[str, Score] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        layout.addWidget(self.filter)
        self.tree = QTreeWidget()
        self.tree.setObjectName("model-tree")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.tree.itemSelectionChanged.connect(self._on_selection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemDoubleClicked.connect(lambda item, _col: self._rename(item))
        layout.addWidget(self.tree)
        self.groups: dict[type[Base], QTreeWidgetItem] = {}
        for entity, title in GROUPS:
            group = QTreeWidgetItem([title])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setData(0, _ENTITY, None)
            self.tree.addTopLevelItem(group)
            self.groups[entity] = group
        buttons = QHBoxLayout()
        add = QToolButton()
        add.setText("Add")
        add.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        add_menu = QMenu(add)
        for entity, noun in REFERENCE_ENTITIES.items():
            add_menu.addAction(f"{noun.capitalize()}…", lambda e=entity: self.add(e))
        add.setMenu(add_menu)
        self.delete_button = QToolButton()
        self.delete_button.setText("Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        buttons.addWidget(add)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    # ------------------------------------------------------------------ model

    def set_editor(self, editor: DocumentEditor | None) -> None:
        if self.editor is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.editor.changed.disconnect(self._on_changed)
        self.editor = editor
        self._items.clear()
        for group in self.groups.values():
            group.takeChildren()
        self.scores.clear()
        if editor is None:
            return
        try:
            self.questionnaire = load_questionnaire()
        except QuestionnaireError:
            self.questionnaire = None  # the review says why when it is started
        model = editor.model
        for entity in (Service, Team, Zone, Location):
            group = self.groups[entity]
            group.addChildren(
                [self._make_item(entity, obj) for obj in model.entities(entity).values()])
            group.sortChildren(0, Qt.SortOrder.AscendingOrder)
        self._update_group_titles()
        for entity in (Team, Zone, Location):
            self.groups[entity].setExpanded(True)
        self.groups[Service].setExpanded(len(model.services) <= 200)
        editor.changed.connect(self._on_changed)

    def _make_item(self, entity: type[Base], obj: Base) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setData(0, _ENTITY, entity)
        item.setData(0, _KEY, obj.id)
        self._describe(item, entity, obj)
        self._items[(entity, obj.id)] = item
        return item

    def _describe(self, item: QTreeWidgetItem, entity: type[Base], obj: Base) -> None:
        item.setText(0, obj.name or obj.id)
        if entity is Service:
            item.setIcon(0, kind_icon(obj.kind, 16))
            item.setToolTip(0, f"{obj.id} · {_KIND_LABELS[obj.kind]}")
            self._score(item, obj)
        elif entity is Team:
            item.setToolTip(0, f"{obj.id} · {obj.fte:g} FTE")
        elif entity is Zone:
            item.setToolTip(0, f"{obj.id} · trust {obj.trust}")
        else:
            item.setToolTip(0, f"{obj.id} · {obj.region}")

    def _on_changed(self, changes: Iterable[Change]) -> None:
        if self.editor is None:
            return
        touched: set[type[Base]] = set()
        rescored = False
        for change in changes:
            if change.entity not in self.groups:
                continue
            entity, key = change.entity, change.key
            item = self._items.get((entity, key))
            if change.action is Action.REMOVED:
                if item is not None:
                    self.groups[entity].removeChild(item)
                    del self._items[(entity, key)]
                    touched.add(entity)
                continue
            obj = self.editor.model.get(entity, key)
            if obj is None:
                continue
            if item is None:
                self.groups[entity].addChild(self._make_item(entity, obj))
                touched.add(entity)
            elif change.fields & {"name", "kind", "fte", "trust", "region"}:
                self._describe(item, entity, obj)
                touched.add(entity)
            elif entity is Service:
                self._score(item, obj)
                rescored = True
        for entity in touched:
            self.groups[entity].sortChildren(0, Qt.SortOrder.AscendingOrder)
        if touched:
            self._update_group_titles()
            self._apply_filter(self.filter.text())
        elif rescored:
            self._update_group_titles()

    def _score(self, item: QTreeWidgetItem, service: Service) -> None:
        """The service's review completeness in the second column and its tooltip."""
        if self.questionnaire is None:
            return
        score = service_completeness(service, self.questionnaire).overall
        self.scores[service.id] = score
        item.setText(1, f"{score.percent}%" if score.total else "")
        item.setToolTip(1, f"Review: {score.text()} questions answered")

    def model_score(self) -> Score:
        """The model's review completeness: every service's questions together."""
        return sum(self.scores.values(), Score())

    def _update_group_titles(self) -> None:
        for entity, title in GROUPS:
            group = self.groups[entity]
            group.setText(0, f"{title} ({group.childCount()})")
        services = self.groups[Service]
        score = self.model_score()
        services.setText(1, f"{score.percent}%" if score.total else "")
        services.setToolTip(1, f"Review completeness of the model: {score.text()} questions "
                            "answered")

    # ------------------------------------------------------------------ selection

    def item_for(self, entity: type[Base], key: str) -> QTreeWidgetItem | None:
        return self._items.get((entity, key))

    def reflect_selection(self, ids: list[str], zone_ids: Iterable[str] = ()) -> None:
        """Mirror the canvas selection (services, zones) without echoing it back."""
        self._reflecting = True
        try:
            self.tree.clearSelection()
            shown = [(Service, key) for key in ids] + [(Zone, key) for key in zone_ids]
            items = [item for key in shown if (item := self._items.get(key)) is not None]
            for item in items:
                item.setSelected(True)
            if len(items) == 1:
                self.tree.scrollToItem(items[0])
        finally:
            self._reflecting = False

    def selected(self) -> tuple[type[Base] | None, list[str]]:
        """The entity type and ids selected (only items of the first type selected)."""
        entity: type[Base] | None = None
        keys: list[str] = []
        for item in self.tree.selectedItems():
            kind = item.data(0, _ENTITY)
            if kind is None:
                continue
            if entity is None:
                entity = kind
            if kind is entity:
                keys.append(item.data(0, _KEY))
        return entity, keys

    def _on_selection(self) -> None:
        if self._reflecting:
            return
        entity, keys = self.selected()
        if entity is not None:
            self.selection_requested.emit(entity, keys)

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for group in self.groups.values():
            for row in range(group.childCount()):
                child = group.child(row)
                child.setHidden(bool(needle) and needle not in child.text(0).lower())
            if needle:
                group.setExpanded(True)

    # ------------------------------------------------------------------ add / rename / delete

    def add(self, entity: type[Base]) -> str | None:
        if self.editor is None:
            return None
        new_id = add_reference_entity(self, self.editor, entity)
        if new_id is not None and (item := self._items.get((entity, new_id))) is not None:
            self.tree.setCurrentItem(item)
        return new_id

    def delete_selected(self) -> None:
        entity, keys = self.selected()
        if self.editor is None or entity is None:
            return
        if entity is Service:
            try:
                self.editor.delete(keys)
            except ModelError as exc:
                show_refusal(self, "Delete", exc)
            return
        for key in keys:
            if not delete_reference_entity(self, self.editor, entity, key):
                return

    def _rename(self, item: QTreeWidgetItem) -> None:
        entity, key = item.data(0, _ENTITY), item.data(0, _KEY)
        if self.editor is None or entity is None:
            return
        obj = self.editor.model.get(entity, key)
        name, ok = QInputDialog.getText(self, "Rename", "New name:", text=obj.name)
        if not ok:
            return
        # The model decides what a valid name is (not empty…), as for the inspector's field;
        # its refusal is shown, never swallowed.
        try:
            self.editor.update(entity, key, name=name.strip())
        except ModelError as exc:
            show_refusal(self, "Rename", exc)

    def _context_menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        menu = QMenu(self)
        for entity, noun in REFERENCE_ENTITIES.items():
            menu.addAction(f"Add {noun}…", lambda e=entity: self.add(e))
        if item is not None and item.data(0, _ENTITY) is not None:
            menu.addSeparator()
            menu.addAction("Rename…", lambda: self._rename(item))
            menu.addAction("Delete", self.delete_selected)
            reviewed = self.services_of(item.data(0, _ENTITY), item.data(0, _KEY))
            if reviewed:
                menu.addSeparator()
                menu.addAction("Start Review…", lambda: self.review_requested.emit(reviewed))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def services_of(self, entity: type[Base] | None, key: str | None) -> list[str]:
        """The services a review of this item walks through: a service itself, a zone's
        services, the services a team owns (by name)."""
        if self.editor is None or key is None:
            return []
        services = sorted(self.editor.model.services.values(),
                          key=lambda s: ((s.name or s.id).casefold(), s.id))
        if entity is Service:
            return [key]
        if entity is Zone:
            return [s.id for s in services if s.zone_id == key]
        if entity is Team:
            return [s.id for s in services if s.owner_id == key]
        return []
