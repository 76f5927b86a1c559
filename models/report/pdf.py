"""``export_pdf``: the design-review document of a model.

The story is assembled section by section from one :class:`ReportContext`, then laid out
by :class:`ReviewDocument` into a temporary file next to the destination, which replaces
the destination only once the document is complete. A cancelled or failed export leaves
whatever was at ``out_path`` before untouched.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from reportlab import rl_config
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from models.analysis import analyse
from models.comparison.records import document_records
from models.comparison.since_review import ModelReading, compare_readings
from models.document.errors import DocumentError
from models.document.replacement import replacement_target, replacing
from models.domain.model import Model
from models.interchange.json_format import export_document, fingerprint
from models.report.context import ReportContext
from models.report.literal import name_text
from models.report.progress import CancelledCallback, Progress, ProgressCallback
from models.report.sections.architecture import architecture
from models.report.sections.costs import showback
from models.report.sections.decisions import decisions_and_actions
from models.report.sections.fact_sheets import fact_sheets
from models.report.sections.findings import findings_by_severity, single_points_of_failure
from models.report.sections.front import contents, cover, executive_summary
from models.report.sections.governance import accepted_risks, sign_off
from models.report.sections.integration_register import integration_register
from models.report.sections.lifecycle_timeline import lifecycle_timeline
from models.report.sections.recovery import recovery_waves
from models.report.sections.responsibility import responsibility_matrix
from models.report.sections.since_review import changes_since_review
from models.report.sections.zones import zone_matrix
from models.report.styles import make_styles
from models.report.template import Masthead, ReviewDocument
from models.review import QuestionnaireError, load_questionnaire, model_completeness

Section = Callable[[ReportContext], list[Flowable]]

SECTIONS: tuple[tuple[Section, str], ...] = (
    (cover, "cover"),
    (contents, "portrait"),
    (executive_summary, "portrait"),
    (changes_since_review, "portrait"),
    (architecture, "landscape"),
    (findings_by_severity, "portrait"),
    (single_points_of_failure, "portrait"),
    (zone_matrix, "portrait"),
    (recovery_waves, "portrait"),
    (responsibility_matrix, "landscape"),
    (integration_register, "landscape"),
    (lifecycle_timeline, "portrait"),
    (showback, "portrait"),
    (decisions_and_actions, "portrait"),
    (accepted_risks, "portrait"),
    (fact_sheets, "portrait"),
    (sign_off, "portrait"),
)
"""Reading order, each section starting a new page of the named page template. The fact
sheets come late: the board argues over findings and looks a service up when a finding
names it."""

PREPARATION_STEPS = 2 + len(SECTIONS)
LAYOUT_PASSES = 2


def export_pdf(
    model: Model,
    out_path: str | os.PathLike[str],
    *,
    as_of: dt.date,
    progress: ProgressCallback | None = None,
    cancelled: CancelledCallback | None = None,
    baseline: ModelReading | None = None,
) -> Path:
    """Write the design-review PDF of ``model`` as analysed on ``as_of`` to ``out_path``.

    ``progress(done, total, label)`` is called as the work advances; ``cancelled()`` is
    polled and, once it returns true, the export stops with
    :class:`~models.report.progress.ExportCancelled`. With a ``baseline`` (the model of
    the last review, read on the same date) the report adds "Changes since the last
    review". Raises
    :class:`~models.document.DocumentError` when the file cannot be written. Returns the
    path written.
    """
    out = replacement_target(Path(out_path))
    if out.is_dir():  # before the analysis and layout, not after
        raise DocumentError(f"cannot write {out}: it is a folder.")
    tracker = Progress(1, progress, cancelled)
    tracker.check()
    analysis = analyse(model, as_of=as_of)
    # The total is fixed before the first report so the bar never moves backwards:
    # preparation steps plus, in each layout pass, one milestone per fact sheet and per
    # rule block of the findings section.
    rule_blocks = len({("waived" if f.waived else f.severity, f.rule) for f in analysis.findings})
    tracker.total = PREPARATION_STEPS + (len(model.services) + rule_blocks) * LAYOUT_PASSES
    tracker.step("Analysed the model")
    exported = export_document(model)
    ctx = ReportContext.build(model, analysis, as_of, make_styles(), fingerprint(exported))
    try:
        ctx.completeness = model_completeness(model, load_questionnaire())[0]
    except QuestionnaireError as error:
        raise DocumentError(str(error)) from None
    if baseline is not None:
        current = ModelReading(model.name, ctx.content_hash, document_records(exported),
                               analysis.findings)
        ctx.since_review = compare_readings(baseline, current, as_of=as_of)
    tracker.step("Prepared the report")
    story: list[Flowable] = []
    for section, page_template in SECTIONS:
        part = section(ctx)
        tracker.step("Assembled the sections")
        if not part:  # a section with nothing to say (no baseline) takes no page
            continue
        if story:
            story += [NextPageTemplate(page_template), PageBreak()]
        story += part
    masthead = Masthead(
        name_text(model.name or "Untitled model"), as_of.isoformat(), ctx.content_hash
    )
    _write_atomically(story, out, masthead, tracker)
    tracker.finish("PDF written")
    return out


def _write_atomically(story: list[Flowable], out: Path, masthead: Masthead,
                      tracker: Progress) -> None:
    """Lay the story out into a temporary file beside ``out`` that then replaces it, with
    the old file's permissions (see :func:`~models.document.replacement.replacing`)."""
    with replacing(out) as temporary, _binary_streams():
        ReviewDocument(str(temporary), masthead, tracker).multiBuild(story)


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Flate-compressed page streams without the ASCII85 text wrapping reportlab adds.

    ASCII85 only makes a PDF 7-bit clean (irrelevant for a file written to disk), costs a
    quarter more bytes and, in reportlab's pure-Python encoder, about a second per 700
    pages. The setting is global in reportlab, so it is restored right after the build.
    """
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous
