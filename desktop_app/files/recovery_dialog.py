"""The start-up question: recover, discard, or keep for later the work a crash left behind."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.files import opening
from desktop_app.files.prompts import show_error
from desktop_app.files.recovery import Leftover, RecoveryStore
from models.document import Document, DocumentError


class RecoveryChoice(Enum):
    RECOVER = "recover"
    DISCARD = "discard"
    LATER = "later"


class RecoveryDialog(QDialog):
    """Lists the abandoned working copies, each ticked; the buttons act on the ticked ones."""

    def __init__(self, leftovers: list[Leftover], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved work")
        self.choice = RecoveryChoice.LATER
        self._leftovers = leftovers
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Integramap was not closed properly. The work below was saved automatically\n"
                "and can be recovered. “Later” keeps it and asks again next time."
            )
        )
        self.items = QListWidget()
        for leftover in leftovers:
            item = QListWidgetItem(leftover.label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.items.addItem(item)
        layout.addWidget(self.items)
        buttons = QDialogButtonBox()
        for text, choice, role in (
            ("&Recover", RecoveryChoice.RECOVER, QDialogButtonBox.ButtonRole.AcceptRole),
            ("&Discard", RecoveryChoice.DISCARD, QDialogButtonBox.ButtonRole.DestructiveRole),
            ("&Later", RecoveryChoice.LATER, QDialogButtonBox.ButtonRole.RejectRole),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, c=choice: self._finish(c))
            buttons.addButton(button, role)
        layout.addWidget(buttons)

    def chosen(self) -> list[Leftover]:
        return [
            leftover
            for row, leftover in enumerate(self._leftovers)
            if self.items.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _finish(self, choice: RecoveryChoice) -> None:
        self.choice = choice
        self.accept()


def ask_recovery(
    parent: QWidget | None, leftovers: list[Leftover]
) -> tuple[RecoveryChoice, list[Leftover]]:
    """Show the dialog; return what to do and with which leftovers."""
    dialog = RecoveryDialog(leftovers, parent)
    dialog.exec()
    return dialog.choice, dialog.chosen()


AskRecovery = Callable[[QWidget | None, list[Leftover]], tuple[RecoveryChoice, list[Leftover]]]


def recover_leftovers(store: RecoveryStore, ask: AskRecovery = ask_recovery) -> list[Document]:
    """Offer abandoned working copies; return the recovered documents.

    Discarded copies are deleted; "Later" leaves every copy for the next start.
    """
    leftovers = store.leftovers()
    if not leftovers:
        return []
    choice, chosen = ask(None, leftovers)
    documents: list[Document] = []
    if choice is RecoveryChoice.DISCARD:
        for leftover in chosen:
            store.release(leftover.working_path)
    elif choice is RecoveryChoice.RECOVER:
        for leftover in chosen:
            try:
                documents.append(opening.recover_model(leftover, store))
            except DocumentError as exc:
                show_error(None, "Cannot recover", f"{leftover.label}:\n\n{exc}")
    return documents
