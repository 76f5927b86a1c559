"""The legend: what each line style and each icon on the canvas means.

Drawn from the same tables as the canvas (:mod:`models.notation`) and the same icon
images, so it cannot disagree with the diagram.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop_app.canvas.items.icons import kind_icon
from models.domain import IntegrationKind, ServiceKind
from models.notation import INTEGRATION_STYLES

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
