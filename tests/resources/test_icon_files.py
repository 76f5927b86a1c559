"""Every service kind ships an icon that parses and draws in its notation colour."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from models.domain.enums import ServiceKind
from models.notation import SERVICE_STYLES
from models.resource_files import icon_path

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("kind", list(ServiceKind), ids=lambda k: k.value)
def test_icon_is_a_48px_svg_in_the_kind_colour(kind: ServiceKind) -> None:
    root = ET.parse(icon_path(kind.value)).getroot()
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 48 48"
    assert root.find(f"{SVG}title").text == kind.label
    badge = root.find(f"{SVG}rect")
    assert badge.get("fill").upper() == SERVICE_STYLES[kind].colour.upper()
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}", icon_path(kind.value).read_text("utf-8")))
    assert colours <= {SERVICE_STYLES[kind].colour.upper(), "#FFFFFF"}


def test_icons_are_distinct_drawings() -> None:
    bodies = {
        re.sub(r"<title>.*?</title>|#[0-9A-Fa-f]{6}", "", icon_path(k.value).read_text("utf-8"))
        for k in ServiceKind
    }
    assert len(bodies) == len(ServiceKind)


def test_no_stray_icon_files() -> None:
    shipped = {p.stem for p in icon_path("x").parent.glob("*.svg")}
    assert shipped == {k.value for k in ServiceKind}


@pytest.mark.parametrize("kind", list(ServiceKind), ids=lambda k: k.value)
def test_qt_renders_the_icon_with_ink_at_16px(qapp, kind: ServiceKind) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(icon_path(kind.value)))
    assert renderer.isValid()
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, 16, 16))
    painter.end()
    badge = QColor(SERVICE_STYLES[kind].colour)
    pixels = [image.pixelColor(x, y) for x in range(16) for y in range(16)]
    assert sum(c.alpha() == 255 and c.rgb() == badge.rgb() for c in pixels) >= 40
    inside = [image.pixelColor(x, y) for x in range(3, 13) for y in range(3, 13)]
    assert sum(c.lightness() > badge.lightness() + 60 for c in inside) >= 6  # the pictogram
