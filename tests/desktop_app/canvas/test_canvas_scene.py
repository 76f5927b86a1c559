"""The scene shows the model and follows its change notices item by item."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop_app.canvas import CanvasScene, CanvasView
from desktop_app.canvas import scene as scene_module
from desktop_app.canvas.interactions import LinkDrawing, PaletteDrop
from desktop_app.editing import DocumentEditor
from desktop_app.kind_drag import SERVICE_KIND_MIME
from models.domain import (
    Criticality,
    Integration,
    IntegrationKind,
    Service,
    ServiceKind,
    Severity,
    Zone,
)
from models.layout.label_width import box_width_for
from models.notation import LAYOUT_SERVICE_SIZE


def test_scene_shows_every_service_link_and_zone(editor: DocumentEditor, qapp: Any) -> None:
    scene = CanvasScene(editor)
    for service_id, pos in editor.model.views["main"].positions.items():
        item = scene.service_item(service_id)
        assert item is not None
        assert (item.pos().x(), item.pos().y()) == (pos.x, pos.y)
    for link_id, link in editor.model.integrations.items():
        item = scene.integration_item(link_id)
        assert item is not None
        assert (item.source.service_id, item.target.service_id) == (link.source_id,
                                                                   link.target_id)
    assert scene.zone_item("dmz").area() == (0.0, 0.0, 600.0, 300.0)


def test_arrow_runs_from_border_to_border_pointing_at_the_target(
    editor: DocumentEditor, qapp: Any
) -> None:
    scene = CanvasScene(editor)
    link_id = next(i.id for i in editor.model.integrations.values() if i.target_id == "orders-db")
    line = scene.integration_item(link_id).line()
    portal, db = scene.service_item("portal").box(), scene.service_item("orders-db").box()
    assert abs(line.y1() - portal.bottom()) < 0.5  # leaves the portal at its bottom edge
    assert abs(line.y2() - db.top()) < 0.5  # the arrowhead ends on the database's top edge


def test_an_edit_touches_only_the_affected_items(editor: DocumentEditor, qapp: Any) -> None:
    scene = CanvasScene(editor)
    before = {sid: scene.service_item(sid) for sid in editor.model.services}
    links_before = {lid: scene.integration_item(lid) for lid in editor.model.integrations}
    new_id = editor.add_service(ServiceKind.DNS, (700, 500), zone_id="internal")
    assert scene.service_item(new_id) is not None
    for sid, item in before.items():
        assert scene.service_item(sid) is item  # same objects: nothing was rebuilt
    editor.update(Service, "portal", name="Customer portal", criticality=Criticality.CRITICAL)
    assert scene.service_item("portal") is before["portal"]
    assert scene.service_item("portal").name == "Customer portal"
    assert scene.service_item("portal").criticality is Criticality.CRITICAL
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert scene.service_item(new_id) is None
    assert scene.service_item("portal").name == "Portal"
    for lid, item in links_before.items():
        assert scene.integration_item(lid) is item


def test_delete_and_undo_follow_the_model(editor: DocumentEditor, qapp: Any) -> None:
    scene = CanvasScene(editor)
    editor.delete(["portal"])
    assert scene.service_item("portal") is None
    assert all(scene.integration_item(i) is None for i in ("portal-depends_on-orders-db",))
    assert not [i for i in scene.items() if getattr(i, "integration_id", None)]
    editor.undo_stack.undo()
    restored = scene.service_item("portal")
    assert restored is not None and (restored.pos().x(), restored.pos().y()) == (40.0, 80.0)
    assert sorted(scene.service_item("portal").links) == sorted(editor.model.integrations)


def test_palette_drop_creates_a_service_in_the_zone_under_it(
    editor: DocumentEditor, view: CanvasView
) -> None:
    scene = view.canvas()
    mime = QMimeData()
    mime.setData(SERVICE_KIND_MIME, QByteArray(b"database"))
    at = QPointF(view.mapFromScene(QPointF(300, 200)))
    for event_type in (QDragEnterEvent, QDragMoveEvent):
        QApplication.sendEvent(view.viewport(), event_type(
            at.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier))
    drop = QDropEvent(at, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), drop)
    assert drop.isAccepted()
    new_id = next(s for s in editor.model.services if s.startswith("database"))
    service = editor.model.services[new_id]
    assert service.kind is ServiceKind.DATABASE
    assert service.zone_id == "dmz"
    pos = editor.model.views["main"].positions[new_id]
    # Centred on the drop point, sized for its name as auto-layout would, and saved so.
    assert (pos.width, pos.height) == (box_width_for(service.name), LAYOUT_SERVICE_SIZE[1])
    assert (pos.x + pos.width / 2, pos.y + pos.height / 2) == (300, 200)
    assert scene.selected_ids() == [new_id]
    editor.undo_stack.undo()
    assert new_id not in editor.model.services
    assert scene.service_item(new_id) is None


def test_drop_outside_zones_and_foreign_drops(editor: DocumentEditor, qapp: Any) -> None:
    scene = CanvasScene(editor)
    dropping = PaletteDrop(scene)
    mime = QMimeData()
    mime.setData(SERVICE_KIND_MIME, QByteArray(b"firewall"))
    new_id = dropping.drop_mime(mime, QPointF(2000, 2000))
    assert editor.model.services[new_id].zone_id is None
    text = QMimeData()
    text.setText("firewall")
    assert dropping.drop_mime(text, QPointF(0, 0)) is None
    bogus = QMimeData()
    bogus.setData(SERVICE_KIND_MIME, QByteArray(b"toaster"))
    assert dropping.drop_mime(bogus, QPointF(0, 0)) is None


def test_drawing_a_link_asks_the_kind_and_connects(
    editor: DocumentEditor, qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = CanvasScene(editor)
    linking = LinkDrawing(scene)
    asked: list[object] = []

    def choose(screen_pos: object, source_id: str, target_id: str) -> IntegrationKind:
        asked.append((source_id, target_id))
        return IntegrationKind.ADMIN_AUTH

    monkeypatch.setattr(linking, "ask_kind", choose)
    db, idp = scene.service_item("orders-db"), scene.service_item("idp")
    linking.begin(db, db.box().center())
    linking.follow(QPointF(300, 500))
    assert not idp.link_target
    linking.follow(idp.box().center())
    assert idp.link_target  # the box it would connect to is marked
    new_id = linking.finish(idp.box().center())
    assert not idp.link_target
    assert asked == [("orders-db", "idp")]
    link = editor.model.integrations[new_id]
    assert (link.source_id, link.target_id, link.kind) == (
        "orders-db", "idp", IntegrationKind.ADMIN_AUTH
    )
    assert scene.integration_item(new_id) is not None
    assert scene.selected_ids() == [new_id]
    # Released on empty canvas, or the menu dismissed: nothing is created.
    linking.begin(db, db.box().center())
    assert linking.finish(QPointF(3000, 3000)) is None
    monkeypatch.setattr(linking, "ask_kind", lambda *_: None)
    linking.begin(db, db.box().center())
    assert linking.finish(scene.service_item("portal").box().center()) is None
    assert len(editor.model.integrations) == 3


def test_the_kind_menu_names_both_services(editor: DocumentEditor, qapp: Any) -> None:
    linking = LinkDrawing(CanvasScene(editor))
    editor.update(Service, "idp", name="Directory")
    menu = linking.kind_menu("portal", "idp")
    title, *kinds = menu.actions()
    assert title.isSeparator() and title.text() == "Portal relies on Directory for…"
    assert [a.data() for a in kinds] == [k.value for k in IntegrationKind]


def test_the_kind_menu_offers_only_what_the_model_would_take(
    editor: DocumentEditor, qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    linking = LinkDrawing(CanvasScene(editor))
    menu = linking.kind_menu("portal", "idp")  # held: its actions go with it
    _, *kinds = menu.actions()
    refused = {a.data(): a for a in kinds if not a.isEnabled()}
    assert list(refused) == ["user_auth"]  # Portal already relies on IdP for it
    assert refused["user_auth"].text() == "User auth (already linked)"
    assert refused["user_auth"].toolTip() == (
        "Portal already relies on IdP for user authentication")
    # The menu has no rule of its own: it asks the model.
    asked: list[tuple[str, str, IntegrationKind]] = []

    def check_connect(source: str, target: str, kind: IntegrationKind, **_: Any) -> str | None:
        asked.append((source, target, kind))
        return "refused" if kind is IntegrationKind.BACKUP else None

    monkeypatch.setattr(editor.model, "check_connect", check_connect)
    menu = linking.kind_menu("portal", "idp")
    _, *kinds = menu.actions()
    assert [a.data() for a in kinds if not a.isEnabled()] == ["backup"]
    assert asked == [("portal", "idp", kind) for kind in IntegrationKind]


def test_drawing_a_duplicate_link_is_refused_with_a_message(
    editor: DocumentEditor, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = CanvasScene(editor)
    linking = LinkDrawing(scene)
    editor.update(Service, "idp", name="Directory")
    monkeypatch.setattr(linking, "ask_kind", lambda *_: IntegrationKind.USER_AUTH)
    portal, idp = scene.service_item("portal"), scene.service_item("idp")
    linking.begin(portal, portal.box().center())
    with qtbot.waitSignal(scene.edit_refused) as refused:
        assert linking.finish(idp.box().center()) is None
    assert refused.args == ["Portal already relies on Directory for user authentication"]
    assert len(editor.model.integrations) == 2


def test_two_links_between_the_same_services_are_drawn_apart(
    editor: DocumentEditor, qapp: Any
) -> None:
    scene = CanvasScene(editor)
    second = editor.connect("portal", "orders-db", IntegrationKind.MONITORING)
    first = next(i for i in editor.model.integrations if i.startswith("portal-depends_on"))
    a, b = scene.integration_item(first).line(), scene.integration_item(second).line()
    assert a.p1() != b.p1() and a.p2() != b.p2()
    editor.undo_stack.undo()
    assert scene.integration_item(first).lane == 0.0


def test_moving_an_end_redraws_the_same_arrow_and_its_lanes(
    editor: DocumentEditor, qapp: Any
) -> None:
    scene = CanvasScene(editor)
    first = next(i for i in editor.model.integrations if i.startswith("portal-depends_on"))
    second = editor.connect("portal", "orders-db", IntegrationKind.MONITORING)
    arrow = scene.integration_item(second)
    arrow.setSelected(True)
    shared = scene.integration_item(first).line()
    assert scene.integration_item(first).lane != 0.0  # side by side with the second

    editor.update(Integration, second, source_id="idp")
    assert scene.integration_item(second) is arrow
    assert arrow.isSelected()
    idp, db = scene.service_item("idp"), scene.service_item("orders-db")
    assert arrow.source is idp and arrow.target is db
    assert idp.box().adjusted(-1, -1, 1, 1).contains(arrow.line().p1())
    assert db.box().adjusted(-1, -1, 1, 1).contains(arrow.line().p2())
    assert second not in scene.service_item("portal").links and second in idp.links
    assert scene.integration_item(first).lane == 0.0  # alone between portal and db again
    assert scene.integration_item(first).line() != shared

    editor.undo_stack.undo()
    assert arrow.source is scene.service_item("portal")
    assert scene.integration_item(first).line() == shared
    assert second not in idp.links
    editor.undo_stack.redo()
    assert arrow.source is idp and scene.integration_item(first).lane == 0.0
    assert scene.selected_ids() == [second]


def test_badges_show_and_clear(editor: DocumentEditor, qapp: Any) -> None:
    scene = CanvasScene(editor)
    scene.set_badges({"portal": (3, Severity.HIGH), "idp": (1, Severity.LOW)})
    assert scene.service_item("portal").badge == (3, Severity.HIGH)
    scene.set_badges({"idp": (2, Severity.CRITICAL)})
    assert scene.service_item("portal").badge is None
    assert scene.service_item("idp").badge == (2, Severity.CRITICAL)


def test_selection_by_ids_and_signal(editor: DocumentEditor, qtbot: Any) -> None:
    scene = CanvasScene(editor)
    link_id = next(iter(editor.model.integrations))
    with qtbot.waitSignal(scene.selection_ids_changed) as blocker:
        scene.select_ids(["idp", link_id])
    assert blocker.args == [["idp", link_id]]
    assert scene.selected_ids() == ["idp", link_id]
    scene.select_ids(["dmz"])
    assert scene.selected_zone_ids() == ["dmz"]
    assert scene.selected_ids() == []


def test_zone_and_new_zone_follow_the_model(editor: DocumentEditor, qapp: Any) -> None:
    scene = CanvasScene(editor)
    editor.update(Zone, "dmz", name="Perimeter")
    assert scene.zone_item("dmz").name == "Perimeter"
    editor.add_entity(Zone(id="mgmt", name="Management", trust=4))
    shown = scene.zone_item("mgmt")
    assert shown is not None  # shown below the diagram until the user places it
    assert 800 <= shown.area()[1] <= 900  # just below the diagram, not far away
    editor.remove_entity(editor.model.zones["mgmt"])
    assert scene.zone_item("mgmt") is None


def test_services_without_saved_positions_are_not_piled_up(
    editor: DocumentEditor, qapp: Any
) -> None:
    for service_id in list(editor.model.services):
        editor.document.model.remove_position("main", service_id)
    scene = CanvasScene(editor)
    boxes = [scene.service_item(s).box() for s in editor.model.services]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.intersects(b)


def test_find_matches_names_case_insensitively(view: CanvasView) -> None:
    found = view.find("orders")
    assert found == ["orders-db"]
    assert view.canvas().selected_ids() == ["orders-db"]
    assert view.find("") == []
    assert sorted(view.find("P")) == ["idp", "portal"]


def test_large_models_make_arrow_items_after_the_first_frame(
    editor: DocumentEditor, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scene_module, "DEFER_LINKS_ABOVE", 1)
    scene = CanvasScene(editor)
    assert scene.has_pending_links()
    lines = list(scene.detail.overview_lines())  # the overview draws them meanwhile
    assert len(lines) == 2
    qtbot.waitUntil(lambda: not scene.has_pending_links())
    assert all(scene.integration_item(i) is not None for i in editor.model.integrations)


def test_an_edit_while_arrows_are_pending_completes_them_first(
    editor: DocumentEditor, qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scene_module, "DEFER_LINKS_ABOVE", 1)
    scene = CanvasScene(editor)
    editor.delete(["idp"])
    assert not scene.has_pending_links()
    (remaining,) = editor.model.integrations
    assert scene.service_item("portal").links == {remaining}
    assert scene.integration_item(remaining) is not None
    assert scene.service_item("idp") is None
