"""The showback table: what each team's services cost, owned and allocated."""

from __future__ import annotations

from collections import defaultdict

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from models.report.amounts import exact_sum, money
from models.report.context import ReportContext
from models.report.fonts import BOLD
from models.report.literal import para
from models.report.styles import grid_table_style
from models.report.template import heading


def showback(ctx: ReportContext) -> list[Flowable]:
    """Per team and currency: services owned, their cost, and the cost allocated to them."""
    s = ctx.styles
    story: list[Flowable] = [
        heading("Showback", s.h1, level=0, key="showback", contents=True),
        Paragraph(
            "<b>Owned</b> is the yearly cost of the services a team owns. <b>Allocated</b> "
            "shares each service's cost equally among the services that rely on it at "
            "runtime, and charges those shares to the consumers' teams: what the team's "
            "services use. Costs are never converted between currencies.",
            s.body,
        ),
    ]
    rows_in = ctx.analysis.showback
    if not rows_in:
        story += [Paragraph("No service has a cost recorded.", s.body)]
        return story
    rows: list[list[object]] = [["Team", "Currency", "Services", "Owned / year",
                                 "Allocated / year"]]
    owned: dict[str, list[float]] = defaultdict(list)
    allocated: dict[str, list[float]] = defaultdict(list)
    for row in sorted(rows_in, key=lambda r: (ctx.team_name(r.team).casefold(), r.currency)):
        rows.append(
            [
                para(ctx.team_name(row.team) or "(no owner)", s.cell),
                row.currency or "—",
                str(row.services),
                money(row.owned),
                money(row.allocated),
            ]
        )
        owned[row.currency].append(row.owned)
        allocated[row.currency].append(row.allocated)
    first_total = len(rows)
    for currency in sorted(owned):
        rows.append(["Total", currency or "—", "", money(exact_sum(owned[currency])),
                     money(exact_sum(allocated[currency]))])
    table = Table(rows, colWidths=[None, 20 * mm, 20 * mm, 32 * mm, 32 * mm],
                  repeatRows=1, splitInRow=1)
    style = grid_table_style()
    style.add("ALIGN", (2, 0), (-1, -1), "RIGHT")
    style.add("FONT", (0, first_total), (-1, -1), BOLD, 8.5)
    style.add("LINEABOVE", (0, first_total), (-1, first_total), 0.8, "#1B3A5C")
    table.setStyle(style)
    story.append(table)
    return story
