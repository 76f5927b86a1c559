"""Starting the editor: the Qt application, its look, and the first windows.

``integramap FILE`` opens FILE (an ``.imap`` document, or a ``.json``/``.dot`` file imported
into an untitled one); ``integramap`` alone opens an untitled copy of the bundled example.
Work a crashed editor left behind is offered for recovery first. A file that cannot be
opened is reported in a dialog and the editor stays up with an empty model.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontDatabase, QIcon
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
from models.document import DocumentError
from models.resource_files import icon_path, resource_path

ORGANISATION = "Integramap"
APPLICATION = "Integramap"
MIN_POINT_SIZE = 10.5
"""The default is at least this: legible on a meeting-room projector."""
MIN_TEXT_SIZE, MAX_POINT_SIZE = 8.0, 24.0
TEXT_SIZE_KEY = "view/text_size"

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
    chosen = QSettings().value(TEXT_SIZE_KEY)
    general = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    size = _as_points(chosen) or max(general.pointSizeF(), MIN_POINT_SIZE)
    font.setPointSizeF(size)
    app.setFont(font)
    style = resource_path("style.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


def change_text_size(step: float) -> float:
    """View ▸ Larger/Smaller Text: every panel's font by ``step`` points (0 = default).

    For the meeting room: the panels grow for the back row; the canvas has its own zoom.
    The choice is remembered.
    """
    app = QApplication.instance()
    font = QFont(app.font())
    if step == 0:
        general = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        size = max(general.pointSizeF(), MIN_POINT_SIZE)
        QSettings().remove(TEXT_SIZE_KEY)
    else:
        size = min(MAX_POINT_SIZE, max(MIN_TEXT_SIZE, font.pointSizeF() + step))
        QSettings().setValue(TEXT_SIZE_KEY, size)
    font.setPointSizeF(size)
    app.setFont(font)
    # With an application style sheet, open widgets keep their font until it is re-applied.
    app.setStyleSheet(app.styleSheet())
    return size


def _as_points(value: object) -> float | None:
    try:
        size = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return size if MIN_TEXT_SIZE <= size <= MAX_POINT_SIZE else None


def start_windows(
    files: list[Path], store: RecoveryStore, *, ask: AskRecovery = ask_recovery
) -> list[MainWindow]:
    """The windows to show at start: recovered work, then FILEs, else the example."""
    windows = [
        MainWindow(document=doc, store=store, recovered=True)
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
        windows.append(MainWindow(document=document, store=store))
    if not windows:
        try:
            document = opening.example_model(store) if not files else opening.new_model(store)
        except DocumentError as exc:
            show_error(None, "Cannot open the example", str(exc))
            document = opening.new_model(store)
        windows.append(MainWindow(document=document, store=store))
    return windows
