"""The legend: what each line style and each icon on the canvas means.

Drawn from the same tables as the canvas (:mod:`models.notation`) and the same icon
images, so it cannot disagree with the diagram.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop_app.canvas.items.icons import kind_icon
from models.domain import TRUST_WORDS, IntegrationKind, ServiceKind
from models.notation import INTEGRATION_STYLES, SEVERITY_COLOURS, ZONE_BORDERS, ZONE_FILLS

SAMPLE_SIZE = QSize(56, 16)


class LineSample(QWidget):
    """A short arrow drawn exactly like an integration of ``kind``."""

    def __init__(self, kind: IntegrationKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setFixedSize(SAMPLE_SIZE)
        self.setToolTip(f"relies on it for {kind.label.lower()}")

    def paintEvent(self, event: QPaintEvent) -> None:
        style = INTEGRATION_STYLES[self.kind]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(style.colour), style.width)
        if style.dash:
            pen.setDashPattern(list(style.dash))
        painter.setPen(pen)
        middle = self.height() / 2
        end = self.width() - 2.0
        painter.drawLine(QPointF(2, middle), QPointF(end - 8, middle))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(style.colour))
        painter.drawPolygon(
            QPolygonF([QPointF(end, middle), QPointF(end - 10, middle - 5),
                       QPointF(end - 10, middle + 5)])
        )
        painter.end()


class IconSample(QWidget):
    """The icon a service of ``kind`` carries on the canvas."""

    def __init__(self, kind: ServiceKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setFixedSize(QSize(24, 24))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        ratio = self.devicePixelRatioF()
        painter.drawImage(QRectF(0, 0, 24, 24), kind_icon(self.kind, int(24 * ratio)))
        painter.end()


class Swatch(QWidget):
    """A small sample of a zone's colours, a criticality stripe or a findings badge."""

    def __init__(
        self,
        fill: str,
        border: str | None = None,
        *,
        stripe: bool = False,
        round_badge: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._fill, self._border = QColor(fill), QColor(border or fill)
        self._stripe, self._badge = stripe, round_badge
        self.setFixedSize(QSize(24, 18))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._stripe:
            painter.fillRect(QRectF(9, 1, 5, 16), self._fill)
        elif self._badge:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._fill)
            painter.drawRoundedRect(QRectF(2, 2, 20, 14), 7, 7)
        else:
            painter.setPen(QPen(self._border, 2))
            painter.setBrush(self._fill)
            painter.drawRect(QRectF(2, 2, 20, 14))
        painter.end()


class Legend(QScrollArea):
    """Integration kinds with their line style, then service kinds with their icon."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(_heading("Integrations — arrow points to what is relied on"))
        lines = QGridLayout()
        for row, kind in enumerate(IntegrationKind):
            lines.addWidget(LineSample(kind), row, 0)
            lines.addWidget(QLabel(kind.label), row, 1)
        column.addLayout(lines)
        column.addWidget(_heading("Services"))
        icons = QGridLayout()
        for row, kind in enumerate(ServiceKind):
            icons.addWidget(IconSample(kind), row, 0)
            icons.addWidget(QLabel(kind.label), row, 1)
        column.addLayout(icons)
        column.addWidget(_heading("Zones, by trust"))
        zones = QGridLayout()
        for row, (trust, word) in enumerate(TRUST_WORDS.items()):
            zones.addWidget(Swatch(ZONE_FILLS[trust], ZONE_BORDERS[trust]), row, 0)
            zones.addWidget(QLabel(f"{trust} — {word}"), row, 1)
        column.addLayout(zones)
        column.addWidget(_heading("Marks on a service"))
        marks = QGridLayout()
        marks.addWidget(Swatch(SEVERITY_COLOURS["critical"], stripe=True), 0, 0)
        marks.addWidget(QLabel("left stripe: critical (red) or high (orange) criticality"), 0, 1)
        marks.addWidget(Swatch(SEVERITY_COLOURS["high"], round_badge=True), 1, 0)
        marks.addWidget(QLabel("badge: number of findings, coloured by the worst"), 1, 1)
        for label in (marks.itemAtPosition(0, 1), marks.itemAtPosition(1, 1)):
            label.widget().setWordWrap(True)  # type: ignore[union-attr]
        column.addLayout(marks)
        column.addStretch(1)
        self.setWidget(body)

    def line_kinds(self) -> list[IntegrationKind]:
        return [w.kind for w in self.findChildren(LineSample)]

    def service_kinds(self) -> list[ServiceKind]:
        return [w.kind for w in self.findChildren(IconSample)]


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
