"""One fact sheet per service: who runs it, on what terms, what it relies on, what is wrong.

What a sheet shows is what the service's field declarations put on it
(:class:`~models.domain.fields.Sheet`): the line under the heading, the rows of the two
columns of the table — ownership and operation on the left, vendor, lifecycle and cost
on the right — and the paragraphs under it, each in declaration order. A field is one row
named by its ``sheet_label``; the few facts that read as one row (how it runs, what it
costs, its licences) are written by :data:`_JOINED`.

A 1,000-service model prints 1,000 sheets, laid out twice (two build passes), so each
sheet is kept to a few flowables: a heading, one key/value table and a couple of
paragraphs. Short values go into table cells as plain strings (drawn literally, no markup
parsing); only values too long for their column become wrapped, escaped Paragraphs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table

from models.domain.entities import Service
from models.domain.enums import Environment, IntegrationKind, ServiceKind
from models.domain.fields import (
    Choice,
    Day,
    Field,
    Flag,
    Number,
    Ref,
    Refs,
    Sheet,
    Slug,
    Stages,
    Text,
    Words,
    fields_of,
    target_entity,
)
from models.notation import SEVERITY_COLOURS
from models.report.amounts import money
from models.report.context import ReportContext
from models.report.fonts import REGULAR
from models.report.icons import kind_badge
from models.report.literal import LONGEST_SENTENCE, literal, name_text, or_dash, shortened
from models.report.styles import MISSING_HEX, PRESENT_HEX, key_value_style
from models.report.template import (
    MARGIN,
    PORTRAIT,
    Heading,
    OutlineMark,
    ProgressMark,
    heading,
)

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
    if not ctx.services:
        story.append(Paragraph("No services in this model.", s.body))
    for service in ctx.services:
        story += fact_sheet(ctx, service)
    return story


def fact_sheet(ctx: ReportContext, service: Service) -> list[Flowable]:
    """The flowables of one service's sheet."""
    s = ctx.styles
    subtitle = " · ".join(
        f"{f.sheet_label} {or_dash(sheet_text(ctx, f, getattr(service, f.key)))}".strip()
        for f in _headline()
    )
    story: list[Flowable] = [
        CondPageBreak(70 * mm),
        _icon_heading(service, s.h2_icon),
        Paragraph(subtitle, s.small),
        _facts_table(ctx, service),
        Paragraph(_checklist(ctx, service), s.checklist),
    ]
    relies = _relies_on(ctx, service)
    if relies:
        story.append(Paragraph(relies, s.small))
    for f in _part(Sheet.TEXT):
        text = sheet_text(ctx, f, getattr(service, f.key))
        if text.strip():
            story.append(Paragraph(f"<b>{f.sheet_label}:</b> {literal(text)}", s.small))
    findings = ctx.findings_of.get(service.id, [])
    if findings:
        lines = [
            f'<font color="{SEVERITY_COLOURS[f.severity.word]}"><b>{f.severity.word.upper()}'
            f"</b></font> {literal(f.rule)}{' (waived)' if f.waived else ''}: "
            f"{literal(shortened(f.message, LONGEST_SENTENCE))}"
            for f in findings
        ]
        story.append(Paragraph("<br/>".join(lines), s.cell))
    else:
        story.append(Paragraph("No findings.", s.cell))
    story.append(ProgressMark(f"Fact sheet {service.name or service.id}"))
    return story


class _IconHeading(Heading):
    """The sheet's heading with the kind's icon (as on the diagram) in its left indent."""

    kind = ServiceKind.OTHER

    def _hand_over(self, first: Heading) -> None:
        super()._hand_over(first)
        if isinstance(first, _IconHeading):
            first.kind = self.kind

    def draw(self) -> None:
        super().draw()
        if self.outline_mark is None:
            return  # the continuation of a split heading: the icon is on the first part
        size = self.style.fontSize * 1.25
        first_line_top = self.height - (self.style.leading - self.style.fontSize) / 2
        kind_badge(self.canv, self.kind, 0, first_line_top - size + 1, size)


