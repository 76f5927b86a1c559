"""The architecture diagram as vector drawing operators, in the editor's visual language.

Everything is drawn with canvas path operators and text (no raster image anywhere): zone
areas filled by trust level, integration lines coloured and dashed by kind with an
arrowhead at the target, service boxes with the kind's icon (the editor's SVG, redrawn as
paths by :mod:`models.report.icons`), a badge for the worst open finding, and a legend.
Colours and dashes come from :mod:`models.notation`, the same table the canvas uses.

A small model fits one landscape page readably. A large one gets an overview page (names
kept at :data:`MIN_NAME_SIZE` while boxes are big enough to hold them, plain boxes below
that) followed by pages per zone, each zone cut into tiles so that boxes are printed at
least at :data:`READABLE_SCALE`. Every page scales its region to fill the page (at most
:data:`MAX_SCALE`), with the legend under the drawing or, for a tall scene, beside it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from models.domain.entities import Integration, Service, Zone
from models.domain.enums import TRUST_WORDS, Criticality, IntegrationKind, ServiceKind
from models.layout.geometry import Rect, contains, enclosing
from models.layout.spacing import ZONE_TITLE
from models.notation import (
    CRITICALITY_STRIPES,
    INTEGRATION_STYLES,
    SERVICE_BORDER,
    SERVICE_CORNER,
    SERVICE_ICON_SIZE,
    SERVICE_STYLES,
    SEVERITY_COLOURS,
    UNZONED_BORDER,
    UNZONED_FILL,
    ZONE_BORDERS,
    ZONE_FILLS,
)
from models.report.fonts import BOLD, REGULAR
from models.report.icons import kind_badge
from models.report.literal import literal, name_text, shortened
from models.report.styles import INK, MUTED
from models.report.template import fit_text

READABLE_SCALE = 0.65
"""Smallest scale a zone page is planned at: a service name (11.5 units in the scene)
prints at 7.5 pt, leaving room for a longer note under the drawing above 7 pt."""
LABEL_SCALE = 0.16
"""Below this scale boxes are drawn without text: a 180-unit box would print narrower than
about eight characters of :data:`MIN_NAME_SIZE` text (the zone pages carry the names)."""
MIN_NAME_SIZE = 5.0
"""Smallest printed size of a service name (points). An overview scaled below the editor's
size keeps its names at this size (wrapped, the icon and kind line dropped if need be)
rather than shrinking them into an unreadable smear."""
NAME_SIZE = 11.5
"""Service name size in scene units on paper. Smaller than the canvas' name font
(``SERVICE_NAME_PIXELS``): a printed name is read closer up and may take three lines."""
LEGEND_HEIGHT = 88.0
OFF_PAGE_HEIGHT = 30.0
"""Room planned on a zone page for the note naming where its outgoing lines lead."""
NOTE_GAP = 4.0
MAX_SCALE = 1.5
"""A small zone fills its page, but is never printed larger than 1.5× the editor's size."""
LEGEND_COLUMN = 240.0
"""Width of the legend when it stands beside the drawing (a tall scene on a wide page)."""
LEGEND_GAP = 14.0
BOX_BORDER = colors.HexColor(SERVICE_BORDER)
UNZONED = ""
"""Region key of the services that sit in no zone."""


@dataclass(frozen=True)
class DiagramScene:
    """What the diagram shows: the model's entities and where the view puts them."""

    services: Mapping[str, Service]
    integrations: Iterable[Integration]
    zones: Mapping[str, Zone]
    positions: Mapping[str, Rect]
    zone_areas: Mapping[str, Rect]
    badges: Mapping[str, tuple[int, str]]
    """Service id → (open findings naming it, worst severity word), drawn as on the canvas."""


@dataclass(frozen=True)
class DiagramRegion:
    """One diagram page: a rectangle of the scene and its title.

    A zone page names its zone and the scene rectangle of the zone's title band as printed
    on it: the band lies inside ``rect``, so the page's clip never cuts the zone's name.
    """

    title: str
    rect: Rect
    zone_id: str | None = None
    """The zone this page shows (:data:`UNZONED` for the services without one); ``None``
    on an overview."""
    title_band: Rect | None = None
    scale_limit: float = MAX_SCALE
    """Largest scale the page is printed at: the parts of one zone share one scale."""

    @property
    def show_labels_always(self) -> bool:
        """A zone page labels every box it holds, whatever the scale."""
        return self.zone_id is not None


