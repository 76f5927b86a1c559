"""How a selected item stands out: the platform's highlight colour, thick and haloed.

On a projector a thin blue border is lost, so a selected box gets a solid outline and a
translucent halo around it, both kept a few *screen* pixels wide whatever the zoom (within
the margin the item's bounding rectangle leaves). The colour is the platform's selection
highlight, so the canvas matches the lists and trees beside it; a highlight too pale to
read on white (some themes) is darkened.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen

FALLBACK = QColor("#228BE6")
"""Used before a QGuiApplication exists."""
OUTLINE_PIXELS = 3.0
"""Width of the outline on screen."""
HALO_PIXELS = 7.0
"""Width of the halo outside the outline on screen."""
_MAX_LIGHTNESS = 150


def highlight_colour() -> QColor:
    """The platform's selection colour, dark enough to stand out on a white box."""
    app = QGuiApplication.instance()
    if app is None:
        return QColor(FALLBACK)
    colour = QGuiApplication.palette().color(QPalette.ColorGroup.Active,
                                             QPalette.ColorRole.Highlight)
    if colour.alpha() < 255 or colour.saturation() < 60:
        return QColor(FALLBACK)
    while colour.lightness() > _MAX_LIGHTNESS:
        colour = colour.darker(115)
    return colour


def paint_halo(painter: QPainter, rect: QRectF, lod: float, room: float, radius: float) -> None:
    """A translucent band around ``rect`` (drawn before the item's own fill), at most
    ``room`` scene units wide."""
    width = min(room, HALO_PIXELS / max(lod, 1e-3))
    halo = highlight_colour()
    halo.setAlpha(140)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(halo)
    painter.drawRoundedRect(rect.adjusted(-width, -width, width, width),
                            radius + width, radius + width)


def outline_pen(lod: float, most: float) -> QPen:
    """The outline of a selected item: ``OUTLINE_PIXELS`` on screen, at most ``most``
    scene units."""
    return QPen(highlight_colour(), min(most, max(OUTLINE_PIXELS / max(lod, 1e-3), 3.0)))

