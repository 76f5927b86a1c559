"""The questions the editor asks about files: unsaved changes, errors, recovery.

They are plain functions around :class:`QMessageBox` so tests can patch one place.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget


class UnsavedChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved_changes(
    parent: QWidget | None, name: str, before: str = "closing"
) -> UnsavedChoice:
    """Save / Discard / Cancel for a document with unsaved changes, ``before`` what
    ("closing", "opening another model", "starting a new model")."""
    answer = QMessageBox.warning(
        parent,
        "Unsaved changes",
        f"“{name}” has unsaved changes.\n\nSave them before {before}?",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Save:
        return UnsavedChoice.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return UnsavedChoice.DISCARD
    return UnsavedChoice.CANCEL


class ChangedChoice(Enum):
    RELOAD = "reload"
    SAVE_AS = "save as"
    OVERWRITE = "overwrite"
    CANCEL = "cancel"


def ask_changed_on_disk(parent: QWidget | None, file_name: str) -> ChangedChoice:
    """The file was changed on disk since it was opened: reload, save elsewhere,
    overwrite, or cancel (the default: nothing is lost by cancelling)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("File changed on disk")
    box.setText(f"“{file_name}” was changed on disk since you opened it.")
    box.setInformativeText(
        "Another program, or Integramap in another window, saved it. Saving now would "
        "replace those changes with yours.\n\nReload discards your unsaved changes; "
        "Save As keeps both."
    )
    buttons = {
        box.addButton("Reload", QMessageBox.ButtonRole.DestructiveRole): ChangedChoice.RELOAD,
        box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole): ChangedChoice.SAVE_AS,
        box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole):
            ChangedChoice.OVERWRITE,
    }
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return buttons.get(box.clickedButton(), ChangedChoice.CANCEL)


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """One clear message, never a traceback."""
    QMessageBox.critical(parent, title, message)
