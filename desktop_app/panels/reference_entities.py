"""Adding and deleting teams, zones and locations — the things services refer to.

Deleting one that services still use never orphans them silently: the user chooses to
move those services to another item of the same kind, to clear the reference, or to keep
the item. Either way it is one undoable edit (:meth:`DocumentEditor.remove_entity`).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.editing.document_editor import DocumentEditor
from models.domain import Base, Location, ModelError, Service, Team, Zone, slugify, unique_slug

REFERENCE_ENTITIES: dict[type[Base], str] = {Team: "team", Zone: "zone", Location: "location"}


class InUseChoice(Enum):
    REASSIGN = "reassign"
    CLEAR = "clear"
    CANCEL = "cancel"


def add_reference_entity(
    parent: QWidget | None, editor: DocumentEditor, entity: type[Base], name: str | None = None
) -> str | None:
    """Ask for a name (unless given) and add a new team, zone or location; return its id."""
    noun = REFERENCE_ENTITIES[entity]
    if name is None:
        name, ok = QInputDialog.getText(parent, f"New {noun}", f"Name of the new {noun}:")
        if not ok or not name.strip():
            return None
    name = name.strip()
    new_id = unique_slug(slugify(name, fallback=noun), editor.model.taken_ids(entity))
    try:
        editor.add_entity(entity(id=new_id, name=name))
    except ModelError as exc:
        show_refusal(parent, f"New {noun}", exc)
        return None
    return new_id


class InUseDialog(QDialog):
    """"Zone DMZ is used by 4 services": move them to another zone, clear, or cancel."""

    def __init__(
        self,
        parent: QWidget | None,
        noun: str,
        label: str,
        users: int,
        others: list[tuple[str, str]],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Delete {noun}")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(f"The {noun} “{label}” is used by {users} "
                   f"{'service' if users == 1 else 'services'}. What should "
                   f"{'it' if users == 1 else 'they'} use?")
        )
        them = "it" if users == 1 else "them"
        self.reassign = QRadioButton(f"Move {them} to another {noun}:")
        self.target = QComboBox()
        for key, name in others:
            self.target.addItem(name or key, key)
        self.clear = QRadioButton(f"Leave {them} without this {noun}")
        group = QButtonGroup(self)
        for button in (self.reassign, self.clear):
            group.addButton(button)
        layout.addWidget(self.reassign)
        layout.addWidget(self.target)
        layout.addWidget(self.clear)
        (self.reassign if others else self.clear).setChecked(True)
        self.reassign.setEnabled(bool(others))
        self.target.setEnabled(bool(others))
        self.reassign.toggled.connect(self.target.setEnabled)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Delete")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def ask_in_use(
    parent: QWidget | None, noun: str, label: str, users: int, others: list[tuple[str, str]]
) -> tuple[InUseChoice, str | None]:
    """What to do with the services of an item being deleted (tests patch this)."""
    dialog = InUseDialog(parent, noun, label, users, others)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return InUseChoice.CANCEL, None
    if dialog.reassign.isChecked():
        return InUseChoice.REASSIGN, dialog.target.currentData()
    return InUseChoice.CLEAR, None


def delete_reference_entity(
    parent: QWidget | None, editor: DocumentEditor, entity: type[Base], key: str
) -> bool:
    """Delete a team, zone or location; ask first when services use it. True when deleted."""
    model = editor.model
    obj = model.get(entity, key)
    if obj is None:
        return False
    users = [d for d in model.dependents(obj) if isinstance(d, Service)]
    reassign_to: str | None = None
    if users:
        noun = REFERENCE_ENTITIES[entity]
        pool = model.entities(entity)
        others = sorted(
            ((k, o.name) for k, o in pool.items() if k != key), key=lambda p: p[1].lower()
        )
        choice, reassign_to = ask_in_use(parent, noun, obj.name or key, len(users), others)
        if choice is InUseChoice.CANCEL:
            return False
    try:
        editor.remove_entity(obj, reassign_to=reassign_to)
    except ModelError as exc:
        show_refusal(parent, f"Delete {REFERENCE_ENTITIES[entity]}", exc)
        return False
    return True


def show_refusal(parent: QWidget | None, title: str, exc: ModelError) -> None:
    """Tell the user why the model refused an edit made from a panel (tests patch this)."""
    text = str(exc)
    QMessageBox.warning(parent, title, text[:1].upper() + text[1:])
