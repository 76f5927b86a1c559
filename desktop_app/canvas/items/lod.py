"""Level of detail: how much an item draws at the current zoom.

Zoomed far out, names and icons would be a few pixels high and cost most of the frame;
items then draw plain shapes. The thresholds are in *scale* (screen pixels per scene
unit) as given by ``QStyleOptionGraphicsItem.levelOfDetailFromTransform``.
"""

from __future__ import annotations

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

SIMPLE_BELOW = 0.2
"""Under this scale a service is a coloured rectangle and an integration a hairline."""
FULL_FROM = 0.6
"""From this scale a box shows icon, name and details; between the two only icon and a
name in a font enlarged to stay legible (about 10 screen pixels)."""
HAIRLINES_BELOW = 0.35
"""Under this scale integrations are one-pixel lines without dashes or arrowheads."""
OVERVIEW_BELOW = 0.35
"""Under this scale a *large* diagram is drawn by the overview item, not item by item."""
EDGES_HIDDEN_BELOW = 0.06
"""Under this scale a large diagram's integrations are not drawn: a hairball hides the
boxes."""
LARGE_SCENE = 3000
"""Items (services + integrations) from which a diagram counts as large."""


def level_of_detail(option: QStyleOptionGraphicsItem, painter: QPainter) -> float:
    """The scale an item is being painted at (1.0 = 100 %)."""
    return option.levelOfDetailFromTransform(painter.worldTransform())
