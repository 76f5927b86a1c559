"""The palette: every kind with an icon; its drag data creates a service on the canvas."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt

from desktop_app.kind_drag import SERVICE_KIND_MIME, dragged_kind
from desktop_app.panels.palette import PalettePanel, glyph_pixmap, kind_icon
from models.domain import ServiceKind


def test_lists_every_kind_with_an_icon(qtbot):
    palette = PalettePanel()
    qtbot.addWidget(palette)
    kinds = [palette.item(row).data(Qt.ItemDataRole.UserRole) for row in range(palette.count())]
    assert kinds == [kind.value for kind in ServiceKind]
    assert all(not palette.item(row).icon().isNull() for row in range(palette.count()))
    assert not glyph_pixmap(ServiceKind.DNS, 24).isNull()  # fallback when an SVG is missing
    assert kind_icon(ServiceKind.DNS) is kind_icon(ServiceKind.DNS)


def test_drag_data_drops_a_service_into_the_zone_under_it(make_window):
    window = make_window()
    palette = window.palette
    row = [palette.item(r).data(Qt.ItemDataRole.UserRole) for r in range(palette.count())]
    mime = palette.mimeData([palette.item(row.index("backup"))])
    assert bytes(mime.data(SERVICE_KIND_MIME).data()) == b"backup"
    assert dragged_kind(mime) is ServiceKind.BACKUP  # what the canvas reads from the drop
    portal = window.editor.model.default_view().positions["portal"]
    at = QPointF(portal.x + 90, portal.y + 200)
    zone = window.scene.zone_at(at)
    new_id = window.view.gestures.palette_drop.drop_mime(mime, at)
    service = window.editor.model.services[new_id]
    assert service.kind is ServiceKind.BACKUP
    assert service.zone_id == zone
    assert window.model_tree.item_for(type(service), new_id) is not None


def test_double_click_adds_in_the_middle_of_the_view(make_window):
    window = make_window()
    before = set(window.editor.model.services)
    window.palette.kind_activated.emit(ServiceKind.DNS)
    [new_id] = set(window.editor.model.services) - before
    assert window.scene.selected_ids() == [new_id]
    assert window.inspector.form.field("name").line.text() == "DNS"
    centre = window.view.mapToScene(window.view.viewport().rect().center())
    box = window.editor.model.default_view().positions[new_id]
    assert (box.x + box.width / 2, box.y + box.height / 2) == (centre.x(), centre.y())
    assert window.editor.model.services[new_id].zone_id == window.scene.zone_at(centre)


def test_double_click_over_a_zone_puts_the_service_in_it(make_window):
    window = make_window()
    portal = window.editor.model.default_view().positions["portal"]
    zone = window.editor.model.services["portal"].zone_id
    window.view.set_zoom(1.0)
    window.view.centerOn(portal.x + 10, portal.y + 10)
    before = set(window.editor.model.services)
    window.palette.kind_activated.emit(ServiceKind.BACKUP)
    [new_id] = set(window.editor.model.services) - before
    assert zone is not None
    assert window.editor.model.services[new_id].zone_id == zone
