"""The editor's SVG icons drawn as PDF vector paths."""

from __future__ import annotations

import io
import math

import pytest
from reportlab.pdfgen.canvas import Canvas

from models.domain.enums import ServiceKind
from models.notation import SERVICE_STYLES
from models.report.icons import UnsupportedIcon, draw_icon, icon_shapes, parse_icon
from models.resource_files import icon_path


def _svg(body: str) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">{body}</svg>'


@pytest.mark.parametrize("kind", list(ServiceKind))
def test_every_shipped_icon_is_drawable(kind):
    if not icon_path(kind.value).is_file():
        pytest.fail(f"icon of {kind.value} is missing")
    icon = icon_shapes(kind)
    assert icon is not None, kind
    assert icon.box == (0, 0, 48, 48)
    # The first shape is the coloured tile in the kind's colour, as on the canvas.
    assert icon.shapes[0].paint.fill == SERVICE_STYLES[kind].colour.upper()


def test_arc_ends_where_the_svg_says_and_bulges_the_right_way():
    icon = parse_icon(_svg('<path d="M14 38V21a10 10 0 0 1 20 0v17" stroke="#FFFFFF"/>'))
    segments = icon.shapes[0].segments
    curves = [s for s in segments if s[0] == "C"]
    assert len(curves) == 2  # a half circle in two quarter-circle Béziers
    assert curves[-1][-2:] == pytest.approx((34, 21))
    # The midpoint of the arc is the top of the circle centred at (24, 21): y = 11.
    assert curves[0][-2:] == pytest.approx((24, 11))


def test_relative_and_smooth_commands_resolve_to_absolute_points():
    icon = parse_icon(_svg('<path d="M17.5 33.5c1.2-3.6 3.6-5.4 6.5-5.4s5.3 1.8 6.5 5.4"/>'))
    first, second = (s for s in icon.shapes[0].segments if s[0] == "C")
    assert first[-2:] == pytest.approx((24, 28.1))
    # The smooth curve's first control point mirrors the previous second one.
    assert second[1:3] == pytest.approx((24 + (24 - 21.1), 28.1 + (28.1 - 28.1)))
    assert second[-2:] == pytest.approx((30.5, 33.5))


def test_rounded_rect_and_circle_are_closed_outlines():
    icon = parse_icon(_svg('<rect x="2" y="2" width="44" height="44" rx="10" fill="#E8590C"/>'
                           '<circle cx="24" cy="24" r="5" fill="#fff"/>'))
    rect, circle = icon.shapes
    assert rect.segments[-1] == ("Z",) and circle.segments[-1] == ("Z",)
    assert rect.paint.fill == "#E8590C" and circle.paint.fill == "#FFFFFF"
    points = [s[-2:] for s in circle.segments if s[0] == "C"]
    assert all(math.hypot(x - 24, y - 24) == pytest.approx(5) for x, y in points)


def test_group_styles_are_inherited_and_overridden():
    icon = parse_icon(_svg('<g fill="none" stroke="#FFFFFF" stroke-width="3" '
                           'stroke-linecap="round"><path d="M1 1h5"/>'
                           '<circle cx="3" cy="3" r="1" fill="#FFFFFF" stroke="none"/></g>'))
    line, dot = icon.shapes
    assert (line.paint.fill, line.paint.stroke, line.paint.width, line.paint.cap) == (
        None, "#FFFFFF", 3.0, 1
    )
    assert (dot.paint.fill, dot.paint.stroke) == ("#FFFFFF", None)


@pytest.mark.parametrize("body", [
    '<image href="x.png" width="4" height="4"/>',
    '<path d="M0 0h4" transform="rotate(45)"/>',
    '<path d="M0 0h4" fill="url(#gradient)"/>',
    '<text x="0" y="0">A</text>',
])
def test_anything_outside_the_subset_is_refused(body):
    with pytest.raises(UnsupportedIcon):
        parse_icon(_svg(body))


def test_drawing_emits_only_path_operators():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0)
    draw_icon(canvas, icon_shapes(ServiceKind.DATABASE), 10, 10, 40)
    canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    assert b" c\n" in data or b" c " in data  # Bézier curves
    assert b"/Subtype /Image" not in data and b" Do\n" not in data


def test_a_missing_icon_falls_back_to_the_glyph_badge(monkeypatch, tmp_path):
    from pypdf import PdfReader

    from models.report import icons
    from models.report.fonts import register_fonts

    register_fonts()
    monkeypatch.setattr(icons, "icon_shapes", lambda kind: None)
    out = tmp_path / "badge.pdf"
    canvas = Canvas(str(out))
    icons.kind_badge(canvas, ServiceKind.DATABASE, 10, 10, 40)
    canvas.showPage()
    canvas.save()
    assert PdfReader(out).pages[0].extract_text().strip() == SERVICE_STYLES[
        ServiceKind.DATABASE].glyph


def test_an_unreadable_icon_file_means_no_icon(monkeypatch, tmp_path):
    from models.report import icons

    broken = tmp_path / "database.svg"
    broken.write_text("<svg", encoding="utf-8")
    monkeypatch.setattr(icons, "icon_path", lambda kind: broken)
    icons.icon_shapes.cache_clear()
    try:
        assert icons.icon_shapes(ServiceKind.DATABASE) is None
    finally:
        icons.icon_shapes.cache_clear()
