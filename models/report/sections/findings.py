"""Findings by severity with recommendations, and the single points of failure."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from models.analysis import RULES
from models.analysis.grouping import FindingGroup, grouped
from models.analysis.results import Finding
from models.domain.enums import Severity
from models.report.context import ReportContext
from models.report.literal import LONGEST_SENTENCE, literal, para, shortened
from models.report.styles import grid_table_style
from models.report.template import KeepWithNext, ProgressMark, heading, keep_with_next

SPOF_RULE = "RES-001"


def findings_by_severity(ctx: ReportContext) -> list[Flowable]:
    """Every finding, grouped by severity then rule, each rule with its recommendation."""
    s = ctx.styles
    story: list[Flowable] = [
        heading("Findings and recommendations", s.h1, level=0, key="findings", contents=True)
    ]
    if not ctx.analysis.findings:
        story += [Paragraph("The analysis found nothing to report.", s.body)]
        return story
    story.append(
        Paragraph(
            "Open findings are grouped by severity, then by rule; their counts are the ones "
            "of the executive summary. Findings on one service that share one root cause (a "
            "single-instance service in one data centre is a single point of failure, a "
            "single instance and a single location) are listed together first, under the "
            "worst of their severities, each with its own rule and severity. "
            "Each rule states why it matters and what to do; a finding with a more specific "
            "recommendation shows it under its message. Waived findings are listed in a "
            "group of their own at the end until their waiver expires.",
            s.body,
        )
    )
    open_entries = grouped(ctx.analysis.unwaived)
    for severity, count in ctx.analysis.counts().items():
        if count:
            story += _group(ctx, severity.word.capitalize(), f"findings-{severity.word}",
                            count, _at(open_entries, severity))
    waived = [f for f in ctx.analysis.findings if f.waived]
    if waived:
        story += _group(ctx, "Waived", "findings-waived", len(waived), grouped(waived))
    return story


def _at(entries: list[Finding | FindingGroup], severity: Severity
        ) -> list[Finding | FindingGroup | _ListedAbove]:
    """What the severity's section lists: its findings and the related groups whose worst
    facet has this severity, then a note for its findings listed in a worse group."""
    here: list[Finding | FindingGroup | _ListedAbove] = [
        e for e in entries if e.severity is severity]
    above = [(e, f) for e in entries if isinstance(e, FindingGroup) and e.severity > severity
             for f in e.findings if f.severity is severity]
    if above:
        here.append(_ListedAbove(tuple(above)))
    return here


@dataclass(frozen=True)
class _ListedAbove:
    """Findings of a severity that are listed with their root cause under a worse one."""

    facets: tuple[tuple[FindingGroup, Finding], ...]


def _group(ctx: ReportContext, word: str, key: str, count: int,
           entries: list[Finding | FindingGroup | _ListedAbove]) -> list[Flowable]:
    """A severity's open findings (or the waived ones) under a heading (and bookmark)
    counting them as the executive summary does: related findings first, then one block
    per rule, then those of its findings already listed with a worse root cause."""
    found = [e for e in entries if isinstance(e, Finding)]
    related = [e for e in entries if isinstance(e, FindingGroup)]
    title = heading(f"{word} ({count})", ctx.styles.h2, level=1, key=key, contents=False)
    blocks: list[Flowable] = []
    for group in related:
        blocks += _related_block(ctx, group)
    order = sorted(found, key=lambda f: (-int(f.severity), f.rule))
    for rule_id, rule_group in groupby(order, key=lambda f: f.rule):
        blocks += _rule_block(ctx, word.lower(), rule_id, list(rule_group))
    for note in (e for e in entries if isinstance(e, _ListedAbove)):
        listed = "; ".join(
            f"{literal(f.rule)} on {literal(ctx.name_of(g.subject))} (with "
            f"{literal(g.cause)}, under {g.severity.word.capitalize()})"
            for g, f in note.facets)
        blocks.append(Paragraph(f"<i>Listed with their root cause above:</i> {listed}.",
                                ctx.styles.small))
    # The group's heading opens on the page of its first rule's heading and rows.
    opening = blocks[0]
    if isinstance(opening, KeepWithNext):
        return [KeepWithNext([title, *opening.lead], opening.following), title, *blocks]
    return [title, *blocks]


def _related_block(ctx: ReportContext, group: FindingGroup) -> list[Flowable]:
    """One root cause on one subject: its facets, each with rule, severity and message."""
    s = ctx.styles
    lead: list[Flowable] = [Paragraph(
        f"{literal(ctx.name_of(group.subject))} — {literal(group.cause)}: "
        f"{len(group.findings)} related findings ({literal(group.rules)})", s.h3)]
    rows: list[list[object]] = [["Rule", "Severity", "Finding", "Status"]]
    for finding in group.findings:
        rule = RULES.get(finding.rule)
        message = literal(shortened(finding.message, LONGEST_SENTENCE))
        message += f"<br/><i>→ {literal(finding.recommendation)}</i>"
        title = f"<b>{literal(finding.rule)}</b>"
        if rule is not None:
            title += f"<br/>{literal(rule.title)}"
        rows.append([Paragraph(title, s.cell), finding.severity.word,
                     Paragraph(message, s.cell), "waived" if finding.waived else "open"])
    table = Table(rows, colWidths=[42 * mm, 17 * mm, None, 15 * mm], repeatRows=1,
                  splitInRow=1)
    table.setStyle(grid_table_style())
    return keep_with_next(lead, [table, ProgressMark(f"Findings related {group.subject}")])


def _rule_block(
    ctx: ReportContext, group: str, rule_id: str, found: list[Finding]
) -> list[Flowable]:
    s = ctx.styles
    rule = RULES.get(rule_id)
    title = rule.title if rule is not None else rule_id
    lead: list[Flowable] = [
        Paragraph(f"{literal(rule_id)} — {literal(title)} ({len(found)})", s.h3),
    ]
    if rule is not None:
        lead.append(
            Paragraph(
                f"{literal(rule.rationale)} <b>Recommendation:</b> {literal(rule.recommendation)}",
                s.small,
            )
        )
    rows: list[list[object]] = [["Subject", "Finding", "Status"]]
    default = rule.recommendation if rule is not None else ""
    for finding in found:
        message = literal(shortened(finding.message, LONGEST_SENTENCE))
        if finding.recommendation and finding.recommendation != default:
            message += f"<br/><i>→ {literal(finding.recommendation)}</i>"
        rows.append(
            [
                para(ctx.subjects_text(finding.subjects), s.cell),
                Paragraph(message, s.cell),
                "waived" if finding.waived else "open",
            ]
        )
    table = Table(rows, colWidths=[50 * mm, None, 15 * mm], repeatRows=1, splitInRow=1)
    table.setStyle(grid_table_style())
    return keep_with_next(lead, [table, ProgressMark(f"Findings {group} {rule_id}")])


def single_points_of_failure(ctx: ReportContext) -> list[Flowable]:
    """RES-001 subjects with their blast radius, owner and instance count, largest first."""
    s = ctx.styles
    blast = ctx.analysis.blast_radius
    story: list[Flowable] = [
        heading("Single points of failure", s.h1, level=0, key="spof", contents=True),
        Paragraph(
            "A single point of failure is a service whose loss cuts critical services off "
            "from what they rely on. Its <b>blast radius</b> is the number of services that "
            "rely on it, directly or through others: everything that stops when it stops.",
            s.body,
        ),
    ]
    spofs: dict[str, Finding] = {}
    for finding in ctx.analysis.findings:
        if finding.rule == SPOF_RULE and finding.primary_subject not in spofs:
            spofs[finding.primary_subject] = finding
    if not spofs:
        story += [Paragraph("No single point of failure was found.", s.body)]
        return story
    rows: list[list[object]] = [["Service", "Blast radius", "Owner", "Instances", "Finding"]]
    for sid in sorted(spofs, key=lambda x: (-blast.get(x, 0), x)):
        service = ctx.model.services.get(sid)
        finding = spofs[sid]
        status = " (waived)" if finding.waived else ""
        rows.append(
            [
                para(ctx.name_of(sid), s.cell_bold),
                str(blast.get(sid, 0)),
                para(ctx.team_name(service.owner_id) if service else "", s.cell),
                str(service.instances) if service else "",
                para(shortened(finding.message, LONGEST_SENTENCE) + status, s.cell),
            ]
        )
    table = Table(rows, colWidths=[42 * mm, 22 * mm, 32 * mm, 18 * mm, None],
                  repeatRows=1, splitInRow=1)
    table.setStyle(grid_table_style())
    story.append(table)
    return story
