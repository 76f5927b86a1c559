"""The responsibility matrix: who owns and supports each service, in which hours, and how
many people know each technology ("3 FTE per technology")."""

from __future__ import annotations

from collections import defaultdict

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from models.domain.entities import Service, Team
from models.domain.enums import SupportHours
from models.report.context import ReportContext
from models.report.literal import literal, para
from models.report.styles import MISSING_HEX, grid_table_style
from models.report.template import heading, keep_with_next


def responsibility_matrix(ctx: ReportContext) -> list[Flowable]:
    """Service × owner and support lines 1–4 with their hours, then FTE per technology."""
    s = ctx.styles
    story: list[Flowable] = [
        heading("Responsibility matrix", s.h1, level=0, key="responsibility", contents=True),
        Paragraph(
            "Who owns each service and who answers on support lines 1 to 4, with the hours "
            "each team works next to the hours the business needs. A line without a team, "
            "or a team working shorter hours than needed, is marked red. External parties "
            "are not listed: nobody here supports them.",
            s.body,
        ),
    ]
    services = [x for x in ctx.services if not x.external]
    if not services:
        story += [Paragraph("The model has no services of its own.", s.body)]
        return story
    rows: list[list[object]] = [["Service", "Needs", "Owner", "Line 1", "Line 2", "Line 3",
                                 "Line 4"]]
    for service in services:
        needed = service.required_hours
        rows.append([
            para(ctx.name_of(service.id), s.cell_bold),
            para(_SHORT[needed] if needed is not None else "—", s.cell),
            *(_team_cell(ctx, team_id, needed, line)
              for line, team_id in enumerate(_lines(service))),
        ])
    table = Table(rows, colWidths=[None, 20 * mm, *[38 * mm] * 5], repeatRows=1,
                  splitInRow=1)
    table.setStyle(grid_table_style())
    story.append(table)
    story += _technologies(ctx, services)
    return story


_SHORT = {SupportHours.ALWAYS: "24x7", SupportHours.EXTENDED: "extended",
          SupportHours.BUSINESS_HOURS: "business"}
"""Support hours as a narrow column says them."""


def _lines(service: Service) -> list[str | None]:
    """Owner, then support lines 1–4."""
    return [service.owner_id, service.support_line_1_id, service.support_line_2_id,
            service.support_line_3_id, service.support_line_4_id]


def _team_cell(ctx: ReportContext, team_id: str | None, needed: SupportHours | None,
               line: int) -> Paragraph:
    """A team and its hours; red when a line 1–3 is empty or the hours fall short (lines
    2–4: first line triages by procedure)."""
    s = ctx.styles
    if team_id is None:
        required = line in (0, 1, 2, 3)  # owner, lines 1–3
        return Paragraph(f"<font color='{MISSING_HEX}'>none</font>" if required else "—",
                         s.cell)
    team: Team | None = ctx.model.teams.get(team_id)
    name = ctx.team_name(team_id)
    if team is None:
        return para(name, s.cell)
    hours = team.support_hours
    text = f"{literal(name)}<br/><font size='7'>{team.fte:g} FTE"
    if hours is not None:
        short = needed is not None and line >= 2 and hours.rank < needed.rank
        label = _SHORT[hours]
        text += f" · <font color='{MISSING_HEX}'>{label}</font>" if short else f" · {label}"
    return Paragraph(text + "</font>", s.cell)


def _technologies(ctx: ReportContext, services: list[Service]) -> list[Flowable]:
    """Per technology the services running on it and the teams (with FTE) that know it."""
    s = ctx.styles
    running: dict[str, list[Service]] = defaultdict(list)
    spelling: dict[str, str] = {}
    for service in services:
        technology = service.technology.strip()
        if technology:
            running[technology.casefold()].append(service)
            spelling.setdefault(technology.casefold(), technology)
    if not running:
        return [Paragraph("No service records its technology, so FTE per technology "
                          "cannot be shown.", s.body)]
    minimum = ctx.model.settings.min_team_fte
    minimum = 3.0 if minimum is None else minimum
    teams = sorted(ctx.model.teams.values(), key=lambda t: ((t.name or t.id).casefold(), t.id))
    rows: list[list[object]] = [["Technology", "Teams that know it", "FTE", "Services"]]
    for key in sorted(running, key=lambda k: spelling[k].casefold()):
        knowing = [t for t in teams if any(skill.casefold() == key for skill in t.skills)]
        fte = sum(t.fte for t in knowing)
        count = f"{fte:g}"
        if fte < minimum:
            count = f"<font color='{MISSING_HEX}'>{count}</font>"
        rows.append([
            para(spelling[key], s.cell_bold),
            para(", ".join(f"{ctx.team_name(t.id)} ({t.fte:g})" for t in knowing) or "nobody",
                 s.cell),
            Paragraph(count, s.cell_right),
            para(", ".join(ctx.name_of(x.id) for x in running[key]), s.cell),
        ])
    table = Table(rows, colWidths=[40 * mm, 80 * mm, 14 * mm, None], repeatRows=1,
                  splitInRow=1)
    table.setStyle(grid_table_style())
    return keep_with_next(
        [Paragraph("FTE per technology", s.h3),
         Paragraph(f"\"3 FTE per technology\": the people of every team that lists a "
                   f"technology among its skills, against the minimum of {minimum:g}.",
                   s.small)],
        [table])
