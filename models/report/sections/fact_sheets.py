"""One fact sheet per service: who runs it, on what terms, what it relies on, what is wrong.

A 1,000-service model prints 1,000 sheets, laid out twice (two build passes), so each
sheet is kept to a few flowables: a heading, one key/value table and a couple of
paragraphs. Short values go into table cells as plain strings (drawn literally, no markup
parsing); only values too long for their column become wrapped, escaped Paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table

from models.domain.entities import Service
from models.domain.enums import Environment, IntegrationKind, ServiceKind
from models.notation import SEVERITY_COLOURS
from models.report.context import ReportContext
from models.report.fonts import REGULAR
from models.report.literal import literal, or_dash
from models.report.styles import MISSING_HEX, PRESENT_HEX, key_value_style
from models.report.template import MARGIN, PORTRAIT, ProgressMark, heading

LABEL_WIDTH = 27 * mm
VALUE_WIDTH = (PORTRAIT[0] - 2 * MARGIN - 2 * LABEL_WIDTH) / 2
CELL_FONT_SIZE = 8.5
TICK, CROSS = "✔", "✘"


def fact_sheets(ctx: ReportContext) -> list[Flowable]:
    """The section: an intro paragraph and one sheet per service, in name order."""
    s = ctx.styles
    story: list[Flowable] = [
        heading("Service fact sheets", s.h1, level=0, key="facts", contents=True),
        Paragraph(
            "One sheet per service, in alphabetical order. The integration checklist marks "
            f'each expected integration as <font color="{PRESENT_HEX}">{TICK} present</font> or '
            f'<font color="{MISSING_HEX}">{CROSS} missing</font>; an expectation that does not '
            "apply to the service (a backup for a stateless service, a gateway for an "
            "internal one) is not listed.",
            s.body,
        ),
    ]
    for service in ctx.services:
        story += fact_sheet(ctx, service)
    return story


def fact_sheet(ctx: ReportContext, service: Service) -> list[Flowable]:
    """The flowables of one service's sheet."""
    s = ctx.styles
    kind = ServiceKind(service.kind)
    zone = ctx.model.zones.get(service.zone_id or "")
    stages = ", ".join(Environment(e).value for e in service.environments)
    subtitle = (
        f"{literal(service.id)} · {kind.label} · zone {or_dash(zone.name if zone else '')} · "
        f"{service.criticality.value} criticality · {literal(stages)}"
    )
    story: list[Flowable] = [
        CondPageBreak(70 * mm),
        heading(service.name or service.id, s.h2, level=1, key=f"svc-{service.id}",
                contents=False),
        Paragraph(subtitle, s.small),
        _facts_table(ctx, service),
        Paragraph(_checklist(ctx, service), s.body),
    ]
    relies = _relies_on(ctx, service)
    if relies:
        story.append(Paragraph(relies, s.small))
    for label, text in (("Description", service.description), ("Notes", service.notes)):
        if text.strip():
            story.append(Paragraph(f"<b>{label}:</b> {literal(text)}", s.small))
    findings = ctx.findings_of.get(service.id, [])
    if findings:
        lines = [
            f'<font color="{SEVERITY_COLOURS[f.severity.word]}"><b>{f.severity.word.upper()}'
            f"</b></font> {f.rule}{' (waived)' if f.waived else ''}: {literal(f.message)}"
            for f in findings
        ]
        story.append(Paragraph("<br/>".join(lines), s.cell))
    else:
        story.append(Paragraph("No findings.", s.cell))
    story.append(ProgressMark(f"Fact sheet {service.name or service.id}"))
    return story


def _facts_table(ctx: ReportContext, service: Service) -> Table:
    pairs = list(_facts(ctx, service))
    if len(pairs) % 2:
        pairs.append(("", ""))
    half = len(pairs) // 2
    rows = []
    for (label_a, value_a), (label_b, value_b) in zip(pairs[:half], pairs[half:], strict=True):
        rows.append([label_a, _cell(ctx, value_a), label_b, _cell(ctx, value_b)])
    table = Table(rows, colWidths=[LABEL_WIDTH, VALUE_WIDTH, LABEL_WIDTH, VALUE_WIDTH],
                  hAlign="LEFT")
    table.setStyle(key_value_style())
    return table