TILE_MARGIN = 24.0
"""Scene units left around a zone page's boxes."""
BAND_REACH = ZONE_TITLE + 40.0 + TILE_MARGIN
"""How far above a zone's top row its own title band may sit and still be printed where
it is; a band further up (a zone drawn much taller than its boxes) is repeated above them."""


def plan_regions(scene: DiagramScene, width: float, height: float) -> list[DiagramRegion]:
    """The pages needed to print ``scene`` readably in a ``width`` × ``height`` area.

    One page when the whole scene fits at a readable scale; otherwise the overview plus,
    per zone (in trust order), one or more tiles of that zone's services, each printable at
    :data:`READABLE_SCALE` or more with its title band on top.
    """
    everything = scene_bounds(scene)
    if everything is None:
        return []
    area_height = height - LEGEND_HEIGHT
    if fit_scale(everything, width, area_height) >= READABLE_SCALE:
        return [DiagramRegion("Overview", pad(everything, 20))]
    regions = [DiagramRegion("Overview", pad(everything, 20))]
    for key, title, members in _zone_groups(scene):
        boxes = [scene.positions[s] for s in members]
        tiles = _tiles(boxes, width, area_height - OFF_PAGE_HEIGHT)
        top_row = min(box[1] for box in boxes)
        parts = [_with_title_band(pad(tile, TILE_MARGIN), scene.zone_areas.get(key),
                                  holds_top_row=tile[1] <= top_row) for tile in tiles]
        limit = min(fit_scale(rect, width, area_height - OFF_PAGE_HEIGHT, limit=MAX_SCALE)
                    for rect, _band in parts)
        for number, (rect, band) in enumerate(parts, start=1):
            suffix = f" — part {number} of {len(parts)}" if len(parts) > 1 else ""
            regions.append(DiagramRegion(f"{title}{suffix}", rect, key, band, limit))
    return regions


def _with_title_band(
    rect: Rect, area: Rect | None, *, holds_top_row: bool
) -> tuple[Rect, Rect]:
    """``rect`` grown upward to hold its zone's title band, and that band.

    The page holding the zone's top row shows the band where the zone has it (when it sits
    just above the boxes); any other page gets the band repeated along its top, so every
    zone page says which zone it shows.
    """
    x, y, w, h = rect
    left, right = x, x + w
    if area is not None and area[0] < right and area[0] + area[2] > left:
        left, right = max(left, area[0]), min(right, area[0] + area[2])
    if area is not None and holds_top_row and y - BAND_REACH <= area[1] <= y:
        top = area[1] - NOTE_GAP
        return (x, top, w, y + h - top), (left, area[1], right - left, ZONE_TITLE)
    top = y - ZONE_TITLE
    return (x, top, w, h + ZONE_TITLE), (left, top, right - left, ZONE_TITLE)


def _zone_groups(scene: DiagramScene) -> Iterator[tuple[str, str, list[str]]]:
    """``(zone id, page title, service ids)`` per zone with services, least trusted first."""
    members: dict[str, list[str]] = {}
    for service_id in scene.positions:
        service = scene.services.get(service_id)
        if service is not None:
            members.setdefault(service.zone_id or UNZONED, []).append(service_id)
    zones = sorted(
        (z for z in scene.zones.values() if z.id in members), key=lambda z: (z.trust, z.name, z.id)
    )
    for zone in zones:
        yield zone.id, f"Zone {name_text(zone.name or zone.id)} (trust {zone.trust})", members[
            zone.id]
    if UNZONED in members:
        yield UNZONED, "Services without a zone", members[UNZONED]


def _tiles(boxes: list[Rect], width: float, height: float) -> list[Rect]:
    """Cut the area of ``boxes`` into a grid of tiles each printable at a readable scale
    (with its margin and title band).

    Each box belongs to the tile holding its centre and the tile is shrunk to the boxes it
    holds, so no box is split between two pages. The grid starts from the area's size and
    gains a column (or row) while some tile is still too wide (or tall): a wide one-row zone
    is split into parts rather than printed smaller than readable.
    """
    area = enclosing(boxes)
    margin_w, margin_h = 2 * TILE_MARGIN, 2 * TILE_MARGIN + ZONE_TITLE + NOTE_GAP
    columns = max(1, math.ceil(area[2] * READABLE_SCALE / width))
    rows = max(1, math.ceil(area[3] * READABLE_SCALE / height))
    while True:
        cells: dict[tuple[int, int], list[Rect]] = {}
        for box in boxes:
            cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
            column = min(columns - 1, int((cx - area[0]) / max(area[2], 1) * columns))
            row = min(rows - 1, int((cy - area[1]) / max(area[3], 1) * rows))
            cells.setdefault((row, column), []).append(box)
        tiles = [enclosing(cells[key]) for key in sorted(cells)]
        crowded = [enclosing(members) for members in cells.values() if len(members) > 1]
        wide = any((t[2] + margin_w) * READABLE_SCALE > width for t in crowded)
        tall = any((t[3] + margin_h) * READABLE_SCALE > height for t in crowded)
        if not (wide or tall) or columns * rows >= len(boxes):
            return tiles
        columns += wide
        rows += tall


