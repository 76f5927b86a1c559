"""An integration drawn as an arrow from the relying service to the one it relies on.

"SOURCE relies on TARGET for KIND": the arrowhead is at the target. Colour, dash pattern
and width come from :data:`models.notation.INTEGRATION_STYLES`, the same table the PDF
uses. Several integrations between the same two services are drawn side by side
(``lane``), not on top of each other.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from desktop_app.canvas.items.lod import EDGES_HIDDEN_BELOW, SIMPLE_BELOW, level_of_detail
from desktop_app.canvas.items.service_item import SELECTED_COLOUR, ServiceItem
from models.domain import Integration, IntegrationKind
from models.notation import INTEGRATION_STYLES

ARROW_LENGTH = 12.0
LANE_GAP = 9.0


def _pens(kind: IntegrationKind) -> tuple[QPen, QPen]:
    style = INTEGRATION_STYLES[kind]
    colour = QColor(style.colour)
    full = QPen(colour, style.width)
    if style.dash:
        full.setDashPattern(list(style.dash))
    full.setCapStyle(Qt.PenCapStyle.FlatCap)
    simple = QPen(colour, 0)  # cosmetic hairline: cheap at any zoom
    return full, simple


_PENS = {kind: _pens(kind) for kind in IntegrationKind}
_SELECTED_PEN = QPen(SELECTED_COLOUR, 6.0)
_SELECTED_PEN.setCapStyle(Qt.PenCapStyle.RoundCap)


class IntegrationItem(QGraphicsItem):
    """The arrow of one integration between two service boxes."""

    def __init__(self, integration: Integration, source: ServiceItem, target: ServiceItem):
        super().__init__()
        self.integration_id: str = integration.id
        self.source = source
        self.target = target
        self.lane = 0.0
        self._line = QLineF()
        self._bounds = QRectF()
        self.refresh(integration)
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(0.0)
        self.update_geometry()

    def refresh(self, integration: Integration) -> None:
        """Take kind and description from the model's integration."""
        self.kind = IntegrationKind(integration.kind)
        self.setToolTip(
            f"{integration.source_id} relies on {integration.target_id} for {self.kind.label}"
            + (f"\n{integration.protocol}" if integration.protocol else "")
        )
        self.update()

    def line(self) -> QLineF:
        return QLineF(self._line)

    def update_geometry(self) -> None:
        """Recompute the arrow from the current boxes (after either end moved)."""
        a, b = self.source.box(), self.target.box()
        start, end = a.center(), b.center()
        if self.lane:
            dx, dy = end.x() - start.x(), end.y() - start.y()
            shift = self.lane * LANE_GAP / (math.hypot(dx, dy) or 1.0)
            offset = QPointF(-dy * shift, dx * shift)
            start, end = start + offset, end + offset
        line = QLineF(_exit_point(a, end, start), _exit_point(b, start, end))
        self.prepareGeometryChange()
        self._line = line
        margin = ARROW_LENGTH + 4
        self._bounds = QRectF(line.p1(), line.p2()).normalized().adjusted(
            -margin, -margin, margin, margin
        )

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath(self._line.p1())
        path.lineTo(self._line.p2())
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        return stroker.createStroke(path)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = level_of_detail(option, painter)
        if lod < EDGES_HIDDEN_BELOW and not self.isSelected():
            return
        full, simple = _PENS[self.kind]
        if self.isSelected():
            painter.setPen(_SELECTED_PEN)
            painter.drawLine(self._line)
        if lod < SIMPLE_BELOW:
            painter.setPen(simple)
            painter.drawLine(self._line)
            return
        painter.setPen(full)
        painter.drawLine(self._line)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(full.color())
        painter.drawPolygon(_arrowhead(self._line))


def _arrowhead(line: QLineF) -> QPolygonF:
    """A filled triangle with its tip at the end of ``line``."""
    tip = line.p2()
    length = line.length() or 1.0
    ux, uy = (line.dx() / length, line.dy() / length)
    base = QPointF(tip.x() - ux * ARROW_LENGTH, tip.y() - uy * ARROW_LENGTH)
    half = ARROW_LENGTH * 0.45
    return QPolygonF(
        [
            tip,
            QPointF(base.x() - uy * half, base.y() + ux * half),
            QPointF(base.x() + uy * half, base.y() - ux * half),
        ]
    )


def _exit_point(box: QRectF, toward: QPointF, inside: QPointF) -> QPointF:
    """Where the segment from ``inside`` toward ``toward`` leaves ``box`` (else ``inside``)."""
    dx, dy = toward.x() - inside.x(), toward.y() - inside.y()
    candidates = []
    if dx:
        for x in (box.left(), box.right()):
            t = (x - inside.x()) / dx
            y = inside.y() + t * dy
            if t > 0 and box.top() - 0.01 <= y <= box.bottom() + 0.01:
                candidates.append(t)
    if dy:
        for y in (box.top(), box.bottom()):
            t = (y - inside.y()) / dy
            x = inside.x() + t * dx
            if t > 0 and box.left() - 0.01 <= x <= box.right() + 0.01:
                candidates.append(t)
    if not candidates:
        return inside
    t = min(min(candidates), 1.0)
    return QPointF(inside.x() + t * dx, inside.y() + t * dy)
