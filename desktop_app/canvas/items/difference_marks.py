"""How a comparison with another version of the model shows on the canvas.

File ▸ Compare with… marks what differs from the chosen file: a service or link added
since then gets a green outline, a changed one an amber outline, and what the other file
has but this model no longer has is drawn as a ghost — a dashed, greyed box where it was,
a dashed line between what it joined. Marks are decoration: they never take the mouse or
the selection, and they go when the comparison is closed.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QStyleOptionGraphicsItem, QWidget

ADDED = QColor("#2B8A3E")
CHANGED = QColor("#E67700")
REMOVED = QColor("#868E96")
MARK_Z = 50.0
"""Above boxes and links, below nothing the user drags."""
MARGIN = 6.0


class DifferenceOutline(QGraphicsItem):
    """A coloured rounded outline around a box that was added or changed."""

    def __init__(self, rect: QRectF, colour: QColor, label: str) -> None:
        super().__init__()
        self.rect = rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        self.colour = colour
        self.setZValue(MARK_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setToolTip(label)

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-3, -3, 3, 3)

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem,
              _widget: QWidget | None = None) -> None:
        painter.setPen(QPen(self.colour, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self.rect, 10, 10)


class GhostService(QGraphicsItem):
    """A service the other version has and this one does not, where it was drawn."""

    def __init__(self, rect: QRectF, name: str) -> None:
        super().__init__()
        self.rect = rect
        self.name = name
        self.setZValue(MARK_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setToolTip(f"Removed since the compared version: {name}")

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem,
              _widget: QWidget | None = None) -> None:
        pen = QPen(REMOVED, 2, Qt.PenStyle.DashLine)
        fill = QColor(REMOVED)
        fill.setAlpha(40)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(self.rect, 8, 8)
        font = QFont()
        font.setPixelSize(13)
        font.setStrikeOut(True)
        painter.setFont(font)
        painter.setPen(REMOVED)
        painter.drawText(self.rect.adjusted(8, 4, -8, -4),
                         Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         f"{self.name}\n(removed)")


def ghost_link(start: QPointF, end: QPointF, label: str) -> QGraphicsLineItem:
    """A dashed grey line for a link the other version has and this one does not."""
    line = QGraphicsLineItem(QLineF(start, end))
    line.setPen(QPen(REMOVED, 2, Qt.PenStyle.DashLine))
    line.setZValue(MARK_Z)
    line.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    line.setToolTip(f"Removed since the compared version: {label}")
    return line