def scene_bounds(scene: DiagramScene) -> Rect | None:
    """The rectangle holding every service box and zone area; ``None`` for an empty scene."""
    rects = [*scene.positions.values(), *scene.zone_areas.values()]
    return enclosing(rects) if rects else None


def pad(rect: Rect, margin: float) -> Rect:
    return (rect[0] - margin, rect[1] - margin, rect[2] + 2 * margin, rect[3] + 2 * margin)


def fit_scale(rect: Rect, width: float, height: float, *, limit: float = 1.0) -> float:
    """The scale at which ``rect`` fills at most ``width`` × ``height`` (never above
    ``limit``)."""
    return min(limit, width / max(rect[2], 1.0), height / max(rect[3], 1.0))


def intersects(a: Rect, b: Rect) -> bool:
    return (
        a[0] <= b[0] + b[2] and b[0] <= a[0] + a[2] and a[1] <= b[1] + b[3] and b[1] <= a[1] + a[3]
    )


@dataclass(frozen=True)
class _Arrangement:
    """Where the parts of a diagram page go, in the flowable's coordinates (y up)."""

    scale: float
    drawing: Rect
    """``(x, y_bottom, width, height)`` the region is scaled into and centred in."""
    legend: Rect
    beside: bool
    """Whether the legend stands right of the drawing rather than under it."""
    note: Rect

    def placed(self, region: Rect) -> Rect:
        """Where ``region`` lands: scaled, centred in the drawing area both ways."""
        x, y, width, height = self.drawing
        w, h = region[2] * self.scale, region[3] * self.scale
        return x + (width - w) / 2, y + (height - h) / 2, w, h


class DiagramFlowable(Flowable):
    """One diagram page: the region scaled to fill the frame (centred, never more than
    :data:`MAX_SCALE`), the legend under it or — for a scene taller than the page is
    wide — beside it, and on a zone page the note naming where leaving lines lead."""

    def __init__(
        self, scene: DiagramScene, region: DiagramRegion, note: Paragraph | None = None
    ) -> None:
        super().__init__()
        self.scene = scene
        self.region = region
        self.note = note
        self.width = self.height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, available_height - 1
        return self.width, self.height

    def _note_height(self, width: float) -> float:
        if self.note is None:
            return 0.0
        return self.note.wrap(width, self.height)[1] + NOTE_GAP

    def arrange(self) -> _Arrangement:
        """The better of legend-under and legend-beside: whichever prints the region larger
        (under wins a near tie: a full-width legend reads more easily)."""
        rect = self.region.rect
        width, height = self.width, self.height
        note = self._note_height(width)
        under = _Arrangement(
            fit_scale(rect, width, height - LEGEND_HEIGHT - note, limit=self.region.scale_limit),
            (0.0, LEGEND_HEIGHT + note, width, height - LEGEND_HEIGHT - note),
            (0.0, 0.0, width, LEGEND_HEIGHT - 8), False,
            (0.0, LEGEND_HEIGHT, width, note),
        )
        column = width - LEGEND_COLUMN
        note = self._note_height(column)
        beside = _Arrangement(
            fit_scale(rect, column, height - note, limit=self.region.scale_limit),
            (0.0, note, column, height - note),
            (column + LEGEND_GAP, 0.0, LEGEND_COLUMN - LEGEND_GAP, height), True,
            (0.0, 0.0, column, note),
        )
        return beside if beside.scale > under.scale * 1.08 else under

    def draw(self) -> None:
        c: Canvas = self.canv
        zone_page = self.region.show_labels_always
        rect = self.region.rect
        place = self.arrange()
        scale = place.scale
        left, bottom, width, height = place.placed(rect)
        top = bottom + height
        painter = _Painter(c, scale, rect[0], rect[1], left, top)
        c.saveState()
        clip = c.beginPath()
        clip.rect(left, bottom, width, height)
        c.clipPath(clip, stroke=0, fill=0)
        labels = zone_page or scale >= LABEL_SCALE
        painter.zones(self.scene, self.region)
        painter.integrations(self.scene, rect, ends_inside=zone_page, arrows=labels)
        painter.title_band(self.scene, self.region)
        painter.services(self.scene, rect, labels=labels, whole_only=zone_page)
        c.restoreState()
        if self.note is not None:
            self.note.wrap(place.note[2], self.height)
            self.note.drawOn(c, place.note[0], place.note[1])
        c.saveState()
        c.translate(place.legend[0], place.legend[1])
        draw_legend(c, self.scene, place.legend[2], place.legend[3], beside=place.beside)
        c.restoreState()


