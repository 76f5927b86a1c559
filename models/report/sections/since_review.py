""""Changes since the last review": the model against the baseline the board saw before.

Printed only when the export is given a baseline (``export --baseline OLD``). It names
the baseline by its fingerprint and date — the fingerprint printed on every page of the
earlier review — so the board can tell which printout it is compared with.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from models.comparison.difference import WHOLE, plural
from models.comparison.records import describe
from models.comparison.since_review import (
    ModelComparison,
    entity_name,
    field_label,
    kind_label,
    value_text,
)
from models.report.context import ReportContext
from models.report.literal import LONGEST_SENTENCE, literal, name_text, para, shortened
from models.report.sections.front import severity_label
from models.report.styles import grid_table_style
from models.report.template import heading, keep_with_next

LISTED_CHANGES = 400
"""Rows of added, removed or changed entities printed; the rest are counted. A review
after a large import reads the counts, not ten thousand rows."""
VALUE_LENGTH = 300


def changes_since_review(ctx: ReportContext) -> list[Flowable]:
    """The section, or nothing when the export has no baseline."""
    comparison = ctx.since_review
    if comparison is None:
        return []
    s = ctx.styles
    base = comparison.baseline
    day = base.date.isoformat() if base.date else "an unknown date"
    story: list[Flowable] = [
        heading("Changes since the last review", s.h1, level=0, key="since-review",
                contents=True),
        Paragraph(
            f"Compared with the baseline <b>{literal(name_text(base.name))}</b> "
            f"({literal(base.source)}, saved {day}, content fingerprint "
            f"<b>{base.fingerprint}</b>), both analysed as of {comparison.as_of.isoformat()}. "
            "Entities are matched by id, so a renamed service is a change; layout is not "
            "compared.",
            s.body,
        ),
    ]
    if not comparison.differs:
        story.append(Paragraph("Nothing changed since the last review.", s.body))
        return story
    story.append(_counts_table(comparison))
    findings = comparison.findings
    story += keep_with_next(
        [heading("Findings since the last review", s.h2, level=1, key="since-findings",
                 contents=False),
         Paragraph(f"{len(findings.new)} new, {len(findings.resolved)} resolved, "
                   f"{findings.unchanged} still open.", s.body)],
        _findings_table(ctx, comparison))
    story += keep_with_next(
        [heading("Added and removed", s.h2, level=1, key="since-added", contents=False)],
        _added_removed(ctx, comparison))
    story += keep_with_next(
        [heading("Changed, field by field", s.h2, level=1, key="since-changed",
                 contents=False)],
        _changed(ctx, comparison))
    return story


def _counts_table(comparison: ModelComparison) -> Table:
    counts = comparison.counts()
    kinds = [k for k in dict.fromkeys(c.key[0] for c in comparison.changes)]
    rows: list[list[Any]] = [["", "Added", "Removed", "Changed"]]
    for kind in kinds:
        rows.append([plural(kind_label(kind)).capitalize(),
                     *(str(counts[a].get(kind, 0) or "") for a in ("added", "removed", "changed"))])
    table = Table(rows, colWidths=[52 * mm, 25 * mm, 25 * mm, 25 * mm], hAlign="LEFT",
                  repeatRows=1)
    style = grid_table_style()
    style.add("ALIGN", (1, 0), (-1, -1), "CENTER")
    table.setStyle(style)
    return table


def _findings_table(ctx: ReportContext, comparison: ModelComparison) -> list[Flowable]:
    s = ctx.styles
    findings = comparison.findings
    if not (findings.new or findings.resolved):
        return [Paragraph("No finding is new and none was resolved.", s.body)]
    rows: list[list[Any]] = [["", "Severity", "Rule", "Subject", "Finding"]]
    for status, group in (("New", findings.new), ("Resolved", findings.resolved)):
        for finding in group:
            label = status if status == "New" else f"Resolved ({findings.how_resolved(finding)})"
            rows.append([
                Paragraph(label, s.cell),
                severity_label(finding.severity, s.cell),
                finding.rule,
                para(ctx.subjects_text(finding.subjects), s.cell),
                para(shortened(finding.message, LONGEST_SENTENCE), s.cell),
            ])
    table = Table(rows, colWidths=[24 * mm, 20 * mm, 17 * mm, 40 * mm, None], repeatRows=1,
                  splitInRow=1)
    table.setStyle(grid_table_style())
    return [table]


def _added_removed(ctx: ReportContext, comparison: ModelComparison) -> list[Flowable]:
    s = ctx.styles
    group = comparison.of_action("added") + comparison.of_action("removed")
    if not group:
        return [Paragraph("Nothing was added or removed.", s.body)]
    rows: list[list[Any]] = [["", "What", "Name"]]
    for change in group[:LISTED_CHANGES]:
        rows.append([change.action.capitalize(), para(describe(change.key), s.cell),
                     para(name_text(entity_name(change)), s.cell)])
    return [_table(rows, [20 * mm, 75 * mm, None]), *_more(ctx, len(group))]


def _changed(ctx: ReportContext, comparison: ModelComparison) -> list[Flowable]:
    s = ctx.styles
    group = comparison.of_action("changed")
    if not group:
        return [Paragraph("No entity was changed.", s.body)]
    rows: list[list[Any]] = [["What", "Field", "Before", "Now"]]
    for change in group[:LISTED_CHANGES]:
        title = describe(change.key)
        name = entity_name(change)
        if name != change.key[1]:
            title += f" — {name}"
        for number, f in enumerate(change.fields):
            label = field_label(change.key[0], f.path) if f.path != WHOLE else "value"
            rows.append([para(shortened(title, VALUE_LENGTH) if number == 0 else "", s.cell),
                         para(label, s.cell), para(_value(f.before), s.cell),
                         para(_value(f.after), s.cell)])
    return [_table(rows, [50 * mm, 35 * mm, None, None]), *_more(ctx, len(group))]


def _table(rows: list[list[Any]], widths: list[Any]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(grid_table_style())
    return table


def _more(ctx: ReportContext, total: int) -> list[Flowable]:
    if total <= LISTED_CHANGES:
        return []
    return [Paragraph(f"… and {total - LISTED_CHANGES:,} more (see <i>integramap diff</i>).",
                      ctx.styles.note)]


def _value(value: Any) -> str:
    return shortened(value_text(value), VALUE_LENGTH)
