"""Accepted risks (waivers) with their expiry, and the sign-off page."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from models.domain import Decision, Severity
from models.report.context import ReportContext
from models.report.literal import para
from models.report.styles import MISSING_HEX, grid_table_style, key_value_style
from models.report.template import heading

EXPIRY_WARNING_DAYS = 90
SIGNATURE_ROWS = 5


def accepted_risks(ctx: ReportContext) -> list[Flowable]:
    """Every waiver: what is accepted, by whom, until when — expired ones flagged."""
    s = ctx.styles
    story: list[Flowable] = [
        heading("Accepted risks", s.h1, level=0, key="waivers", contents=True),
        Paragraph(
            "A waiver records a risk the organisation accepts knowingly. Its findings are "
            "listed under “Waived” in the findings, and return as open findings when it expires. "
            "<b>Waives</b> counts the findings the waiver covers today; 0 means the risk is "
            "gone (or the waiver expired) and the waiver can be retired.",
            s.body,
        ),
    ]
    waivers = sorted(ctx.model.waivers.values(), key=lambda w: (w.expires or dt.date.max,
                                                               w.rule, w.subject))
    if not waivers:
        story += [Paragraph("No risks have been accepted.", s.body)]
        return story
    covered: dict[tuple[str, str], int] = {}
    for finding in ctx.analysis.findings:
        if finding.waived:
            key = (finding.rule, finding.primary_subject)
            covered[key] = covered.get(key, 0) + 1
    rows: list[list[object]] = [
        ["Rule", "Subject", "Reason", "Accepted by", "Expires", "Waives"]
    ]
    for waiver in waivers:
        rows.append(
            [
                waiver.rule,
                para(ctx.name_of(waiver.subject), s.cell),
                para(waiver.reason or "—", s.cell),
                para(waiver.accepted_by or "—", s.cell),
                Paragraph(_expiry(waiver.expires, ctx.as_of), s.cell),
                str(covered.get((waiver.rule, waiver.subject), 0)),
            ]
        )
    table = Table(rows, colWidths=[17 * mm, 36 * mm, None, 30 * mm, 24 * mm, 14 * mm],
                  repeatRows=1, splitInRow=1)
    table.setStyle(grid_table_style())
    story.append(table)
    return story


def _expiry(expires: dt.date | None, as_of: dt.date) -> str:
    if expires is None:
        return "no expiry"
    text = expires.isoformat()
    if expires < as_of:
        return f'<font color="{MISSING_HEX}"><b>{text} (expired)</b></font>'
    if (expires - as_of).days <= EXPIRY_WARNING_DAYS:
        return f"<b>{text}</b> (soon)"
    return text


REVIEWER_ROLES = ("Service owner", "Security", "Operations", "Architecture")
"""Who signs a design review: the roles the essay's responsibilities fall to."""
LISTED_CONDITIONS = 60
"""Conditions printed on the sign-off page; the rest are counted (they are all in the
findings and in "Decisions and actions")."""


def sign_off(ctx: ReportContext) -> list[Flowable]:
    """The decision, its conditions — the open critical and high findings with what was
    decided about them — and a line per reviewer role for name, date and signature."""
    s = ctx.styles
    decision = Table(
        [["Decision", "☐ Approved    ☐ Approved with conditions    ☐ Rejected"]],
        colWidths=[30 * mm, None],
        rowHeights=[9 * mm],
    )
    decision.setStyle(key_value_style())
    rows: list[list[object]] = [["Name", "Role", "Date", "Signature"]]
    rows += [["", role, "", ""] for role in REVIEWER_ROLES]
    rows += [["", "", "", ""] for _ in range(SIGNATURE_ROWS - len(REVIEWER_ROLES))]
    signatures = Table(rows, colWidths=[45 * mm, 40 * mm, 28 * mm, None],
                       rowHeights=[None] + [14 * mm] * (len(rows) - 1))
    signatures.setStyle(grid_table_style(stripes=False))
    return [
        heading("Sign-off", s.h1, level=0, key="signoff", contents=True),
        Paragraph(
            f"The undersigned reviewed this design as recorded on {ctx.as_of.isoformat()} "
            f"(content fingerprint {ctx.content_hash}).",
            s.body,
        ),
        Spacer(1, 4 * mm),
        decision,
        Spacer(1, 4 * mm),
        Paragraph("<b>Conditions</b>: the open critical and high findings, with what was "
                  "decided about them.", s.body),
        *_conditions(ctx),
        Spacer(1, 8 * mm),
        signatures,
    ]


def _conditions(ctx: ReportContext) -> list[Flowable]:
    s = ctx.styles
    serious = [f for f in ctx.analysis.unwaived if f.severity >= Severity.HIGH]
    if not serious:
        return [Paragraph("No critical or high finding is open.", s.body)]
    decided: dict[tuple[str, str], list[Decision]] = {}
    for d in ctx.model.decisions.values():
        decided.setdefault((d.rule, d.subject), []).append(d)
    rows: list[list[object]] = [["Finding", "Subject", "Decided"]]
    for finding in serious[:LISTED_CONDITIONS]:
        answers = decided.get((finding.rule, finding.primary_subject), [])
        rows.append([
            Paragraph(f"{finding.rule} ({finding.severity.word})", s.cell),
            para(ctx.subjects_text(finding.subjects), s.cell),
            para("; ".join(_decided(ctx, d) for d in answers) or "no decision yet", s.cell),
        ])
    table = Table(rows, colWidths=[28 * mm, 50 * mm, None], repeatRows=1, splitInRow=1)
    table.setStyle(grid_table_style())
    more = len(serious) - LISTED_CONDITIONS
    tail = [Paragraph(f"… and {more} more (see the findings).", s.note)] if more > 0 else []
    return [table, *tail]


def _decided(ctx: ReportContext, d: Decision) -> str:
    parts = [d.outcome.label if d.outcome is not None else "not decided"]
    if d.until:
        parts[0] += f" until {d.until.isoformat()}"
    if d.has_action:
        owner = ctx.team_name(d.action_owner_id)
        due = f", due {d.action_due.isoformat()}" if d.action_due else ""
        parts.append(f"{d.action} ({owner or 'no owner'}{due}, {d.action_status})")
    return ": ".join(parts)
