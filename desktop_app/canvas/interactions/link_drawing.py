"""Drawing an integration: from a box's connect handle (or Shift+drag from the box) to the
service it relies on, then the kind picked from a menu.

While the mouse moves, a dashed line follows it and the box it would connect to is
marked; Escape drops the drag and the rest of it neither links nor moves anything. The
kind menu runs a nested event loop, so it never opens inside the mouse handler: Qt still
holds that handler's event, and using it after the loop crashed the process. It opens
once the handler has returned, with copies of the positions it needs, and the menu is
held until its answer has been read.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QCursor, QKeyEvent, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsSceneMouseEvent, QMenu

from desktop_app.canvas.items.service_item import ServiceItem
from desktop_app.canvas.scene import CanvasScene, Gesture
from models.domain import IntegrationKind, ModelError

PREVIEW_COLOUR = QColor("#228BE6")


class LinkDrawing(Gesture):
    """The new-integration gesture of one scene."""

    def __init__(self, scene: CanvasScene) -> None:
        self.scene = scene
        self.source: ServiceItem | None = None
        """The box a link is being drawn from (``None`` when no link is being drawn)."""
        self._cancelled = False
        """Escape ended the drag: the rest of it (moves, release) is swallowed."""
        self._preview: QGraphicsLineItem | None = None
        self._target: str | None = None

    # ------------------------------------------------------------------ events

    def mouse_press(self, event: QGraphicsSceneMouseEvent) -> bool:
        self._cancelled = False
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        at = event.scenePos()
        box = self.scene.press_target(at)
        if not isinstance(box, ServiceItem):
            return False
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if not (shift or box.on_handle(box.mapFromScene(at))):
            return False
        self.begin(box, at)
        event.accept()
        return True

    def mouse_move(self, event: QGraphicsSceneMouseEvent) -> bool:
        if self.source is not None:
            self.follow(event.scenePos())
            return True
        return self._cancelled  # a cancelled link drag does not turn into a move

    def mouse_release(self, event: QGraphicsSceneMouseEvent) -> bool:
        if self.source is not None:
            self.finish_later(QPointF(event.scenePos()), QPoint(event.screenPos()))
            return True
        if self._cancelled:
            self._cancelled = False
            return True
        return False

    def key_press(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape and self.cancel():
            event.accept()
            return True
        return False

    # ------------------------------------------------------------------ the link

    def begin(self, source: ServiceItem, at: QPointF) -> None:
        """Start a link at ``source``; a dashed line runs from its centre to ``at``."""
        self.source = source
        self._preview = QGraphicsLineItem(QLineF(source.box().center(), at))
        pen = QPen(PREVIEW_COLOUR, 2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._preview.setPen(pen)
        self._preview.setZValue(5)
        self.scene.addItem(self._preview)

    def follow(self, at: QPointF) -> None:
        """Follow the mouse while a link is drawn, marking the box it would connect to."""
        if self._preview is None or self.source is None:
            return
        self._preview.setLine(QLineF(self.source.box().center(), at))
        self._mark_target(self.scene.service_at(at, besides=self.source))

    def _mark_target(self, service_id: str | None) -> None:
        marked = self.scene.service_item(self._target or "")
        if marked is not None and service_id != self._target:
            marked.set_link_target(False)
        self._target = service_id
        box = self.scene.service_item(service_id) if service_id is not None else None
        if box is not None:
            box.set_link_target(True)

    def _end(self) -> ServiceItem | None:
        """Stop drawing a link (preview and target mark gone); the box it started from."""
        source, self.source = self.source, None
        self._mark_target(None)
        if self._preview is not None:
            self.scene.removeItem(self._preview)
            self._preview = None
        return source

    def cancel(self) -> bool:
        """Escape during a link drag: drop it, connecting nothing; ``False`` when none."""
        if self._end() is None:
            return False
        self._cancelled = True  # the rest of the drag neither links nor moves
        return True

    def finish_later(self, at: QPointF, screen_pos: QPoint) -> None:
        """End a link drag from a mouse handler: the kind menu opens once the handler has
        returned (see the module's docstring)."""
        QTimer.singleShot(0, lambda: self.finish(at, screen_pos))

    def finish(self, at: QPointF, screen_pos: QPoint | None = None) -> str | None:
        """End a link drag at ``at``: ask the kind, then connect; returns the new id."""
        source = self._end()
        if source is None:
            return None
        target = self.scene.service_at(at, besides=source)
        if target is None:
            return None
        kind = self.ask_kind(screen_pos or QCursor.pos(), source.service_id, target)
        if kind is None:
            return None
        try:
            new_id = self.scene.editor.connect(source.service_id, target, kind)
        except ModelError as exc:
            self.scene.edit_refused.emit(str(exc))
            return None
        self.scene.select_ids([new_id])
        return new_id

    # ------------------------------------------------------------------ the kind

    def kind_menu(self, source_id: str, target_id: str) -> QMenu:
        """The menu of integration kinds, titled with the sentence it completes; kinds the
        model would refuse (the source already relies on the target for them) are shown
        but cannot be picked, with the model's reason as their tooltip."""
        model = self.scene.model
        names = [model.services[i].name or i for i in (source_id, target_id)]
        menu = QMenu()
        menu.setToolTipsVisible(True)
        menu.addSection(f"{names[0]} relies on {names[1]} for…")
        for kind in IntegrationKind:
            action = menu.addAction(kind.label)
            action.setData(kind.value)
            refusal = model.check_connect(source_id, target_id, kind)
            if refusal is not None:
                action.setText(f"{kind.label} (already linked)")
                action.setToolTip(refusal[:1].upper() + refusal[1:])
                action.setEnabled(False)
        return menu

    def ask_kind(
        self, screen_pos: QPoint, source_id: str, target_id: str
    ) -> IntegrationKind | None:
        """Let the user choose why the source relies on the target (a popup menu).

        The menu is held until its answer has been read: a menu that is only a temporary
        of the call expression is deleted with its actions as soon as ``exec`` returns.
        """
        menu = self.kind_menu(source_id, target_id)
        chosen = menu.exec(screen_pos)
        word = chosen.data() if chosen is not None else None
        menu.deleteLater()
        return IntegrationKind(word) if word else None
