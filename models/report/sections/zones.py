"""The zone-crossing matrix: which zones open connections to which, and may they."""

from __future__ import annotations

from collections import Counter

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from models.domain.entities import Zone
from models.domain.enums import Initiator
from models.domain.model import Model
from models.report.context import ReportContext
from models.report.fonts import BOLD
from models.report.literal import literal, name_text, para
from models.report.styles import (
    ALLOWED_FILL,
    DENIED_FILL,
    INK,
    MISSING_HEX,
    grid_table_style,
)
from models.report.template import MARGIN, PORTRAIT, fit_text, heading

DENIED_TRAFFIC_FILL = colors.HexColor("#FFC9C9")
MAX_MATRIX_ZONES = 14
"""Beyond this many zones the matrix columns get too narrow for A4 portrait."""
HEADER_SIZE = 8.0
HEADER_MAX = 45 * mm
"""Longest column header (set vertically); a longer zone name ends in an ellipsis."""


def crossing_counts(model: Model) -> tuple[Counter[tuple[str, str]], int]:
    """Integrations per (initiator zone, responder zone), and how many had no zone to count.

    The initiator is the end that opens the connection (the kind's default or the
    integration's override), which is what the zone policy speaks about.
    """
    counts: Counter[tuple[str, str]] = Counter()
    unzoned = 0
    services = model.services
    for integration in model.integrations.values():
        source = services.get(integration.source_id)
        target = services.get(integration.target_id)
        if source is None or target is None or not source.zone_id or not target.zone_id:
            unzoned += 1
            continue
        pair = (source.zone_id, target.zone_id)
        if integration.initiator is Initiator.TARGET:
            pair = (target.zone_id, source.zone_id)
        counts[pair] += 1
    return counts, unzoned


def zone_matrix(ctx: ReportContext) -> list[Flowable]:
    """Rows are the initiating zone, columns the responding zone; cells count integrations."""
    s = ctx.styles
    model = ctx.model
    story: list[Flowable] = [
        heading("Zone-crossing matrix", s.h1, level=0, key="zones", contents=True)
    ]
    zones = sorted(model.zones.values(), key=lambda z: (z.trust, z.name, z.id))
    if not zones:
        story += [Paragraph("The model defines no zones.", s.body)]
        return story
    counts, unzoned = crossing_counts(model)
    story.append(
        Paragraph(
            "Each row is the zone that opens the connection, each column the zone that "
            "answers; a cell counts the integrations between them. Traffic inside a zone is "
            "always allowed; between zones only the directions in the zone policy are. "
            f'<font color="{MISSING_HEX}"><b>Red</b></font> cells marked ✘ carry traffic the '
            "policy denies (see ZON-001 in the findings); green pairs are allowed.",
            s.body,
        )
    )
    if len(zones) <= MAX_MATRIX_ZONES:
        story.append(_matrix(ctx, zones, counts))
    else:
        story.append(Paragraph(
            f"The model has {len(zones)} zones, too many for a readable matrix: the zone pairs "
            "that carry traffic are listed instead.", s.note))
        story.append(_pair_list(ctx, zones, counts))
    denied = sorted(
        (pair, n) for pair, n in counts.items()
        if pair[0] != pair[1] and pair not in model.zone_policy
    )
    story.append(Spacer(1, 6))
    if denied:
        names = {z.id: name_text(z.name or z.id) for z in zones}
        listing = "; ".join(
            f"{literal(names.get(a, a))} → {literal(names.get(b, b))}: {n}" for (a, b), n in denied
        )
        story.append(Paragraph(f"<b>Denied crossings in use:</b> {listing}.", s.small))
    if unzoned:
        story.append(
            Paragraph(f"{unzoned} integration(s) involve a service without a zone and are "
                      "not counted.", s.note)
        )
    return story


