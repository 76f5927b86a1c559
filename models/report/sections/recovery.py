"""The disaster-recovery order: waves of services that can be restored in parallel."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from models.report.context import ReportContext
from models.report.literal import literal
from models.report.template import heading, keep_with_next


def recovery_waves(ctx: ReportContext) -> list[Flowable]:
    """Wave by wave; reliance cycles called out, since their members restore together."""
    s = ctx.styles
    waves = ctx.analysis.recovery_waves
    story: list[Flowable] = [
        heading("Disaster-recovery order", s.h1, level=0, key="recovery", contents=True),
        Paragraph(
            "After a full outage, restore the waves in order: every service in a wave relies "
            "only on services of earlier waves (or of its own reliance cycle), so the services "
            "within one wave can be restored in parallel.",
            s.body,
        ),
    ]
    if not waves:
        story += [Paragraph("The model has no services to recover.", s.body)]
        return story
    cycle_of = {member: n for n, cycle in enumerate(ctx.analysis.cycles, 1) for member in cycle}
    for number, wave in enumerate(waves, start=1):
        names = sorted(wave, key=lambda sid: (ctx.name_of(sid).casefold(), sid))
        listing = ", ".join(_entry(ctx, sid, cycle_of) for sid in names)
        story += keep_with_next(
            [Paragraph(f"Wave {number} — {len(wave)} service{'s' if len(wave) != 1 else ''}",
                       s.h3)],
            [Paragraph(listing, s.body)])
    if ctx.analysis.cycles:
        cycles: list[Flowable] = []
        for number, cycle in enumerate(ctx.analysis.cycles, start=1):
            members = " ↔ ".join(literal(ctx.name_of(sid)) for sid in cycle)
            cycles.append(
                Paragraph(f"<b>Cycle {number}:</b> {members} — these cannot be restored one "
                          "after the other; break the cycle or restore them together.", s.body)
            )
        story += keep_with_next([Paragraph("Reliance cycles", s.h3)], cycles)
    return story


def _entry(ctx: ReportContext, sid: str, cycle_of: dict[str, int]) -> str:
    text = literal(ctx.name_of(sid))
    if sid in cycle_of:
        text += f" <i>(cycle {cycle_of[sid]})</i>"
    return text
