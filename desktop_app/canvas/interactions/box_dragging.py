"""Dragging boxes and zones: the selection, or a zone by its title band together with the
services in it, moved by Qt and committed as one undoable edit on release.

Where things were is read at the first move of a drag, after the press has settled the
selection, so what the user sees move is what is committed. Boxes dropped into another
zone's area join that zone in the same step, and boxes dropped outside every zone leave
theirs: a service is never drawn outside the zone it belongs to.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QGraphicsSceneMouseEvent

from desktop_app.canvas.items.service_item import ServiceItem
from desktop_app.canvas.items.zone_item import ZoneItem
from desktop_app.canvas.scene import CanvasScene, Gesture
from models.domain import ModelError

Area = tuple[float, float, float, float]


class BoxDragging(Gesture):
    """The move gesture of one scene; it leaves the moving itself to Qt."""

    def __init__(self, scene: CanvasScene) -> None:
        self.scene = scene
        self._dragging = False
        self._positions: dict[ServiceItem, QPointF] = {}
        self._zones: dict[ZoneItem, Area] = {}

    def mouse_press(self, event: QGraphicsSceneMouseEvent) -> bool:
        self._dragging = False
        return False

    def mouse_move(self, event: QGraphicsSceneMouseEvent) -> bool:
        if not self._dragging and event.buttons() & Qt.MouseButton.LeftButton:
            self._remember()
        return False

    def mouse_release(self, event: QGraphicsSceneMouseEvent) -> bool:
        if self._dragging and event.button() == Qt.MouseButton.LeftButton:
            self.commit()
        return False

    def _remember(self) -> None:
        """Where everything this drag may move is now, to commit only what moved."""
        self._dragging = True
        scene = self.scene
        selected = scene.selectedItems()
        self._positions = {i: i.pos() for i in selected if isinstance(i, ServiceItem)}
        grabbed = scene.mouseGrabberItem()
        if isinstance(grabbed, ZoneItem):  # moved by its title: its services come along
            grabbed.carry(m for m in scene.member_items(grabbed.zone_id) if not m.isSelected())
        self._zones = {
            z: z.area() for z in scene.zone_items() if z.isSelected() or z is grabbed
        }
        for zone in self._zones:
            for member, start in zone.member_starts.items():
                self._positions.setdefault(member, start)

    def commit(self) -> None:
        """Turn what the drag moved into one undoable edit; a moved zone takes along the
        services it holds."""
        scene, editor = self.scene, self.scene.editor
        positions, zones = self._positions, self._zones
        self._dragging, self._positions, self._zones = False, {}, {}
        moved_zones = {z: z.area() for z, was in zones.items() if z.area() != was}
        for zone in zones:
            zone.carry(())
        moved = {
            item.service_id: (item.pos().x(), item.pos().y())
            for item, was in positions.items()
            if item.pos() != was and item.scene() is scene
        }
        if not moved and not moved_zones:
            return
        carried = {m.service_id for z in moved_zones for m in scene.member_items(z.zone_id)}
        rezoned: dict[str, str | None] = {}
        for service_id in moved:
            item = scene.service_item(service_id)
            if item is None or service_id in carried:
                continue
            target = scene.zone_at(item.box().center())
            if target != item.zone_id:
                rezoned[service_id] = target
        stack = editor.undo_stack
        try:
            if moved_zones:
                stack.beginMacro("Move zone" if len(moved_zones) == 1 else "Move zones")
            try:
                for zone, area in moved_zones.items():
                    editor.set_zone_area(zone.zone_id, area, move_members=False)
                if moved:
                    editor.move(moved, zones=rezoned or None)
            finally:
                if moved_zones:
                    stack.endMacro()
        except ModelError as exc:
            scene.edit_refused.emit(str(exc))
            for item in positions:
                scene.sync_position(item.service_id)
            for zone in zones:
                scene.sync_area(zone.zone_id)
