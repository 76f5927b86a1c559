"""Waiving a finding: who accepted the risk, why, and until when.

The same dialog renews a waiver that has expired: it opens with the old reason and
accepter filled in, and the new expiry replaces the old one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop_app.panels.relative_fonts import apply_relative_fonts
from models.analysis import Finding
from models.domain import Waiver

DEFAULT_VALIDITY_DAYS = 182
_PLACEHOLDER_ROOM = 8
"""Characters of room beyond the longest placeholder, so a typed answer is not cut either."""


@dataclass(frozen=True, slots=True)
class WaiverAnswer:
    reason: str
    accepted_by: str
    expires: dt.date | None


class WaiverDialog(QDialog):
    """Reason and accepter are required; the expiry defaults to about six months ahead and
    cannot lie in the past (a waiver that is expired when made accepts nothing)."""

    def __init__(
        self,
        parent: QWidget | None,
        finding: Finding,
        today: dt.date,
        subject_name: str = "",
        existing: Waiver | None = None,
    ) -> None:
        super().__init__(parent)
        self.today = today
        renewing = existing is not None
        self.setWindowTitle(f"{'Renew waiver for' if renewing else 'Waive'} {finding.rule}")
        form = QFormLayout(self)
        subject = subject_name or finding.primary_subject
        about = QLabel(f"{finding.rule} on “{subject}”: {finding.message}")
        about.setWordWrap(True)
        form.addRow(about)
        if existing is not None and existing.expires is not None:
            note = QLabel(f"The waiver by {existing.accepted_by or 'someone'} expired on "
                          f"{existing.expires.isoformat()}; the new one replaces it.")
            note.setWordWrap(True)
            form.addRow(note)
        self.reason = QLineEdit(existing.reason if existing is not None else "")
        self.reason.setPlaceholderText("why the risk is accepted")
        self.accepted_by = QLineEdit(existing.accepted_by if existing is not None else "")
        self.accepted_by.setPlaceholderText("e.g. Design review board")
        self.expires = QDateEdit()
        self.expires.setCalendarPopup(True)
        self.expires.setDisplayFormat("yyyy-MM-dd")
        self.expires.setMinimumDate(QDate(today.year, today.month, today.day))
        default = today + dt.timedelta(days=DEFAULT_VALIDITY_DAYS)
        self.expires.setDate(QDate(default.year, default.month, default.day))
        self.never = QCheckBox("Does not expire")
        self.never.toggled.connect(lambda on: self.expires.setEnabled(not on))
        form.addRow("Reason", self.reason)
        form.addRow("Accepted by", self.accepted_by)
        form.addRow("Expires on", self.expires)
        form.addRow("", self.never)
        self.problem = QLabel()
        self.problem.setObjectName("field-error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "Renew" if renewing else "Waive"
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for line in (self.reason, self.accepted_by):
            line.textChanged.connect(self._update_ok)
        self.expires.dateChanged.connect(self._update_ok)
        self.never.toggled.connect(self._update_ok)
        self._update_ok()
        apply_relative_fonts(self)
        metrics = self.reason.fontMetrics()
        longest = max(self.reason.placeholderText(), self.accepted_by.placeholderText(), key=len)
        room = metrics.horizontalAdvance(longest) + _PLACEHOLDER_ROOM * metrics.averageCharWidth()
        labels = metrics.horizontalAdvance("Accepted by") + 3 * form.horizontalSpacing()
        self.setMinimumWidth(max(420, labels + room + 48))

    def expiry_problem(self) -> str | None:
        """Why the chosen expiry cannot be used, or ``None``."""
        if self.never.isChecked():
            return None
        date = self.expires.date()
        if dt.date(date.year(), date.month(), date.day()) < self.today:
            return f"The expiry date must not be before today ({self.today.isoformat()})."
        return None

    def _update_ok(self) -> None:
        problem = self.expiry_problem()
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        ready = bool(self.reason.text().strip() and self.accepted_by.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            ready and problem is None
        )

    def accept(self) -> None:
        if self.expiry_problem() is None:
            super().accept()

    def answer(self) -> WaiverAnswer:
        date = self.expires.date()
        expires = None if self.never.isChecked() else dt.date(date.year(), date.month(), date.day())
        return WaiverAnswer(self.reason.text().strip(), self.accepted_by.text().strip(), expires)


def ask_waiver(
    parent: QWidget | None,
    finding: Finding,
    today: dt.date,
    subject_name: str = "",
    existing: Waiver | None = None,
) -> WaiverAnswer | None:
    """Show the dialog; ``None`` when cancelled (tests patch this)."""
    dialog = WaiverDialog(parent, finding, today, subject_name, existing)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.answer()