def _icon_heading(service: Service, style: ParagraphStyle) -> _IconHeading:
    title = name_text(service.name or service.id)
    mark = OutlineMark(shortened(title, 200), 1, f"svc-{service.id}", False)
    sheet = _IconHeading(literal(title), style, mark)
    sheet.kind = ServiceKind(service.kind)
    return sheet


def _facts_table(ctx: ReportContext, service: Service) -> Table:
    """Responsibility and operations on the left, vendor, lifecycle and cost on the right."""
    left = _rows(ctx, service, _LEFT)
    right = _rows(ctx, service, _RIGHT)
    height = max(len(left), len(right))
    left += [("", "")] * (height - len(left))
    right += [("", "")] * (height - len(right))
    rows = [
        [label_a, _cell(ctx, value_a, label_a), label_b, _cell(ctx, value_b, label_b)]
        for (label_a, value_a), (label_b, value_b) in zip(left, right, strict=True)
    ]
    table = Table(rows, colWidths=[LABEL_WIDTH, VALUE_WIDTH, LABEL_WIDTH, VALUE_WIDTH],
                  hAlign="LEFT", splitInRow=1)
    table.setStyle(key_value_style())
    return table


def _cell(ctx: ReportContext, value: str, label: str) -> object:
    """A plain string when it fits its column (cheap, drawn literally), else a Paragraph."""
    text = value.strip() or ("—" if label else "")
    if "\n" not in text and stringWidth(text, REGULAR, CELL_FONT_SIZE) <= VALUE_WIDTH - 8:
        return text
    return Paragraph(literal(text), ctx.styles.cell)


_LEFT = (Sheet.OWNERSHIP, Sheet.OPERATION)
_RIGHT = (Sheet.VENDOR, Sheet.LIFECYCLE, Sheet.COST)


@cache
def _part(part: Sheet) -> tuple[Field, ...]:
    """The service fields declared for one part of the sheet, in declaration order."""
    return tuple(f for f in fields_of(Service) if f.sheet is part)


@cache
def _headline() -> tuple[Field, ...]:
    """The headline's fields; a set of stages ends the line, as the one item whose length
    varies (``test, acceptance, production``)."""
    return tuple(sorted(_part(Sheet.HEADLINE), key=lambda f: isinstance(f.value, Stages)))


def _rows(ctx: ReportContext, s: Service, parts: tuple[Sheet, ...]) -> list[tuple[str, str]]:
    """``(label, text)`` rows of one table column: a row per field, or per group of
    fields sharing a sheet label where :data:`_JOINED` writes them as one fact."""
    rows: list[tuple[str, str]] = []
    for part in parts:
        done: set[str] = set()
        for f in _part(part):
            if f.sheet_label in done:
                continue
            done.add(f.sheet_label)
            if f.sheet_label in _JOINED:
                text = _JOINED[f.sheet_label](s)
                if text is not None:
                    rows.append((f.sheet_label, text))
            else:
                rows.append((f.sheet_label, sheet_text(ctx, f, getattr(s, f.key))))
            if f.key == "owner_id":
                owner = ctx.model.teams.get(s.owner_id or "")
                rows.append(("Owner FTE", f"{owner.fte:g}" if owner is not None else ""))
    return rows


def _runs_as(s: Service) -> str:
    flags = [f"{s.instances} instance{'s' if s.instances != 1 else ''}"]
    if s.stateful:
        flags.append("stateful")
    if s.internet_facing:
        flags.append("internet-facing")
    if s.external:
        flags.append("external party")
    return " · ".join(flags)


def _objectives(s: Service) -> str:
    """``RTO 4 h · RPO 1 h``; a side not recorded reads "not set"."""
    def hours(value: float | None) -> str:
        return "not set" if value is None else f"{value:g} h"

    if s.rto_hours is None and s.rpo_hours is None:
        return ""
    return f"RTO {hours(s.rto_hours)} · RPO {hours(s.rpo_hours)}"


