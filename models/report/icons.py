"""The editor's service-kind icons (``resources/icons/<kind>.svg``) as PDF vector paths.

The canvas renders the shipped SVG icons; the report draws the very same shapes with PDF
path operators, so a database looks the same on screen and on paper and stays sharp at
any zoom. Only the small SVG subset the icon set uses is understood — ``rect``,
``circle``, ``ellipse`` and ``path`` (every path command, arcs included) inside ``g``
groups, with fill, stroke, stroke width, caps and joins. An icon using anything else, or
missing, makes :func:`icon_shapes` return ``None`` and the diagram falls back to the
kind's glyph badge: a box is never blank.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from models.domain.enums import ServiceKind
from models.notation import SERVICE_STYLES
from models.report.fonts import BOLD
from models.resource_files import icon_path

SVG = "{http://www.w3.org/2000/svg}"
Point = tuple[float, float]
Segment = tuple  # ("M", x, y) | ("L", x, y) | ("C", x1, y1, x2, y2, x, y) | ("Z",)

_CAPS = {"butt": 0, "round": 1, "square": 2}
_JOINS = {"miter": 0, "round": 1, "bevel": 2}
_NAMED = {"white": "#FFFFFF", "black": "#000000"}


class UnsupportedIcon(ValueError):
    """The SVG uses something outside the subset this module draws."""


@dataclass(frozen=True)
class Paint:
    """Fill and stroke of one shape, resolved through its groups."""

    fill: str | None
    stroke: str | None
    width: float
    cap: int
    join: int


@dataclass(frozen=True)
class Shape:
    """One drawable element: its outline as absolute path segments, and its paint."""

    segments: tuple[Segment, ...]
    paint: Paint


@dataclass(frozen=True)
class Icon:
    """A parsed icon: shapes in the coordinates of its ``viewBox``."""

    box: tuple[float, float, float, float]
    shapes: tuple[Shape, ...]


@cache
def icon_shapes(kind: ServiceKind) -> Icon | None:
    """The kind's icon, parsed once per process; ``None`` when it cannot be drawn."""
    path = icon_path(kind.value)
    try:
        return parse_icon(path.read_text(encoding="utf-8"))
    except (OSError, ElementTree.ParseError, UnsupportedIcon, ValueError):
        return None


def draw_icon(c: Canvas, icon: Icon, x: float, y: float, size: float) -> None:
    """Draw ``icon`` into the square of side ``size`` whose bottom-left corner is (x, y)."""
    bx, by, bw, bh = icon.box
    scale = size / max(bw, bh)
    c.saveState()
    # SVG's y axis points down: flip it so the icon's top lands at the square's top.
    c.transform(scale, 0, 0, -scale, x - bx * scale, y + size + by * scale)
    c.setDash([])
    for shape in icon.shapes:
        paint = shape.paint
        path = c.beginPath()
        for segment in shape.segments:
            op = segment[0]
            if op == "M":
                path.moveTo(*segment[1:])
            elif op == "L":
                path.lineTo(*segment[1:])
            elif op == "C":
                path.curveTo(*segment[1:])
            else:
                path.close()
        if paint.fill:
            c.setFillColor(colors.HexColor(paint.fill))
        if paint.stroke:
            c.setStrokeColor(colors.HexColor(paint.stroke))
            c.setLineWidth(paint.width)
            c.setLineCap(paint.cap)
            c.setLineJoin(paint.join)
        c.drawPath(path, stroke=1 if paint.stroke else 0, fill=1 if paint.fill else 0)
    c.restoreState()


def kind_badge(c: Canvas, kind: ServiceKind, x: float, y: float, size: float) -> None:
    """The kind's icon (the editor's SVG, as vector paths), or its glyph on a coloured
    rounded square when the icon cannot be drawn."""
    icon = icon_shapes(kind)
    if icon is not None:
        draw_icon(c, icon, x, y, size)
        return
    style = SERVICE_STYLES[kind]
    c.setFillColor(colors.HexColor(style.colour))
    c.roundRect(x, y, size, size, size / 8, stroke=0, fill=1)
    glyph_size = size * (0.38 if len(style.glyph) <= 2 else 0.3)
    c.setFillColor(colors.white)
    c.setFont(BOLD, glyph_size)
    c.drawCentredString(x + size / 2, y + size / 2 - glyph_size * 0.35, style.glyph)


# ---------------------------------------------------------------------- parsing


def parse_icon(text: str) -> Icon:
    """Parse an icon's SVG text; raises :class:`UnsupportedIcon` outside the subset."""
    root = ElementTree.fromstring(text)
    if root.tag != f"{SVG}svg":
        raise UnsupportedIcon("not an SVG document")
    box = _view_box(root)
    base = {"fill": "#000000", "stroke": None, "stroke-width": "1",
            "stroke-linecap": "butt", "stroke-linejoin": "miter"}
    shapes = tuple(_shapes(root, base))
    if not shapes:
        raise UnsupportedIcon("no shapes")
    return Icon(box, shapes)


