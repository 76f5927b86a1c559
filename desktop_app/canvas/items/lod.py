"""Level of detail: how much an item draws at the current zoom.

Zoomed far out, names and icons would be a few pixels high and cost most of the frame;
items then draw plain shapes. The thresholds are in *scale* (screen pixels per scene
unit) as given by ``QStyleOptionGraphicsItem.levelOfDetailFromTransform``.
"""

from __future__ import annotations

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

SIMPLE_BELOW = 0.35
"""Under this scale a service is a coloured rectangle and an integration a hairline."""
EDGES_HIDDEN_BELOW = 0.06
"""Under this scale integrations are not drawn at all: a hairball hides the boxes."""


def level_of_detail(option: QStyleOptionGraphicsItem, painter: QPainter) -> float:
    """The scale an item is being painted at (1.0 = 100 %)."""
    return option.levelOfDetailFromTransform(painter.worldTransform())
