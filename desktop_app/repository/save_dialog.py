"""Save to Repository: what will be saved, and why (the revision's message).

For a model that is not in a repository yet it also asks where: the repository's URL
and the name the model gets there.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.repository.connecting import last_url
from desktop_app.repository.history_dialog import fill_changes
from models.comparison import EntityChange, summarise


class SaveToRepositoryDialog(QDialog):
    """The revision's message, the changes it saves, and for a new model where it goes."""

    def __init__(
        self,
        changes: list[EntityChange],
        parent: QWidget | None = None,
        *,
        target: str | None = None,
        model_name: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("save-to-repository")
        self.setWindowTitle("Save to Repository")
        self.resize(620, 440)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.url: QLineEdit | None = None
        self.model: QLineEdit | None = None
        if target is None:
            self.url = QLineEdit(last_url())
            self.url.setObjectName("repository-url")
            self.url.setPlaceholderText("postgresql://user@host:port/database")
            self.model = QLineEdit(model_name or "")
            self.model.setObjectName("repository-model")
            form.addRow("Repository:", self.url)
            form.addRow("Model name there:", self.model)
        else:
            form.addRow("Repository:", QLabel(target))
        self.message = QLineEdit()
        self.message.setObjectName("revision-message")
        self.message.setPlaceholderText("What changed and why (shown in the history)")
        form.addRow("Message:", self.message)
        layout.addLayout(form)
        lines = summarise(changes, detail=3)
        layout.addWidget(QLabel("Saves: " + "; ".join(lines) if lines else "Nothing to save"))
        tree = QTreeWidget()
        tree.setObjectName("changes-to-save")
        tree.setHeaderHidden(True)
        fill_changes(tree, changes[:500])
        layout.addWidget(tree, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.message.setFocus()
