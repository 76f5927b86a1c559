"""Recording what a review decided about a finding or a service, and the action that follows.

One dialog for both: on a finding it names the rule, on a service (Review ▸ Record
Decision…) it does not. Accepting a finding's risk needs a date until when (it becomes
the waiver's expiry, so it may not lie in the past); deferring needs the date it is
deferred to; an action needs what is to be done. The answer is a dict of decision
fields, which the editor records as one undoable step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop_app.panels.relative_fonts import apply_relative_fonts
from models.domain import ActionStatus, Decision, DecisionOutcome, Model

DEFAULT_DUE_DAYS = 90
"""An action is due in about a quarter unless the board says otherwise."""


class DecisionDialog(QDialog):
    """The fields of one decision; OK is enabled once what is given is complete."""

    def __init__(
        self,
        parent: QWidget | None,
        model: Model,
        subject: str,
        rule: str,
        today: dt.date,
        *,
        about: str = "",
        existing: Decision | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("decision-dialog")
        self.today = today
        self.subject, self.rule = subject, rule
        self.existing_id = existing.id if existing is not None else None
        self.setWindowTitle(f"Decision on {rule}" if rule else "Decision")
        form = QFormLayout(self)
        heading = QLabel(about or subject)
        heading.setWordWrap(True)
        form.addRow(heading)
        self.outcome = QComboBox()
        self.outcome.setObjectName("decision-outcome")
        self.outcome.addItem("— not decided —", None)
        for outcome in DecisionOutcome:
            if outcome is DecisionOutcome.ACCEPT and not rule:
                continue  # a risk is accepted finding by finding (it becomes a waiver)
            self.outcome.addItem(outcome.label, outcome)
        self.until = _date_edit(today + dt.timedelta(days=182))
        self.until_none = QCheckBox("No end date")
        self.decided_on = _date_edit(today)
        self.decided_by = QLineEdit()
        self.decided_by.setPlaceholderText("names and roles")
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("why, in the words of the review")
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 12)
        self.action = QLineEdit()
        self.action.setObjectName("decision-action")
        self.action.setPlaceholderText("what is to be done (leave empty for no action)")
        self.owner = QComboBox()
        self.owner.addItem("— none —", None)
        for team in sorted(model.teams.values(), key=lambda t: (t.name.casefold(), t.id)):
            self.owner.addItem(team.name or team.id, team.id)
        self.due = _date_edit(today + dt.timedelta(days=DEFAULT_DUE_DAYS))
        self.done = QCheckBox("Done")
        form.addRow("Decision", self.outcome)
        form.addRow("Until", self.until)
        form.addRow("", self.until_none)
        form.addRow("Decided on", self.decided_on)
        form.addRow("Decided by", self.decided_by)
        form.addRow("Note", self.note)
        form.addRow("Action", self.action)
        form.addRow("Owner", self.owner)
        form.addRow("Due", self.due)
        form.addRow("", self.done)
        self.problem = QLabel()
        self.problem.setObjectName("field-error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Record")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        if existing is not None:
            self._fill(existing)
        for signal in (self.outcome.currentIndexChanged, self.until.dateChanged,
                       self.until_none.toggled, self.action.textChanged):
            signal.connect(self._update_ok)
        self._update_ok()
        apply_relative_fonts(self)
        self.setMinimumWidth(520)

    def _fill(self, decision: Decision) -> None:
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(decision.outcome)))
        if decision.until is not None:
            self.until.setDate(_qdate(decision.until))
        self.until_none.setChecked(decision.until is None)
        if decision.decided_on is not None:
            self.decided_on.setDate(_qdate(decision.decided_on))
        self.decided_by.setText(decision.decided_by)
        self.note.setPlainText(decision.note)
        self.action.setText(decision.action)
        self.owner.setCurrentIndex(max(0, self.owner.findData(decision.action_owner_id)))
        if decision.action_due is not None:
            self.due.setDate(_qdate(decision.action_due))
        self.done.setChecked(decision.action_status == ActionStatus.DONE)

    def chosen_outcome(self) -> DecisionOutcome | None:
        """The decision picked (a combo box hands its data back as plain text)."""
        data = self.outcome.currentData()
        return DecisionOutcome(data) if data else None

    def problem_text(self) -> str | None:
        """Why the answer cannot be recorded yet, or ``None``."""
        outcome = self.chosen_outcome()
        until = None if self.until_none.isChecked() else _day(self.until.date())
        if outcome is DecisionOutcome.DEFER and until is None:
            return "A deferral needs the date it is deferred to."
        if outcome is DecisionOutcome.ACCEPT and until is not None and until < self.today:
            return (f"An accepted risk must hold until today ({self.today.isoformat()}) at "
                    "least: it becomes a waiver with this expiry.")
        if outcome is None and not self.action.text().strip() and not self.note.toPlainText(
        ).strip():
            return "Choose a decision, or give an action or a note."
        return None

    def _update_ok(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        self.until.setEnabled(not self.until_none.isChecked())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    def accept(self) -> None:
        if self.problem_text() is None:
            super().accept()

    def answer(self) -> dict[str, Any]:
        """The decision's fields as the editor records them."""
        has_action = bool(self.action.text().strip())
        values: dict[str, Any] = {
            "subject": self.subject,
            "rule": self.rule,
            "outcome": self.chosen_outcome(),
            "until": None if self.until_none.isChecked() else _day(self.until.date()),
            "decided_on": _day(self.decided_on.date()),
            "decided_by": self.decided_by.text().strip(),
            "note": self.note.toPlainText().strip(),
            "action": self.action.text().strip(),
            "action_owner_id": self.owner.currentData() if has_action else None,
            "action_due": _day(self.due.date()) if has_action else None,
            "action_status": ActionStatus.DONE if self.done.isChecked() else ActionStatus.OPEN,
        }
        if self.existing_id is not None:
            values["id"] = self.existing_id
        return values


def ask_decision(
    parent: QWidget | None,
    model: Model,
    subject: str,
    rule: str,
    today: dt.date,
    *,
    about: str = "",
    existing: Decision | None = None,
) -> dict[str, Any] | None:
    """Show the dialog; ``None`` when cancelled (tests patch this)."""
    dialog = DecisionDialog(parent, model, subject, rule, today, about=about, existing=existing)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.answer()


def latest_decision(model: Model, subject: str, rule: str) -> Decision | None:
    """The most recently decided decision on this finding (or service), to edit again."""
    found = [d for d in model.decisions.values() if d.subject == subject and d.rule == rule]
    return max(found, key=lambda d: (d.decided_on or dt.date.min, d.id), default=None)


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(_qdate(day))
    return edit


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())
