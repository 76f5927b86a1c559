"""The page machinery: page templates, running header/footer, outline and contents.

:class:`ReviewDocument` is a platypus ``BaseDocTemplate`` built with ``multiBuild``: the
first pass lays the story out and collects the contents entries and the page count, the
second draws the final pages with "page X of Y" and a filled-in table of contents. The
contents lists only the top-level sections, so it always fits its one page and the page
numbers of the first pass stay true in the second: two passes, never more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
)

from models.report.fonts import BOLD, REGULAR
from models.report.literal import literal, shortened
from models.report.progress import Progress
from models.report.styles import ACCENT, MUTED, RULE

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN = 18 * mm
HEADER_GAP = 9 * mm


@dataclass(frozen=True)
class Masthead:
    """What the running header and footer say on every page after the cover."""

    model_name: str
    as_of: str
    content_hash: str


@dataclass(frozen=True)
class OutlineMark:
    """Where a heading goes in the PDF outline (and, for sections, the contents)."""

    title: str
    level: int
    key: str
    in_contents: bool


class Heading(Paragraph):
    """A paragraph that registers itself in the outline (and maybe the contents) when laid
    out; :meth:`ReviewDocument.afterFlowable` reads its :attr:`outline_mark`.

    ``text`` is Paragraph markup (build headings with :func:`heading`, which escapes).
    The constructor keeps Paragraph's signature because ``split`` re-creates the class;
    only the first part of a split heading keeps the mark, so the outline points at the
    page where the heading starts.
    """

    def __init__(
        self, text: str | None, style: ParagraphStyle, mark: OutlineMark | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(text, style, **kwargs)
        self.outline_mark = mark

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = super().split(available_width, available_height)
        if parts and isinstance(parts[0], Heading):
            self._hand_over(parts[0])
        return parts

    def _hand_over(self, first: Heading) -> None:
        """Give the first part of a split what the whole heading carried."""
        first.outline_mark = self.outline_mark


def heading(
    text: str, style: ParagraphStyle, *, level: int, key: str, contents: bool
) -> Heading:
    """A heading showing ``text`` verbatim, at ``level`` of the outline."""
    return Heading(literal(text), style, OutlineMark(shortened(text, 200), level, key, contents))


OPENING_LINES = 3
"""Lines of a paragraph that must follow its heading on the same page."""
OPENING_ROWS = 2
"""Body rows of a table (after its repeated header) that must follow its heading."""


class KeepWithNext(CondPageBreak):
    """A page break taken only when a heading (with its intro) and the opening of what it
    introduces do not fit together on the rest of the page.

    Platypus's own ``keepWithNext`` keeps a heading with the *whole* next flowable, which
    pushes a heading before a long table to a new page every time; here only the table's
    header and first rows (or a paragraph's first lines) have to fit. Nothing happens at
    the top of a frame, so content taller than a page cannot cause an endless break.
    """

    def __init__(self, lead: list[Flowable], following: Flowable | None) -> None:
        super().__init__(0)
        self.lead = lead
        self.following = following

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        if frame is not None and getattr(frame, "_atTop", False):
            return 0, 0
        need = 0.0
        parts = [*self.lead, *([self.following] if self.following is not None else [])]
        for part in parts:
            height = part.wrap(available_width, available_height)[1]
            if part is self.following:
                height = _opening_height(part, height)
            need += part.getSpaceBefore() + height + part.getSpaceAfter()
        self.height = need
        return super().wrap(available_width, available_height)


def _opening_height(flowable: Flowable, height: float) -> float:
    """Height of the part of a just-wrapped ``flowable`` that must open with its heading."""
    if isinstance(flowable, Table):
        rows = getattr(flowable, "_rowHeights", None) or []
        return min(height, sum(rows[:flowable.repeatRows + OPENING_ROWS]))
    if isinstance(flowable, Paragraph):
        return min(height, OPENING_LINES * flowable.style.leading)
    return height


def keep_with_next(lead: list[Flowable], following: list[Flowable]) -> list[Flowable]:
    """``lead`` (a heading and its intro) guarded so it never ends a page without the
    opening of ``following``; returns the flowables for the story, ``following`` included."""
    first = next((f for f in following if not isinstance(f, ProgressMark)), None)
    return [KeepWithNext(lead, first), *lead, *following]


class ProgressMark(Flowable):
    """An invisible milestone: reports progress when the layout reaches it."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = shortened(label, 120)
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        """Nothing to draw; the mark exists for :meth:`ReviewDocument.afterFlowable`."""


class LayoutFrame(Frame):
    """A frame that, during a measuring pass, places flowables without drawing them.

    The first ``multiBuild`` pass only has to find out where everything lands (page
    numbers for the contents, the page count for the footer); its canvas is thrown away.
    Skipping ``drawOn`` there saves about a third of the export time of a large model.
    Wrapping, splitting and ``afterFlowable`` (outline, contents, progress) still run.
    """

    measuring = False

    def _add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:
        if not self.measuring:
            return super()._add(flowable, canv, trySplit)
        flowable.drawOn = _skip_drawing  # type: ignore[method-assign]
        try:
            return super()._add(flowable, canv, trySplit)
        finally:
            del flowable.drawOn

    add = _add


def _skip_drawing(*_args: object, **_kwargs: object) -> None:
    """Stands in for ``Flowable.drawOn`` while measuring."""


class ReviewDocument(BaseDocTemplate):
    """A4 review document: cover, portrait body pages and landscape diagram pages."""

    def __init__(self, filename: str, masthead: Masthead, progress: Progress) -> None:
        self.masthead = masthead
        self.report_progress = progress
        self._pages_last_pass = 0
        self._known_total = 0
        self._flowables_seen = 0
        self._passes = 0
        super().__init__(
            filename,
            pagesize=PORTRAIT,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + HEADER_GAP,
            bottomMargin=MARGIN + HEADER_GAP,
            title=f"Design review — {shortened(masthead.model_name, 200)}",
            author="Integramap",
            subject="Infrastructure design review",
            creator="Integramap",
            # The document changes with the model and its as-of date, not with the clock:
            # two exports of the same model are byte-identical (no random file id).
            invariant=1,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [self._frame(PORTRAIT, "cover")], pagesize=PORTRAIT),
                PageTemplate(
                    "portrait", [self._frame(PORTRAIT, "body")], onPage=self._decorate,
                    pagesize=PORTRAIT,
                ),
                PageTemplate(
                    "landscape", [self._frame(LANDSCAPE, "wide")], onPage=self._decorate,
                    pagesize=LANDSCAPE,
                ),
            ]
        )

    @staticmethod
    def _frame(size: tuple[float, float], frame_id: str) -> LayoutFrame:
        width, height = size
        return LayoutFrame(
            MARGIN,
            MARGIN + HEADER_GAP,
            width - 2 * MARGIN,
            height - 2 * (MARGIN + HEADER_GAP),
            id=frame_id,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    # -- per-pass bookkeeping --------------------------------------------------------

    def handle_documentBegin(self) -> None:
        """A new layout pass: the previous pass's page count is the total to print.

        The first pass only measures (see :class:`LayoutFrame`) and is never accepted as
        the last one; later passes draw.
        """
        self._known_total = self._pages_last_pass
        self._passes += 1
        self.canv.setDateFormatter(self._document_date)
        measuring = self._passes == 1
        for template in self.pageTemplates:
            for frame in template.frames:
                frame.measuring = measuring
        super().handle_documentBegin()

    def _allSatisfied(self) -> bool:
        """Never accept the measuring pass as the final one (it drew nothing)."""
        return self._passes > 1 and super()._allSatisfied()

    def afterPage(self) -> None:
        self._pages_last_pass = self.page

    def afterFlowable(self, flowable: Flowable) -> None:
        """Outline and contents entries for headings; progress and cancel checks."""
        mark = flowable.outline_mark if isinstance(flowable, Heading) else None
        if mark is not None:
            self.canv.bookmarkPage(mark.key)
            self.canv.addOutlineEntry(mark.title, mark.key, level=mark.level, closed=True)
            if mark.in_contents:
                self.notify("TOCEntry", (mark.level, literal(mark.title), self.page, mark.key))
        if isinstance(flowable, ProgressMark):
            self.report_progress.step(flowable.label)
        else:
            self._flowables_seen += 1
            if self._flowables_seen % 16 == 0:
                self.report_progress.check()

    def _document_date(self, *_clock: int) -> str:
        """The PDF's creation date is the as-of date of the analysis it prints.

        The document describes the model as of that date, and using it (instead of the
        clock) keeps two exports of the same model and date byte-identical.
        """
        return f"D:{self.masthead.as_of.replace('-', '')}000000+00'00'"

    # -- running header and footer ------------------------------------------------------

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Header (model name, document kind) and footer (as-of date, hash, page X of Y)."""
        if self._passes == 1:
            return  # measuring pass: its canvas is discarded
        width, height = doc.pageTemplate.pagesize
        top = height - MARGIN
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, top - 4, width - MARGIN, top - 4)
        canvas.line(MARGIN, MARGIN + 10, width - MARGIN, MARGIN + 10)
        right_label = "Design review"
        room = width - 2 * MARGIN - stringWidth(right_label, REGULAR, 8.5) - 20
        canvas.setFont(BOLD, 8.5)
        canvas.setFillColor(ACCENT)
        canvas.drawString(MARGIN, top, fit_text(self.masthead.model_name, BOLD, 8.5, room))
        canvas.setFont(REGULAR, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(width - MARGIN, top, right_label)
        footer = f"As of {self.masthead.as_of}  ·  content {self.masthead.content_hash}"
        canvas.drawString(MARGIN, MARGIN, footer)
        total = f" of {self._known_total}" if self._known_total else ""
        canvas.drawRightString(width - MARGIN, MARGIN, f"Page {doc.page}{total}")
        canvas.restoreState()


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis so it is at most ``width`` points wide."""
    most = int(width / (size * 0.1)) + 2  # no glyph is narrower than 0.1 em
    if len(text) <= most and stringWidth(text, font, size) <= width:
        return text
    text = text[:most]
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"
