"""A service drawn as a rounded box: kind icon, name, kind and criticality, findings badge.

The item shows what the model says; it never edits it. Dragging is Qt's own item
movement, committed as one move command on release; a drag from the connection handle on
the right edge (or with Shift held) draws a new integration. Both gestures live in
:mod:`desktop_app.canvas.interactions`; the box only says where its handle is.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from desktop_app.canvas.items.icons import icon_pixels, kind_icon
from desktop_app.canvas.items.lod import FULL_FROM, SIMPLE_BELOW, level_of_detail
from desktop_app.canvas.items.selection_look import highlight_colour, outline_pen, paint_halo
from models.domain import Criticality, Service, ServiceKind, Severity
from models.notation import (
    CRITICALITY_STRIPES,
    SERVICE_BORDER,
    SERVICE_CORNER,
    SERVICE_ICON_SIZE,
    SERVICE_NAME_PIXELS,
    SERVICE_SIZE,
    SERVICE_STYLES,
    SERVICE_TEXT_INSET,
    SEVERITY_COLOURS,
)

HANDLE_RADIUS = 7.0
_PAINT_MARGIN = 18.0
"""Room around the box the item paints in: the handle, the badge, the selection halo."""
SELECTED_COLOUR = QColor("#228BE6")
"""Accents that need no platform colour (the link handle); selection uses
``selection_look.highlight_colour``."""
_CRITICALITY_COLOURS = {level: QColor(colour) for level, colour in CRITICALITY_STRIPES.items()}
_POSITION_CHANGED = QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged
_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
    | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
    | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
)
_KIND_COLOURS = {kind: QColor(style.colour) for kind, style in SERVICE_STYLES.items()}
_BORDER = QPen(QColor(SERVICE_BORDER), 1.2)
_TARGET_PEN = QPen(QColor("#2F9E44"), 4.0)
_FILL = QBrush(QColor("#FFFFFF"))
_TEXT = QColor("#212529")
_SUBTLE = QColor("#6C757D")


class _Fonts:
    """Fonts and metrics shared by every box (created once a QGuiApplication exists)."""

    name: QFont
    detail: QFont
    badge: QFont
    name_metrics: QFontMetricsF

    @classmethod
    def ready(cls) -> type[_Fonts]:
        if not hasattr(cls, "name"):
            cls.name = QFont()
            cls.name.setPixelSize(int(SERVICE_NAME_PIXELS))
            cls.name.setBold(True)
            cls.detail = QFont()
            cls.detail.setPixelSize(12)
            cls.badge = QFont()
            cls.badge.setPixelSize(11)
            cls.badge.setBold(True)
            cls.name_metrics = QFontMetricsF(cls.name)
            cls.enlarged = {}
        return cls

    enlarged: dict[int, tuple[QFont, QFontMetricsF]]

    @classmethod
    def enlarged_name(cls, pixels: int) -> tuple[QFont, QFontMetricsF]:
        """The name font at ``pixels`` scene pixels, for medium zoom levels."""
        found = cls.enlarged.get(pixels)
        if found is None:
            font = QFont(cls.name)
            font.setPixelSize(pixels)
            found = cls.enlarged[pixels] = (font, QFontMetricsF(font))
        return found


class BoxHost(Protocol):
    """What a box asks of the scene it is in: the arrows drawn to it follow when it moves."""

    def service_item_moved(self, item: ServiceItem) -> None: ...


class ServiceItem(QGraphicsItem):
    """The box of one service; ``service_id`` is all it knows of the model besides looks."""

    def __init__(self, service: Service, rect: tuple[float, float, float | None, float | None]):
        super().__init__()
        self.service_id: str = service.id
        self.links: set[str] = set()
        """Ids of the integrations drawn to or from this box (kept by the scene)."""
        self.badge: tuple[int, Severity] | None = None
        self._hovered = False
        self._shape: tuple[tuple[float, float], QPainterPath] | None = None
        self.link_target = False
        """Marked as where a link being drawn would end."""
        self._width, self._height = SERVICE_SIZE
        self.setPos(rect[0], rect[1])
        if rect[2] is not None or rect[3] is not None:
            self.set_size(rect[2], rect[3])
        self.refresh(service)
        self.setFlags(_FLAGS)
        self.setAcceptHoverEvents(True)
        self.setZValue(1.0)

    # ------------------------------------------------------------------ state

    def refresh(self, service: Service) -> None:
        """Take the name, kind and criticality shown from the model's service."""
        self.name = service.name or service.id
        self.kind: ServiceKind = service.kind
        self.criticality: Criticality = service.criticality
        self.zone_id = service.zone_id
        self._detail: str | None = None
        self._elided: str | None = None
        self._enlarged: tuple[int, int, str] | None = None
        if self.scene() is not None:
            self.update()

    def set_size(self, width: float | None, height: float | None) -> bool:
        """Resize the box (``None``: default size); whether anything changed."""
        size = (width or SERVICE_SIZE[0], height or SERVICE_SIZE[1])
        if size == (self._width, self._height):
            return False
        self.prepareGeometryChange()
        self._width, self._height = size
        self._elided = None
        self._enlarged = None
        return True

    def set_link_target(self, marked: bool) -> None:
        if marked != self.link_target:
            self.link_target = marked
            self.update()

    def set_badge(self, badge: tuple[int, Severity] | None) -> None:
        if badge != self.badge:
            self.badge = badge
            self.update()

    def box(self) -> QRectF:
        """The box in scene coordinates (what integrations attach to)."""
        return QRectF(*self.box_values())

    def box_values(self) -> tuple[float, float, float, float]:
        pos = self.pos()
        return (pos.x(), pos.y(), self._width, self._height)

    def detail(self) -> str:
        """The second line of the box: kind and criticality."""
        if self._detail is None:
            self._detail = f"{self.kind.label} · {self.criticality.value}"
        return self._detail

    def shown_name(self) -> str:
        """The name as drawn at full detail: elided ("Payme…") when the box is too narrow."""
        if self._elided is None:
            self._elided = _Fonts.ready().name_metrics.elidedText(
                self.name, Qt.TextElideMode.ElideRight, self._width - SERVICE_TEXT_INSET
            )
        return self._elided

    def handle_centre(self) -> QPointF:
        return QPointF(self._width, self._height / 2)

    # ------------------------------------------------------------------ drawing

    def boundingRect(self) -> QRectF:
        margin = _PAINT_MARGIN
        return QRectF(-margin, -margin, self._width + 2 * margin, self._height + 2 * margin)

    def shape(self) -> QPainterPath:
        """What a click or a rubber band hits: the box and its connection handle, not the
        room around it that the selection halo paints in."""
        if self._shape is None or self._shape[0] != (self._width, self._height):
            path = QPainterPath()
            path.addRect(QRectF(0, 0, self._width, self._height))
            reach = HANDLE_RADIUS * 1.6
            handle = self.handle_centre()
            path.addRect(QRectF(handle.x() - reach, handle.y() - reach, 2 * reach, 2 * reach))
            self._shape = ((self._width, self._height), path.simplified())
        return self._shape[1]

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = QRectF(0, 0, self._width, self._height)
        lod = level_of_detail(option, painter)
        selected = self.isSelected()
        if selected:
            paint_halo(painter, rect, lod, _PAINT_MARGIN - 2, 8)
        if lod < SIMPLE_BELOW:
            painter.fillRect(rect, highlight_colour() if selected else _KIND_COLOURS[self.kind])
            if self.badge is not None:
                painter.fillRect(QRectF(self._width - 40, -10, 50, 30),
                                 QColor(SEVERITY_COLOURS[self.badge[1].word]))
            return
        fonts = _Fonts.ready()
        painter.setPen(_TARGET_PEN if self.link_target else
                       outline_pen(lod, 6.0) if selected else _BORDER)
        painter.setBrush(_FILL)
        painter.drawRoundedRect(rect, SERVICE_CORNER, SERVICE_CORNER)
        stripe = _CRITICALITY_COLOURS.get(self.criticality)
        if stripe is not None:
            painter.fillRect(QRectF(1.5, 10, 4, self._height - 20), stripe)
        icon = SERVICE_ICON_SIZE
        icon_rect = QRectF(10, (self._height - icon) / 2, icon, icon)
        painter.drawImage(icon_rect, kind_icon(self.kind, icon_pixels(icon, lod)))
        text_left = icon_rect.right() + 8
        text_width = self._width - SERVICE_TEXT_INSET
        if lod < FULL_FROM:
            self._paint_enlarged_name(painter, lod, QRectF(text_left, 0, text_width,
                                                            self._height))
        else:
            self._paint_name_and_detail(painter, fonts, text_left, text_width)
        if self.badge is not None:
            self._paint_badge(painter, fonts)
        if self._hovered:
            painter.setPen(QPen(SELECTED_COLOUR, 1.5))
            painter.setBrush(QColor("#FFFFFF"))
            painter.drawEllipse(self.handle_centre(), HANDLE_RADIUS - 1, HANDLE_RADIUS - 1)

    def _paint_enlarged_name(self, painter: QPainter, lod: float, rect: QRectF) -> None:
        """Only the name, on up to two lines, in a font about 10 screen pixels high —
        smaller, down to about 7, when a long word ("Notifications") would be cut."""
        pixels = int(min(self._height * 0.4, 10.5 / lod))
        if self._enlarged is None or self._enlarged[0] != pixels:
            self._enlarged = (pixels, *self.enlarged_name(pixels, 7.5 / lod, rect.width()))
        painter.setFont(_Fonts.enlarged_name(self._enlarged[1])[0])
        painter.setPen(_TEXT)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self._enlarged[2])

    def enlarged_name(self, pixels: int, least: float, width: float) -> tuple[int, str]:
        """The font size and text (lines joined by newlines) the name is drawn with at
        medium zoom: ``pixels`` high, or smaller — not below ``least`` — for its longest
        word to fit in ``width``."""
        _, metrics = _Fonts.enlarged_name(pixels)
        widest = max((metrics.horizontalAdvance(w) for w in self.name.split()), default=0.0)
        if widest > width:
            pixels = max(int(pixels * width / widest), min(pixels, int(least + 0.5)))
            _, metrics = _Fonts.enlarged_name(pixels)
        return pixels, "\n".join(two_lines(self.name, metrics, width))

    def _paint_name_and_detail(
        self, painter: QPainter, fonts: type[_Fonts], text_left: float, text_width: float
    ) -> None:
        painter.setFont(fonts.name)
        painter.setPen(_TEXT)
        middle = self._height / 2
        painter.drawText(QRectF(text_left, middle - 22, text_width, 22),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                         self.shown_name())
        painter.setFont(fonts.detail)
        painter.setPen(_SUBTLE)
        painter.drawText(QRectF(text_left, middle + 2, text_width, 18),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self.detail())

    def _paint_badge(self, painter: QPainter, fonts: type[_Fonts]) -> None:
        count, severity = self.badge  # type: ignore[misc]
        text = str(count) if count < 100 else "99+"
        width = 12 + 7 * len(text)
        badge = QRectF(self._width - width + 6, -8, width, 18)
        painter.setPen(QPen(QColor("#FFFFFF"), 1.5))
        painter.setBrush(QColor(SEVERITY_COLOURS[severity.word]))
        painter.drawRoundedRect(badge, 9, 9)
        painter.setFont(fonts.badge)
        painter.setPen(QColor("#FFFFFF"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)

    # ------------------------------------------------------------------ interaction

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        host: BoxHost | None = self.scene()  # type: ignore[assignment]
        if change == _POSITION_CHANGED and host is not None:
            host.service_item_moved(self)
        return value  # what the base class returns; skipping it saves a call per change

    def on_handle(self, local: QPointF) -> bool:
        """Whether ``local`` (item coordinates) is on the connection handle."""
        centre = self.handle_centre()
        return (local - centre).manhattanLength() <= HANDLE_RADIUS * 1.6

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        # Tooltips are made on first hover: ten thousand of them up front cost a second.
        self.setToolTip(f"{self.name}\n{self.detail()}")
        self._hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        on_handle = self.on_handle(event.pos())
        self.setCursor(Qt.CursorShape.CrossCursor if on_handle else Qt.CursorShape.ArrowCursor)
        super().hoverMoveEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        self._shape: tuple[tuple[float, float], QPainterPath] | None = None
        self.unsetCursor()
        self.update()
        super().hoverLeaveEvent(event)


def two_lines(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """``text`` broken at spaces into at most two lines of ``width``; the rest elided."""
    words = text.split()
    first = ""
    while words and metrics.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # one long word: elide it on a single line
        return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)]
    if not words:
        return [first]
    return [first, metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width)]
