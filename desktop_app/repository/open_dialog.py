"""File ▸ Open from Repository…: pick a repository URL, then one of its models.

Problems (a wrong URL, an unreachable server, a refused password) are shown in the dialog
itself, in one line, so the user can correct the URL and connect again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.repository.connecting import connect, last_url
from models.repository import Repository, RepositoryError
from models.repository.checkout import describe_when


class OpenFromRepositoryDialog(QDialog):
    """Connect to a repository and choose a model; :attr:`repository` and :attr:`model`
    hold the choice once accepted (the caller owns the connection then)."""

    def __init__(self, parent: QWidget | None = None, *, url: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("open-from-repository")
        self.setWindowTitle("Open from Repository")
        self.resize(640, 420)
        self.repository: Repository | None = None
        self.model: str | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("Repository:"))
        self.url = QLineEdit(url if url is not None else last_url())
        self.url.setObjectName("repository-url")
        self.url.setPlaceholderText("postgresql://user@host:port/database")
        self.url.returnPressed.connect(self.connect_now)
        row.addWidget(self.url, 1)
        self.connect_button = QPushButton("&Connect")
        self.connect_button.clicked.connect(self.connect_now)
        row.addWidget(self.connect_button)
        layout.addLayout(row)
        self.problem = QLabel()
        self.problem.setObjectName("repository-problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.models = QTreeWidget()
        self.models.setObjectName("repository-models")
        self.models.setHeaderLabels(["Model", "Revision", "Services", "Last saved"])
        self.models.setRootIsDecorated(False)
        self.models.itemSelectionChanged.connect(self._update_buttons)
        self.models.itemActivated.connect(lambda *_: self._open())
        layout.addWidget(self.models, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._open)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_buttons()

    def connect_now(self) -> bool:
        """Connect to the URL typed and list its models; a problem is shown inline."""
        self._disconnect()
        self.models.clear()
        try:
            self.repository = connect(self.url.text(), self)
            summaries = self.repository.models()
        except RepositoryError as exc:
            self._disconnect()
            self._show_problem(str(exc))
            return False
        self.problem.hide()
        for summary in summaries:
            when = describe_when(summary.saved_at)
            last = f"{when} by {summary.author}" if summary.author else ""
            item = QTreeWidgetItem([summary.name, f"r{summary.head}",
                                    f"{summary.services:,}", last])
            item.setData(0, Qt.ItemDataRole.UserRole, summary.name)
            self.models.addTopLevelItem(item)
        if not summaries:
            self._show_problem("This repository has no models yet: open a model and use "
                               "File ▸ Save to Repository to add one.")
        elif len(summaries) == 1:
            self.models.setCurrentItem(self.models.topLevelItem(0))
        for column in range(4):
            self.models.resizeColumnToContents(column)
        self._update_buttons()
        return True

    def _open(self) -> None:
        item = self.models.currentItem()
        if self.repository is None or item is None:
            return
        self.model = item.data(0, Qt.ItemDataRole.UserRole)
        self.accept()

    def reject(self) -> None:
        self._disconnect()
        super().reject()

    def _disconnect(self) -> None:
        if self.repository is not None:
            self.repository.close()
            self.repository = None

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _update_buttons(self) -> None:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        button.setEnabled(self.repository is not None and self.models.currentItem() is not None)
