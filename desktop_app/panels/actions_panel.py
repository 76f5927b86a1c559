"""The Actions panel: what reviews decided must be done, by whom and by when.

Open actions first — overdue ones at the top, in red — then by due date and owner, so
the follow-up of the last review reads from the top down. Done actions are shown on
request. Mark Done, Edit… and Delete are undoable edits like every other; activating a
row selects and centres what it is about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.editing.document_editor import DocumentEditor
from desktop_app.panels.decision_dialog import ask_decision
from desktop_app.panels.findings import subject_name
from models.domain import ActionStatus, Change, Decision, ModelError, Service, Team
from models.notation import SEVERITY_COLOURS

_DECISION = Qt.ItemDataRole.UserRole
OVERDUE_COLOUR = SEVERITY_COLOURS["high"]


def action_order(decision: Decision, today: dt.date) -> tuple[object, ...]:
    """Open before done; overdue first; then by due date (undated last) and owner."""
    return (
        decision.action_status == ActionStatus.DONE,
        not decision.overdue(today),
        decision.action_due or dt.date.max,
        decision.action_owner_id or "\uffff",
        decision.id,
    )


class ActionsPanel(QWidget):
    """Every decision that carries an action, in follow-up order."""

    subjects_activated = Signal(list)
    problem = Signal(str)

    def __init__(self, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.setObjectName("actions")
        self.today = today
        self.editor: DocumentEditor | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        top = QHBoxLayout()
        self.summary = QLabel("No actions")
        self.summary.setObjectName("actions-summary")
        self.show_done = QCheckBox("Show done")
        self.show_done.toggled.connect(self.refill)
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_done)
        layout.addLayout(top)
        self.tree = QTreeWidget()
        self.tree.setObjectName("actions-tree")
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(["Due", "Action", "Owner", "About", "Status"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(lambda item, _col: self.activate(item))
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.done_button = QPushButton("Mark Done")
        self.done_button.clicked.connect(self.toggle_done)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_current)
        buttons.addStretch(1)
        for button in (self.done_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._update_buttons()

    def set_editor(self, editor: DocumentEditor | None) -> None:
        if self.editor is not None:
            self.editor.changed.disconnect(self._on_changed)
        self.editor = editor
        if editor is not None:
            editor.changed.connect(self._on_changed)
        self.refill()

    def _on_changed(self, changes: Sequence[Change]) -> None:
        if any(c.entity in (Decision, Team, Service) for c in changes):
            self.refill()

    def refill(self) -> None:
        current = self.current_decision()
        self.tree.clear()
        if self.editor is None:
            self.summary.setText("No model")
            self._update_buttons()
            return
        today = self.today()
        model = self.editor.model
        actions = sorted((d for d in model.decisions.values() if d.has_action),
                         key=lambda d: action_order(d, today))
        open_ = [d for d in actions if d.action_status == ActionStatus.OPEN]
        overdue = sum(1 for d in open_ if d.overdue(today))
        self.summary.setText(
            f"{len(open_)} open action{'s' if len(open_) != 1 else ''}"
            + (f", {overdue} overdue" if overdue else "")
            + (f" · {len(actions) - len(open_)} done" if len(actions) > len(open_) else ""))
        show_done = self.show_done.isChecked()
        for decision in actions:
            if decision.action_status == ActionStatus.DONE and not show_done:
                continue
            team = model.teams.get(decision.action_owner_id or "")
            about = subject_name(model, decision.subject, with_kind=True)
            if decision.rule:
                about = f"{decision.rule} · {about}"
            late = decision.overdue(today)
            status = "overdue" if late else ActionStatus(decision.action_status).label.lower()
            item = QTreeWidgetItem([
                decision.action_due.isoformat() if decision.action_due else "—",
                decision.action,
                (team.name or team.id) if team is not None else "—",
                about,
                status,
            ])
            item.setData(0, _DECISION, decision.id)
            item.setToolTip(1, decision.note or decision.action)
            if late:
                for column in range(5):
                    item.setForeground(column, QBrush(QColor(OVERDUE_COLOUR)))
            self.tree.addTopLevelItem(item)
            if decision.id == current:
                self.tree.setCurrentItem(item)
        for column in (0, 2, 4):
            self.tree.resizeColumnToContents(column)
        self._update_buttons()

    def current_decision(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, _DECISION) if item is not None else None

    def _decision(self) -> Decision | None:
        key = self.current_decision()
        return self.editor.model.decisions.get(key) if self.editor and key else None

    def _update_buttons(self) -> None:
        decision = self._decision()
        for button in (self.done_button, self.edit_button, self.delete_button):
            button.setEnabled(decision is not None)
        done = decision is not None and decision.action_status == ActionStatus.DONE
        self.done_button.setText("Reopen" if done else "Mark Done")

    def activate(self, item: QTreeWidgetItem | None) -> None:
        key = item.data(0, _DECISION) if item is not None else None
        if self.editor is None or key not in self.editor.model.decisions:
            return
        subject = self.editor.model.decisions[key].subject
        model = self.editor.model
        if subject in model.services or subject in model.integrations:
            self.subjects_activated.emit([subject])

    def toggle_done(self) -> None:
        decision = self._decision()
        if decision is None or self.editor is None:
            return
        status = (ActionStatus.OPEN if decision.action_status == ActionStatus.DONE
                  else ActionStatus.DONE)
        self._record({"id": decision.id, "action_status": status})

    def edit_current(self) -> None:
        decision = self._decision()
        if decision is None or self.editor is None:
            return
        about = subject_name(self.editor.model, decision.subject, with_kind=True)
        answer = ask_decision(self, self.editor.model, decision.subject, decision.rule,
                              self.today(), about=about, existing=decision)
        if answer is not None:
            self._record(answer)

    def delete_current(self) -> None:
        decision = self._decision()
        if decision is None or self.editor is None:
            return
        try:
            self.editor.remove_entity(decision)
        except ModelError as exc:
            self.problem.emit(f"Could not delete the action: {exc}")

    def _record(self, values: dict[str, object]) -> None:
        assert self.editor is not None
        try:
            self.editor.record_decision(values)
        except ModelError as exc:
            self.problem.emit(f"Could not record the decision: {exc}")
