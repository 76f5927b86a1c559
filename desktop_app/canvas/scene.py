"""The diagram of one view: an item per service, integration and zone, kept by id.

The scene builds its items once from the model and the view's geometry, then follows the
editor's change notices and touches only the items those notices name — an edit of one
service never rebuilds the other ten thousand. Gestures (drawing a link, dragging boxes,
resizing a zone, dropping from the palette) are objects of their own
(:mod:`desktop_app.canvas.interactions`) that the scene offers its input events to; they
end in calls to the :class:`DocumentEditor`, and the resulting notices are what update the
items, so undo and redo redraw exactly like the original edit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneDragDropEvent,
    QGraphicsSceneMouseEvent,
)

from desktop_app.canvas.items import lod
from desktop_app.canvas.items.difference_marks import (
    ADDED,
    CHANGED,
    DifferenceOutline,
    GhostService,
    ghost_link,
)
from desktop_app.canvas.items.integration_item import IntegrationItem
from desktop_app.canvas.items.lod import OVERVIEW_BELOW
from desktop_app.canvas.items.service_item import ServiceItem
from desktop_app.canvas.items.zone_item import ZoneItem
from desktop_app.canvas.level_of_detail import LevelOfDetail
from desktop_app.editing import DocumentEditor
from models.domain import (
    Change,
    Integration,
    IntegrationKind,
    Service,
    Severity,
    ViewPosition,
    ViewZoneArea,
    Zone,
)
from models.garbage_collection import collection_paused
from models.layout import Geometry, view_geometry
from models.notation import SERVICE_SIZE

BoxRect = tuple[float, float, float | None, float | None]
"""A service box ``(x, y, width, height)``; ``None`` sizes mean the default size."""
SCENE_MARGIN = 2000.0
"""Room around the diagram so boxes can be dragged past its edge."""
DEFER_LINKS_ABOVE = 3000
"""Models with more integrations than this get their arrow items after the first frame."""
LINK_SLICE = 2000
"""Arrow items made per event-loop turn while catching up (about 0.05 s of work)."""


class Gesture:
    """One way of working on the diagram with mouse or keyboard, offered the scene's input
    events before Qt's own handling of them (item selection and movement).

    Each handler returns ``True`` when the gesture took the event: the scene then skips
    its own handling and the gestures after this one. By default a gesture takes nothing.
    """

    def mouse_press(self, event: QGraphicsSceneMouseEvent) -> bool:
        return False

    def mouse_move(self, event: QGraphicsSceneMouseEvent) -> bool:
        return False

    def mouse_release(self, event: QGraphicsSceneMouseEvent) -> bool:
        return False

    def key_press(self, event: QKeyEvent) -> bool:
        return False

    def drag_enter(self, event: QGraphicsSceneDragDropEvent) -> bool:
        return False

    def drag_move(self, event: QGraphicsSceneDragDropEvent) -> bool:
        return False

    def drop(self, event: QGraphicsSceneDragDropEvent) -> bool:
        return False


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
        self._gestures: list[Gesture] = []
        self._pending_links: list[str] = []
        self._pending_ends: dict[str, tuple[str, str, IntegrationKind]] = {}
        """Ends and kind of each integration still without an item (for the overview)."""
        self._lanes: dict[str, float] = {}
        self._difference_marks: list[QGraphicsItem] = []
        self.detail = LevelOfDetail(self, self._services, self._links, self._pending_ends)
        """Who paints the diagram at the view's zoom: its items or the overview."""
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
        self._pending_ends.update((link[0], (link[1], link[2], link[3])) for link in links)
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
        self._pending_ends.clear()
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
        self.detail.lines_changed(repaint=False)

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
        self.detail.prepare_box(item)
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
        self.detail.prepare_arrow(item, repaint=repaint)
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
        self.detail.lines_changed()

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

    def zone_items(self) -> list[ZoneItem]:
        return list(self._zones.values())

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
        self.detail.selection_changed(self.selectedItems())
        self.selection_ids_changed.emit(self.selected_ids())

    # ------------------------------------------------------------------ comparison

    def show_differences(
        self,
        added: Iterable[str],
        changed: Iterable[str],
        ghosts: Sequence[tuple[str, str, tuple[float, ...] | None]] = (),
        ghost_links: Sequence[tuple[str, str, str, str]] = (),
    ) -> None:
        """Mark services and links ``added`` or ``changed`` since a compared version, and
        draw ``ghosts`` — ``(id, name, box or None)`` of removed services — and
        ``ghost_links`` — ``(id, label, source, target)`` of removed links — as ghosts."""
        self.clear_differences()
        if self._pending_links:
            self._create_pending_links()
        for colour, ids, word in ((ADDED, added, "Added"), (CHANGED, changed, "Changed")):
            for key in ids:
                item = self._services.get(key) or self._links.get(key)
                if item is not None:
                    self._mark(DifferenceOutline(item.sceneBoundingRect(), colour,
                                                 f"{word} since the compared version"))
        placed: dict[str, QPointF] = {}
        spare = self.diagram_rect()
        x = spare.left()
        for key, name, box in ghosts:
            if box is not None and len(box) >= 2:
                width, height = (box[2], box[3]) if len(box) >= 4 and box[2] else SERVICE_SIZE
                rect = QRectF(box[0], box[1], width, height)
            else:  # the other version had no position for it: a row under the diagram
                rect = QRectF(x, spare.bottom() + 60, *SERVICE_SIZE)
                x += SERVICE_SIZE[0] + 30
            self._mark(GhostService(rect, name))
            placed[key] = rect.center()
        for _key, label, source, target in ghost_links:
            ends = [placed.get(end) or (item.sceneBoundingRect().center() if (
                item := self._services.get(end)) is not None else None)
                for end in (source, target)]
            if ends[0] is not None and ends[1] is not None:
                self._mark(ghost_link(ends[0], ends[1], label))

    def clear_differences(self) -> None:
        for item in self._difference_marks:
            self.removeItem(item)
        self._difference_marks = []

    def difference_marks(self) -> list[QGraphicsItem]:
        return list(self._difference_marks)

    def _mark(self, item: QGraphicsItem) -> None:
        self.addItem(item)
        self._difference_marks.append(item)

    # ------------------------------------------------------------------ badges

    def set_badges(self, badges: Mapping[str, tuple[int, Severity]]) -> None:
        """Show findings per service: count and worst severity; others lose their badge."""
        old = self._badges
        self._badges = dict(badges)
        for service_id in set(old) | set(self._badges):
            item = self._services.get(service_id)
            if item is not None:
                item.set_badge(self._badges.get(service_id))
        self.detail.boxes_changed()

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
                self.sync_position(key[1])
            elif entity is Zone:
                self._sync_zone(key)
            elif entity is ViewZoneArea and key[0] == self.view_id:
                self.sync_area(key[1])
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
                self.detail.boxes_changed()
            return
        if item is None:
            self._add_service(service, self._saved_rect(service_id))
        else:
            item.refresh(service)
            self.detail.boxes_changed()

    def _saved_rect(self, service_id: str) -> BoxRect | None:
        pos = self.model.views[self.view_id].positions.get(service_id)
        if pos is not None:
            return (pos.x, pos.y, pos.width, pos.height)
        return self._computed.positions.get(service_id)

    def sync_position(self, service_id: str) -> None:
        """Show the box where the model has it (also after a refused gesture)."""
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
        self.detail.lines_changed()
        return True

    def _drop_link(self, link_id: str) -> None:
        item = self._links.pop(link_id, None)
        if item is None:
            return
        item.source.links.discard(link_id)
        item.target.links.discard(link_id)
        self.removeItem(item)
        self.detail.lines_changed()

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

    def sync_area(self, zone_id: str) -> None:
        """Show the zone's area as the model has it (also after a refused gesture)."""
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
        self.detail.boxes_changed()
        if item.links:
            self.detail.lines_changed()

    # ------------------------------------------------------------------ level of detail

    def set_view_scale(self, scale: float) -> None:
        """Adapt to the view's zoom: a large diagram far out is drawn by the overview
        (:class:`LevelOfDetail`); small diagrams always item by item, each with its own
        levels of detail. Arrows still to be made are made before they are shown."""
        detailed = scale >= OVERVIEW_BELOW or not self.is_large()
        if detailed and self._pending_links:
            self._create_pending_links()
        self.detail.set_view_scale(scale, detailed=detailed)

    def is_large(self) -> bool:
        """Whether the diagram is big enough for the overview and dense modes."""
        size = len(self._services) + len(self._links) + len(self._pending_links)
        return size >= lod.LARGE_SCENE

    # ------------------------------------------------------------------ gestures

    def add_gesture(self, gesture: Gesture) -> None:
        """Offer the input events to ``gesture`` (after those added before it)."""
        self._gestures.append(gesture)

    def press_target(self, point: QPointF) -> QGraphicsItem | None:
        """The item a left-button press at ``point`` goes to, as Qt picks it: the topmost
        box or arrow, or a zone by its title band or corner handle. A zone's body lets
        presses through, so a rubber band can start inside it."""
        for item in self.items(point):
            if isinstance(item, ServiceItem | IntegrationItem):
                return item
            if isinstance(item, ZoneItem):
                local = item.mapFromScene(point)
                if item.on_title(local) or item.on_handle(local):
                    return item
        return None

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if not any(gesture.mouse_press(event) for gesture in self._gestures):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if not any(gesture.mouse_move(event) for gesture in self._gestures):
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if not any(gesture.mouse_release(event) for gesture in self._gestures):
            super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not any(gesture.key_press(event) for gesture in self._gestures):
            super().keyPressEvent(event)

    def dragEnterEvent(self, event: QGraphicsSceneDragDropEvent) -> None:
        if not any(gesture.drag_enter(event) for gesture in self._gestures):
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QGraphicsSceneDragDropEvent) -> None:
        if not any(gesture.drag_move(event) for gesture in self._gestures):
            super().dragMoveEvent(event)

    def dropEvent(self, event: QGraphicsSceneDragDropEvent) -> None:
        if not any(gesture.drop(event) for gesture in self._gestures):
            super().dropEvent(event)

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
