"""File ▸ History: a model's revisions — who, when, why, what changed — and any of them
opened read-only or compared with the model as it is in the window now."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.repository.conflict_dialog import shown_value
from models.comparison import EntityChange, Records, compare, summarise
from models.repository import Repository, RepositoryError, RevisionInfo
from models.repository.checkout import describe_when

DETAILED = 200
"""Revisions with more changes than this list counts per kind instead of every entity."""


def fill_changes(tree: QTreeWidget, changes: Iterable[EntityChange]) -> None:
    """One row per entity changed, its fields (before → after) beneath it."""
    tree.clear()
    for change in changes:
        item = QTreeWidgetItem([change.summary()])
        if change.action == "changed":
            for field in change.fields:
                QTreeWidgetItem(item, [f"{field.path or 'position'}: "
                                       f"{shown_value(field.before)} → {shown_value(field.after)}"])
        tree.addTopLevelItem(item)
    if tree.topLevelItemCount() <= 50:
        tree.expandAll()


class HistoryDialog(QDialog):
    """The revisions of one repository model, newest first."""

    open_requested = Signal(int)
    """The user wants revision N opened read-only."""

    def __init__(
        self,
        repository: Repository,
        model: str,
        current: Callable[[], Records],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("history")
        self.setWindowTitle(f"History of {model}")
        self.resize(860, 560)
        self.repository = repository
        self.model = model
        self._current = current
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.revisions = QTreeWidget()
        self.revisions.setObjectName("revisions")
        self.revisions.setHeaderLabels(["Revision", "Saved", "Author", "Message", "Changes"])
        self.revisions.setRootIsDecorated(False)
        self.revisions.currentItemChanged.connect(lambda *_: self.show_changes())
        splitter.addWidget(self.revisions)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel()
        self.caption.setObjectName("changes-caption")
        self.caption.setWordWrap(True)
        lower_layout.addWidget(self.caption)
        self.changes = QTreeWidget()
        self.changes.setObjectName("revision-changes")
        self.changes.setHeaderHidden(True)
        lower_layout.addWidget(self.changes)
        splitter.addWidget(lower)
        layout.addWidget(splitter, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = QPushButton("&Open Read-Only")
        self.compare_button = QPushButton("Compare with &Current")
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.compare_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(self._open)
        self.compare_button.clicked.connect(self.compare_with_current)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._infos: list[RevisionInfo] = repository.history(model)
        for info in self._infos:
            item = QTreeWidgetItem([
                f"r{info.number}", describe_when(info.saved_at), info.author, info.message,
                _counts(info),
            ])
            item.setData(0, Qt.ItemDataRole.UserRole, info.number)
            self.revisions.addTopLevelItem(item)
        for column in range(5):
            self.revisions.resizeColumnToContents(column)
        if self._infos:
            self.revisions.setCurrentItem(self.revisions.topLevelItem(0))

    def selected_revision(self) -> int | None:
        item = self.revisions.currentItem()
        return None if item is None else int(item.data(0, Qt.ItemDataRole.UserRole))

    def select_revision(self, number: int) -> None:
        for index in range(self.revisions.topLevelItemCount()):
            item = self.revisions.topLevelItem(index)
            if item.data(0, Qt.ItemDataRole.UserRole) == number:
                self.revisions.setCurrentItem(item)

    def show_changes(self) -> None:
        """What the selected revision changed, entity by entity and field by field."""
        number = self.selected_revision()
        if number is None:
            return
        info = next(i for i in self._infos if i.number == number)
        if info.size > DETAILED:
            self.caption.setText(f"Revision {number} changed {info.size:,} items:")
            self.changes.clear()
            for line in info.summary():
                self.changes.addTopLevelItem(QTreeWidgetItem([line]))
            return
        try:
            changes = self.repository.changes(self.model, number)
        except RepositoryError as exc:
            self.caption.setText(str(exc))
            return
        self.caption.setText(f"What revision {number} changed:")
        fill_changes(self.changes, changes)

    def compare_with_current(self) -> None:
        """The differences between the selected revision and the model in the window."""
        number = self.selected_revision()
        if number is None:
            return
        try:
            then = self.repository.snapshot(self.model, number).records
        except RepositoryError as exc:
            self.caption.setText(str(exc))
            return
        differences = compare(then, self._current())
        if not differences:
            self.caption.setText(f"The model in the window is the same as revision {number}.")
            self.changes.clear()
            return
        lines = summarise(differences, detail=3)
        self.caption.setText(f"From revision {number} to the model in the window: "
                             + "; ".join(lines))
        fill_changes(self.changes, differences)

    def _open(self) -> None:
        """Open the selected revision and leave the history, so the new window (not this
        modal dialog) has the user's attention."""
        number = self.selected_revision()
        if number is not None:
            self.open_requested.emit(number)
            self.accept()


def _counts(info: RevisionInfo) -> str:
    return "; ".join(info.summary())