def _view_box(root: ElementTree.Element) -> tuple[float, float, float, float]:
    if "viewBox" in root.attrib:
        x, y, w, h = (float(v) for v in re.split(r"[\s,]+", root.attrib["viewBox"].strip()))
        return x, y, w, h
    return 0.0, 0.0, float(root.attrib.get("width", 48)), float(root.attrib.get("height", 48))


def _shapes(element: ElementTree.Element, inherited: dict) -> Iterator[Shape]:
    for child in element:
        tag = child.tag.removeprefix(SVG)
        if tag in ("title", "desc", "metadata"):
            continue
        if "transform" in child.attrib:
            raise UnsupportedIcon("transforms are not supported")
        style = {**inherited, **{k: v for k, v in child.attrib.items() if k in inherited}}
        if tag == "g":
            yield from _shapes(child, style)
        elif tag in _OUTLINES:
            yield Shape(tuple(_OUTLINES[tag](child.attrib)), _paint(style))
        else:
            raise UnsupportedIcon(f"<{tag}> is not supported")


def _paint(style: dict) -> Paint:
    return Paint(
        fill=_colour(style["fill"]),
        stroke=_colour(style["stroke"]),
        width=float(style["stroke-width"]),
        cap=_CAPS[style["stroke-linecap"]],
        join=_JOINS[style["stroke-linejoin"]],
    )


def _colour(value: str | None) -> str | None:
    if value is None or value == "none":
        return None
    value = _NAMED.get(value.strip().lower(), value.strip())
    if re.fullmatch(r"#[0-9A-Fa-f]{3}", value):
        value = "#" + "".join(ch * 2 for ch in value[1:])
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise UnsupportedIcon(f"colour {value!r} is not supported")
    return value.upper()


def _number(attrib: dict, name: str, default: float = 0.0) -> float:
    return float(attrib.get(name, default))


def _rect(a: dict) -> Iterator[Segment]:
    x, y = _number(a, "x"), _number(a, "y")
    w, h = _number(a, "width"), _number(a, "height")
    rx = _number(a, "rx", _number(a, "ry"))
    ry = _number(a, "ry", rx)
    rx, ry = min(rx, w / 2), min(ry, h / 2)
    if rx <= 0 or ry <= 0:
        yield from (("M", x, y), ("L", x + w, y), ("L", x + w, y + h), ("L", x, y + h), ("Z",))
        return
    yield ("M", x + rx, y)
    yield ("L", x + w - rx, y)
    yield from _arc((x + w - rx, y), rx, ry, 0, False, True, (x + w, y + ry))
    yield ("L", x + w, y + h - ry)
    yield from _arc((x + w, y + h - ry), rx, ry, 0, False, True, (x + w - rx, y + h))
    yield ("L", x + rx, y + h)
    yield from _arc((x + rx, y + h), rx, ry, 0, False, True, (x, y + h - ry))
    yield ("L", x, y + ry)
    yield from _arc((x, y + ry), rx, ry, 0, False, True, (x + rx, y))
    yield ("Z",)


def _ellipse_segments(cx: float, cy: float, rx: float, ry: float) -> Iterator[Segment]:
    yield ("M", cx + rx, cy)
    yield from _arc((cx + rx, cy), rx, ry, 0, False, True, (cx - rx, cy))
    yield from _arc((cx - rx, cy), rx, ry, 0, False, True, (cx + rx, cy))
    yield ("Z",)


def _circle(a: dict) -> Iterator[Segment]:
    r = _number(a, "r")
    return _ellipse_segments(_number(a, "cx"), _number(a, "cy"), r, r)


def _ellipse(a: dict) -> Iterator[Segment]:
    return _ellipse_segments(_number(a, "cx"), _number(a, "cy"), _number(a, "rx"),
                             _number(a, "ry"))


_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?")
_ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}