def leaving_note(scene: DiagramScene, view: Rect, style: ParagraphStyle) -> Paragraph | None:
    """Every service outside ``view`` that a line from inside leads to, grouped by zone
    (least trusted first) and each with its number of lines; ``None`` when none leaves."""
    counts = off_page_ends(scene, view)
    if not counts:
        return None
    by_zone: dict[str, list[str]] = {}
    for other in counts:
        by_zone.setdefault(scene.services[other].zone_id or UNZONED, []).append(other)
    zones = scene.zones

    def zone_order(key: str) -> tuple[int, int, str, str]:
        zone = zones.get(key)
        if zone is None:
            return (1, 0, "", key)
        return (0, zone.trust, zone.name, zone.id)

    groups = []
    for key in sorted(by_zone, key=zone_order):
        zone = zones.get(key)
        title = name_text(zone.name or zone.id) if zone is not None else "without a zone"
        names = ", ".join(
            f"{literal(name_text(scene.services[s].name or s))}\u00a0×{counts[s]}"
            for s in sorted(by_zone[key], key=lambda s: (-counts[s], scene.services[s].name, s))
        )
        groups.append(f"<b>{literal(title)}:</b> {names}")
    return Paragraph("Lines leaving this page lead to — " + "; ".join(groups) + ".", style)


def off_page_ends(scene: DiagramScene, view: Rect) -> dict[str, int]:
    """Service id → number of lines from a box inside ``view`` to that box outside it."""
    positions = scene.positions
    counts: dict[str, int] = {}
    for integration in scene.integrations:
        source = positions.get(integration.source_id)
        target = positions.get(integration.target_id)
        if source is None or target is None:
            continue
        source_in, target_in = contains(view, source), contains(view, target)
        if source_in != target_in:
            other = integration.target_id if source_in else integration.source_id
            if other in scene.services:
                counts[other] = counts.get(other, 0) + 1
    return counts


