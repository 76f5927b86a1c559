"""Starting the editor: the Qt application, its look, and the first windows.

``integramap FILE`` opens FILE (an ``.imap`` document, or a ``.json``/``.dot`` file imported
into an untitled one); ``integramap`` alone opens an untitled copy of the bundled example.
Work a crashed editor left behind is offered for recovery first. A file that cannot be
opened is reported in a dialog and the editor stays up with an empty model.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from desktop_app.files import opening
from desktop_app.files.prompts import show_error
from desktop_app.files.recent import remember_file
from desktop_app.files.recovery import RecoveryStore
from desktop_app.files.recovery_dialog import (
    AskRecovery,
    ask_recovery,
    recover_leftovers,
)
from desktop_app.main_window import MainWindow
from desktop_app.text_size import start_point_size
from models.document import DocumentError
from models.resource_files import icon_path, resource_path

ORGANISATION = "Integramap"
APPLICATION = "Integramap"

def run_editor(argv: list[str]) -> int:
    """Run the editor until its last window closes; return the process exit code."""
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "integramap"])
    configure_application(app)
    files = [Path(arg) for arg in argv if not arg.startswith("-")]
    windows = start_windows(files, RecoveryStore())
    for window in windows:
        window.show()
    return app.exec()


def configure_application(app: QApplication) -> None:
    """Names for QSettings, the icon, a projector-friendly font and the light stylesheet."""
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setDesktopFileName("integramap")
    logo = resource_path("icons", "integramap.svg")
    app.setWindowIcon(QIcon(str(logo if logo.exists() else icon_path("application"))))
    font = QFont(app.font())
    font.setPointSizeF(start_point_size())
    app.setFont(font)
    style = resource_path("style.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


def start_windows(
    files: list[Path], store: RecoveryStore, *, ask: AskRecovery = ask_recovery
) -> list[MainWindow]:
    """The windows to show at start: recovered work, then FILEs, else the example."""
    windows = [
        MainWindow(document=doc, store=store, unsaved=True)
        for doc in recover_leftovers(store, ask)
    ]
    for path in files:
        try:
            document = opening.open_model_file(path, store)
        except DocumentError as exc:
            show_error(None, "Cannot open file", f"{path.name} could not be opened:\n\n{exc}")
            continue
        if document.path is not None:
            remember_file(document.path)
        # A .json or .dot file is imported into an untitled model: unsaved until saved.
        windows.append(MainWindow(document=document, store=store,
                                  unsaved=document.path is None))
    if not windows:
        try:
            document = opening.example_model(store) if not files else opening.new_model(store)
        except DocumentError as exc:
            show_error(None, "Cannot open the example", str(exc))
            document = opening.new_model(store)
        windows.append(MainWindow(document=document, store=store))
    return windows
