"""The Comparison panel: what differs from another version of the model, one step at a time.

File ▸ Compare with… reads another file (an earlier export, the model of the last review)
and lists what was added, removed and changed since, entity by entity — a changed one
with its fields. Next and Previous (F8, Shift+F8) step through the list, selecting and
centring what is on the canvas; the canvas marks the differences (see
:mod:`desktop_app.canvas.items.difference_marks`) until the comparison is closed.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.comparison import EntityChange, describe
from models.comparison.difference import WHOLE
from models.comparison.since_review import entity_name, field_label, value_text

_KEY = Qt.ItemDataRole.UserRole
ON_CANVAS = ("service", "integration")


class ComparisonPanel(QWidget):
    """The differences from a compared version, with stepping."""

    subjects_activated = Signal(list)
    closed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("comparison")
        self.changes: list[EntityChange] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.summary = QLabel("Nothing compared: File ▸ Compare with…")
        self.summary.setObjectName("comparison-summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setObjectName("comparison-tree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["", "What", "Difference"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(lambda item, _prev: self.activate(item))
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.previous_button = QPushButton("Previous")
        self.previous_button.clicked.connect(self.previous)
        self.next_button = QPushButton("Next")
        self.next_button.clicked.connect(self.next)
        self.close_button = QPushButton("Close Comparison")
        self.close_button.clicked.connect(self.close_comparison)
        for button in (self.previous_button, self.next_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        for keys, step in (("F8", self.next), ("Shift+F8", self.previous)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(step)
        self._update_buttons()

    def show_changes(self, changes: Sequence[EntityChange], against: str) -> None:
        self.tree.clear()
        self.changes = list(changes)
        counts = {a: sum(1 for c in self.changes if c.action == a)
                  for a in ("added", "removed", "changed")}
        if not self.changes:
            self.summary.setText(f"No differences from {against} (layout aside).")
        else:
            self.summary.setText(f"Since {against}: {counts['added']} added, "
                                 f"{counts['removed']} removed, {counts['changed']} changed.")
        for number, change in enumerate(self.changes):
            name = entity_name(change)
            what = describe(change.key) + (f" — {name}" if name != change.key[1] else "")
            item = QTreeWidgetItem([change.action, what, self._difference(change)])
            item.setData(0, _KEY, number)
            item.setToolTip(2, item.text(2))
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(1)
        self.tree.setColumnWidth(1, min(self.tree.columnWidth(1), 360))
        self._update_buttons()

    @staticmethod
    def _difference(change: EntityChange) -> str:
        if change.action != "changed":
            return ""
        parts = []
        for f in change.fields:
            label = field_label(change.key[0], f.path) if f.path != WHOLE else "value"
            parts.append(f"{label}: {value_text(f.before)[:40]} → {value_text(f.after)[:40]}")
        return "; ".join(parts)

    def step(self, by: int) -> None:
        count = self.tree.topLevelItemCount()
        if not count:
            return
        current = self.tree.indexOfTopLevelItem(self.tree.currentItem()) if (
            self.tree.currentItem() is not None) else -1
        self.tree.setCurrentItem(self.tree.topLevelItem((current + by) % count))

    def next(self) -> None:
        self.step(+1)

    def previous(self) -> None:
        self.step(-1)

    def current_change(self) -> EntityChange | None:
        item = self.tree.currentItem()
        return self.changes[item.data(0, _KEY)] if item is not None else None

    def activate(self, item: QTreeWidgetItem | None) -> None:
        self._update_buttons()
        number = item.data(0, _KEY) if item is not None else None
        if number is None or not 0 <= number < len(self.changes):
            return
        change = self.changes[number]
        if change.action != "removed" and change.key[0] in ON_CANVAS:
            self.subjects_activated.emit([change.key[1]])

    def close_comparison(self) -> None:
        self.tree.clear()
        self.changes = []
        self.summary.setText("Nothing compared: File ▸ Compare with…")
        self._update_buttons()
        self.closed.emit()

    def _update_buttons(self) -> None:
        has = bool(self.changes)
        for button in (self.previous_button, self.next_button, self.close_button):
            button.setEnabled(has)


def ask_comparison_file(parent: QWidget | None) -> str | None:
    """The file to compare with; ``None`` when cancelled (tests patch this)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, "Compare with", "", "Models (*.imap *.json *.dot *.gv);;All files (*)")
    return path or None
