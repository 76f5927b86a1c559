"""Cover, table of contents and executive summary: what a board member reads first."""

from __future__ import annotations

from importlib import metadata

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from models.domain.enums import Criticality, Severity
from models.notation import SEVERITY_COLOURS
from models.report.context import ReportContext
from models.report.literal import LONGEST_SENTENCE, literal, name_text, para, shortened
from models.report.styles import RULE, grid_table_style
from models.report.template import heading, keep_with_next

TOP_RISKS = 12


def cover(ctx: ReportContext) -> list[Flowable]:
    """Title page: model name, as-of date, content fingerprint and the size of the model."""
    s = ctx.styles
    model = ctx.model
    facts = [
        ("As of", ctx.as_of.isoformat()),
        ("Content fingerprint", ctx.content_hash),
        ("Services", str(len(model.services))),
        ("Integrations", str(len(model.integrations))),
        ("Zones", str(len(model.zones))),
        ("Teams", str(len(model.teams))),
        *_completeness(ctx),
        ("Produced by", f"Integramap {_version()}"),
    ]
    rows = [[Paragraph(label, s.small), para(value, s.cover_meta)] for label, value in facts]
    table = Table(rows, colWidths=[45 * mm, 110 * mm], hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return [
        Spacer(1, 55 * mm),
        Paragraph("INFRASTRUCTURE DESIGN REVIEW", s.small),
        Spacer(1, 4 * mm),
        para(name_text(model.name or "Untitled model"), s.title),
        Paragraph("Services, integrations, responsibilities and risks", s.subtitle),
        table,
    ]


def _completeness(ctx: ReportContext) -> list[tuple[str, str]]:
    """The review's completeness: questions answered — a value, or "there is none" — of
    those that apply to the services."""
    if ctx.completeness is None or not ctx.completeness.overall.total:
        return []
    score = ctx.completeness.overall
    return [("Review completeness", f"{score.percent}% ({score.answered:,} of "
                                    f"{score.total:,} questions answered)")]


def contents(ctx: ReportContext) -> list[Flowable]:
    """The table of contents (top-level sections only, so it stays on one page)."""
    toc = TableOfContents()
    toc.levelStyles = [ctx.styles.body.clone("toc0", fontSize=10.5, leading=17, leftIndent=0)]
    toc.dotsMinLevel = 0
    title = heading("Contents", ctx.styles.toc_title, level=0, key="contents", contents=False)
    return [title, toc]


def executive_summary(ctx: ReportContext) -> list[Flowable]:
    """Counts by severity, the worst open findings and the services most relied upon."""
    s = ctx.styles
    model, analysis = ctx.model, ctx.analysis
    production = sum(1 for svc in model.services.values() if svc.is_production)
    high = sum(1 for svc in model.services.values() if Criticality(svc.criticality).is_high)
    waived = sum(1 for f in analysis.findings if f.waived)
    story: list[Flowable] = [
        heading("Executive summary", s.h1, level=0, key="summary", contents=True),
        Paragraph(_coverage(ctx, production, high), s.body),
        _severity_tiles(ctx),
        Spacer(1, 3 * mm),
        Paragraph(_waived_note(waived), s.note),
    ]
    story += keep_with_next(
        [heading("Findings by area", s.h2, level=1, key="summary-areas", contents=False)],
        [_findings_by_area(ctx)])
    story += keep_with_next(
        [heading("Top risks", s.h2, level=1, key="summary-top", contents=False)],
        _top_risks(ctx))
    story += keep_with_next(
        [heading("Most relied-upon services", s.h2, level=1, key="summary-reliance",
                 contents=False)],
        _most_relied_upon(ctx))
    return story


def _coverage(ctx: ReportContext, production: int, high: int) -> str:
    """What the review covers; an empty model says so instead of a row of zeros."""
    model = ctx.model
    name = literal(name_text(model.name or "Untitled model"))
    when = ctx.as_of.isoformat()
    if not model.services:
        return (f"<b>{name}</b> has no services yet, so this review, as of <b>{when}</b>, "
                "has nothing to assess. Open findings by severity:")
    return (f"This review covers <b>{len(model.services)}</b> services "
            f"({production} in production, {high} of high or critical importance) and "
            f"<b>{len(model.integrations)}</b> integrations of <b>{name}</b>, analysed as "
            f"of <b>{when}</b>. Open findings by severity:")


def _severity_tiles(ctx: ReportContext) -> Table:
    counts = ctx.analysis.counts()
    numbers = [Paragraph(str(counts[sev]), ctx.styles.big_number) for sev in counts]
    words = [
        Paragraph(f'<font color="white">{sev.word.upper()}</font>',
                  ctx.styles.cell.clone("tile_word", alignment=1))
        for sev in counts
    ]
    table = Table([numbers, words], colWidths=[33 * mm] * len(counts), hAlign="LEFT")
    style = [
        ("TOPPADDING", (0, 0), (-1, 0), 7),
        ("BOTTOMPADDING", (0, 1), (-1, 1), 7),
        ("LINEAFTER", (0, 0), (-2, -1), 3, colors.white),
    ]
    for column, severity in enumerate(counts):
        fill = colors.HexColor(SEVERITY_COLOURS[severity.word])
        style.append(("BACKGROUND", (column, 0), (column, 1), fill))
    table.setStyle(TableStyle(style))
    return table


AREAS = {
    "OWN": "Ownership and support",
    "INT": "Integrations",
    "ZON": "Zoning",
    "RES": "Resilience",
    "LIF": "Lifecycle",
    "CST": "Cost",
    "QA": "Quality (DTAP)",
    "ACT": "Decisions and actions",
    "WVR": "Waivers",
}


def _findings_by_area(ctx: ReportContext) -> Flowable:
    """Open findings per rule family and severity, plus the waived ones."""
    if not ctx.analysis.findings:
        return Paragraph("No findings in any area.", ctx.styles.body)
    severities = sorted(Severity, reverse=True)
    counts: dict[str, dict[object, int]] = {}
    for finding in ctx.analysis.findings:
        family = finding.rule.split("-", 1)[0]
        row = counts.setdefault(family, {})
        key: object = "waived" if finding.waived else finding.severity
        row[key] = row.get(key, 0) + 1
    families = [f for f in AREAS if f in counts] + sorted(f for f in counts if f not in AREAS)
    rows: list[list[object]] = [["Area", *(sev.word.capitalize() for sev in severities),
                                 "Waived"]]
    for family in families or list(AREAS):
        found = counts.get(family, {})
        rows.append([AREAS.get(family, family),
                     *(str(found.get(sev, 0) or "") for sev in severities),
                     str(found.get("waived", 0) or "")])
    table = Table(rows, colWidths=[52 * mm] + [20 * mm] * (len(severities) + 1),
                  repeatRows=1, hAlign="LEFT")
    style = grid_table_style()
    style.add("ALIGN", (1, 0), (-1, -1), "CENTER")
    for column, severity in enumerate(severities, start=1):
        style.add("TEXTCOLOR", (column, 1), (column, -1),
                  colors.HexColor(SEVERITY_COLOURS[severity.word]))
    table.setStyle(style)
    return table


def _top_risks(ctx: ReportContext) -> list[Flowable]:
    s = ctx.styles
    blast = ctx.analysis.blast_radius
    open_findings = ctx.analysis.unwaived
    if not open_findings:
        return [Paragraph("No open findings: every rule is satisfied or waived.", s.body)]
    ranked = sorted(
        open_findings,
        key=lambda f: (-int(f.severity), -blast.get(f.primary_subject, 0), f.sort_key()),
    )[:TOP_RISKS]
    rows: list[list[object]] = [["Severity", "Rule", "Subject", "Finding"]]
    for finding in ranked:
        rows.append(
            [
                severity_label(finding.severity, s.cell),
                finding.rule,
                para(ctx.subjects_text(finding.subjects), s.cell),
                para(shortened(finding.message, LONGEST_SENTENCE), s.cell),
            ]
        )
    table = Table(rows, colWidths=[21 * mm, 17 * mm, 45 * mm, None], repeatRows=1, splitInRow=1)
    table.setStyle(grid_table_style())
    return [table]


def _most_relied_upon(ctx: ReportContext) -> list[Flowable]:
    s = ctx.styles
    ranked = sorted(
        ((n, sid) for sid, n in ctx.analysis.blast_radius.items() if n > 0),
        key=lambda pair: (-pair[0], pair[1]),
    )[:8]
    if not ranked:
        return [Paragraph("No service is relied upon by another.", s.body)]
    rows: list[list[object]] = [["Service", "Owner", "Criticality", "Services relying on it"]]
    for count, sid in ranked:
        service = ctx.model.services.get(sid)
        rows.append(
            [
                para(ctx.name_of(sid), s.cell),
                para(ctx.team_name(service.owner_id if service else None) or "—", s.cell),
                service.criticality.value if service else "",
                str(count),
            ]
        )
    table = Table(rows, colWidths=[60 * mm, 50 * mm, 25 * mm, None], repeatRows=1, splitInRow=1)
    table.setStyle(grid_table_style())
    return [table]


def severity_label(severity: Severity, style: object) -> Paragraph:
    """The severity word in its colour, bold."""
    colour = SEVERITY_COLOURS[severity.word]
    return Paragraph(f'<font color="{colour}"><b>{severity.word.upper()}</b></font>', style)


def _waived_note(waived: int) -> str:
    if waived == 0:
        return "No finding is waived."
    if waived == 1:
        return ("One further finding is waived as an accepted risk (listed under “Waived” in "
                "the findings; see “Accepted risks”).")
    return (f"{waived} further findings are waived as accepted risks (listed under “Waived” "
            "in the findings; see “Accepted risks”).")


def _version() -> str:
    try:
        return metadata.version("integramap")
    except metadata.PackageNotFoundError:
        return "(development)"


