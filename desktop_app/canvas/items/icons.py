"""Service-kind icons, rendered once per kind and size and shared by every box.

Rendering an SVG is far too slow to do in ``paint()`` for thousands of boxes, so each
kind's icon is drawn into an image the first time it is needed at a given pixel size and
reused. When a kind's SVG file is missing or unreadable the icon is a coloured disc with
the kind's glyph from :mod:`models.notation`, so a box is never blank.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from models.domain import ServiceKind
from models.notation import SERVICE_STYLES
from models.resource_files import icon_path


@cache
def _renderer(kind: ServiceKind) -> QSvgRenderer | None:
    path = icon_path(kind.value)
    if not path.is_file():
        return None
    renderer = QSvgRenderer(str(path))
    return renderer if renderer.isValid() else None


@cache
def kind_icon(kind: ServiceKind, pixels: int) -> QImage:
    """The icon of ``kind`` as a square image ``pixels`` wide (transparent background)."""
    image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer = _renderer(kind)
    if renderer is not None:
        renderer.render(painter, QRectF(0, 0, pixels, pixels))
    else:
        draw_glyph(painter, kind, QRectF(0, 0, pixels, pixels))
    painter.end()
    return image


def draw_glyph(painter: QPainter, kind: ServiceKind, rect: QRectF) -> None:
    """The fallback icon: the kind's colour as a disc with its short glyph in white."""
    style = SERVICE_STYLES[kind]
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(style.colour))
    painter.drawEllipse(rect)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(4, int(rect.height() * (0.42 if len(style.glyph) < 3 else 0.32))))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, style.glyph)


def icon_pixels(scene_size: float, scale: float) -> int:
    """The image size to use for an icon ``scene_size`` wide drawn at ``scale``.

    Sizes are rounded up to a few steps so zooming does not fill the cache with one image
    per zoom level.
    """
    wanted = scene_size * scale
    for step in (16, 24, 32, 48, 64, 96, 128):
        if wanted <= step:
            return step
    return 192
