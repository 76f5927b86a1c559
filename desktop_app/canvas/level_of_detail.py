"""How much of the diagram its items draw themselves, for the view's zoom and crowding.

Each item picks its own look from the zoom while painting (:mod:`desktop_app.canvas.items.lod`);
this decides for the diagram as a whole. Far out, a large diagram is drawn by one
:class:`Overview` item instead of ten thousand boxes and thirty thousand arrows; where
thousands of arrows cross the view they are drawn as hairlines in one pass; and the arrows
painted in one frame are counted, so the crowded rest go without antialiasing. Boxes and
arrows stay in the scene throughout (hover, click and selection work at any zoom); only
who paints them changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from desktop_app.canvas.items.integration_item import IntegrationItem
from desktop_app.canvas.items.lod import EDGES_HIDDEN_BELOW
from desktop_app.canvas.items.overview import Overview
from desktop_app.canvas.items.service_item import ServiceItem
from models.domain import IntegrationKind, ServiceKind
from models.notation import SEVERITY_COLOURS

NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
"""An item with this flag keeps its place and its mouse handling but paints nothing."""


class LevelOfDetail:
    """Who paints the diagram: its items, or the overview for a large diagram far out.

    It reads the scene's tables of boxes, arrows and the ends of arrows whose items are
    still to be made (the scene keeps them up to date), and is told when anything in them
    changed, so the overview rebuilds its picture only then.
    """

    def __init__(
        self,
        scene: QGraphicsScene,
        boxes: Mapping[str, ServiceItem],
        arrows: Mapping[str, IntegrationItem],
        pending_ends: Mapping[str, tuple[str, str, IntegrationKind]],
    ) -> None:
        self._scene = scene
        self._boxes = boxes
        self._arrows = arrows
        self._pending_ends = pending_ends
        self.detailed = True
        """Items paint themselves (``False``: the overview paints the boxes and lines)."""
        self.dense = False
        """Arrows are hairlines painted by the overview (thousands cross the view)."""
        self._arrows_this_frame = 0
        self.overview = Overview(self.overview_boxes, self.overview_lines)
        self.overview.set_shown(False)
        scene.addItem(self.overview)
        scene.sceneRectChanged.connect(self.overview.set_bounds)

    # ------------------------------------------------------------------ new items

    def prepare_box(self, item: ServiceItem) -> None:
        """A new box: painted by the overview while the diagram is drawn from afar."""
        if not self.detailed:
            item.setFlag(NO_CONTENTS)
        self.overview.boxes_changed()

    def prepare_arrow(self, item: IntegrationItem, *, repaint: bool = True) -> None:
        """A new arrow: hidden from afar, a hairline of the overview where arrows crowd."""
        if not self.detailed:
            item.setVisible(False)
        if self.dense:
            item.setFlag(NO_CONTENTS)
        self.overview.lines_changed(repaint=repaint)

    def boxes_changed(self) -> None:
        """Boxes were added, removed, moved, (de)selected or badged."""
        self.overview.boxes_changed()

    def lines_changed(self, *, repaint: bool = True) -> None:
        """Arrows were added, removed or moved (``repaint=False``: already drawn)."""
        self.overview.lines_changed(repaint=repaint)

    def selection_changed(self, selected: Iterable[QGraphicsItem]) -> None:
        """Selected arrows are drawn by themselves, highlighted, even among hairlines."""
        if self.dense:
            for item in selected:
                if isinstance(item, IntegrationItem):
                    item.setFlag(NO_CONTENTS, False)
        self.overview.boxes_changed()

    # ------------------------------------------------------------------ zoom and crowding

    def set_view_scale(self, scale: float, *, detailed: bool) -> None:
        """Adapt to the view's zoom: ``detailed`` says whether items paint themselves.

        Switching costs one pass over the items, once per threshold crossing; frames in
        between draw either the few hundred visible items or the overview's few calls.
        """
        if detailed != self.detailed:
            self.detailed = detailed
            for arrow in self._arrows.values():
                arrow.setVisible(detailed or arrow.isSelected())
            for box in self._boxes.values():
                # Boxes stay (selectable, movable) but the overview paints them.
                box.setFlag(NO_CONTENTS, not detailed)
            self.overview.boxes_changed()
            self.overview.lines_changed()
        self.overview.set_show_boxes(not detailed)
        self.overview.set_shown(not detailed or self.dense)
        self.overview.set_show_lines(scale >= EDGES_HIDDEN_BELOW)

    def set_dense(self, dense: bool) -> None:
        """Thousands of arrows in view: draw them as hairlines in one pass.

        Near the shared platform services of a large landscape, ten thousand arrows can
        cross the view; drawing each (dashes, arrowheads) one by one took over half a
        second per frame, and no single arrow can be followed there anyway. The arrows
        stay (hover, click and selection still work); the overview draws their lines.
        """
        if dense == self.dense:
            return
        self.dense = dense
        for arrow in self._arrows.values():
            arrow.setFlag(NO_CONTENTS, dense and not arrow.isSelected())
        self.overview.lines_changed()
        self.overview.set_shown(dense or not self.detailed)

    def arrows_in(self, rect: QRectF) -> int:
        """How many arrows may cross ``rect`` (by their bounding rectangles)."""
        mode = Qt.ItemSelectionMode.IntersectsItemBoundingRect
        return sum(1 for item in self._scene.items(rect, mode) if isinstance(item, IntegrationItem))

    def begin_frame(self) -> None:
        """A view starts painting a frame (arrows count how crowded it is)."""
        self._arrows_this_frame = 0

    def arrow_painted(self) -> int:
        """Count one more arrow painted in this frame; the count so far."""
        self._arrows_this_frame += 1
        return self._arrows_this_frame

    # ------------------------------------------------------------------ what the overview draws

    def overview_boxes(self) -> Iterable[tuple[ServiceKind | str, QRectF]]:
        """Every box by its kind (``"selected"`` when selected), and its findings badge."""
        for item in self._boxes.values():
            box = item.box()
            yield ("selected" if item.isSelected() else item.kind), box
            if item.badge is not None:
                corner = QRectF(box.right() - 40, box.top() - 10, 50, 30)
                yield SEVERITY_COLOURS[item.badge[1].word], corner

    def overview_lines(self) -> Iterable[tuple[IntegrationKind, QLineF]]:
        """Every arrow's line, including those whose items are still to be made."""
        for item in self._arrows.values():
            yield item.kind, item.line()
        # Each service's centre is computed once, not once per line end: a busy platform
        # service ends thousands of lines.
        centres: dict[str, tuple[float, float] | None] = {}
        for source_id, target_id, kind in self._pending_ends.values():
            source = centres[source_id] if source_id in centres else (
                self._centre_of(source_id, centres))
            target = centres[target_id] if target_id in centres else (
                self._centre_of(target_id, centres))
            if source is not None and target is not None:
                yield kind, QLineF(*source, *target)

    def _centre_of(
        self, service_id: str, centres: dict[str, tuple[float, float] | None]
    ) -> tuple[float, float] | None:
        item = self._boxes.get(service_id)
        centre = None
        if item is not None:
            x, y, width, height = item.box_values()
            centre = (x + width / 2, y + height / 2)
        centres[service_id] = centre
        return centre
