"""Waiving a finding: who accepted the risk, why, and until when."""

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

from models.analysis import Finding

DEFAULT_VALIDITY_DAYS = 182


@dataclass(frozen=True, slots=True)
class WaiverAnswer:
    reason: str
    accepted_by: str
    expires: dt.date | None


class WaiverDialog(QDialog):
    """Reason and accepter are required; the expiry defaults to about six months ahead."""

    def __init__(self, parent: QWidget | None, finding: Finding, today: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Waive {finding.rule}")
        form = QFormLayout(self)
        about = QLabel(f"{finding.rule} on “{finding.primary_subject}”: {finding.message}")
        about.setWordWrap(True)
        form.addRow(about)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("why the risk is accepted")
        self.accepted_by = QLineEdit()
        self.accepted_by.setPlaceholderText("e.g. Design review board")
        self.expires = QDateEdit()
        self.expires.setCalendarPopup(True)
        self.expires.setDisplayFormat("yyyy-MM-dd")
        default = today + dt.timedelta(days=DEFAULT_VALIDITY_DAYS)
        self.expires.setDate(QDate(default.year, default.month, default.day))
        self.never = QCheckBox("Does not expire")
        self.never.toggled.connect(lambda on: self.expires.setEnabled(not on))
        form.addRow("Reason", self.reason)
        form.addRow("Accepted by", self.accepted_by)
        form.addRow("Expires on", self.expires)
        form.addRow("", self.never)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Waive")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for line in (self.reason, self.accepted_by):
            line.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        ready = bool(self.reason.text().strip() and self.accepted_by.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def answer(self) -> WaiverAnswer:
        date = self.expires.date()
        expires = None if self.never.isChecked() else dt.date(date.year(), date.month(), date.day())
        return WaiverAnswer(self.reason.text().strip(), self.accepted_by.text().strip(), expires)


def ask_waiver(parent: QWidget | None, finding: Finding, today: dt.date) -> WaiverAnswer | None:
    """Show the dialog; ``None`` when cancelled (tests patch this)."""
    dialog = WaiverDialog(parent, finding, today)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.answer()
