"""The diagram of one view: an item per service, integration and zone, kept by id.

The scene builds its items once from the model and the view's geometry, then follows the
editor's change notices and touches only the items those notices name — an edit of one
service never rebuilds the other ten thousand. User gestures (drag, drop, draw a link,
resize a zone) end in calls to the :class:`DocumentEditor`; the resulting notices are what
update the items, so undo and redo redraw exactly like the original edit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import QLineF, QMimeData, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QCursor, QKeyEvent, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSceneDragDropEvent,
    QGraphicsSceneMouseEvent,
    QMenu,
)

from desktop_app.canvas.items import lod
from desktop_app.canvas.items.integration_item import IntegrationItem
from desktop_app.canvas.items.lod import EDGES_HIDDEN_BELOW, OVERVIEW_BELOW
from desktop_app.canvas.items.overview import Overview
from desktop_app.canvas.items.service_item import ServiceItem
from desktop_app.canvas.items.zone_item import ZoneItem
from desktop_app.editing import DocumentEditor
from models.domain import (
    Change,
    Integration,
    IntegrationKind,
    ModelError,
    Service,
    ServiceKind,
    Severity,
    ViewPosition,
    ViewZoneArea,
    Zone,
)
from models.garbage_collection import collection_paused
from models.layout import Geometry, view_geometry
from models.notation import SERVICE_SIZE, SEVERITY_COLOURS

SERVICE_KIND_MIME = "application/x-integramap-service-kind"
"""Palette drags carry a service kind's word (utf-8) under this type."""
BoxRect = tuple[float, float, float | None, float | None]
"""A service box ``(x, y, width, height)``; ``None`` sizes mean the default size."""
_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
SCENE_MARGIN = 2000.0
DEFER_LINKS_ABOVE = 3000
"""Models with more integrations than this get their arrow items after the first frame."""
LINK_SLICE = 2000
"""Arrow items made per event-loop turn while catching up (about 0.05 s of work)."""
"""Room around the diagram so boxes can be dragged past its edge."""


