"""Connecting the editor to a repository: the URL people use, and the password prompt.

The last repository URL is remembered (without a password — the address is stored as
:attr:`RepositoryAddress.shown`); a password is asked for only when the server wants one
that ``PGPASSWORD`` and ``~/.pgpass`` did not give, and is kept for this connection only.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from models.repository import PasswordPrompt, Repository, RepositoryAddress

LAST_URL_KEY = "repository/last-url"


class PasswordDialog(QDialog):
    """Asks for one password; its text is never written anywhere."""

    def __init__(self, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("repository-password")
        self.setWindowTitle("Repository password")
        layout = QVBoxLayout(self)
        label = QLabel(question[:1].upper() + question[1:] + ":")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setObjectName("password")
        layout.addWidget(self.field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def password_prompt(parent: QWidget | None) -> PasswordPrompt:
    """A prompt the repository connection calls when the server asks for a password."""

    def ask(question: str) -> str | None:
        dialog = PasswordDialog(question, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.field.text()
        finally:
            dialog.field.clear()
            dialog.deleteLater()

    return ask


def connect(url: str | RepositoryAddress, parent: QWidget | None) -> Repository:
    """Connect (asking for a password if needed); raises ``RepositoryError``."""
    address = url if isinstance(url, RepositoryAddress) else RepositoryAddress.parse(url)
    repository = Repository(address, prompt=password_prompt(parent))
    QSettings().setValue(LAST_URL_KEY, address.shown)
    return repository


def last_url() -> str:
    value = QSettings().value(LAST_URL_KEY, "")
    return value if isinstance(value, str) else ""
