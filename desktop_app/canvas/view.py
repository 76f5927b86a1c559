"""The window onto a :class:`CanvasScene`: zoom, pan, fit, find, rubber-band selection.

The view is what makes a scene editable: it installs the scene's gestures (drawing links,
dragging boxes, resizing zones, palette drops). Zooming is a view transform only; items
choose their level of detail from it while painting, so a zoomed-out view of ten thousand
services draws plain shapes. Antialiasing is switched off when zoomed far out, where it
costs time and shows nothing.
"""

from __future__ import annotations

import atexit
import time
from collections.abc import Iterable

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QFrame, QGraphicsView, QWidget

from desktop_app.canvas.interactions import Gestures
from desktop_app.canvas.items.lod import OVERVIEW_BELOW, SIMPLE_BELOW
from desktop_app.canvas.scene import CanvasScene
from desktop_app.editing import fragment_from_mime, fragment_to_mime

ZOOM_STEP = 1.25
MIN_SCALE = 0.02
MAX_SCALE = 4.0
DENSE_ABOVE = 2500
"""Arrows in view above which they are drawn in bulk as hairlines."""
SPARSE_BELOW = 1500
"""Arrows in view below which they are drawn one by one again."""
DENSITY_CHECK_EVERY = 0.1
"""Seconds between two counts of the arrows in view while panning."""
SHOW_MARGIN = 32
"""Screen pixels left around what "centre on" shows."""
ITEM_OVERHANG = 12.0
"""Scene units a box's selection halo and findings badge reach beyond the box."""
NUDGE_STEP = 10.0
NUDGE_LARGE = 50.0
_NUDGES = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}