def _cell(ctx: ReportContext, value: str) -> object:
    """A plain string when it fits its column (cheap, drawn literally), else a Paragraph."""
    text = value.strip() or "—"
    if "\n" not in text and stringWidth(text, REGULAR, CELL_FONT_SIZE) <= VALUE_WIDTH - 8:
        return text
    return Paragraph(literal(text), ctx.styles.cell)


def _facts(ctx: ReportContext, s: Service) -> Iterator[tuple[str, str]]:
    """Label/value pairs: ownership and support first, then vendor, lifecycle, operations."""
    team = ctx.team_name
    yield "Owner", team(s.owner_id)
    for line in (1, 2, 3, 4):
        yield f"Support line {line}", team(getattr(s, f"support_line_{line}_id"))
    owner = ctx.model.teams.get(s.owner_id or "")
    yield "Owner FTE", f"{owner.fte:g}" if owner is not None else ""
    yield "Runbook", s.runbook
    yield "Locations", ", ".join(
        (ctx.model.locations[i].name or i) if i in ctx.model.locations else i
        for i in s.location_ids
    )
    yield "Instances", f"{s.instances}{' · stateful' if s.stateful else ''}" + (
        " · internet-facing" if s.internet_facing else ""
    )
    yield "Last restore test", _date(s.last_restore_test)
    yield "Vendor", s.vendor_name
    yield "Contract", s.vendor_contract
    yield "SLA", s.vendor_sla
    yield "Escalation", s.vendor_escalation
    yield "Version", s.lifecycle_version
    yield "End of sale", _date(s.end_of_sale)
    yield "End of support", _date(s.end_of_support)
    yield "End of life", _date(s.end_of_life)
    yield "Exit plan", s.exit_plan
    cost = "" if s.cost_yearly is None else f"{s.cost_yearly:,.0f} {s.cost_currency}/year".strip()
    yield "Cost", cost
    if s.license_capacity is not None or s.license_usage is not None:
        usage = "?" if s.license_usage is None else str(s.license_usage)
        capacity = "?" if s.license_capacity is None else str(s.license_capacity)
        yield "Licences", f"{usage} used of {capacity}"


def expected_integrations(service: Service) -> list[IntegrationKind]:
    """The integrations the rules expect of this service (INT-001…INT-009)."""
    expected = [IntegrationKind.MONITORING]
    if service.stateful:
        expected.append(IntegrationKind.BACKUP)
    expected.append(IntegrationKind.ADMIN_AUTH)
    if service.is_production:
        expected.append(IntegrationKind.ASSET_TRACKING)
    if service.internet_facing:
        expected.append(IntegrationKind.GATEWAY)
    return expected


def _checklist(ctx: ReportContext, service: Service) -> str:
    present = {IntegrationKind(i.kind) for i in ctx.outgoing.get(service.id, ())}
    marks = []
    for kind in expected_integrations(service):
        if kind in present:
            marks.append(f'<font color="{PRESENT_HEX}">{TICK}</font> '
                         f"{kind.label}")
        else:
            marks.append(f'<font color="{MISSING_HEX}">{CROSS}</font> '
                         f"<b>{kind.label} missing</b>")
    return "<b>Integration checklist:</b> " + " &nbsp;&nbsp; ".join(marks)


def _relies_on(ctx: ReportContext, service: Service) -> str:
    outgoing = ctx.outgoing.get(service.id, [])
    incoming = ctx.incoming_count.get(service.id, 0)
    if not outgoing and not incoming:
        return "No integrations recorded."
    parts = [
        f"{literal(ctx.name_of(i.target_id))} ({IntegrationKind(i.kind).label.lower()})"
        for i in outgoing
    ]
    text = f"<b>Relies on:</b> {', '.join(parts)}." if parts else "<b>Relies on:</b> nothing."
    return f"{text} <b>Relied on by:</b> {incoming} integration{'s' if incoming != 1 else ''}."


def _date(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]
