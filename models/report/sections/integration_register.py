"""The integration register: every integration with what a firewall request and a security
review ask — protocol and port, encryption, MFA, who opens the connection, zones crossed."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from models.domain.entities import Integration
from models.domain.enums import Initiator, IntegrationMode
from models.report.context import ReportContext
from models.report.literal import para
from models.report.styles import MISSING_HEX, grid_table_style
from models.report.template import heading


def integration_register(ctx: ReportContext) -> list[Flowable]:
    """One row per integration, by source then target name."""
    s = ctx.styles
    story: list[Flowable] = [
        heading("Integration register", s.h1, level=0, key="integrations", contents=True),
        Paragraph(
            "Every integration, read as <i>source relies on target for kind</i>. "
            "<b>Opens</b> is the end that opens the connection (what the firewall sees); "
            "<b>Zones</b> the zones it crosses, in that direction. An unencrypted connection "
            "across zones is marked red (INT-010).",
            s.body,
        ),
    ]
    integrations = sorted(
        ctx.model.integrations.values(),
        key=lambda i: (ctx.name_of(i.source_id).casefold(), ctx.name_of(i.target_id).casefold(),
                       i.kind.value, i.id))
    if not integrations:
        story += [Paragraph("The model has no integrations.", s.body)]
        return story
    rows: list[list[object]] = [["Source", "Target", "Kind", "Protocol / port", "Encrypted",
                                 "MFA", "Opens", "Zones"]]
    for integration in integrations:
        rows.append(_row(ctx, integration))
    table = Table(rows, colWidths=[None, 50 * mm, 30 * mm, 34 * mm, 19 * mm, 12 * mm,
                                   14 * mm, 48 * mm], repeatRows=1, splitInRow=1)
    table.setStyle(grid_table_style())
    story.append(table)
    return story


def _row(ctx: ReportContext, i: Integration) -> list[object]:
    s = ctx.styles
    source, target = ctx.model.services[i.source_id], ctx.model.services[i.target_id]
    initiator = i.initiator
    opening, answering = (source, target) if initiator is Initiator.SOURCE else (target, source)
    crossed = (opening.zone_id is not None and answering.zone_id is not None
               and opening.zone_id != answering.zone_id)
    if crossed:
        zones = f"{ctx.name_of(opening.zone_id)} → {ctx.name_of(answering.zone_id)}"
    else:
        zones = "within " + ctx.name_of(opening.zone_id) if opening.zone_id else "—"
    kind = i.kind.label.lower()
    if i.mode is IntegrationMode.BATCH:
        kind += " (batch)"
    encrypted = "yes" if i.encrypted else (
        f"<font color='{MISSING_HEX}'>no</font>" if crossed else "no")
    return [
        para(ctx.name_of(i.source_id), s.cell),
        para(ctx.name_of(i.target_id), s.cell),
        para(kind, s.cell),
        para(i.protocol or "—", s.cell),
        Paragraph(encrypted, s.cell),
        "yes" if i.mfa else "—",
        "source" if initiator is Initiator.SOURCE else "target",
        para(zones, s.cell),
    ]