def _matrix(ctx: ReportContext, zones: list[Zone], counts: Counter[tuple[str, str]]) -> Table:
    s = ctx.styles
    model = ctx.model
    available = PORTRAIT[0] - 2 * MARGIN - 42 * mm
    column = max(9 * mm, min(20 * mm, available / len(zones)))
    labels = [f"{n}. {name_text(z.name or z.id)} ({z.trust})"
              for n, z in enumerate(zones, start=1)]
    longest = min(HEADER_MAX, max(stringWidth(label, BOLD, HEADER_SIZE) for label in labels))
    header: list[object] = [Paragraph("Responder →<br/>Initiator ↓", s.cell_bold)]
    header += [ColumnHeader(label, longest) for label in labels]
    rows: list[list[object]] = [header]
    for label, origin in zip(labels, zones, strict=True):
        rows.append([para(label, s.cell)])
        for destination in zones:
            pair = (origin.id, destination.id)
            count = counts.get(pair, 0)
            denied = origin.id != destination.id and pair not in model.zone_policy
            # The mark repeats the red fill for greyscale print and colour-blind readers.
            rows[-1].append(f"{count} ✘" if count and denied else str(count) if count else "")
    table = Table(rows, colWidths=[42 * mm] + [column] * len(zones), repeatRows=1, splitInRow=1)
    style = grid_table_style(stripes=False)
    for r, origin in enumerate(zones, start=1):
        for c, destination in enumerate(zones, start=1):
            pair = (origin.id, destination.id)
            allowed = origin.id == destination.id or pair in model.zone_policy
            used = counts.get((origin.id, destination.id), 0) > 0
            fill = ALLOWED_FILL if allowed else (DENIED_TRAFFIC_FILL if used else DENIED_FILL)
            style.add("BACKGROUND", (c, r), (c, r), fill)
            style.add("ALIGN", (c, r), (c, r), "CENTER")
    style.add("ALIGN", (1, 0), (-1, 0), "CENTER")
    style.add("VALIGN", (0, 0), (-1, 0), "BOTTOM")
    table.setStyle(style)
    return table


class ColumnHeader(Flowable):
    """A matrix column's zone name set bottom to top, so that a narrow column still names
    its zone in full (the reader need not look a number up), as printed matrices do."""

    def __init__(self, text: str, length: float) -> None:
        super().__init__()
        self.text = fit_text(text, BOLD, HEADER_SIZE, length)
        self.length = length
        self.width = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.length

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.translate(self.width / 2 + HEADER_SIZE * 0.35, 0)
        c.rotate(90)
        c.setFont(BOLD, HEADER_SIZE)
        c.setFillColor(INK)
        c.drawString(0, 0, self.text)
        c.restoreState()


def _pair_list(ctx: ReportContext, zones: list[Zone], counts: Counter[tuple[str, str]]) -> Table:
    """One row per zone pair with traffic, denied pairs first."""
    s = ctx.styles
    names = {z.id: f"{name_text(z.name or z.id)} ({z.trust})" for z in zones}
    allowed = {pair: pair[0] == pair[1] or pair in ctx.model.zone_policy for pair in counts}
    ordered = sorted(counts, key=lambda p: (allowed[p], names.get(p[0], p[0]),
                                            names.get(p[1], p[1])))
    rows: list[list[object]] = [["Initiator zone", "Responder zone", "Integrations", "Policy"]]
    style = grid_table_style()
    for row, pair in enumerate(ordered, start=1):
        rows.append([
            para(names.get(pair[0], pair[0]), s.cell),
            para(names.get(pair[1], pair[1]), s.cell),
            str(counts[pair]),
            "allowed" if allowed[pair] else "DENIED",
        ])
        if not allowed[pair]:
            style.add("BACKGROUND", (3, row), (3, row), DENIED_TRAFFIC_FILL)
    table = Table(rows, colWidths=[None, None, 25 * mm, 22 * mm], repeatRows=1, splitInRow=1)
    table.setStyle(style)
    return table