class CanvasView(QGraphicsView):
    """Shows a canvas scene; the shell's View and Edit actions call its methods."""

    def __init__(self, scene: CanvasScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self._scene = scene  # the view keeps its scene's Python side alive
        self.gestures = Gestures.install(scene)
        self._pan_from: QPoint | None = None
        self._space_held = False
        self._density_checked = 0.0
        self._density_timer = QTimer(self)
        self._density_timer.setSingleShot(True)
        self._density_timer.timeout.connect(self._check_density)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlags(
            QGraphicsView.OptimizationFlag.DontSavePainterState
            | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing
        )
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def canvas(self) -> CanvasScene:
        return self.scene()  # type: ignore[return-value]

    # ------------------------------------------------------------------ zoom

    def zoom(self) -> float:
        """The current scale (1.0 = 100 %)."""
        return self.transform().m11()

    def set_zoom(self, scale: float, *, anchor: QPointF | None = None) -> None:
        """Zoom to ``scale`` (clamped), keeping ``anchor`` (scene point) where it is."""
        scale = min(MAX_SCALE, max(MIN_SCALE, scale))
        factor = scale / self.zoom()
        if abs(factor - 1.0) < 1e-9:
            return
        if anchor is None:
            self.scale(factor, factor)
        else:
            before = self.mapFromScene(anchor)
            self.scale(factor, factor)
            after = self.mapFromScene(anchor)
            delta = after - before
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + delta.y())
        self._tune_rendering()

    def zoom_in(self) -> None:
        self._zoom_about_centre(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom_about_centre(1 / ZOOM_STEP)

    def reset_zoom(self) -> None:
        self._zoom_about_centre(1.0 / self.zoom())

    def _zoom_about_centre(self, factor: float) -> None:
        centre = self.mapToScene(self.viewport().rect().center())
        self.set_zoom(self.zoom() * factor)
        self.centerOn(centre)

    def _tune_rendering(self) -> None:
        detailed = self.zoom() >= SIMPLE_BELOW
        self.setRenderHint(QPainter.RenderHint.Antialiasing, detailed)
        self.canvas().set_view_scale(self.zoom())
        self._view_moved()

    def _view_moved(self, *, now: bool = False) -> None:
        """The visible part changed: check (at most every 0.1 s) how crowded it is."""
        scene = self.scene()
        if not isinstance(scene, CanvasScene) or not scene.is_large():
            return  # (also while the view is torn down and has no scene any more)
        if now or time.monotonic() - self._density_checked >= DENSITY_CHECK_EVERY:
            self._check_density()
        elif not self._density_timer.isActive():
            self._density_timer.start(int(DENSITY_CHECK_EVERY * 1000))

    def _check_density(self) -> None:
        """Draw the arrows in bulk where thousands cross the view (with some hysteresis)."""
        self._density_checked = time.monotonic()
        scene = self.scene()
        if not isinstance(scene, CanvasScene):
            return
        if self.zoom() < OVERVIEW_BELOW:
            scene.detail.set_dense(False)  # the overview draws everything anyway
            return
        count = scene.detail.arrows_in(self.mapToScene(self.viewport().rect()).boundingRect())
        if count > DENSE_ABOVE:
            scene.detail.set_dense(True)
        elif count < SPARSE_BELOW:
            scene.detail.set_dense(False)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        jumped = abs(dx) > self.viewport().width() / 2 or abs(dy) > self.viewport().height() / 2
        self._view_moved(now=jumped)  # a jump (centre on, find) is checked before it is drawn

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._view_moved()

    def fit_to_window(self) -> None:
        """Show the whole diagram."""
        self.fit_rect(self.canvas().diagram_rect())

    def fit_rect(self, rect: QRectF, *, max_scale: float = 1.0) -> None:
        """Show ``rect`` whole, never zooming in beyond ``max_scale``."""
        margin = 40.0
        padded = rect.adjusted(-margin, -margin, margin, margin)
        viewport = self.viewport().rect()
        if padded.width() <= 0 or padded.height() <= 0:
            return
        scale = min(viewport.width() / padded.width(), viewport.height() / padded.height())
        self.set_zoom(min(scale, max_scale))
        self.centerOn(padded.center())

    def center_on_ids(self, ids: Iterable[str]) -> None:
        """Bring the named services/integrations/zones into view, zooming out if needed."""
        rect = self.canvas().items_rect(ids)
        if rect is not None:
            self.show_rect(rect)

    def show_rect(self, rect: QRectF) -> None:
        """Centre on ``rect`` with all of it and a margin visible (halos and badges too),
        zooming out when it does not fit at the current zoom; never zooms in."""
        rect = rect.adjusted(-ITEM_OVERHANG, -ITEM_OVERHANG, ITEM_OVERHANG, ITEM_OVERHANG)
        viewport = self.viewport().rect()
        room_w = max(viewport.width() - 2 * SHOW_MARGIN, 1)
        room_h = max(viewport.height() - 2 * SHOW_MARGIN, 1)
        fits = min(room_w / max(rect.width(), 1e-6), room_h / max(rect.height(), 1e-6))
        if fits < self.zoom():
            self.set_zoom(fits)
        margin = SHOW_MARGIN / self.zoom()
        padded = rect.adjusted(-margin, -margin, margin, margin)
        scene = self.scene()
        if not scene.sceneRect().contains(padded):  # scrolling stops at the scene's edge
            scene.setSceneRect(scene.sceneRect().united(padded))
        self.centerOn(rect.center())

    def find(self, text: str) -> list[str]:
        """Select and show the services matching ``text``; return their ids."""
        found = self.canvas().find(text)
        self.canvas().select_ids(found)
        if found:
            self.center_on_ids(found)
        return found

    # ------------------------------------------------------------------ clipboard gestures

    def delete_selected(self) -> None:
        """Delete the selected services and integrations (one undo step)."""
        ids = self.canvas().selected_ids()
        if ids:
            self.canvas().editor.delete(ids)

    def copy_selected(self) -> bool:
        """Put the selected services on the clipboard; ``False`` when nothing is selected."""
        ids = [i for i in self.canvas().selected_ids() if i in self.canvas().model.services]
        if not ids:
            return False
        put_on_clipboard(fragment_to_mime(self.canvas().editor.copy(ids)))
        return True

    def cut_selected(self) -> bool:
        if not self.copy_selected():
            return False
        self.delete_selected()
        return True

    def paste(self) -> list[str]:
        """Paste the clipboard's services (under the mouse when it is over the canvas)."""
        fragment = fragment_from_mime(QApplication.clipboard().mimeData())
        if fragment is None:
            return []
        local = self.viewport().mapFromGlobal(self.cursor().pos())
        at = self.mapToScene(local) if self.viewport().rect().contains(local) else None
        new_ids = self.canvas().editor.paste(fragment, (at.x(), at.y()) if at else None)
        self.canvas().select_ids(new_ids)
        return new_ids

    def paintEvent(self, event: QPaintEvent) -> None:
        scene = self.scene()
        if isinstance(scene, CanvasScene):
            scene.detail.begin_frame()
        super().paintEvent(event)

    # ------------------------------------------------------------------ wheel, pan

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if not steps:
            super().wheelEvent(event)
            return
        anchor = self.mapToScene(event.position().toPoint())
        self.set_zoom(self.zoom() * ZOOM_STEP**steps, anchor=anchor)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        direction = _NUDGES.get(Qt.Key(event.key()))
        if direction is not None and self.nudge_selected(*direction, large=bool(
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier)):
            event.accept()
            return
        super().keyPressEvent(event)

    def nudge_selected(self, dx: int, dy: int, *, large: bool = False) -> bool:
        """Move the selected services a step (arrow keys); repeated nudges are one undo step."""
        scene = self.canvas()
        items = [scene.service_item(i) for i in scene.selected_ids()]
        boxes = [item for item in items if item is not None]
        if not boxes:
            return False
        step = NUDGE_LARGE if large else NUDGE_STEP
        scene.editor.move({
            item.service_id: (item.pos().x() + dx * step, item.pos().y() + dy * step)
            for item in boxes
        })
        return True

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pans = event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space_held
        )
        if pans:
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            here = event.position().toPoint()
            delta = here - self._pan_from
            self._pan_from = here
            self.pan_by(delta.x(), delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            if self._space_held:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def pan_by(self, dx: int, dy: int) -> None:
        """Move the view's content by ``(dx, dy)`` screen pixels (like dragging the paper)."""
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - dx)
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - dy)


def put_on_clipboard(mime: QMimeData) -> None:
    """Put ``mime`` on the system clipboard, and take it off again when Python exits.

    Qt deletes clipboard data made in Python only when the application object goes,
    after the interpreter has begun shutting down, and the process then dies with a
    segmentation fault; clearing the clipboard first (atexit) avoids that.
    """
    global _clear_registered
    QApplication.clipboard().setMimeData(mime)
    if not _clear_registered:
        atexit.register(_clear_clipboard)
        _clear_registered = True


_clear_registered = False


def _clear_clipboard() -> None:
    app = QApplication.instance()
    if app is not None:
        QApplication.clipboard().clear()
