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
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from desktop_app.canvas.items.lod import EDGES_HIDDEN_BELOW, HAIRLINES_BELOW, level_of_detail
from desktop_app.canvas.items.selection_look import highlight_colour
from desktop_app.canvas.items.service_item import ServiceItem
from models.domain import Integration, IntegrationKind
from models.notation import INTEGRATION_STYLES

ARROW_LENGTH = 12.0
CROWDED_FRAME = 300
"""Arrows painted in one frame after which the rest are drawn without antialiasing."""
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
_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
    | QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption
)


class IntegrationItem(QGraphicsItem):
    """The arrow of one integration between two service boxes."""

    def __init__(
        self,
        integration: Integration,
        source: ServiceItem,
        target: ServiceItem,
        *,
        lane: float = 0.0,
    ) -> None:
        super().__init__()
        self.integration_id: str = integration.id
        self.source = source
        self.target = target
        self.lane = lane
        """Offset in lanes from the straight centre line (several links between a pair)."""
        self.kind: IntegrationKind = integration.kind
        self._line = QLineF()
        self._bounds = QRectF()
        self.setFlags(_FLAGS)
        self.setAcceptHoverEvents(True)
        self.update_geometry()

    def refresh(self, integration: Integration) -> None:
        """Take the kind shown from the model's integration."""
        if integration.kind != self.kind:
            self.kind = integration.kind
            self.update()

    def line(self) -> QLineF:
        """The arrow from the source's border to the target's (do not modify)."""
        return self._line

    def update_geometry(self) -> None:
        """Recompute the arrow from the current boxes (after either end moved)."""
        sx, sy, sw, sh = self.source.box_values()
        tx, ty, tw, th = self.target.box_values()
        scx, scy, tcx, tcy = sx + sw / 2, sy + sh / 2, tx + tw / 2, ty + th / 2
        dx, dy = tcx - scx, tcy - scy
        ox = oy = 0.0
        if self.lane:
            shift = self.lane * LANE_GAP / (math.hypot(dx, dy) or 1.0)
            ox, oy = -dy * shift, dx * shift
        a = _exit(sw / 2, sh / 2, dx, dy)
        b = _exit(tw / 2, th / 2, -dx, -dy)
        x1, y1 = scx + a * dx + ox, scy + a * dy + oy
        x2, y2 = tcx - b * dx + ox, tcy - b * dy + oy
        if self.scene() is not None:
            self.prepareGeometryChange()
        self._line = QLineF(x1, y1, x2, y2)
        margin = ARROW_LENGTH + 4
        self._bounds = QRectF(
            min(x1, x2) - margin, min(y1, y2) - margin,
            abs(x2 - x1) + 2 * margin, abs(y2 - y1) + 2 * margin,
        )

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        # Made on hover from the model, not up front for thirty thousand arrows.
        source, target = self.source.name, self.target.name
        self.setToolTip(f"{source} relies on {target} for {self.kind.label.lower()}")
        super().hoverEnterEvent(event)

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
        # Only the part inside the exposed area is stroked: a dashed line across a large
        # diagram otherwise costs the dashing of its whole length on every frame.
        visible = _clip(self._line, option.exposedRect.adjusted(-8, -8, 8, 8))
        if visible is None:
            return
        full, simple = _PENS[self.kind]
        if self.isSelected():
            halo = highlight_colour()
            halo.setAlpha(170)
            pen = QPen(halo, 6.0)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawLine(visible)
        if lod < HAIRLINES_BELOW:
            painter.setPen(simple)
            painter.drawLine(visible)
            return
        if full.style() == Qt.PenStyle.CustomDashLine and visible.p1() != self._line.p1():
            full = QPen(full)  # keep the dashes in place while the line is panned
            full.setDashOffset(QLineF(self._line.p1(), visible.p1()).length() / full.widthF())
        # Where hundreds of arrows cross the view, smoothing them halves the frame time
        # and shows nothing in such a tangle: the arrows past the first few are drawn sharp.
        crowded = self.scene().detail.arrow_painted() > CROWDED_FRAME  # type: ignore[attr-defined]
        smooth = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
        if crowded and smooth:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(full)
        painter.drawLine(visible)
        if visible.p2() == self._line.p2():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(full.color())
            painter.drawPolygon(_arrowhead(self._line))
        if crowded and smooth:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)


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


def _clip(line: QLineF, rect: QRectF) -> QLineF | None:
    """The part of ``line`` inside ``rect`` (Liang–Barsky), or ``None`` when it misses."""
    x1, y1, x2, y2 = line.x1(), line.y1(), line.x2(), line.y2()
    dx, dy = x2 - x1, y2 - y1
    low, high = 0.0, 1.0
    for p, q in (
        (-dx, x1 - rect.left()),
        (dx, rect.right() - x1),
        (-dy, y1 - rect.top()),
        (dy, rect.bottom() - y1),
    ):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return None
    if low == 0.0 and high == 1.0:
        return line
    return QLineF(x1 + low * dx, y1 + low * dy, x1 + high * dx, y1 + high * dy)


def _exit(half_width: float, half_height: float, dx: float, dy: float) -> float:
    """The fraction of ``(dx, dy)`` after which a ray from a box's centre leaves the box."""
    limits = []
    if dx:
        limits.append(half_width / abs(dx))
    if dy:
        limits.append(half_height / abs(dy))
    return min(min(limits), 0.5) if limits else 0.0
