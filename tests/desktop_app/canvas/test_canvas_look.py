"""What the canvas looks like: whole names after auto-layout, a selection one can see from
the back of a meeting room, and "centre on" that shows all of the selection."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

from desktop_app.canvas import CanvasScene, CanvasView
from desktop_app.canvas.items.selection_look import highlight_colour
from desktop_app.canvas.view import ITEM_OVERHANG
from desktop_app.editing import DocumentEditor
from models.interchange.json_format import import_json
from models.layout import compute_layout
from models.layout.label_width import name_width
from models.notation import SERVICE_NAME_PIXELS, SERVICE_SIZE, SERVICE_TEXT_INSET

EXAMPLE = Path(__file__).parents[3] / "resources" / "examples" / "landscape.json"


@pytest.fixture
def example_editor(qapp: Any) -> Any:
    editor = DocumentEditor(import_json(EXAMPLE.read_text(encoding="utf-8")))
    yield editor
    editor.close()
    editor.document.close()


@pytest.mark.parametrize("engine", ["graphviz", "networkx"])
def test_auto_layout_leaves_every_name_whole(example_editor: DocumentEditor, engine: str):
    editor = example_editor
    editor.apply_geometry(compute_layout(editor.model, engine=engine))
    scene = CanvasScene(editor)
    cut = [item.name for sid in editor.model.services
           if (item := scene.service_item(sid)).shown_name() != item.name]
    assert cut == []
    # Zoomed out to fit a window (about 45 %), names are drawn larger on up to two lines.
    lod = 0.45
    for sid in editor.model.services:
        item = scene.service_item(sid)
        _, text = item.enlarged_name(int(min(64 * 0.4, 10.5 / lod)), 7.5 / lod,
                                     item.box_values()[2] - SERVICE_TEXT_INSET)
        assert text.replace("\n", " ") == item.name


def test_a_box_saved_without_a_size_is_drawn_at_the_size_it_was_saved_with(
    example_editor: DocumentEditor,
):
    editor = example_editor
    editor.model.set_position("main", "api-gateway", 10.0, 20.0)
    item = CanvasScene(editor).service_item("api-gateway")
    assert item.box_values() == (10.0, 20.0, *SERVICE_SIZE)


def test_the_core_never_underestimates_a_name(qapp: Any):
    """The Qt-free width estimate the layout sizes boxes by covers the real font."""
    font = QFont()
    font.setPixelSize(int(SERVICE_NAME_PIXELS))
    font.setBold(True)
    metrics = QFontMetricsF(font)
    samples = [string.printable.strip(), "Container platform", "WWW MMM mmm", "Ünïcødé",
               "Identity provider 2", "HR self-service", "漢字サービス"]
    for text in samples:
        assert name_width(text) >= metrics.horizontalAdvance(text), text


def _render(scene: CanvasScene, source: QRectF, scale: float) -> QImage:
    image = QImage(int(source.width() * scale), int(source.height() * scale),
                   QImage.Format.Format_RGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), source)
    painter.end()
    return image


def _distance(colour: QColor, target: QColor) -> int:
    return (abs(colour.red() - target.red()) + abs(colour.green() - target.green())
            + abs(colour.blue() - target.blue()))


@pytest.mark.parametrize("scale", [1.0, 0.4])
def test_a_selected_box_has_a_thick_outline_and_halo_in_the_highlight_colour(
    editor: DocumentEditor, qapp: Any, scale: float
):
    """Across the left edge of the box, zoomed in or out, selecting it tints at least 6
    screen pixels towards the highlight colour (outline and halo): visible on a projector,
    where a 1-pixel accent line is lost."""
    scene = CanvasScene(editor)
    item = scene.service_item("portal")
    x, y, _, h = item.box_values()
    source = QRectF(x - 20, y - 20, 60, h + 40)
    row = int((20 + h / 2) * scale)
    columns = range(int((20 + 4) * scale))  # from outside the box up to its icon
    plain = _render(scene, source, scale)
    item.setSelected(True)
    selected = _render(scene, source, scale)
    colour = highlight_colour()
    tinted = [i for i in columns
              if _distance(QColor(selected.pixel(i, row)), colour) + 40
              < _distance(QColor(plain.pixel(i, row)), colour)]
    assert len(tinted) >= 6


def test_centre_on_shows_all_of_the_selection_zooming_out_only_when_needed(
    view: CanvasView,
) -> None:
    scene = view.canvas()

    def shown(ids: list[str]) -> bool:
        rect = scene.items_rect(ids).adjusted(-ITEM_OVERHANG, -ITEM_OVERHANG,
                                              ITEM_OVERHANG, ITEM_OVERHANG)
        return view.mapToScene(view.viewport().rect()).boundingRect().contains(rect)

    view.set_zoom(3.0)
    view.center_on_ids(["portal"])
    assert shown(["portal"]) and view.zoom() == pytest.approx(3.0)
    # Two boxes stacked nearly as high as the view: centring alone would cut a halo.
    editor = scene.editor
    editor.move({"orders-db": (40.0, 80.0 + 64.0 + 24.0)})
    view.set_zoom(4.0)
    view.center_on_ids(["portal", "orders-db"])
    assert shown(["portal", "orders-db"])
    view.set_zoom(2.0)
    view.center_on_ids(["portal", "idp"])
    assert shown(["portal", "idp"]) and view.zoom() < 2.0
    # A box moved beyond the diagram's edge is still brought whole into view.
    editor.move({"idp": (5000.0, 4000.0)})
    view.center_on_ids(["idp"])
    assert shown(["idp"])
    view.set_zoom(1.0)
    view.centerOn(QPointF(0, 0))
    view.center_on_ids(["idp"])
    assert shown(["idp"])
