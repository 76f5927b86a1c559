"""The start-up question: recover, discard, or keep for later the work a crash left behind."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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
        intro = QLabel(
            "Integramap was not closed properly. The work below was saved automatically "
            "and can be recovered. “Later” keeps it and asks again next time."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.items = QListWidget()
        # Each row shows all it says: model, file and time on lines of their own, the list
        # as wide as the longest line (up to the screen), wrapping only what is wider still.
        self.items.setWordWrap(True)
        self.items.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.items.setSpacing(3)
        for leftover in leftovers:
            item = QListWidgetItem(row_text(leftover))
            item.setToolTip(leftover.label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.items.addItem(item)
        self._size_list()
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

    def _size_list(self) -> None:
        metrics = self.items.fontMetrics()
        lines = [line for row in range(self.items.count())
                 for line in self.items.item(row).text().splitlines()]
        widest = max((metrics.horizontalAdvance(line) for line in lines), default=0)
        extra = 3 * metrics.height() + self.items.verticalScrollBar().sizeHint().width()
        screen = self.screen().availableGeometry().width() if self.screen() else 1200
        self.items.setMinimumWidth(min(widest + extra, int(screen * 0.85)))
        shown_rows = min(self.items.count(), 4)
        row_height = (_LINES + 0.6) * metrics.lineSpacing()
        self.items.setMinimumHeight(int(shown_rows * row_height + 2 * self.items.frameWidth()))

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


def row_text(leftover: Leftover) -> str:
    """A leftover as the dialog lists it: model name, file, time of the last edit."""
    where = str(leftover.original) if leftover.original else "Never saved"
    return f"{leftover.name}\n{where}\nLast edit {leftover.updated:%Y-%m-%d %H:%M}"


_LINES = 3
"""Lines of text in one row (see ``row_text``)."""


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