def _cost(s: Service) -> str:
    return "" if s.cost_yearly is None else f"{money(s.cost_yearly)} {s.cost_currency}/year"


def _licences(s: Service) -> str | None:
    """Left out when neither is recorded: most services have no licence count."""
    if s.license_capacity is None and s.license_usage is None:
        return None
    usage = "?" if s.license_usage is None else money(s.license_usage)
    capacity = "?" if s.license_capacity is None else money(s.license_capacity)
    return f"{usage} used of {capacity}"


_JOINED: dict[str, Callable[[Service], str | None]] = {
    "Runs as": _runs_as,
    "Recovery objectives": _objectives,
    "Patched every": lambda s: "" if s.patch_cycle_days is None else (
        f"{s.patch_cycle_days} day{'s' if s.patch_cycle_days != 1 else ''}"),
    "Cost": _cost,
    "Licences": _licences,
}
"""Rows that several fields make together, by their sheet label (``None``: no row)."""


def sheet_text(ctx: ReportContext, f: Field, value: Any) -> str:
    """A field's value as the sheet prints it (plain text; the caller escapes it)."""
    kind = f.value
    if value is None:
        return ""
    if isinstance(kind, (Text, Slug)):
        return value
    if isinstance(kind, Day):
        return value.isoformat()
    if isinstance(kind, Choice):
        return kind.label_of(value)
    if isinstance(kind, Stages):
        return ", ".join(Environment(e).value for e in value)
    if isinstance(kind, Ref):
        return _name(ctx, f, value)
    if isinstance(kind, Refs):
        return ", ".join(_name(ctx, f, i) for i in value)
    if isinstance(kind, Words):
        return ", ".join(value)
    if isinstance(kind, Flag):
        return "yes" if value else "no"
    if isinstance(kind, Number):
        return money(value) if kind.whole else f"{value:g}"
    raise TypeError(f"the fact sheet cannot print {type(kind).__name__} values yet ({f.name})")


def _name(ctx: ReportContext, f: Field, key: str) -> str:
    """The name of the entity ``f`` refers to by ``key`` (its id when it has no name)."""
    found = ctx.model.entities(target_entity(f)).get(key)
    return name_text(found.name or found.id) if found is not None else key


def expected_integrations(ctx: ReportContext, service: Service) -> list[IntegrationKind]:
    """The integrations the rules expect of this service (INT-001/002/003/005/008/009)."""
    kind = ServiceKind(service.kind)
    expected = []
    if service.is_production or kind is ServiceKind.MONITORING:
        expected.append(IntegrationKind.MONITORING)
    if service.stateful:
        expected.append(IntegrationKind.BACKUP)
    expected.append(IntegrationKind.ADMIN_AUTH)
    register = (service.id, IntegrationKind.ASSET_TRACKING) in ctx.provided
    if service.is_production and not register:
        expected.append(IntegrationKind.ASSET_TRACKING)
    if service.internet_facing and kind is not ServiceKind.GATEWAY:
        expected.append(IntegrationKind.GATEWAY)
    return expected


def _checklist(ctx: ReportContext, service: Service) -> str:
    """Present when the service relies on another service for the kind."""
    outgoing = ctx.outgoing.get(service.id, ())
    present = {IntegrationKind(i.kind) for i in outgoing}
    marks = []
    for kind in expected_integrations(ctx, service):
        if kind in present:
            marks.append(f'<font color="{PRESENT_HEX}">{TICK}</font> {kind.label}')
        else:
            marks.append(f'<font color="{MISSING_HEX}">{CROSS}</font> <b>{kind.label} missing</b>')
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
    text += f" <b>Relied on by:</b> {incoming} integration{'s' if incoming != 1 else ''}."
    blast = ctx.analysis.blast_radius.get(service.id, 0)
    if blast:
        text += f" <b>Blast radius:</b> {blast} service{'s' if blast != 1 else ''}."
    return text


