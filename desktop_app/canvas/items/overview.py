"""The whole diagram in one item, for zoomed-out views.

Zoomed out, ten thousand boxes and thirty thousand arrows would each cost a Python
``paint()`` call per frame while drawing no more than a few pixels. The scene then stops
the individual items from painting (boxes keep their place for selection, arrows are
hidden) and shows this item instead: it draws every box of one kind with one
``drawRects`` call and every arrow of one kind with one ``drawLines`` call, from lists
it rebuilds only after something changed. A frame costs a few dozen calls, whatever the
size of the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from desktop_app.canvas.items.lod import level_of_detail
from desktop_app.canvas.items.selection_look import highlight_colour
from models.domain import IntegrationKind, ServiceKind
from models.notation import INTEGRATION_STYLES, SERVICE_STYLES

K = TypeVar("K")
V = TypeVar("V")
BoxSource = Callable[[], Iterable[tuple[ServiceKind | str, QRectF]]]
"""Yields ``(kind, box)``; the kind ``"selected"`` or a severity colour ``"#rrggbb"`` too."""
LineSource = Callable[[], Iterable[tuple[IntegrationKind, QLineF]]]

_HAIRLINES = {kind: QPen(QColor(style.colour), 0) for kind, style in INTEGRATION_STYLES.items()}
_FILLS: dict[ServiceKind | str, QColor] = {
    kind: QColor(style.colour) for kind, style in SERVICE_STYLES.items()
}
SELECTED_PIXELS = 3.0
"""Screen pixels a selected box grows by on every side in the overview."""


class Overview(QGraphicsItem):
    """Boxes as coloured rectangles and arrows as hairlines; takes no mouse input."""

    def __init__(self, boxes: BoxSource, lines: LineSource) -> None:
        super().__init__()
        self._box_source = boxes
        self._line_source = lines
        self._boxes: dict[ServiceKind | str, list[QRectF]] | None = None
        self._lines: dict[IntegrationKind, list[QLineF]] | None = None
        self._bounds = QRectF()
        self.show_lines = True
        self.show_boxes = True
        self._stale = False
        self.setZValue(0.5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        # Panning at a fixed zoom then blits the cached picture (about 5 ms a frame instead
        # of 110 ms redrawing 30,000 lines); a change or a zoom redraws it once.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boxes_changed(self) -> None:
        """A box was added, removed, moved, (de)selected or badged: rebuild on next paint."""
        self._boxes = None
        self._repaint()

    def lines_changed(self, *, repaint: bool = True) -> None:
        """Arrows changed: rebuild on the next paint (now, unless ``repaint`` is false)."""
        self._lines = None
        if repaint:
            self._repaint()

    def set_shown(self, shown: bool) -> None:
        """Show or hide; a picture cached before a change made while hidden is dropped."""
        if shown and not self.isVisible() and self._stale:
            self.setCacheMode(QGraphicsItem.CacheMode.NoCache)
            self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self._stale = False
        self.setVisible(shown)

    def _repaint(self) -> None:
        if self.isVisible():
            self.update()
        else:
            self._stale = True

    def set_show_boxes(self, show: bool) -> None:
        """Boxes too (zoomed out), or only the lines (crowded arrows in a detailed view)."""
        if show != self.show_boxes:
            self.show_boxes = show
            self._repaint()

    def set_show_lines(self, show: bool) -> None:
        if show != self.show_lines:
            self.show_lines = show
            self._repaint()

    def set_bounds(self, rect: QRectF) -> None:
        """Cover ``rect`` (the scene's rectangle, which holds the whole diagram)."""
        self.prepareGeometryChange()
        self._bounds = QRectF(rect)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        antialiased = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if self.show_lines:
            if self._lines is None:
                self._lines = _grouped(self._line_source())
            for kind, lines in self._lines.items():
                painter.setPen(_HAIRLINES[kind])
                painter.drawLines(lines)
        if self.show_boxes:
            if self._boxes is None:
                self._boxes = _grouped(self._box_source())
            painter.setPen(Qt.PenStyle.NoPen)
            for key, rects in self._boxes.items():
                if key != "selected":
                    painter.setBrush(_FILLS.get(key) or QColor(str(key)))
                    painter.drawRects(rects)
            selected = self._boxes.get("selected")
            if selected:  # a dot among thousands: grown by a few pixels, drawn on top
                grow = SELECTED_PIXELS / max(level_of_detail(option, painter), 1e-3)
                painter.setBrush(highlight_colour())
                painter.drawRects([r.adjusted(-grow, -grow, grow, grow) for r in selected])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialiased)


def _grouped(pairs: Iterable[tuple[K, V]]) -> dict[K, list[V]]:
    grouped: dict[K, list[V]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped
