"""Every count of findings in the PDF follows one rule: open findings per severity, the
waived ones counted (and listed) apart."""

from __future__ import annotations

import json
import re

from pypdf import PdfReader

from models.analysis import analyse
from models.report import export_pdf
from models.resource_files import resource_path
from tests.fixtures.review import AS_OF

QA_DAY = AS_OF.replace(day=26)
"""A day on which the example model has a waived low finding."""


def _outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def test_findings_headings_and_bookmarks_count_what_the_summary_counts(tmp_path, open_model):
    data = json.loads(resource_path("examples", "landscape.json").read_text(encoding="utf-8"))
    model = open_model(data).model
    analysis = analyse(model, as_of=QA_DAY)
    waived = sum(1 for f in analysis.findings if f.waived)
    assert waived, "the example has a waived finding on this day"
    out = tmp_path / "example.pdf"
    export_pdf(model, out, as_of=QA_DAY)
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    titles = _outline_titles(reader)
    for severity, count in analysis.counts().items():
        word = severity.word.capitalize()
        if count:
            assert f"{word} ({count})" in titles
            assert re.search(rf"^{word} \({count}\)$", text, re.MULTILINE), word
        assert not [t for t in titles if t.startswith(f"{word} (") and t != f"{word} ({count})"]
    assert f"Waived ({waived})" in titles
    assert re.search(rf"^Waived \({waived}\)$", text, re.MULTILINE)
