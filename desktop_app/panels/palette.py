"""The palette: one entry per service kind, dragged onto the canvas to create a service."""

from __future__ import annotations

import functools

from PySide6.QtCore import QMimeData, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem

from desktop_app.kind_drag import SERVICE_KIND_MIME, kind_drag_data
from models.domain import ServiceKind
from models.notation import SERVICE_STYLES
from models.resource_files import icon_path

ICON_SIZE = 22


@functools.cache
def kind_icon(kind: ServiceKind, size: int = ICON_SIZE) -> QIcon:
    """The kind's shipped SVG icon, or a badge with its colour and glyph when it is missing.

    Cached: the model tree shows one per service, and parsing an SVG 10,000 times would
    dominate opening a large model (QIcon copies share their data).
    """
    path = icon_path(kind.value)
    if path.exists():
        icon = QIcon(str(path))
        if not icon.isNull():
            return icon
    return QIcon(glyph_pixmap(kind, size))


def glyph_pixmap(kind: ServiceKind, size: int) -> QPixmap:
    """A rounded badge in the kind's colour with its short glyph (``DB``, ``GW``…)."""
    style = SERVICE_STYLES[kind]
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(style.colour))
    painter.drawRoundedRect(QRectF(1, 1, size - 2, size - 2), size * 0.2, size * 0.2)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(7, int(size * (0.42 if len(style.glyph) < 3 else 0.32))))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, style.glyph)
    painter.end()
    return pixmap


class PalettePanel(QListWidget):
    """Kinds with icons. Drag one onto the canvas; double-click adds one in the view centre."""

    kind_activated = Signal(object)
    """A kind was double-clicked or activated with Enter (``ServiceKind``)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("palette")
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.setDragEnabled(True)
        self.setDragDropMode(QListWidget.DragDropMode.DragOnly)
        self.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setSpacing(1)
        for kind in ServiceKind:
            item = QListWidgetItem(kind_icon(kind), kind.label)
            item.setData(Qt.ItemDataRole.UserRole, kind.value)
            item.setToolTip(f"Drag onto the canvas to add a {kind.label.lower()} service")
            self.addItem(item)
        self.itemActivated.connect(
            lambda item: self.kind_activated.emit(ServiceKind(item.data(Qt.ItemDataRole.UserRole)))
        )

    def mimeTypes(self) -> list[str]:
        return [SERVICE_KIND_MIME]

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:
        if not items:
            return QMimeData()
        return kind_drag_data(str(items[0].data(Qt.ItemDataRole.UserRole)))

    def startDrag(self, actions: Qt.DropAction) -> None:
        item = self.currentItem()
        if item is None:
            return
        drag = QDrag(self)
        drag.setMimeData(self.mimeData([item]))
        drag.setPixmap(item.icon().pixmap(QSize(40, 40)))
        drag.exec(Qt.DropAction.CopyAction)
