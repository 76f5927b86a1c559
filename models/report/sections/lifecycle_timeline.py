"""The lifecycle timeline: end of sale, support and life and the vendor contract's end of
every service on one time axis, drawn as vector graphics.

One axis makes the roadmap visible the way a table cannot: which products age out
together, which migrations queue behind each other, what falls inside the horizon.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from models.analysis.context import add_months
from models.domain.entities import Service
from models.report.context import ReportContext
from models.report.fonts import BOLD, REGULAR
from models.report.styles import ACCENT, INK, MUTED, RULE
from models.report.template import fit_text, heading

WIDTH = 170 * mm
LABEL = 52 * mm
ROW = 11.0
ROWS_PER_CHART = 48
"""Rows per drawing: a drawing does not split across pages, so long lists become several."""
YEARS_AFTER = 8
"""The axis ends at most this many years after the analysis date; later dates sit at its
end with an arrow."""

SALE, SUPPORT, EXTENDED, LIFE, CONTRACT = (
    colors.HexColor("#868E96"), colors.HexColor("#E8590C"), colors.HexColor("#F59F00"),
    colors.HexColor("#C92A2A"), colors.HexColor("#1971C2"))


class Chart(Flowable):
    """A vector drawing as a plain flowable: the review document's layout passes swap a
    flowable's ``drawOn``, which a reportlab ``Drawing`` does not allow."""

    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.drawing.width, self.drawing.height

    def draw(self) -> None:
        renderPDF.draw(self.drawing, self.canv, 0, 0)


@dataclass(frozen=True)
class _Row:
    name: str
    sale: dt.date | None
    support: dt.date | None
    extended: dt.date | None
    life: dt.date | None
    contract: dt.date | None

    @property
    def dates(self) -> list[dt.date]:
        return [d for d in (self.sale, self.support, self.extended, self.life, self.contract)
                if d is not None]


def lifecycle_timeline(ctx: ReportContext) -> list[Flowable]:
    """The chart (one or more drawings) with its legend."""
    s = ctx.styles
    story: list[Flowable] = [
        heading("Lifecycle timeline", s.h1, level=0, key="lifecycle", contents=True),
        Paragraph(
            "Per service: end of sale (no new licences or hardware), end of support, "
            "extended support, end of life and the end of the vendor contract. The solid "
            "line marks the analysis date, the dashed one the end of the lifecycle horizon: "
            "whatever lies between them must be planned now.",
            s.body,
        ),
    ]
    rows = [r for r in (_row_of(ctx, x) for x in ctx.services) if r.dates]
    if not rows:
        story.append(Paragraph("No service records a lifecycle date or a contract end.", s.body))
        return story
    rows.sort(key=lambda r: (min(r.dates), r.name.casefold()))
    months = ctx.model.settings.lifecycle_horizon_months
    horizon = add_months(ctx.as_of, 12 if months is None else months)
    first = min(min(r.dates) for r in rows)
    last = max(max(r.dates) for r in rows)
    start = dt.date(max(min(first.year, ctx.as_of.year - 1), dt.MINYEAR), 1, 1)
    end = dt.date(min(max(last.year, horizon.year) + 1,
                      ctx.as_of.year + YEARS_AFTER, dt.MAXYEAR), 1, 1)
    story.append(Chart(_legend()))
    for offset in range(0, len(rows), ROWS_PER_CHART):
        story.append(Chart(_chart(rows[offset:offset + ROWS_PER_CHART], start, end,
                                  ctx.as_of, horizon)))
    return story


def _row_of(ctx: ReportContext, service: Service) -> _Row:
    return _Row(ctx.name_of(service.id), service.end_of_sale, service.end_of_support,
                service.extended_support_until, service.end_of_life,
                service.vendor_contract_end)