class _Painter:
    """Scene-to-page transform plus the drawing of each kind of element."""

    def __init__(
        self, canvas: Canvas, scale: float, origin_x: float, origin_y: float, left: float,
        top: float,
    ) -> None:
        self.c = canvas
        self.s = scale
        self.ox, self.oy = origin_x, origin_y
        self.left, self.top = left, top

    def point(self, x: float, y: float) -> tuple[float, float]:
        """Scene point (y down) → page point (y up)."""
        return self.left + (x - self.ox) * self.s, self.top - (y - self.oy) * self.s

    def box(self, rect: Rect) -> tuple[float, float, float, float]:
        """Scene rectangle → page ``(x, y_bottom, w, h)``."""
        x, y = self.point(rect[0], rect[1] + rect[3])
        return x, y, rect[2] * self.s, rect[3] * self.s

    def zones(self, scene: DiagramScene, region: DiagramRegion) -> None:
        """Zone areas as on the canvas: trust fill, border, a tinted title band. A zone
        page's own zone has its title drawn in the region's band (whole, on the page)."""
        c, s = self.c, self.s
        view = region.rect
        for zone_id, area in scene.zone_areas.items():
            zone = scene.zones.get(zone_id)
            if zone is None or not intersects(area, view):
                continue
            x, y, w, h = self.box(area)
            border = colors.HexColor(ZONE_BORDERS.get(zone.trust, UNZONED_BORDER))
            c.setFillColor(colors.HexColor(ZONE_FILLS.get(zone.trust, UNZONED_FILL)))
            c.setStrokeColor(border)
            c.setLineWidth(max(0.5, 2 * s))
            c.rect(x, y, w, h, stroke=1, fill=1)
            if zone_id != region.zone_id or region.title_band is None:
                self._band(zone, (area[0], area[1], area[2], min(area[3], ZONE_TITLE)))

    def title_band(self, scene: DiagramScene, region: DiagramRegion) -> None:
        """A zone page's own title band, drawn over the lines so they never cross its name
        (the services without a zone get a neutral band saying so)."""
        if region.title_band is None or region.zone_id is None:
            return
        zone = scene.zones.get(region.zone_id)
        if zone is not None:
            self._band(zone, region.title_band, opaque=True)
        elif region.zone_id == UNZONED:
            self._tinted_band(region.title_band, UNZONED_BORDER, UNZONED_FILL, opaque=True,
                              title=lambda size, width: fit_text(
                                  "Services without a zone", BOLD, size, width))

    def _band(self, zone: Zone, band: Rect, *, opaque: bool = False) -> None:
        """The tinted title band over scene rectangle ``band`` with the zone's title."""
        self._tinted_band(band, ZONE_BORDERS.get(zone.trust, UNZONED_BORDER),
                          ZONE_FILLS.get(zone.trust, UNZONED_FILL), opaque=opaque,
                          title=lambda size, width: _zone_title(zone, size, width))

    def _tinted_band(
        self, band: Rect, border_hex: str, fill_hex: str, *, opaque: bool,
        title: Callable[[float, float], str],
    ) -> None:
        c, s = self.c, self.s
        x, y, w, h = self.box(band)
        border = colors.HexColor(border_hex)
        c.saveState()
        if opaque:  # the tint as it looks over the zone's fill
            fill = colors.HexColor(fill_hex)
            c.setFillColor(colors.linearlyInterpolatedColor(fill, border, 0, 255, 40))
        else:
            c.setFillColor(border, alpha=40 / 255)
        c.rect(x, y, w, h, stroke=0, fill=1)
        c.restoreState()
        size = max(4.0, h * 0.45)
        c.setFont(BOLD, size)
        c.setFillColor(_darker(border))
        baseline = y + h / 2 - size * 0.35
        c.drawString(x + 14 * s, baseline, title(size, w - 28 * s))

    def integrations(
        self, scene: DiagramScene, view: Rect, *, ends_inside: bool, arrows: bool
    ) -> None:
        """Lines by kind. On a zone page only those touching a box of the page are drawn:
        a line merely passing through would be noise (and most of the drawing time)."""
        c, s = self.c, self.s
        positions = scene.positions
        if not arrows:
            # An overview too small for labels: lines are context, not content; fading
            # them keeps the zones and boxes readable under thousands of crossings.
            c.setStrokeAlpha(0.35)
        current: IntegrationKind | None = None
        for integration in scene.integrations:
            source = positions.get(integration.source_id)
            target = positions.get(integration.target_id)
            if source is None or target is None:
                continue
            if ends_inside:
                if not (intersects(source, view) or intersects(target, view)):
                    continue
            elif not intersects(enclosing([source, target]), view):
                continue
            kind = IntegrationKind(integration.kind)
            style = INTEGRATION_STYLES[kind]
            if current is not kind:
                current = kind
                width = max(0.35, style.width * s)
                c.setStrokeColor(colors.HexColor(style.colour))
                c.setFillColor(colors.HexColor(style.colour))
                c.setLineWidth(width)
                c.setDash([d * width for d in style.dash] if style.dash else [])
            start = _border_point(source, _centre(target))
            end = _border_point(target, _centre(source))
            x1, y1 = self.point(*start)
            x2, y2 = self.point(*end)
            c.line(x1, y1, x2, y2)
            if arrows:
                self._arrowhead(x1, y1, x2, y2, max(2.5, 9 * s))

    def _arrowhead(self, x1: float, y1: float, x2: float, y2: float, size: float) -> None:
        length = math.hypot(x2 - x1, y2 - y1)
        if length < 1e-6:
            return
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        bx, by = x2 - ux * size, y2 - uy * size
        half = size * 0.45
        path = self.c.beginPath()
        path.moveTo(x2, y2)
        path.lineTo(bx - uy * half, by + ux * half)
        path.lineTo(bx + uy * half, by - ux * half)
        path.close()
        self.c.saveState()
        self.c.setDash([])
        self.c.drawPath(path, stroke=0, fill=1)
        self.c.restoreState()

    def services(
        self, scene: DiagramScene, view: Rect, *, labels: bool, whole_only: bool
    ) -> None:
        """Boxes as on the canvas: icon, name, "kind · criticality", a stripe for high and
        critical services and a findings badge. A zone page shows only the boxes it holds
        whole: a neighbour cut in half at the page edge reads as a cut-off label."""
        c, s = self.c, self.s
        c.setDash([])
        for service_id, rect in scene.positions.items():
            service = scene.services.get(service_id)
            if service is None or not intersects(rect, view):
                continue
            if whole_only and not contains(view, rect):
                continue
            kind = ServiceKind(service.kind)
            x, y, w, h = self.box(rect)
            if not labels:
                c.setFillColor(colors.HexColor(SERVICE_STYLES[kind].colour))
                c.rect(x, y, w, h, stroke=0, fill=1)
                continue
            c.setLineWidth(max(0.4, 1.2 * s))
            c.setStrokeColor(BOX_BORDER)
            c.setFillColor(colors.white)
            c.roundRect(x, y, w, h, min(SERVICE_CORNER * s, h / 2, w / 2), stroke=1, fill=1)
            stripe = CRITICALITY_STRIPES.get(Criticality(service.criticality))
            if stripe is not None and h > 24 * s:
                c.setFillColor(colors.HexColor(stripe))
                c.rect(x + 1.5 * s, y + 10 * s, 4 * s, h - 20 * s, stroke=0, fill=1)
            icon = min(SERVICE_ICON_SIZE * s, h - 8 * s, w / 3)
            compact = NAME_SIZE * s < MIN_NAME_SIZE
            # A box resized very small keeps its name, not a speck of icon; a compact box
            # keeps the icon only while the name still gets a dozen characters beside it.
            if icon >= 4 and (not compact or w - icon - 24 * s >= 12 * MIN_NAME_SIZE * 0.62):
                kind_badge(c, kind, x + 10 * s, y + (h - icon) / 2, icon)
                text_x = x + 10 * s + icon + 8 * s
            else:
                text_x = x + max(6 * s, 2.0)
            right = x + w - max(8 * s, 1.5)
            if compact:
                self._compact_label(service, text_x, y, h, right - text_x)
            else:
                self._label(service, text_x, y, h, right - text_x)
            badge = scene.badges.get(service_id)
            if badge is not None:
                self._badge(x + w, y + h, *badge)

    def _badge(self, right: float, top: float, count: int, severity: str) -> None:
        """The findings pill straddling the box's top-right corner, as on the canvas."""
        c, s = self.c, self.s
        text = str(count) if count < 100 else "99+"
        width, height = (12 + 7 * len(text)) * s, 18 * s
        left, bottom = right - width + 6 * s, top + 8 * s - height
        c.setFillColor(colors.HexColor(SEVERITY_COLOURS[severity]))
        c.setStrokeColor(colors.white)
        c.setLineWidth(1.5 * s)
        c.roundRect(left, bottom, width, height, height / 2, stroke=1, fill=1)
        size = 11 * s
        c.setFillColor(colors.white)
        c.setFont(BOLD, size)
        c.drawCentredString(left + width / 2, bottom + height / 2 - size * 0.35, text)

    def _label(self, service: Service, x: float, y: float, h: float, width: float) -> None:
        """Name on up to three lines (two when the box is too low), then the kind in a
        smaller muted face."""
        c, s = self.c, self.s
        name_size = NAME_SIZE * s
        kind_size = 8 * s
        most = 3 if 3 * name_size * 1.15 + kind_size * 1.2 <= h - 6 * s else 2
        lines = name_lines(service.name or service.id, name_size, width, most)
        block = len(lines) * name_size * 1.15 + kind_size * 1.2
        baseline = y + h / 2 + block / 2 - name_size
        c.setFillColor(INK)
        c.setFont(BOLD, name_size)
        for line in lines:
            c.drawString(x, baseline, line)
            baseline -= name_size * 1.15
        c.setFillColor(MUTED)
        c.setFont(REGULAR, kind_size)
        detail = f"{ServiceKind(service.kind).label} · {Criticality(service.criticality).value}"
        c.drawString(x, baseline - kind_size * 0.1, fit_text(detail, REGULAR, kind_size, width))


    def _compact_label(self, service: Service, x: float, y: float, h: float,
                       width: float) -> None:
        """The name alone at :data:`MIN_NAME_SIZE`, on as many lines (at most three) as the
        box's height holds, centred vertically: what an overview too small for the
        editor's label still prints legibly."""
        c = self.c
        if width < 2 * MIN_NAME_SIZE:
            return  # a box shrunk to a sliver: two letters and an ellipsis say nothing
        name = name_text(service.name or service.id)
        size = MIN_NAME_SIZE
        most = max(1, min(3, int((h - 1) // (size * 1.12))))
        if not name_fits(name, size, width, most) and name_fits(name, size * 0.85, width, most):
            size *= 0.85  # one step smaller rather than an ellipsis
        leading = size * 1.12
        lines = name_lines(name, size, width, most)
        baseline = y + h / 2 + len(lines) * leading / 2 - size * 0.85
        c.setFillColor(INK)
        c.setFont(BOLD, size)
        for line in lines:
            c.drawString(x, baseline, line)
            baseline -= leading


def name_lines(name: str, size: float, width: float, most: int) -> list[str]:
    """``name`` wrapped at spaces and after hyphens onto at most ``most`` lines of ``width``
    points — a word longer than a line is broken between letters — and only what still
    does not fit is shortened with an ellipsis."""
    name = shortened(name, 40 * most)  # more never fits: a box shows a few short lines
    lines: list[str] = []
    for word in name.split():
        for number, piece in enumerate(re.findall(r"[^-]*-|[^-]+", word)):
            joined = (lines[-1] + ("" if number else " ") + piece) if lines else piece
            if lines and stringWidth(joined, BOLD, size) <= width:
                lines[-1] = joined
            else:
                lines.extend(_broken(piece, size, width))
    lines = lines or [name]
    if len(lines) > most:
        rest = " ".join(lines[most - 1:])
        lines = [*lines[:most - 1], rest.replace("- ", "-")]
    return [fit_text(line, BOLD, size, width) for line in lines]


def _broken(word: str, size: float, width: float) -> list[str]:
    """``word`` cut between letters into pieces each at most ``width`` points wide."""
    pieces: list[str] = []
    current = ""
    for letter in word:
        if current and stringWidth(current + letter, BOLD, size) > width:
            pieces.append(current)
            current = ""
        current += letter
    return [*pieces, current] if current else pieces


def name_fits(name: str, size: float, width: float, most: int) -> bool:
    """Whether ``name`` wraps onto ``most`` lines at ``size`` without an ellipsis."""
    return not any(line.endswith("…") and not name.endswith(line)
                   for line in name_lines(name, size, width, most))


def _darker(colour: colors.Color) -> colors.Color:
    """The zone title colour: the border darkened, like the canvas's ``darker(130)``."""
    return colors.Color(colour.red / 1.3, colour.green / 1.3, colour.blue / 1.3)


def _centre(rect: Rect) -> tuple[float, float]:
    return rect[0] + rect[2] / 2, rect[1] + rect[3] / 2


def _border_point(rect: Rect, toward: tuple[float, float]) -> tuple[float, float]:
    """Where the line from the centre of ``rect`` toward a point leaves the rectangle."""
    cx, cy = _centre(rect)
    dx, dy = toward[0] - cx, toward[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    half_w, half_h = rect[2] / 2, rect[3] / 2
    t = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    return cx + dx * t, cy + dy * t


def draw_legend(
    c: Canvas, scene: DiagramScene, width: float, height: float, *, beside: bool = False
) -> None:
    """Kinds of services and integrations present in the model, and the zone trust fills.

    Each group starts a new row and wraps onto further rows when it does not fit, so no
    entry is ever dropped; rows are spaced to use the legend strip's height.
    """
    kinds = sorted(
        {ServiceKind(s.kind) for s in scene.services.values()}, key=list(ServiceKind).index
    )
    links = sorted(
        {IntegrationKind(i.kind) for i in scene.integrations}, key=list(IntegrationKind).index
    )
    trusts = sorted({z.trust for z in scene.zones.values()})
    groups: list[tuple[str, list[tuple[str, Symbol]]]] = [
        ("Services", [(k.label, _badge_symbol(k)) for k in kinds]),
        ("Integrations", [(k.label, _line_symbol(k)) for k in links]),
        ("Zones", [(f"{t} {TRUST_WORDS.get(t, '')}".strip(), _zone_symbol(t)) for t in trusts]),
        ("Marks", [("critical service", _stripe_symbol(Criticality.CRITICAL)),
                   ("high-criticality service", _stripe_symbol(Criticality.HIGH)),
                   ("open findings (colour: the worst)", _findings_symbol)]),
    ]
    rows = _legend_rows(c, groups, width)
    c.saveState()
    c.setStrokeColor(colors.HexColor("#CED4DA"))
    c.setLineWidth(0.5)
    if beside:
        c.line(-LEGEND_GAP / 2, 0, -LEGEND_GAP / 2, height)
    else:
        c.line(0, height + 4, width, height + 4)
    pitch = min(15.0, height / max(1, len(rows)))
    y = height - pitch + 4
    for title, items in rows:
        c.setFont(BOLD, 7)
        c.setFillColor(INK)
        c.drawString(0, y, title)
        for x, label, symbol in items:
            symbol(c, x, y)
            c.setFont(REGULAR, 7)
            c.setFillColor(INK)
            c.drawString(x + 24, y, label)
        y -= pitch
    c.restoreState()


Symbol = Callable[[Canvas, float, float], None]
LEGEND_INDENT = 62.0


def _legend_rows(
    c: Canvas, groups: list[tuple[str, list[tuple[str, Symbol]]]], width: float
) -> list[tuple[str, list[tuple[float, str, Symbol]]]]:
    """Place the legend entries: ``(row title, [(x, label, symbol)…])`` per printed row."""
    rows: list[tuple[str, list[tuple[float, str, Symbol]]]] = []
    for title, entries in groups:
        if not entries:
            continue
        row: list[tuple[float, str, Symbol]] = []
        rows.append((title, row))
        x = LEGEND_INDENT
        for label, symbol in entries:
            item_width = 24 + c.stringWidth(label, REGULAR, 7) + 12
            if x + item_width > width and row:
                row = []
                rows.append(("", row))
                x = LEGEND_INDENT
            row.append((x, label, symbol))
            x += item_width
    return rows




def _badge_symbol(kind: ServiceKind) -> Symbol:
    return lambda c, x, y: _legend_badge(c, x, y, kind)


def _line_symbol(kind: IntegrationKind) -> Symbol:
    return lambda c, x, y: _legend_line(c, x, y, kind)


def _zone_title(zone: Zone, size: float, width: float) -> str:
    """``Internet · trust 0, internet`` — or just the name when a narrow zone has no room
    for the trust (the fill says it, and the legend), as on the canvas."""
    name = name_text(zone.name or zone.id)
    word = TRUST_WORDS.get(zone.trust, "")
    full = f"{name}  ·  trust {zone.trust}" + (f", {word}" if word else "")
    if stringWidth(full, BOLD, size) <= width:
        return full
    return fit_text(name, BOLD, size, width)


def _zone_symbol(trust: int) -> Symbol:
    return lambda c, x, y: _legend_zone(c, x, y, trust)


def _stripe_symbol(criticality: Criticality) -> Symbol:
    def draw(c: Canvas, x: float, y: float) -> None:
        c.setStrokeColor(BOX_BORDER)
        c.setFillColor(colors.white)
        c.setLineWidth(0.5)
        c.roundRect(x + 2, y - 3, 16, 11, 2, stroke=1, fill=1)
        c.setFillColor(colors.HexColor(CRITICALITY_STRIPES[criticality]))
        c.rect(x + 2.6, y - 1.2, 1.6, 7.4, stroke=0, fill=1)

    return draw


def _findings_symbol(c: Canvas, x: float, y: float) -> None:
    c.setFillColor(colors.HexColor(SEVERITY_COLOURS["high"]))
    c.roundRect(x + 3, y - 3, 14, 10, 5, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(BOLD, 6.5)
    c.drawCentredString(x + 10, y - 0.3, "3")


def _legend_badge(c: Canvas, x: float, y: float, kind: ServiceKind) -> None:
    kind_badge(c, kind, x + 4, y - 3.5, 12)


def _legend_line(c: Canvas, x: float, y: float, kind: IntegrationKind) -> None:
    style = INTEGRATION_STYLES[kind]
    c.saveState()
    c.setStrokeColor(colors.HexColor(style.colour))
    c.setFillColor(colors.HexColor(style.colour))
    width = style.width * 0.7
    c.setLineWidth(width)
    c.setDash([d * width for d in style.dash] if style.dash else [])
    c.line(x, y + 2.5, x + 16, y + 2.5)
    c.setDash([])
    path = c.beginPath()
    path.moveTo(x + 20, y + 2.5)
    path.lineTo(x + 15, y + 5)
    path.lineTo(x + 15, y)
    path.close()
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


def _legend_zone(c: Canvas, x: float, y: float, trust: int) -> None:
    c.setFillColor(colors.HexColor(ZONE_FILLS.get(trust, UNZONED_FILL)))
    c.setStrokeColor(colors.HexColor(ZONE_BORDERS.get(trust, UNZONED_BORDER)))
    c.setLineWidth(0.8)
    c.rect(x, y - 3, 20, 11, stroke=1, fill=1)
