"""A zone drawn as a large labelled, translucent area behind its services.

The title band moves the zone (Qt's own item movement) and the services it is given to
carry; the handle at the bottom-right corner resizes it. Pressing anywhere else in the
area passes through, so a rubber band can start inside a zone. The gestures that commit a
move or resize as one undo step live in :mod:`desktop_app.canvas.interactions`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from desktop_app.canvas.items.selection_look import highlight_colour
from desktop_app.canvas.items.service_item import ServiceItem
from models.domain import TRUST_WORDS, Zone
from models.layout.spacing import ZONE_TITLE
from models.notation import (
    UNZONED_BORDER,
    UNZONED_FILL,
    ZONE_BORDERS,
    ZONE_FILLS,
    ZONE_TITLE_PIXELS,
)

TITLE_HEIGHT = ZONE_TITLE
HANDLE_SIZE = 16.0
MIN_SIZE = (200.0, 120.0)
_POSITION_CHANGED = QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged


class ZoneItem(QGraphicsItem):
    """The area of one zone in the view."""

    def __init__(self, zone: Zone, area: tuple[float, float, float, float]) -> None:
        super().__init__()
        self.zone_id: str = zone.id
        self._size = (max(area[2], 1.0), max(area[3], 1.0))
        self.setPos(area[0], area[1])
        self.member_starts: dict[ServiceItem, QPointF] = {}
        """Boxes the zone carries while it is dragged, and where they were when it began."""
        self._start = QPointF()
        self.refresh(zone)
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setAcceptHoverEvents(True)
        self.setZValue(-10.0)

    def refresh(self, zone: Zone) -> None:
        self.name = zone.name or zone.id
        self.trust = int(zone.trust)
        self._fill = QColor(ZONE_FILLS.get(self.trust, UNZONED_FILL))
        self._fill.setAlpha(200)
        self._border = QColor(ZONE_BORDERS.get(self.trust, UNZONED_BORDER))
        word = TRUST_WORDS.get(self.trust, "")
        self._title = f"{self.name}  ·  trust {self.trust}, {word}".rstrip(", ")
        self.update()

    def area(self) -> tuple[float, float, float, float]:
        """The zone's rectangle in scene coordinates ``(x, y, width, height)``."""
        return (self.pos().x(), self.pos().y(), *self._size)

    def set_area(self, area: tuple[float, float, float, float]) -> None:
        if (area[2], area[3]) != self._size:
            self.prepareGeometryChange()
            self._size = (area[2], area[3])
        self.setPos(area[0], area[1])

    def scene_rect(self) -> QRectF:
        return QRectF(self.pos().x(), self.pos().y(), *self._size)

    def carry(self, members: Iterable[ServiceItem]) -> None:
        """Move these boxes along with the zone from now on (none: stop carrying)."""
        self._start = self.pos()
        self.member_starts = {item: item.pos() for item in members}

    # ------------------------------------------------------------------ drawing

    def boundingRect(self) -> QRectF:
        return QRectF(-2, -2, self._size[0] + 4, self._size[1] + 4)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        width, height = self._size
        rect = QRectF(0, 0, width, height)
        selected = self.isSelected()
        painter.setPen(QPen(highlight_colour() if selected else self._border,
                            4 if selected else 2, Qt.PenStyle.SolidLine))
        painter.setBrush(self._fill)
        painter.drawRect(rect)
        band = QColor(self._border)
        band.setAlpha(40)
        painter.fillRect(QRectF(1, 1, width - 2, TITLE_HEIGHT - 1), band)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        # The title grows when zoomed out (up to the band's height) to stay legible.
        pixels = int(min(ZONE_TITLE_PIXELS, max(20.0, 11.0 / max(lod, 1e-3))))
        if lod * pixels >= 6:
            font, metrics = _title_font(pixels)
            painter.setFont(font)
            painter.setPen(self._border.darker(130))
            # A small zone shows its name whole rather than half of name and trust.
            title = self._title
            if metrics.horizontalAdvance(title) > width - 28:
                title = metrics.elidedText(self.name, Qt.TextElideMode.ElideRight, width - 28)
            painter.drawText(QRectF(14, 0, width - 28, TITLE_HEIGHT),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title)
        handle = self._handle_rect()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._border)
        painter.drawPolygon([handle.topRight(), handle.bottomRight(), handle.bottomLeft()])

    def _handle_rect(self) -> QRectF:
        width, height = self._size
        return QRectF(width - HANDLE_SIZE, height - HANDLE_SIZE, HANDLE_SIZE, HANDLE_SIZE)

    # ------------------------------------------------------------------ interaction

    def on_title(self, local: QPointF) -> bool:
        """Whether ``local`` (item coordinates) is on the title band, which moves the zone."""
        return 0 <= local.y() <= TITLE_HEIGHT and 0 <= local.x() <= self._size[0]

    def on_handle(self, local: QPointF) -> bool:
        """Whether ``local`` is on the corner handle, which resizes the zone."""
        return self._handle_rect().adjusted(-4, -4, 2, 2).contains(local)

    def size(self) -> tuple[float, float]:
        return self._size

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.on_title(event.pos()):
            event.ignore()  # let the view start a rubber band inside the zone
            return
        super().mousePressEvent(event)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == _POSITION_CHANGED and self.member_starts:
            delta = self.pos() - self._start
            for item, start in self.member_starts.items():
                item.setPos(start + delta)
        return value

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        if self.on_handle(event.pos()):
            self.setCursor(Qt.CursorShape.SizeFDiagCursor)
        elif self.on_title(event.pos()):
            self.setCursor(Qt.CursorShape.SizeAllCursor)
        else:
            self.unsetCursor()
        super().hoverMoveEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.unsetCursor()
        super().hoverLeaveEvent(event)


@cache
def _title_font(pixels: int) -> tuple[QFont, QFontMetricsF]:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(True)
    return font, QFontMetricsF(font)
