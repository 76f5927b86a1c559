"""A heading never ends a page apart from what it introduces."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from models.report import export_pdf
from models.report.template import keep_with_next
from models.resource_files import resource_path
from tests.fixtures.review import AS_OF, review_landscape

RULE_HEADING = re.compile(r"^[A-Z]{3}-\d{3} — .*\(\d+\)$")


def _page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def _heading_before_filler(tmp_path: Path, room: float) -> list[str]:
    """A page filled but for ``room`` points, then a heading, an intro and a long table."""
    styles = getSampleStyleSheet()
    out = tmp_path / "keep.pdf"
    document = SimpleDocTemplate(str(out))
    rows = [["Subject", "Finding"]] + [[f"row {n}", "text"] for n in range(30)]
    story = [Spacer(1, document.height - room),
             *keep_with_next([Paragraph("The heading", styles["Heading3"]),
                              Paragraph("Its intro sentence.", styles["BodyText"])],
                             [Table(rows, repeatRows=1)])]
    document.build(story)
    return _page_texts(out)


def test_heading_moves_to_the_next_page_with_the_first_rows(tmp_path):
    first, second, *_ = _heading_before_filler(tmp_path, room=60)
    assert "The heading" not in first
    assert "The heading" in second and "row 0" in second


def test_heading_stays_when_its_opening_fits_and_the_table_splits(tmp_path):
    first, second, *_ = _heading_before_filler(tmp_path, room=200)
    assert "The heading" in first and "row 1" in first
    assert "row 29" in second  # the long table is split, not pushed whole to a new page


@pytest.mark.parametrize("as_of", [AS_OF, AS_OF.replace(day=26)])
def test_every_rule_heading_shares_its_page_with_its_table(tmp_path, open_model, as_of):
    data = json.loads(resource_path("examples", "landscape.json").read_text(encoding="utf-8"))
    for name, source in (("example", data), ("review", review_landscape())):
        out = tmp_path / f"{name}.pdf"
        export_pdf(open_model(source).model, out, as_of=as_of)
        for text in _page_texts(out):
            lines = text.splitlines()
            for number, line in enumerate(lines):
                if RULE_HEADING.match(line) or line == "Most relied-upon services":
                    after = "\n".join(lines[number + 1:])
                    assert "Subject" in after or "Service" in after, (name, line)
