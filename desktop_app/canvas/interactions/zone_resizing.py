"""Resizing a zone by the triangle in its bottom-right corner; one undoable edit on release.

The corner stops before a service would fall outside the zone it belongs to, and never
makes a zone smaller than :data:`MIN_SIZE`. The services stay where they are.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QGraphicsSceneMouseEvent

from desktop_app.canvas.items.zone_item import MIN_SIZE, ZoneItem
from desktop_app.canvas.scene import CanvasScene, Gesture
from models.domain import ModelError
from models.layout.spacing import ZONE_PADDING


class ZoneResizing(Gesture):
    """The zone-resize gesture of one scene."""

    def __init__(self, scene: CanvasScene) -> None:
        self.scene = scene
        self.zone: ZoneItem | None = None
        """The zone being resized (``None`` when none is)."""
        self._grab_offset = QPointF()
        self._least = MIN_SIZE

    def mouse_press(self, event: QGraphicsSceneMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        zone = self.scene.press_target(event.scenePos())
        if not isinstance(zone, ZoneItem):
            return False
        local = zone.mapFromScene(event.scenePos())
        if not zone.on_handle(local):
            return False
        self.zone = zone
        # Keep the grab point under the mouse: the corner is where the drag began.
        self._grab_offset = QPointF(*zone.size()) - local
        self._least = self.least_size(zone)
        event.accept()
        return True

    def mouse_move(self, event: QGraphicsSceneMouseEvent) -> bool:
        zone = self.zone
        if zone is None:
            return False
        corner = zone.mapFromScene(event.scenePos()) + self._grab_offset
        width = max(self._least[0], corner.x())
        height = max(self._least[1], corner.y())
        zone.set_area((zone.pos().x(), zone.pos().y(), width, height))
        return True

    def mouse_release(self, event: QGraphicsSceneMouseEvent) -> bool:
        zone, self.zone = self.zone, None
        if zone is None:
            return False
        try:
            self.scene.editor.set_zone_area(zone.zone_id, zone.area(), move_members=False)
        except ModelError as exc:
            self.scene.edit_refused.emit(str(exc))
            self.scene.sync_area(zone.zone_id)
        return True

    def least_size(self, zone: ZoneItem) -> tuple[float, float]:
        """The smallest size the corner may make: every member box inside, with padding.

        Shrinking past a member would draw a service outside the zone it belongs to.
        """
        width, height = MIN_SIZE
        x, y = zone.pos().x(), zone.pos().y()
        for member in self.scene.member_items(zone.zone_id):
            box = member.box()
            width = max(width, box.right() - x + ZONE_PADDING)
            height = max(height, box.bottom() - y + ZONE_PADDING)
        return width, height
