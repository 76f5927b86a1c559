"""Dropping a kind from the palette: a new service of that kind, centred where it lands,
in the zone there, selected. A drop the model refuses is told in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF
from PySide6.QtWidgets import QGraphicsSceneDragDropEvent

from desktop_app.canvas.scene import CanvasScene, Gesture
from desktop_app.kind_drag import SERVICE_KIND_MIME, dragged_kind
from models.domain import ModelError


class PaletteDrop(Gesture):
    """The palette drop gesture of one scene; other drags pass through to Qt."""

    def __init__(self, scene: CanvasScene) -> None:
        self.scene = scene

    def drag_enter(self, event: QGraphicsSceneDragDropEvent) -> bool:
        return self._accept(event)

    def drag_move(self, event: QGraphicsSceneDragDropEvent) -> bool:
        return self._accept(event)

    def drop(self, event: QGraphicsSceneDragDropEvent) -> bool:
        if self.drop_mime(event.mimeData(), event.scenePos()) is None:
            return False
        event.acceptProposedAction()
        return True

    def _accept(self, event: QGraphicsSceneDragDropEvent) -> bool:
        if not event.mimeData().hasFormat(SERVICE_KIND_MIME):
            return False
        event.acceptProposedAction()
        return True

    def drop_mime(self, mime: QMimeData, at: QPointF) -> str | None:
        """Create the service a palette drag carries, centred on ``at``, in the zone there;
        its id, or ``None`` for a drag that carries no kind or a refused service."""
        kind = dragged_kind(mime)
        if kind is None:
            return None
        try:
            new_id = self.scene.editor.add_service(
                kind, (at.x(), at.y()), zone_id=self.scene.zone_at(at), centred=True
            )
        except ModelError as exc:
            self.scene.edit_refused.emit(str(exc))
            return None
        self.scene.select_ids([new_id])
        return new_id
