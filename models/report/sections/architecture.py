"""The architecture diagram section: landscape pages drawn from the model's default view."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Paragraph

from models.layout import view_geometry
from models.report.context import ReportContext
from models.report.diagram import DiagramFlowable, DiagramScene, leaving_note, plan_regions
from models.report.literal import literal, para
from models.report.template import HEADER_GAP, LANDSCAPE, MARGIN, heading

TITLE_SPACE = 30.0
"""Height the page heading takes above the drawing."""
NOTE_SHARE = 0.2
"""Most of a zone page's height the list of where leaving lines lead may take under the
drawing; a longer list is printed after the page instead."""


def diagram_scene(ctx: ReportContext) -> DiagramScene:
    """The default view's geometry (auto-laid-out where positions are missing)."""
    model = ctx.model
    geometry = view_geometry(model)
    # Count and worst severity of the open findings naming each service: the canvas badge.
    badges: dict[str, tuple[int, str]] = {}
    for finding in ctx.analysis.unwaived:  # sorted worst first
        for subject in dict.fromkeys(finding.subjects):
            if subject in model.services:
                count, worst = badges.get(subject, (0, finding.severity.word))
                badges[subject] = (count + 1, worst)
    zone_areas = dict(geometry.zone_areas)
    return DiagramScene(
        services=model.services,
        integrations=sorted(model.integrations.values(), key=lambda i: (i.kind, i.id)),
        zones=model.zones,
        positions=geometry.positions,
        zone_areas=zone_areas,
        badges=badges,
    )


def diagram_frame() -> tuple[float, float]:
    """Width and height a diagram page's drawing, legend and note share."""
    return LANDSCAPE[0] - 2 * MARGIN, LANDSCAPE[1] - 2 * (MARGIN + HEADER_GAP) - TITLE_SPACE


def architecture(ctx: ReportContext) -> list[Flowable]:
    """One landscape page per diagram region, each a heading in the outline."""
    s = ctx.styles
    scene = diagram_scene(ctx)
    width, height = diagram_frame()
    regions = plan_regions(scene, width, height)
    story: list[Flowable] = []
    if not regions:
        story += [
            heading("Architecture", s.h1, level=0, key="architecture", contents=True),
            Paragraph("The model has no services yet, so there is nothing to draw.", s.body),
        ]
    for number, region in enumerate(regions):
        if number == 0:
            story.append(heading("Architecture", s.h1, level=0, key="architecture",
                                 contents=True))
            story.append(_region_heading(ctx, region.title, number, level=None))
        else:
            story.append(PageBreak())
            story.append(_region_heading(ctx, region.title, number, level=1))
        if region.zone_id is None:
            story.append(DiagramFlowable(scene, region))
            continue
        note = leaving_note(scene, region.rect, s.small)
        if note is None or note.wrap(width, height)[1] <= height * NOTE_SHARE:
            story.append(DiagramFlowable(scene, region, note))
            continue
        # Too many destinations to print under the drawing: the list follows on its own.
        story.append(DiagramFlowable(scene, region, Paragraph(
            "Lines leaving this page lead to the services listed on the next page.", s.small)))
        story.append(Paragraph(f"Where the lines leaving {literal(region.title)} lead",
                               s.h3))
        story.append(note)
    return story


def _region_heading(ctx: ReportContext, title: str, number: int, level: int | None) -> Flowable:
    style = ctx.styles.h3
    if level is None:
        return para(title, style)
    return heading(f"Diagram: {title}", style, level=level, key=f"diagram-{number}",
                   contents=False)
