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


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """One clear message, never a traceback."""
    QMessageBox.critical(parent, title, message)
