"""The disaster-recovery plan: waves of services restored in parallel, each service with
who restores it, from where, and how recently that was proven to work."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from models.analysis.results import RecoveryStep
from models.report.context import ReportContext
from models.report.literal import literal, para
from models.report.styles import grid_table_style
from models.report.template import heading, keep_with_next

COLUMNS = ["Service", "Restored by", "Restore from", "Restore test", "DR test", "RTO",
           "RPO"]
"""The owning team restores; the dates are the last restore test and DR test."""


def recovery_waves(ctx: ReportContext) -> list[Flowable]:
    """Wave by wave, a table of the plan; groups restored together called out."""
    s = ctx.styles
    plan = ctx.analysis.recovery_plan
    story: list[Flowable] = [
        heading("Disaster-recovery order", s.h1, level=0, key="recovery", contents=True),
        Paragraph(
            "After a full outage, restore the waves in order. A service comes after what it "
            "relies on at runtime, the backup it is restored from and the identity provider "
            "its administrators log in through, so the services within one wave can be "
            "restored in parallel. Each row names the team that restores the service, its "
            "restore source and the dates of its last restore test and disaster-recovery "
            "test; an empty RTO or RPO means no objective is agreed.",
            s.body,
        ),
    ]
    if not plan:
        story += [Paragraph("The model has no services to recover.", s.body)]
        return story
    together = {sid: n for n, group in enumerate(ctx.analysis.restored_together, 1)
                for sid in group}
    for number, steps in groupby(plan, key=lambda step: step.wave):
        rows: list[list[object]] = [list(COLUMNS)]
        steps = sorted(steps, key=lambda x: (ctx.name_of(x.service).casefold(), x.service))
        for step in steps:
            rows.append(_row(ctx, step, together))
        table = Table(rows, colWidths=[None, 34 * mm, 32 * mm, 22 * mm, 20 * mm, 12 * mm,
                                       12 * mm], repeatRows=1, splitInRow=1)
        style = grid_table_style()
        style.add("ALIGN", (5, 0), (-1, -1), "RIGHT")
        table.setStyle(style)
        size = len(steps)
        story += keep_with_next(
            [Paragraph(f"Wave {number + 1} — {size} service{'s' if size != 1 else ''}", s.h3)],
            [table])
    if ctx.analysis.restored_together:
        groups: list[Flowable] = []
        for number, group in enumerate(ctx.analysis.restored_together, start=1):
            members = " ↔ ".join(literal(ctx.name_of(sid)) for sid in group)
            runtime = group in ctx.analysis.cycles
            why = ("they rely on each other at runtime (RES-005): break the cycle"
                   if runtime else "each is restored from or administered through another")
            groups.append(Paragraph(f"<b>Group {number}:</b> {members} — {why}; restore "
                                    "them together.", s.body))
        story += keep_with_next([Paragraph("Restored together", s.h3)], groups)
    return story


def _row(ctx: ReportContext, step: RecoveryStep, together: dict[str, int]) -> list[object]:
    s = ctx.styles
    name = literal(ctx.name_of(step.service))
    if step.service in together:
        name += f" <i>(group {together[step.service]})</i>"
    service = ctx.model.services.get(step.service)
    if service is not None and service.external:
        owner = "external party"
    else:
        owner = ctx.team_name(step.owner) or "no owner"
    sources = ", ".join(ctx.name_of(sid) for sid in step.restore_from)
    return [
        Paragraph(name, s.cell),
        para(owner, s.cell),
        para(sources or "—", s.cell),
        _day(step.last_restore_test),
        _day(step.last_dr_test),
        _hours(step.rto_hours),
        _hours(step.rpo_hours),
    ]


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else "—"


def _hours(value: float | None) -> str:
    return "—" if value is None else f"{value:g} h"