class CanvasScene(QGraphicsScene):
    """Items for one view of the editor's model, updated from change notices."""

    selection_ids_changed = Signal(list)
    """Ids of the selected services and integrations (see :meth:`selected_ids`)."""
    edit_refused = Signal(str)
    """A gesture's edit was refused by the model; the message is for the status bar."""

    def __init__(self, editor: DocumentEditor, parent: object | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.model = editor.model
        self.view_id = editor.view_id
        self._services: dict[str, ServiceItem] = {}
        self._links: dict[str, IntegrationItem] = {}
        self._zones: dict[str, ZoneItem] = {}
        self._badges: dict[str, tuple[int, Severity]] = {}
        self._computed = Geometry()
        self._press_positions: dict[ServiceItem, QPointF] = {}
        self._press_zones: dict[ZoneItem, tuple[float, float, float, float]] = {}
        self.connecting_from: ServiceItem | None = None
        self.cancelled_link_from: ServiceItem | None = None
        """The box whose link drag Escape cancelled: it ignores the rest of that drag."""
        self._link_preview: QGraphicsLineItem | None = None
        self._link_target: str | None = None
        self._detailed = True
        self._dense = False
        self._arrows_this_frame = 0
        self._pending_links: list[str] = []
        self._pending_ends: dict[str, tuple[str, str, IntegrationKind]] = {}
        """Ends and kind of each integration still without an item (for the overview)."""
        self._lanes: dict[str, float] = {}
        self._overview = Overview(self._overview_boxes, self._overview_lines)
        self._overview.set_shown(False)
        self.addItem(self._overview)
        self.sceneRectChanged.connect(self._overview.set_bounds)
        self.setBackgroundBrush(QColor("#FBFBFC"))
        self._build()
        editor.changed.connect(self._on_changes)
        self.selectionChanged.connect(self._emit_selection)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        """Create the items of every zone and service, and of the integrations.

        The scene keeps no spatial index (``NoIndex``): a BSP tree over thousands of long
        arrows crossing the diagram puts each arrow in hundreds of leaves and took tens
        of seconds to build for 30,000 arrows, while Qt's linear scan over cached
        bounding rectangles costs about a millisecond per frame.

        In a large model the arrows' items are made in slices after the first frame (see
        :meth:`_create_pending_links`); until then the overview draws their lines, and
        anything that needs an arrow's item makes the rest first.
        """
        with collection_paused():
            self._build_items()

    def _build_items(self) -> None:
        self._computed = view_geometry(self.model, self.view_id)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        for zone_id, area in self._computed.zone_areas.items():
            self._add_zone(self.model.zones[zone_id], area)
        for service_id, service in self.model.services.items():
            self._add_service(service, self._computed.positions.get(service_id))
        links = [(i.id, i.source_id, i.target_id, i.kind) for i in self.model.integrations.values()]
        self._lanes = lanes_of([link[:3] for link in links])
        self._pending_links = [link[0] for link in links]
        self._pending_ends = {link[0]: (link[1], link[2], link[3]) for link in links}
        if len(self._pending_links) <= DEFER_LINKS_ABOVE:
            self._create_pending_links()
        else:
            QTimer.singleShot(0, self._create_link_slice)
        self._fit_scene_rect(self._computed.bounds())

    def has_pending_links(self) -> bool:
        """Whether arrow items are still being made after the first frame."""
        return bool(self._pending_links)

    def _create_pending_links(self) -> None:
        """Make the items of every integration still waiting for one."""
        pending, self._pending_links = self._pending_links, []
        self._pending_ends = {}
        self._add_links(pending)

    def _create_link_slice(self) -> None:
        """Make the next slice of arrow items, then yield to the event loop."""
        if not self._pending_links:
            return
        chunk = self._pending_links[:LINK_SLICE]
        del self._pending_links[:LINK_SLICE]
        for link_id in chunk:
            self._pending_ends.pop(link_id, None)
        self._add_links(chunk)
        if self._pending_links:
            QTimer.singleShot(0, self._create_link_slice)

    def _add_links(self, link_ids: Iterable[str]) -> None:
        integrations = self.model.integrations
        with collection_paused():
            for link_id in link_ids:
                integration = integrations.get(link_id)
                if integration is not None and link_id not in self._links:
                    self._add_link(integration, self._lanes.pop(link_id, 0.0), repaint=False)
        # The overview already drew these lines from the boxes: no repaint needed now.
        self._overview.lines_changed(repaint=False)

    def _fit_scene_rect(self, bounds: tuple[float, float, float, float]) -> None:
        x, y, w, h = bounds
        wanted = QRectF(x, y, w, h).adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN,
                                               SCENE_MARGIN)
        self.setSceneRect(self.sceneRect().united(wanted) if self._services else wanted)

    def diagram_rect(self) -> QRectF:
        """The rectangle holding every zone and service (what "fit to window" shows)."""
        rects = [item.scene_rect() for item in self._zones.values()]
        if not rects:
            rects = [item.box() for item in self._services.values()]
        if not rects:
            return QRectF(0, 0, 800, 600)
        result = QRectF(rects[0])
        for rect in rects[1:]:
            result = result.united(rect)
        for item in self._services.values() if self._zones else ():
            result = result.united(item.box())
        return result

    def _add_zone(self, zone: Zone, area: tuple[float, float, float, float] | None) -> ZoneItem:
        item = ZoneItem(zone, area or self._free_area())
        self._zones[zone.id] = item
        self.addItem(item)
        return item

    def _add_service(
        self, service: Service, rect: BoxRect | None) -> ServiceItem:
        item = ServiceItem(service, rect or self._free_spot(service.zone_id))
        item.badge = self._badges.get(service.id)
        if not self._detailed:
            item.setFlag(_NO_CONTENTS)
        self._overview.boxes_changed()
        self._services[service.id] = item
        self.addItem(item)
        return item

    def _add_link(
        self, integration: Integration, lane: float = 0.0, *, repaint: bool = True
    ) -> IntegrationItem | None:
        source = self._services.get(integration.source_id)
        target = self._services.get(integration.target_id)
        if source is None or target is None:
            return None
        item = IntegrationItem(integration, source, target, lane=lane)
        if not self._detailed:
            item.setVisible(False)
        if self._dense:
            item.setFlag(_NO_CONTENTS)
        self._overview.lines_changed(repaint=repaint)
        self._links[integration.id] = item
        source.links.add(integration.id)
        target.links.add(integration.id)
        self.addItem(item)
        return item

    def _relane(self, a: ServiceItem, b: ServiceItem) -> None:
        """Spread the integrations between two services side by side again."""
        pair = [self._links[i] for i in a.links & b.links if i in self._links]
        lanes = lanes_of([(i.integration_id, i.source.service_id, i.target.service_id)
                          for i in pair])
        for item in pair:
            item.lane = lanes.get(item.integration_id, 0.0)
            item.update_geometry()
        self._overview.lines_changed()

    def _free_spot(self, zone_id: str | None) -> tuple[float, float, None, None]:
        """Where to show a service the view has no position for (never the origin pile)."""
        zone = self._zones.get(zone_id) if zone_id else None
        if zone is not None:
            x, y, w, _h = zone.area()
            taken = [item.box() for item in self.member_items(zone.zone_id)]
            col_x, row_y = x + 32, y + 36 + 32
            while any(r.intersects(QRectF(col_x, row_y, *SERVICE_SIZE)) for r in taken):
                col_x += SERVICE_SIZE[0] + 40
                if col_x + SERVICE_SIZE[0] > x + w:
                    col_x, row_y = x + 32, row_y + SERVICE_SIZE[1] + 40
            return (col_x, row_y, None, None)
        bounds = self.diagram_rect()
        return (bounds.left(), bounds.bottom() + 60, None, None)

    def _free_area(self) -> tuple[float, float, float, float]:
        bounds = self.diagram_rect()
        return (bounds.left(), bounds.bottom() + 60, 480.0, 300.0)

    # ------------------------------------------------------------------ reading

    def service_item(self, service_id: str) -> ServiceItem | None:
        return self._services.get(service_id)

    def integration_item(self, integration_id: str) -> IntegrationItem | None:
        if self._pending_links:
            self._create_pending_links()
        return self._links.get(integration_id)

    def zone_item(self, zone_id: str) -> ZoneItem | None:
        return self._zones.get(zone_id)

    def member_items(self, zone_id: str) -> list[ServiceItem]:
        """The boxes of the services whose zone is ``zone_id``."""
        return [item for item in self._services.values() if item.zone_id == zone_id]

    def zone_at(self, point: QPointF) -> str | None:
        """The zone whose area contains ``point`` (the smallest one, when areas nest).

        Zones are few, so asking each is cheaper than a scene query over every item —
        this runs for every box a drag drops.
        """
        zones = [z for z in self._zones.values() if z.scene_rect().contains(point)]
        if not zones:
            return None
        return min(zones, key=lambda z: z.area()[2] * z.area()[3]).zone_id

    def service_at(self, point: QPointF, *, besides: ServiceItem | None = None) -> str | None:
        """The topmost service box under ``point`` (other than ``besides``)."""
        # Bounding rectangles suffice for boxes and spare the arrows' shape computations.
        for item in self.items(point, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, ServiceItem) and item is not besides and item.box().contains(
                point
            ):
                return item.service_id
        return None

    # ------------------------------------------------------------------ selection

    def selected_ids(self) -> list[str]:
        """Ids of the selected services, then integrations (zones: :meth:`selected_zone_ids`)."""
        items = self.selectedItems()
        services = [i.service_id for i in items if isinstance(i, ServiceItem)]
        links = [i.integration_id for i in items if isinstance(i, IntegrationItem)]
        return sorted(services) + sorted(links)

    def selected_zone_ids(self) -> list[str]:
        return sorted(i.zone_id for i in self.selectedItems() if isinstance(i, ZoneItem))

    def select_ids(self, ids: Iterable[str]) -> None:
        """Select exactly these services/integrations/zones (one selection notice)."""
        wanted = set(ids)
        if self._pending_links:
            self._create_pending_links()
        self.blockSignals(True)
        try:
            self.clearSelection()
            for key in wanted:
                for table in (self._services, self._links, self._zones):
                    item = table.get(key)
                    if item is not None:
                        item.setSelected(True)
        finally:
            self.blockSignals(False)
        self._emit_selection()

    def _emit_selection(self) -> None:
        if self._dense:  # a selected arrow is drawn by itself, highlighted
            for item in self.selectedItems():
                if isinstance(item, IntegrationItem):
                    item.setFlag(_NO_CONTENTS, False)
        self._overview.boxes_changed()
        self.selection_ids_changed.emit(self.selected_ids())

    # ------------------------------------------------------------------ badges

    def set_badges(self, badges: Mapping[str, tuple[int, Severity]]) -> None:
        """Show findings per service: count and worst severity; others lose their badge."""
        old = self._badges
        self._badges = dict(badges)
        for service_id in set(old) | set(self._badges):
            item = self._services.get(service_id)
            if item is not None:
                item.set_badge(self._badges.get(service_id))
        self._overview.boxes_changed()

    # ------------------------------------------------------------------ following the model

    def _on_changes(self, changes: Sequence[Change]) -> None:
        """Bring the named items in line with the model (idempotent, order-tolerant).

        Notices of one batch arrive after the whole batch, so each one is handled by
        looking at the model's *current* state for that key.
        """
        if self._pending_links:
            self._create_pending_links()  # an edit while catching up: finish first
        relane: set[frozenset[str]] = set()
        for change in changes:
            entity, key = change.entity, change.key
            if entity is Service:
                self._sync_service(key)
            elif entity is Integration:
                self._sync_link(key, relane)
            elif entity is ViewPosition and key[0] == self.view_id:
                self._sync_position(key[1])
            elif entity is Zone:
                self._sync_zone(key)
            elif entity is ViewZoneArea and key[0] == self.view_id:
                self._sync_area(key[1])
        for pair in relane:
            a, b = (self._services.get(s) for s in pair) if len(pair) == 2 else (None, None)
            if a is not None and b is not None:
                self._relane(a, b)

    def _sync_service(self, service_id: str) -> None:
        service = self.model.services.get(service_id)
        item = self._services.get(service_id)
        if service is None:
            if item is not None:
                for link_id in list(item.links):
                    self._drop_link(link_id)
                del self._services[service_id]
                self.removeItem(item)
                self._overview.boxes_changed()
            return
        if item is None:
            self._add_service(service, self._saved_rect(service_id))
        else:
            item.refresh(service)
            self._overview.boxes_changed()

    def _saved_rect(self, service_id: str) -> BoxRect | None:
        pos = self.model.views[self.view_id].positions.get(service_id)
        if pos is not None:
            return (pos.x, pos.y, pos.width, pos.height)
        return self._computed.positions.get(service_id)

    def _sync_position(self, service_id: str) -> None:
        item = self._services.get(service_id)
        rect = self._saved_rect(service_id)
        if item is None or rect is None:
            return
        resized = item.set_size(rect[2], rect[3])
        if item.pos() != QPointF(rect[0], rect[1]):
            item.setPos(rect[0], rect[1])  # itemChange updates its integrations
        elif resized:
            self.service_item_moved(item)

    def _sync_link(self, link_id: str, relane: set[frozenset[str]]) -> None:
        integration = self.model.integrations.get(link_id)
        item = self._links.get(link_id)
        if item is not None and (
            integration is None
            or (integration.source_id, integration.target_id)
            != (item.source.service_id, item.target.service_id)
        ):
            relane.add(frozenset((item.source.service_id, item.target.service_id)))
            if integration is not None and self._reattach(item, integration):
                relane.add(frozenset((integration.source_id, integration.target_id)))
                item.refresh(integration)
                return
            self._drop_link(link_id)
            item = None
        if integration is None:
            return
        if item is None:
            if self._add_link(integration) is not None:
                relane.add(frozenset((integration.source_id, integration.target_id)))
        else:
            item.refresh(integration)

    def _reattach(self, item: IntegrationItem, integration: Integration) -> bool:
        """Move an arrow onto the integration's new ends (edited in the inspector).

        The item is kept rather than replaced so a selected arrow stays selected: the
        inspector showing it is not switched away in the middle of the edit.
        """
        source = self._services.get(integration.source_id)
        target = self._services.get(integration.target_id)
        if source is None or target is None:
            return False
        item.source.links.discard(integration.id)
        item.target.links.discard(integration.id)
        item.source, item.target, item.lane = source, target, 0.0
        source.links.add(integration.id)
        target.links.add(integration.id)
        item.update_geometry()
        self._overview.lines_changed()
        return True

    def _drop_link(self, link_id: str) -> None:
        item = self._links.pop(link_id, None)
        if item is None:
            return
        item.source.links.discard(link_id)
        item.target.links.discard(link_id)
        self.removeItem(item)
        self._overview.lines_changed()

    def _sync_zone(self, zone_id: str) -> None:
        zone = self.model.zones.get(zone_id)
        item = self._zones.get(zone_id)
        if zone is None:
            if item is not None:
                del self._zones[zone_id]
                self.removeItem(item)
            return
        if item is None:
            self._add_zone(zone, self._saved_area(zone_id))
        else:
            item.refresh(zone)

    def _saved_area(self, zone_id: str) -> tuple[float, float, float, float] | None:
        area = self.model.views[self.view_id].zone_areas.get(zone_id)
        if area is not None:
            return (area.x, area.y, area.width, area.height)
        return self._computed.zone_areas.get(zone_id)

    def _sync_area(self, zone_id: str) -> None:
        item = self._zones.get(zone_id)
        area = self._saved_area(zone_id)
        if item is not None and area is not None:
            item.set_area(area)

    def service_item_moved(self, item: ServiceItem) -> None:
        """Redraw the arrows of a box that moved (during a drag or after a notice)."""
        for link_id in item.links:
            link = self._links.get(link_id)
            if link is not None:
                link.update_geometry()
        self._overview.boxes_changed()
        if item.links:
            self._overview.lines_changed()

    def begin_frame(self) -> None:
        """A view starts painting a frame (arrows count how crowded it is)."""
        self._arrows_this_frame = 0

    def arrow_painted(self) -> int:
        """Count one more arrow painted in this frame; the count so far."""
        self._arrows_this_frame += 1
        return self._arrows_this_frame

    def set_view_scale(self, scale: float) -> None:
        """Adapt to the view's zoom: a large diagram far out is drawn by the overview.

        Switching costs one pass over the items, once per threshold crossing; frames in
        between draw either the few hundred visible items or the overview's few calls.
        Small diagrams are always drawn item by item (with their own levels of detail).
        """
        detailed = scale >= OVERVIEW_BELOW or not self.is_large()
        if detailed and self._pending_links:
            self._create_pending_links()
        if detailed != self._detailed:
            self._detailed = detailed
            for link in self._links.values():
                link.setVisible(detailed or link.isSelected())
            for service in self._services.values():
                # Boxes stay (selectable, movable) but the overview paints them.
                service.setFlag(_NO_CONTENTS, not detailed)
            self._overview.boxes_changed()
            self._overview.lines_changed()
        self._overview.set_show_boxes(not detailed)
        self._overview.set_shown(not detailed or self._dense)
        self._overview.set_show_lines(scale >= EDGES_HIDDEN_BELOW)

    def is_large(self) -> bool:
        """Whether the diagram is big enough for the overview and dense modes."""
        size = len(self._services) + len(self._links) + len(self._pending_links)
        return size >= lod.LARGE_SCENE

    def arrows_in(self, rect: QRectF) -> int:
        """How many arrows may cross ``rect`` (by their bounding rectangles)."""
        mode = Qt.ItemSelectionMode.IntersectsItemBoundingRect
        return sum(1 for item in self.items(rect, mode) if isinstance(item, IntegrationItem))

    def set_dense(self, dense: bool) -> None:
        """Thousands of arrows in view: draw them as hairlines in one pass.

        Near the shared platform services of a large landscape, ten thousand arrows can
        cross the view; drawing each (dashes, arrowheads) one by one took over half a
        second per frame, and no single arrow can be followed there anyway. The arrows
        stay (hover, click and selection still work); the overview draws their lines.
        """
        if dense == self._dense:
            return
        self._dense = dense
        for link in self._links.values():
            link.setFlag(_NO_CONTENTS, dense and not link.isSelected())
        self._overview.lines_changed()
        self._overview.set_shown(dense or not self._detailed)

    def _overview_boxes(self) -> Iterable[tuple[ServiceKind | str, QRectF]]:
        for item in self._services.values():
            box = item.box()
            yield ("selected" if item.isSelected() else item.kind), box
            if item.badge is not None:
                corner = QRectF(box.right() - 40, box.top() - 10, 50, 30)
                yield SEVERITY_COLOURS[item.badge[1].word], corner

    def _overview_lines(self) -> Iterable[tuple[IntegrationKind, QLineF]]:
        for item in self._links.values():
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
        item = self._services.get(service_id)
        centre = None
        if item is not None:
            x, y, width, height = item.box_values()
            centre = (x + width / 2, y + height / 2)
        centres[service_id] = centre
        return centre

    # ------------------------------------------------------------------ dragging boxes and zones

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.cancelled_link_from = None
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.connecting_from is None:
            self._remember_positions()

    def _remember_positions(self) -> None:
        """Where everything that a drag may move is now, to commit only what moved."""
        selected = self.selectedItems()
        self._press_positions = {i: i.pos() for i in selected if isinstance(i, ServiceItem)}
        self._press_zones = {
            i: i.area() for i in self._zones.values() if i.isSelected() or i.member_starts
        }
        for zone in self._press_zones:
            for member in zone.member_starts:
                self._press_positions.setdefault(member, zone.member_starts[member])

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        # Read the event before passing it on: a handler below may run a nested loop.
        left = event.button() == Qt.MouseButton.LeftButton
        super().mouseReleaseEvent(event)
        if left:
            self.commit_drag()

    def commit_drag(self) -> None:
        """Turn what a drag moved into one undoable edit (called on mouse release).

        Boxes dropped into another zone's area join that zone in the same step, and boxes
        dropped outside every zone leave theirs (a service is never drawn outside the zone
        it belongs to); a moved zone takes along the services it holds.
        """
        positions, zones = self._press_positions, self._press_zones
        self._press_positions, self._press_zones = {}, {}
        moved_zones = {z: z.area() for z, was in zones.items() if z.area() != was}
        for zone in zones:
            zone.member_starts = {}
        moved = {
            item.service_id: (item.pos().x(), item.pos().y())
            for item, was in positions.items()
            if item.pos() != was and item.scene() is self
        }
        if not moved and not moved_zones:
            return
        carried = {m.service_id for z in moved_zones for m in self.member_items(z.zone_id)}
        rezoned: dict[str, str | None] = {}
        for service_id in moved:
            item = self._services[service_id]
            if service_id in carried:
                continue
            target = self.zone_at(item.box().center())
            if target != item.zone_id:
                rezoned[service_id] = target
        stack = self.editor.undo_stack
        try:
            if moved_zones:
                stack.beginMacro("Move zone" if len(moved_zones) == 1 else "Move zones")
            try:
                for zone, area in moved_zones.items():
                    self.editor.set_zone_area(zone.zone_id, area, move_members=False)
                if moved:
                    self.editor.move(moved, zones=rezoned or None)
            finally:
                if moved_zones:
                    stack.endMacro()
        except ModelError as exc:
            self.edit_refused.emit(str(exc))
            self._restore_from_model(positions, zones)

    def _restore_from_model(
        self, positions: Mapping[ServiceItem, QPointF], zones: Iterable[ZoneItem]
    ) -> None:
        for item in positions:
            self._sync_position(item.service_id)
        for zone in zones:
            self._sync_area(zone.zone_id)

    def commit_zone_area(self, zone: ZoneItem) -> None:
        """A zone was resized by its handle: record the new area (members stay put)."""
        try:
            self.editor.set_zone_area(zone.zone_id, zone.area(), move_members=False)
        except ModelError as exc:
            self.edit_refused.emit(str(exc))
            self._sync_area(zone.zone_id)

    # ------------------------------------------------------------------ drawing integrations

    def begin_connection(self, source: ServiceItem, at: QPointF) -> None:
        self.connecting_from = source
        self._link_preview = QGraphicsLineItem(QLineF(source.box().center(), at))
        pen = QPen(QColor("#228BE6"), 2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._link_preview.setPen(pen)
        self._link_preview.setZValue(5)
        self.addItem(self._link_preview)

    def update_connection(self, at: QPointF) -> None:
        """Follow the mouse while a link is drawn, marking the box it would connect to."""
        if self._link_preview is None or self.connecting_from is None:
            return
        self._link_preview.setLine(QLineF(self.connecting_from.box().center(), at))
        self._mark_link_target(self.service_at(at, besides=self.connecting_from))

    def _mark_link_target(self, service_id: str | None) -> None:
        marked = self._services.get(self._link_target or "")
        if marked is not None and service_id != self._link_target:
            marked.set_link_target(False)
        self._link_target = service_id
        if service_id is not None:
            self._services[service_id].set_link_target(True)

    def _end_connection(self) -> ServiceItem | None:
        """Stop drawing a link (preview and target mark gone); the box it started from."""
        source = self.connecting_from
        self.connecting_from = None
        self._mark_link_target(None)
        if self._link_preview is not None:
            self.removeItem(self._link_preview)
            self._link_preview = None
        return source

    def cancel_connection(self) -> bool:
        """Escape during a link drag: drop it, connecting nothing; ``False`` when none."""
        source = self._end_connection()
        if source is None:
            return False
        self.cancelled_link_from = source  # the rest of the drag neither links nor moves
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.cancel_connection():
            event.accept()
            return
        super().keyPressEvent(event)

    def finish_connection_later(self, at: QPointF, screen_pos: QPoint) -> None:
        """End a link drag from a mouse handler: the kind menu opens once the handler has
        returned. A modal menu inside the handler would run a nested event loop while Qt
        still holds the handler's event; using it afterwards crashed the process."""
        QTimer.singleShot(0, lambda: self.finish_connection(at, screen_pos))

    def finish_connection(self, at: QPointF, screen_pos: QPoint | None = None) -> str | None:
        """End a link drag at ``at``: ask the kind, then connect; returns the new id."""
        source = self._end_connection()
        if source is None:
            return None
        target = self.service_at(at, besides=source)
        if target is None:
            return None
        kind = self.ask_integration_kind(screen_pos or QCursor.pos(), source.service_id, target)
        if kind is None:
            return None
        try:
            new_id = self.editor.connect(source.service_id, target, kind)
        except ModelError as exc:
            self.edit_refused.emit(str(exc))
            return None
        self.select_ids([new_id])
        return new_id

    def kind_menu(self, source_id: str, target_id: str) -> QMenu:
        """The menu of integration kinds, titled with the sentence it completes; kinds the
        model would refuse (the source already relies on the target for them) are shown
        but cannot be picked, with the model's reason as their tooltip."""
        names = [self.model.services[i].name or i for i in (source_id, target_id)]
        menu = QMenu()
        menu.setToolTipsVisible(True)
        menu.addSection(f"{names[0]} relies on {names[1]} for…")
        for kind in IntegrationKind:
            action = menu.addAction(kind.label)
            action.setData(kind.value)
            refusal = self.model.check_connect(source_id, target_id, kind)
            if refusal is not None:
                action.setText(f"{kind.label} (already linked)")
                action.setToolTip(refusal[:1].upper() + refusal[1:])
                action.setEnabled(False)
        return menu

    def ask_integration_kind(
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

    # ------------------------------------------------------------------ palette drops

    def dragEnterEvent(self, event: QGraphicsSceneDragDropEvent) -> None:
        if event.mimeData().hasFormat(SERVICE_KIND_MIME):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QGraphicsSceneDragDropEvent) -> None:
        if event.mimeData().hasFormat(SERVICE_KIND_MIME):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QGraphicsSceneDragDropEvent) -> None:
        if self.drop_mime(event.mimeData(), event.scenePos()) is not None:
            event.acceptProposedAction()
        else:
            super().dropEvent(event)

    def drop_mime(self, mime: QMimeData, at: QPointF) -> str | None:
        """Create the service a palette drag carries, centred on ``at``, in the zone there."""
        if not mime.hasFormat(SERVICE_KIND_MIME):
            return None
        word = bytes(mime.data(SERVICE_KIND_MIME).data()).decode("utf-8", "replace").strip()
        try:
            kind = ServiceKind(word)
        except ValueError:
            return None
        try:
            new_id = self.editor.add_service(
                kind, (at.x(), at.y()), zone_id=self.zone_at(at), centred=True
            )
        except ModelError as exc:
            self.edit_refused.emit(str(exc))
            return None
        self.select_ids([new_id])
        return new_id

    # ------------------------------------------------------------------ finding

    def find(self, text: str) -> list[str]:
        """Ids of services whose name or id contains ``text`` (case-insensitive), by name."""
        needle = text.strip().casefold()
        if not needle:
            return []
        hits = [
            s for s in self.model.services.values()
            if needle in s.name.casefold() or needle in s.id
        ]
        return [s.id for s in sorted(hits, key=lambda s: (s.name.casefold(), s.id))]

    def items_rect(self, ids: Iterable[str]) -> QRectF | None:
        """The rectangle around the named services, integrations and zones."""
        if self._pending_links:
            self._create_pending_links()
        rects: list[QRectF] = []
        for key in ids:
            if (service := self._services.get(key)) is not None:
                rects.append(service.box())
            elif (link := self._links.get(key)) is not None:
                rects.append(link.sceneBoundingRect())
            elif (zone := self._zones.get(key)) is not None:
                rects.append(zone.scene_rect())
        if not rects:
            return None
        result = QRectF(rects[0])
        for rect in rects[1:]:
            result = result.united(rect)
        return result


def lanes_of(links: Iterable[tuple[str, str, str]]) -> dict[str, float]:
    """Side-by-side offsets for integrations sharing both ends, by id (others: none).

    Offsets are counted from the pair's first-named service, so A→B and B→A links land
    on opposite sides instead of on top of each other.
    """
    pairs: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for link in links:
        _, source, target = link
        pairs[(source, target) if source < target else (target, source)].append(link)
    lanes: dict[str, float] = {}
    for group in pairs.values():
        if len(group) < 2:
            continue
        group.sort()
        middle = (len(group) - 1) / 2
        for index, (link_id, source, target) in enumerate(group):
            lanes[link_id] = (index - middle) * (-1.0 if source > target else 1.0)
    return lanes
