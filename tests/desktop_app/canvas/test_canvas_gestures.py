"""Mouse gestures on the view end in one undoable edit each; zoom, pan and levels of detail."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsLineItem, QLabel

from desktop_app.canvas import CanvasScene, CanvasView, Legend
from desktop_app.canvas import view as view_module
from desktop_app.canvas.items import lod
from desktop_app.canvas.items.selection_look import highlight_colour
from desktop_app.editing import DocumentEditor
from models.domain import IntegrationKind, ServiceKind, Severity
from models.notation import SERVICE_STYLES

_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


def position(editor: DocumentEditor, service_id: str) -> tuple[float, float]:
    pos = editor.model.views["main"].positions[service_id]
    return (pos.x, pos.y)


def test_dragging_a_box_is_one_move_step(
    editor: DocumentEditor, view: CanvasView, drag: Any
) -> None:
    start = view.canvas().service_item("idp").box().center()
    drag(view, start, start + QPointF(100, 40), steps=6)
    assert position(editor, "idp") == (500.0, 520.0)
    assert editor.undo_stack.count() == 1
    assert editor.model.services["idp"].zone_id == "internal"  # still inside its zone
    editor.undo_stack.undo()
    assert position(editor, "idp") == (400.0, 480.0)
    item = view.canvas().service_item("idp")
    assert (item.pos().x(), item.pos().y()) == (400.0, 480.0)


def test_arrows_follow_a_dragged_box(view: CanvasView, drag: Any) -> None:
    scene = view.canvas()
    link = next(iter(scene.service_item("idp").links))
    before = scene.integration_item(link).line()
    start = scene.service_item("idp").box().center()
    drag(view, start, start + QPointF(150, 0))
    after = scene.integration_item(link).line()
    assert after.p2().x() > before.p2().x()


def test_dropping_a_box_into_another_zone_sets_its_zone_in_the_same_step(
    editor: DocumentEditor, view: CanvasView, drag: Any
) -> None:
    start = view.canvas().service_item("idp").box().center()
    drag(view, start, QPointF(450, 150))
    assert editor.model.services["idp"].zone_id == "dmz"
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert editor.model.services["idp"].zone_id == "internal"
    assert position(editor, "idp") == (400.0, 480.0)


def test_dropping_a_box_outside_every_zone_clears_its_zone_in_the_same_step(
    editor: DocumentEditor, view: CanvasView, drag: Any
) -> None:
    start = view.canvas().service_item("idp").box().center()
    drag(view, start, QPointF(800, 150))  # right of the DMZ, above the internal zone
    assert editor.model.services["idp"].zone_id is None
    assert view.canvas().service_item("idp").zone_id is None
    assert editor.undo_stack.count() == 1
    assert editor.undo_stack.undoText() == "Move out of zone"
    editor.undo_stack.undo()
    assert editor.model.services["idp"].zone_id == "internal"
    assert position(editor, "idp") == (400.0, 480.0)
    editor.undo_stack.redo()
    assert editor.model.services["idp"].zone_id is None


def test_dragging_a_zoneless_box_around_outside_zones_changes_only_its_place(
    editor: DocumentEditor, view: CanvasView, drag: Any
) -> None:
    start = view.canvas().service_item("idp").box().center()
    drag(view, start, QPointF(800, 150))
    drag(view, QPointF(800, 150), QPointF(820, 180))
    assert editor.model.services["idp"].zone_id is None
    assert editor.undo_stack.count() == 2
    assert editor.undo_stack.undoText() == "Move 1 service"


def test_moving_a_zone_by_its_title_moves_its_services(
    editor: DocumentEditor, view: CanvasView, drag: Any
) -> None:
    drag(view, QPointF(300, 415), QPointF(350, 445))  # the internal zone's title band
    area = editor.model.views["main"].zone_areas["internal"]
    assert (area.x, area.y) == (50.0, 430.0)
    assert position(editor, "orders-db") == (110.0, 510.0)
    assert position(editor, "idp") == (450.0, 510.0)
    assert position(editor, "portal") == (40.0, 80.0)  # another zone's service stays
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert (area.x, area.y) == (0.0, 400.0)
    assert position(editor, "orders-db") == (60.0, 480.0)
    assert view.canvas().service_item("orders-db").pos() == QPointF(60, 480)


def test_resizing_a_zone_by_its_corner(
    editor: DocumentEditor, view: CanvasView, drag: Any
) -> None:
    drag(view, QPointF(595, 295), QPointF(795, 345))
    area = editor.model.views["main"].zone_areas["dmz"]
    assert (area.x, area.y, area.width, area.height) == (0.0, 0.0, 800.0, 350.0)
    assert position(editor, "portal") == (40.0, 80.0)
    editor.undo_stack.undo()
    assert (area.width, area.height) == (600.0, 300.0)


def test_a_zone_cannot_be_shrunk_past_its_services(
    editor: DocumentEditor, view: CanvasView, drag: Any
) -> None:
    box = view.canvas().service_item("portal").box()  # the DMZ's one member
    drag(view, QPointF(595, 295), QPointF(100, 100))
    area = editor.model.views["main"].zone_areas["dmz"]
    assert (area.width, area.height) == (box.right() + 32.0, box.bottom() + 32.0)
    assert view.canvas().zone_item("dmz").scene_rect().contains(box)
    assert position(editor, "portal") == (40.0, 80.0)
    editor.undo_stack.undo()
    assert (area.width, area.height) == (600.0, 300.0)


def test_an_empty_zone_shrinks_to_the_smallest_zone_size(
    editor: DocumentEditor, view: CanvasView, drag: Any
) -> None:
    editor.move({"portal": (700.0, 80.0)}, zones={"portal": None})
    drag(view, QPointF(595, 295), QPointF(50, 50))
    area = editor.model.views["main"].zone_areas["dmz"]
    assert (area.width, area.height) == (200.0, 120.0)


def test_rubber_band_inside_a_zone_selects_services(
    editor: DocumentEditor, view: CanvasView, drag: Any
) -> None:
    drag(view, QPointF(20, 460), QPointF(880, 780))  # inside the internal zone's body
    assert view.canvas().selected_ids()[:2] == ["idp", "orders-db"]
    assert editor.undo_stack.count() == 0
    view.delete_selected()
    assert "idp" not in editor.model.services and "orders-db" not in editor.model.services
    assert editor.model.integrations == {}
    editor.undo_stack.undo()
    assert len(editor.model.integrations) == 2


def test_shift_drag_draws_an_integration(
    editor: DocumentEditor, view: CanvasView, drag: Any, monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
) -> None:
    monkeypatch.setattr(view.gestures.link_drawing, "ask_kind",
                        lambda *_: IntegrationKind.BACKUP)
    start = view.canvas().service_item("orders-db").box().center()
    end = view.canvas().service_item("idp").box().center()
    drag(view, start, end, modifiers=Qt.KeyboardModifier.ShiftModifier)
    # The kind menu opens after the release handler has returned.
    qtbot.waitUntil(lambda: any(
        i.kind is IntegrationKind.BACKUP for i in editor.model.integrations.values()))
    made = [i for i in editor.model.integrations.values() if i.kind is IntegrationKind.BACKUP]
    assert [(i.source_id, i.target_id) for i in made] == [("orders-db", "idp")]
    assert position(editor, "orders-db") == (60.0, 480.0)  # the box itself did not move


def test_dragging_from_the_edge_handle_draws_an_integration(
    editor: DocumentEditor, view: CanvasView, drag: Any, monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
) -> None:
    monkeypatch.setattr(view.gestures.link_drawing, "ask_kind",
                        lambda *_: IntegrationKind.MONITORING)
    box = view.canvas().service_item("orders-db").box()
    handle = QPointF(box.right(), box.center().y())
    drag(view, handle, view.canvas().service_item("portal").box().center())
    qtbot.waitUntil(lambda: any(
        i.kind is IntegrationKind.MONITORING for i in editor.model.integrations.values()))
    made = [i for i in editor.model.integrations.values()
            if i.kind is IntegrationKind.MONITORING]
    assert [(i.source_id, i.target_id) for i in made] == [("orders-db", "portal")]


def test_escape_cancels_a_link_drag(
    editor: DocumentEditor, view: CanvasView, drag: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[object] = []
    monkeypatch.setattr(view.gestures.link_drawing, "ask_kind",
                        lambda *args: asked.append(args) or IntegrationKind.BACKUP)
    scene = view.canvas()
    viewport = view.viewport()
    start = scene.service_item("orders-db").box().center()
    end = scene.service_item("idp").box().center()
    shift, left = Qt.KeyboardModifier.ShiftModifier, Qt.MouseButton.LeftButton

    def send(kind: QEvent.Type, at: QPointF, buttons: Qt.MouseButton) -> None:
        local = QPointF(view.mapFromScene(at))
        QApplication.sendEvent(viewport, QMouseEvent(
            kind, local, QPointF(viewport.mapToGlobal(local.toPoint())), left, buttons, shift))

    send(QEvent.Type.MouseButtonPress, start, left)
    send(QEvent.Type.MouseMove, (start + end) / 2, left)
    send(QEvent.Type.MouseMove, end, left)
    linking = view.gestures.link_drawing
    assert linking.source is not None and scene.service_item("idp").link_target
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert linking.source is None
    assert not scene.service_item("idp").link_target
    assert not [i for i in scene.items() if isinstance(i, QGraphicsLineItem)]  # no preview
    send(QEvent.Type.MouseMove, end + QPointF(30, 30), left)
    send(QEvent.Type.MouseButtonRelease, end + QPointF(30, 30), Qt.MouseButton.NoButton)
    assert asked == []
    assert len(editor.model.integrations) == 2
    assert position(editor, "orders-db") == (60.0, 480.0)  # nor did the rest of it move the box
    assert editor.undo_stack.count() == 0
    # The next drag of that box moves it as usual.
    drag(view, start, start + QPointF(20, 0))
    assert position(editor, "orders-db") == (80.0, 480.0)


def test_copy_paste_through_the_clipboard(editor: DocumentEditor, view: CanvasView) -> None:
    scene = view.canvas()
    scene.select_ids(["portal", "orders-db"])
    assert view.copy_selected()
    new_ids = view.paste()
    assert len(new_ids) == 2 and set(scene.selected_ids()) >= set(new_ids)
    assert all(scene.service_item(i) is not None for i in new_ids)
    assert len(editor.model.integrations) == 3  # the link between the two came along
    editor.undo_stack.undo()
    assert all(scene.service_item(i) is None for i in new_ids)


def test_paste_into_another_window(editor: DocumentEditor, view: CanvasView, qtbot: Any) -> None:
    other_editor = DocumentEditor(type(editor.document).new(name="Other"))
    other_view = CanvasView(CanvasScene(other_editor))
    qtbot.addWidget(other_view)
    try:
        view.canvas().select_ids(["portal", "orders-db", "idp"])
        view.copy_selected()
        new_ids = other_view.paste()
        assert sorted(new_ids) == ["idp", "orders-db", "portal"]
        assert set(other_editor.model.zones) == {"dmz", "internal"}
        assert len(other_editor.model.integrations) == 2
        assert other_view.canvas().service_item("portal") is not None
    finally:
        other_editor.close()
        other_editor.document.close()


def test_cut_removes_after_copying(editor: DocumentEditor, view: CanvasView) -> None:
    view.canvas().select_ids(["idp"])
    assert view.cut_selected()
    assert "idp" not in editor.model.services
    assert view.paste() == ["idp"]


def test_wheel_zooms_about_the_cursor(view: CanvasView) -> None:
    anchor = QPointF(300, 500)
    local = view.mapFromScene(anchor)
    wheel = QWheelEvent(QPointF(local), QPointF(view.viewport().mapToGlobal(local)),
                        QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom() == pytest.approx(1.25)
    after = view.mapToScene(local)
    assert abs(after.x() - anchor.x()) < 2 and abs(after.y() - anchor.y()) < 2


def test_zoom_steps_fit_and_centre(view: CanvasView) -> None:
    view.zoom_in()
    assert view.zoom() == pytest.approx(1.25)
    view.zoom_out()
    view.zoom_out()
    assert view.zoom() == pytest.approx(0.8)
    view.fit_to_window()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(view.canvas().diagram_rect())
    view.set_zoom(2.0)
    view.center_on_ids(["idp"])
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(view.canvas().service_item("idp").box().center())


def _mouse(view: CanvasView, kind: QEvent.Type, at: QPoint, button: Qt.MouseButton,
           buttons: Qt.MouseButton) -> None:
    local = QPointF(at)
    QApplication.sendEvent(view.viewport(), QMouseEvent(
        kind, local, QPointF(view.viewport().mapToGlobal(at)), button, buttons,
        Qt.KeyboardModifier.NoModifier))


def test_middle_button_drag_pans(editor: DocumentEditor, view: CanvasView) -> None:
    before = view.mapToScene(view.viewport().rect().center())
    middle = Qt.MouseButton.MiddleButton
    _mouse(view, QEvent.Type.MouseButtonPress, QPoint(500, 300), middle, middle)
    _mouse(view, QEvent.Type.MouseMove, QPoint(450, 280), Qt.MouseButton.NoButton, middle)
    _mouse(view, QEvent.Type.MouseMove, QPoint(400, 250), Qt.MouseButton.NoButton, middle)
    _mouse(view, QEvent.Type.MouseButtonRelease, QPoint(400, 250), middle,
           Qt.MouseButton.NoButton)
    after = view.mapToScene(view.viewport().rect().center())
    assert after.x() == pytest.approx(before.x() + 100, abs=1)
    assert after.y() == pytest.approx(before.y() + 50, abs=1)
    assert editor.undo_stack.count() == 0  # panning is not an edit


def test_space_and_left_drag_pans_instead_of_moving(
    editor: DocumentEditor, view: CanvasView
) -> None:
    left = Qt.MouseButton.LeftButton
    at = view.mapFromScene(view.canvas().service_item("idp").box().center())
    before = view.mapToScene(view.viewport().rect().center())
    QTest.keyPress(view, Qt.Key.Key_Space)
    _mouse(view, QEvent.Type.MouseButtonPress, at, left, left)
    _mouse(view, QEvent.Type.MouseMove, at + QPoint(-80, 0), Qt.MouseButton.NoButton, left)
    _mouse(view, QEvent.Type.MouseButtonRelease, at + QPoint(-80, 0), left,
           Qt.MouseButton.NoButton)
    QTest.keyRelease(view, Qt.Key.Key_Space)
    after = view.mapToScene(view.viewport().rect().center())
    assert after.x() == pytest.approx(before.x() + 80, abs=1)
    assert position(editor, "idp") == (400.0, 480.0)


def _render(view: CanvasView) -> QImage:
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    view.render(painter)
    painter.end()
    return image


@pytest.mark.parametrize("zoom", [0.03, 0.1, 0.3, 0.5, 1.0, 2.5])
def test_every_level_of_detail_renders(view: CanvasView, zoom: float) -> None:
    view.set_zoom(zoom)
    view.centerOn(view.canvas().service_item("portal").box().center())
    view.canvas().set_badges({"portal": (4, Severity.CRITICAL)})
    image = _render(view)
    centre = view.mapFromScene(view.canvas().service_item("portal").box().center())
    colours = {
        image.pixelColor(centre + QPoint(dx, dy)).name()
        for dx in range(-60, 60, 4)
        for dy in range(-30, 30, 3)
    }
    assert len(colours) > 1  # something is drawn where the portal is


def test_small_diagrams_are_drawn_item_by_item_at_any_zoom(view: CanvasView) -> None:
    view.set_zoom(0.1)
    assert not view.canvas().service_item("portal").flags() & _NO_CONTENTS


def test_zoomed_out_the_overview_draws_and_boxes_stay_selectable(
    view: CanvasView, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lod, "LARGE_SCENE", 1)  # treat the small test diagram as large
    scene = view.canvas()
    view.set_zoom(0.1)
    assert scene.service_item("portal").flags() & _NO_CONTENTS
    assert not scene.integration_item(next(iter(scene.service_item("portal").links))).isVisible()
    scene.select_ids(["portal"])
    assert scene.selected_ids() == ["portal"]
    scene.set_badges({"idp": (2, Severity.HIGH)})
    view.centerOn(scene.service_item("portal").box().center())
    image = _render(view)  # drawn by the overview: boxes as plain rectangles
    centre = view.mapFromScene(scene.service_item("portal").box().center())
    # the selected box, in the platform's highlight colour
    assert image.pixelColor(centre).name() == highlight_colour().name()
    box = scene.service_item("portal").box()
    beside = view.mapFromScene(box.right(), box.center().y()) + QPoint(2, 0)
    assert image.pixelColor(beside).name() == highlight_colour().name()  # grown, to be seen
    view.set_zoom(1.0)
    assert not scene.service_item("portal").flags() & _NO_CONTENTS
    assert scene.integration_item(next(iter(scene.service_item("portal").links))).isVisible()


def test_a_service_added_while_zoomed_out_is_drawn_by_the_overview(
    editor: DocumentEditor, view: CanvasView, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lod, "LARGE_SCENE", 1)
    view.set_zoom(0.1)
    new_id = editor.add_service(ServiceKind.BACKUP, (700, 100))
    item = view.canvas().service_item(new_id)
    assert item.flags() & _NO_CONTENTS
    kinds = {kind for kind, _box in view.canvas().detail.overview_boxes()}
    assert ServiceKind.BACKUP in kinds


def test_legend_lists_every_kind(qtbot: Any) -> None:
    legend = Legend()
    qtbot.addWidget(legend)
    assert legend.line_kinds() == list(IntegrationKind)
    assert legend.service_kinds() == list(ServiceKind)
    texts = {label.text() for label in legend.findChildren(QLabel)}
    assert {"0 — internet", "4 — management"} <= texts
    legend.resize(300, 600)
    assert not legend.grab().isNull()


def test_arrow_keys_nudge_the_selection_as_one_step(
    editor: DocumentEditor, view: CanvasView
) -> None:
    view.canvas().select_ids(["idp", "orders-db"])
    for _ in range(3):
        QTest.keyClick(view, Qt.Key.Key_Right)
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert position(editor, "idp") == (430.0, 530.0)
    assert position(editor, "orders-db") == (90.0, 530.0)
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert position(editor, "idp") == (400.0, 480.0)


def test_where_thousands_of_arrows_cross_the_view_they_are_drawn_in_bulk(
    view: CanvasView, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lod, "LARGE_SCENE", 1)
    monkeypatch.setattr(view_module, "DENSE_ABOVE", 1)  # two arrows count as a crowd here
    monkeypatch.setattr(view_module, "DENSITY_CHECK_EVERY", 0.0)
    scene = view.canvas()
    links = [scene.integration_item(i) for i in scene.service_item("portal").links]
    view.set_zoom(0.9)
    assert all(link.flags() & _NO_CONTENTS for link in links)
    assert not _render(view).isNull()  # the overview draws their lines meanwhile
    scene.select_ids([links[0].integration_id])
    assert not links[0].flags() & _NO_CONTENTS  # a selected arrow is drawn highlighted
    monkeypatch.setattr(view_module, "DENSE_ABOVE", 20)
    monkeypatch.setattr(view_module, "SPARSE_BELOW", 10)
    view.pan_by(5, 0)
    assert not any(link.flags() & _NO_CONTENTS for link in links)


def test_the_overview_redraws_what_changed_while_it_was_hidden(
    editor: DocumentEditor, view: CanvasView, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lod, "LARGE_SCENE", 1)
    view.set_zoom(0.1)
    view.centerOn(QPointF(450, 400))
    _render(view)  # the overview caches its picture at this zoom
    view.set_zoom(1.0)
    editor.move({"idp": (400, 700)})  # changed while the overview is hidden
    view.set_zoom(0.1)
    view.centerOn(QPointF(450, 400))
    image = _render(view)
    moved = view.mapFromScene(view.canvas().service_item("idp").box().center())
    assert image.pixelColor(moved).name() == QColor(SERVICE_STYLES[ServiceKind.IDENTITY_PROVIDER]
                                                    .colour).name()


def test_a_process_that_copied_exits_cleanly(tmp_path: Any) -> None:
    script = tmp_path / "copy_then_exit.py"
    script.write_text(
        "from PySide6.QtWidgets import QApplication\n"
        "from desktop_app.canvas import CanvasScene, CanvasView\n"
        "from desktop_app.editing import DocumentEditor\n"
        "from models.document import Document\n"
        "from models.domain import ServiceKind\n"
        "app = QApplication([])\n"
        "editor = DocumentEditor(Document.new())\n"
        "service = editor.add_service(ServiceKind.DNS, (0, 0))\n"
        "view = CanvasView(CanvasScene(editor))\n"
        "view.canvas().select_ids([service])\n"
        "assert view.copy_selected()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]


def test_moving_a_zone_takes_along_a_service_that_was_selected_before(
    editor: DocumentEditor, view: CanvasView, drag: Any
) -> None:
    view.canvas().select_ids(["idp"])  # pressing the zone's title then selects the zone alone
    drag(view, QPointF(300, 415), QPointF(350, 445))
    assert position(editor, "idp") == (450.0, 510.0)
    assert editor.model.services["idp"].zone_id == "internal"
    assert position(editor, "orders-db") == (110.0, 510.0)
    assert editor.undo_stack.count() == 1