def _path(a: dict) -> Iterator[Segment]:
    """Path data to absolute M/L/C/Z segments (quadratics and arcs become cubics)."""
    tokens = _TOKEN.findall(a.get("d", ""))
    position = start = (0.0, 0.0)
    last_cubic: Point | None = None
    last_quad: Point | None = None
    index, command = 0, ""
    while index < len(tokens):
        if tokens[index].isalpha():
            command = tokens[index]
            index += 1
        elif not command:
            raise UnsupportedIcon("path data must start with a command")
        upper, relative = command.upper(), command.islower()
        arity = _ARITY[upper]
        args = [float(t) for t in tokens[index:index + arity]]
        if len(args) < arity:
            raise UnsupportedIcon("truncated path data")
        index += arity
        ox, oy = position if relative else (0.0, 0.0)
        cubic: Point | None = None
        quad: Point | None = None
        if upper == "Z":
            yield ("Z",)
            position = start
            command = ""  # a number right after Z would be an error
        elif upper == "M":
            position = start = (ox + args[0], oy + args[1])
            yield ("M", *position)
            command = "l" if relative else "L"  # further pairs are implicit line-tos
        elif upper in ("L", "H", "V"):
            if upper == "L":
                position = (ox + args[0], oy + args[1])
            elif upper == "H":
                position = ((position[0] if relative else 0.0) + args[0], position[1])
            else:
                position = (position[0], (position[1] if relative else 0.0) + args[0])
            yield ("L", *position)
        elif upper in ("C", "S"):
            if upper == "C":
                first = (ox + args[0], oy + args[1])
                rest = args[2:]
            else:
                first = _reflect(last_cubic, position)
                rest = args
            second = (ox + rest[0], oy + rest[1])
            end = (ox + rest[2], oy + rest[3])
            yield ("C", *first, *second, *end)
            cubic, position = second, end
        elif upper in ("Q", "T"):
            if upper == "Q":
                control = (ox + args[0], oy + args[1])
                end = (ox + args[2], oy + args[3])
            else:
                control = _reflect(last_quad, position)
                end = (ox + args[0], oy + args[1])
            yield ("C", *_lerp(position, control, 2 / 3), *_lerp(end, control, 2 / 3), *end)
            quad, position = control, end
        else:  # A
            end = (ox + args[5], oy + args[6])
            yield from _arc(position, args[0], args[1], args[2], bool(args[3]), bool(args[4]),
                            end)
            position = end
        last_cubic, last_quad = cubic, quad


def _reflect(control: Point | None, about: Point) -> Point:
    if control is None:
        return about
    return (2 * about[0] - control[0], 2 * about[1] - control[1])


def _lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _arc(
    start: Point, rx: float, ry: float, rotation: float, large: bool, sweep: bool, end: Point
) -> Iterator[Segment]:
    """An SVG elliptical arc as cubic Béziers (SVG 1.1 appendix F.6, endpoint → centre)."""
    (x1, y1), (x2, y2) = start, end
    if (x1, y1) == (x2, y2):
        return
    rx, ry = abs(rx), abs(ry)
    if rx == 0 or ry == 0:
        yield ("L", x2, y2)
        return
    phi = math.radians(rotation)
    cos, sin = math.cos(phi), math.sin(phi)
    dx, dy = (x1 - x2) / 2, (y1 - y2) / 2
    x1p, y1p = cos * dx + sin * dy, -sin * dx + cos * dy
    scale = (x1p / rx) ** 2 + (y1p / ry) ** 2
    if scale > 1:
        rx, ry = rx * math.sqrt(scale), ry * math.sqrt(scale)
    numerator = (rx * ry) ** 2 - (rx * y1p) ** 2 - (ry * x1p) ** 2
    denominator = (rx * y1p) ** 2 + (ry * x1p) ** 2
    factor = math.sqrt(max(0.0, numerator / denominator)) if denominator else 0.0
    if large == sweep:
        factor = -factor
    cxp, cyp = factor * rx * y1p / ry, -factor * ry * x1p / rx
    cx = cos * cxp - sin * cyp + (x1 + x2) / 2
    cy = sin * cxp + cos * cyp + (y1 + y2) / 2
    u = ((x1p - cxp) / rx, (y1p - cyp) / ry)
    v = ((-x1p - cxp) / rx, (-y1p - cyp) / ry)
    theta = math.atan2(u[1], u[0])
    delta = math.atan2(u[0] * v[1] - u[1] * v[0], u[0] * v[0] + u[1] * v[1])
    if not sweep and delta > 0:
        delta -= 2 * math.pi
    elif sweep and delta < 0:
        delta += 2 * math.pi
    pieces = max(1, math.ceil(abs(delta) / (math.pi / 2) - 1e-9))
    step = delta / pieces
    handle = 4 / 3 * math.tan(step / 4)

    def place(ux: float, uy: float) -> Point:
        return (cx + rx * ux * cos - ry * uy * sin, cy + rx * ux * sin + ry * uy * cos)

    for piece in range(pieces):
        a1 = theta + piece * step
        a2 = a1 + step
        c1 = place(math.cos(a1) - handle * math.sin(a1), math.sin(a1) + handle * math.cos(a1))
        c2 = place(math.cos(a2) + handle * math.sin(a2), math.sin(a2) - handle * math.cos(a2))
        yield ("C", *c1, *c2, *place(math.cos(a2), math.sin(a2)))


_OUTLINES = {"rect": _rect, "circle": _circle, "ellipse": _ellipse, "path": _path}
