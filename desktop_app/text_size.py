"""The panels' text size: legible on a meeting-room projector by default, changed from
View ▸ Larger Text / Smaller Text for the back row, and remembered for the next start.

The canvas has its own zoom; this is the application font every panel, menu and dialog
uses.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

MIN_POINT_SIZE = 10.5
"""The default is at least this: legible on a meeting-room projector."""
MIN_TEXT_SIZE, MAX_POINT_SIZE = 8.0, 24.0
TEXT_SIZE_KEY = "view/text_size"


def start_point_size() -> float:
    """The size to start with: the one chosen last time, else the system's (at least
    :data:`MIN_POINT_SIZE`)."""
    return _as_points(QSettings().value(TEXT_SIZE_KEY)) or _default_size()


def change_text_size(step: float) -> float:
    """View ▸ Larger/Smaller Text: every panel's font by ``step`` points (0 = default).

    The choice is remembered.
    """
    app = QApplication.instance()
    font = QFont(app.font())
    if step == 0:
        size = _default_size()
        QSettings().remove(TEXT_SIZE_KEY)
    else:
        size = min(MAX_POINT_SIZE, max(MIN_TEXT_SIZE, font.pointSizeF() + step))
        QSettings().setValue(TEXT_SIZE_KEY, size)
    font.setPointSizeF(size)
    app.setFont(font)
    # With an application style sheet, open widgets keep their font until it is re-applied.
    app.setStyleSheet(app.styleSheet())
    return size


def _default_size() -> float:
    general = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    return max(general.pointSizeF(), MIN_POINT_SIZE)


def _as_points(value: object) -> float | None:
    try:
        size = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return size if MIN_TEXT_SIZE <= size <= MAX_POINT_SIZE else None