def _chart(rows: list[_Row], start: dt.date, end: dt.date, today: dt.date,
           horizon: dt.date) -> Drawing:
    top_margin, bottom_margin = 4.0, 16.0
    height = top_margin + ROW * len(rows) + bottom_margin
    drawing = Drawing(WIDTH, height)
    span = (end - start).days or 1
    left, right = LABEL, WIDTH - 4

    def x_of(day: dt.date) -> float:
        clamped = min(max(day, start), end)
        return left + (right - left) * (clamped - start).days / span

    axis_y = bottom_margin - 2
    drawing.add(Line(left, axis_y, right, axis_y, strokeColor=MUTED, strokeWidth=0.6))
    for year in range(start.year, end.year + 1):
        x = x_of(dt.date(year, 1, 1))
        drawing.add(Line(x, axis_y, x, height - top_margin, strokeColor=RULE,
                         strokeWidth=0.3))
        if year < end.year:
            drawing.add(String(x + 2, axis_y - 9, str(year), fontName=REGULAR, fontSize=6.5,
                               fillColor=MUTED))
    for day, dashed, colour in ((today, None, ACCENT), (horizon, (2, 2), ACCENT)):
        if start <= day <= end:
            x = x_of(day)
            drawing.add(Line(x, axis_y, x, height - top_margin, strokeColor=colour,
                             strokeWidth=0.8, strokeDashArray=dashed))
    for n, row in enumerate(rows):
        y = height - top_margin - ROW * (n + 0.5)
        drawing.add(String(2, y - 2.5, fit_text(row.name, REGULAR, 7, LABEL - 6),
                           fontName=REGULAR, fontSize=7, fillColor=INK))
        dates = row.dates
        drawing.add(Line(x_of(min(dates)), y, x_of(max(dates)), y, strokeColor=RULE,
                         strokeWidth=1.2))
        if row.extended is not None and row.support is not None:
            drawing.add(Line(x_of(row.support), y, x_of(row.extended), y,
                             strokeColor=EXTENDED, strokeWidth=2.2))
        for day, marker in ((row.sale, _diamond), (row.contract, _triangle),
                            (row.support, _dot), (row.extended, _ring), (row.life, _square)):
            if day is not None:
                drawing.add(marker(x_of(day), y))
                if day > end:
                    drawing.add(String(x_of(day) - 9, y - 2.5, "›", fontName=BOLD,
                                       fontSize=8, fillColor=MUTED))
    return drawing


def _diamond(x: float, y: float) -> Polygon:
    return Polygon([x - 3, y, x, y + 3, x + 3, y, x, y - 3], fillColor=SALE,
                   strokeColor=SALE, strokeWidth=0.5)


def _triangle(x: float, y: float) -> Polygon:
    return Polygon([x - 3, y - 2.6, x + 3, y - 2.6, x, y + 3], fillColor=CONTRACT,
                   strokeColor=CONTRACT, strokeWidth=0.5)


def _dot(x: float, y: float) -> Circle:
    return Circle(x, y, 2.8, fillColor=SUPPORT, strokeColor=SUPPORT, strokeWidth=0.5)


def _ring(x: float, y: float) -> Circle:
    return Circle(x, y, 2.6, fillColor=colors.white, strokeColor=EXTENDED, strokeWidth=1.2)


def _square(x: float, y: float) -> Rect:
    return Rect(x - 2.6, y - 2.6, 5.2, 5.2, fillColor=LIFE, strokeColor=LIFE, strokeWidth=0.5)


def _legend() -> Drawing:
    drawing = Drawing(WIDTH, 14)
    x = 2.0
    for label, marker in (("end of sale", _diamond), ("end of support", _dot),
                          ("extended support", _ring), ("end of life", _square),
                          ("contract end", _triangle)):
        drawing.add(marker(x + 3, 7))
        drawing.add(String(x + 9, 4.5, label, fontName=REGULAR, fontSize=7, fillColor=INK))
        x += 14 + stringWidth(label, REGULAR, 7)
    drawing.add(Line(x + 2, 2, x + 2, 12, strokeColor=ACCENT, strokeWidth=0.8))
    drawing.add(String(x + 6, 4.5, "analysis date", fontName=REGULAR, fontSize=7,
                       fillColor=INK))
    x += 62
    drawing.add(Line(x + 2, 2, x + 2, 12, strokeColor=ACCENT, strokeWidth=0.8,
                     strokeDashArray=(2, 2)))
    drawing.add(String(x + 6, 4.5, "horizon", fontName=REGULAR, fontSize=7, fillColor=INK))
    return drawing
