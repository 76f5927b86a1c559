""""Decisions and actions": what the reviews decided about findings and services.

The findings say what is wrong; this section says what the board decided to do about it —
fix, accept the risk until a date, defer — and the actions that follow, open ones first
with the overdue ones marked, so the next review starts from the promises of the last.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from models.domain import ActionStatus, Decision
from models.report.context import ReportContext
from models.report.literal import para
from models.report.styles import MISSING_HEX, grid_table_style
from models.report.template import heading, keep_with_next


def decisions_and_actions(ctx: ReportContext) -> list[Flowable]:
    """The section, or nothing when no decision was recorded."""
    decisions = list(ctx.model.decisions.values())
    if not decisions:
        return []
    s = ctx.styles
    story: list[Flowable] = [
        heading("Decisions and actions", s.h1, level=0, key="decisions", contents=True),
        Paragraph(
            "What reviews decided about findings and services. An accepted risk is also a "
            "waiver (see “Accepted risks”); an open action past its due date is reported "
            "as ACT-001.", s.body),
    ]
    actions = sorted((d for d in decisions if d.has_action),
                     key=lambda d: action_sort_key(d, ctx.as_of))
    open_count = sum(1 for d in actions if d.action_status == ActionStatus.OPEN)
    story += keep_with_next(
        [heading("Actions", s.h2, level=1, key="decisions-actions", contents=False),
         Paragraph(f"{open_count} open, {len(actions) - open_count} done.", s.body)],
        [_actions_table(ctx, actions)] if actions else [
            Paragraph("No action was decided.", s.body)])
    story += keep_with_next(
        [heading("Decisions", s.h2, level=1, key="decisions-list", contents=False)],
        [_decisions_table(ctx, sorted(decisions, key=_decision_order))])
    return story


def action_sort_key(decision: Decision, as_of: dt.date) -> tuple[object, ...]:
    """Open before done, overdue first, then by due date and owner (as the Actions panel)."""
    return (decision.action_status == ActionStatus.DONE, not decision.overdue(as_of),
            decision.action_due or dt.date.max, decision.action_owner_id or "", decision.id)


def _decision_order(decision: Decision) -> tuple[object, ...]:
    return (decision.subject, decision.rule, decision.decided_on or dt.date.min, decision.id)


def _actions_table(ctx: ReportContext, actions: list[Decision]) -> Table:
    s = ctx.styles
    rows: list[list[object]] = [["Due", "Action", "Owner", "About", "Status"]]
    for d in actions:
        late = d.overdue(ctx.as_of)
        status = "overdue" if late else ActionStatus(d.action_status).label.lower()
        if late:
            status = f'<font color="{MISSING_HEX}"><b>{status}</b></font>'
        rows.append([
            d.action_due.isoformat() if d.action_due else "—",
            para(d.action, s.cell),
            para(ctx.team_name(d.action_owner_id) or "—", s.cell),
            para(about(ctx, d), s.cell),
            Paragraph(status, s.cell),
        ])
    table = Table(rows, colWidths=[22 * mm, None, 32 * mm, 45 * mm, 18 * mm], repeatRows=1,
                  splitInRow=1)
    table.setStyle(grid_table_style())
    return table


def _decisions_table(ctx: ReportContext, decisions: list[Decision]) -> Table:
    s = ctx.styles
    rows: list[list[object]] = [["About", "Decision", "Until", "Decided", "Note"]]
    for d in decisions:
        decided = " · ".join(x for x in (d.decided_on.isoformat() if d.decided_on else "",
                                          d.decided_by) if x)
        rows.append([
            para(about(ctx, d), s.cell),
            para(d.outcome.label if d.outcome is not None else "not decided", s.cell),
            d.until.isoformat() if d.until else "—",
            para(decided or "—", s.cell),
            para(d.note or "—", s.cell),
        ])
    table = Table(rows, colWidths=[45 * mm, 26 * mm, 22 * mm, 32 * mm, None], repeatRows=1,
                  splitInRow=1)
    table.setStyle(grid_table_style())
    return table


def about(ctx: ReportContext, decision: Decision) -> str:
    """``INT-002 · Claims database``, or the subject's name for a decision on all of it."""
    name = ctx.name_of(decision.subject)
    return f"{decision.rule} · {name}" if decision.rule else name
