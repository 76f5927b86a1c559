"""The design-review PDF as a reader sees it: sections, names, findings, outline, pages."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from pypdf import PdfReader

from models.analysis import analyse
from models.domain.enums import Severity
from models.interchange.json_format import import_json
from models.report import export_pdf
from models.resource_files import resource_path
from tests.fixtures.review import AS_OF, HOSTILE_NAMES, review_landscape

SECTIONS = (
    "Contents",
    "Executive summary",
    "Architecture",
    "Findings and recommendations",
    "Single points of failure",
    "Zone-crossing matrix",
    "Disaster-recovery order",
    "Responsibility matrix",
    "Integration register",
    "Lifecycle timeline",
    "Showback",
    "Accepted risks",
    "Service fact sheets",
    "Sign-off",
)


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> tuple[PdfReader, str, object]:
    """The review landscape exported once; (reader, whole text, analysis)."""
    out = tmp_path_factory.mktemp("pdf") / "review.pdf"
    document = import_json(review_landscape())
    try:
        export_pdf(document.model, out, as_of=AS_OF)
        analysis = analyse(document.model, as_of=AS_OF)
    finally:
        document.close()
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, text, analysis


def squash(text: str) -> str:
    """Text without line breaks and repeated spaces (wrapped cells split words by lines)."""
    return re.sub(r"\s+", " ", text)


def test_every_section_is_present(review):
    _reader, text, _analysis = review
    for title in SECTIONS:
        assert title in text, title


def test_summary_counts_findings_by_area(review):
    reader, _text, analysis = review
    summary = " ".join(reader.pages[2].extract_text().split())
    counts = Counter(f.severity for f in analysis.unwaived if f.rule.startswith("INT-"))
    expected = " ".join(str(counts[sev]) for sev in sorted(Severity, reverse=True)
                        if counts[sev])
    assert f"Integrations {expected} Zoning" in summary


def test_every_service_name_is_printed(review):
    _reader, text, _analysis = review
    flat = squash(text)
    for name in ("Customer portal", "Reverse proxy", "Orders database", "Monitoring",
                 "Admin directory", *HOSTILE_NAMES.values()):
        assert name in flat, name


def test_findings_are_printed_with_their_rules(review):
    _reader, text, analysis = review
    flat = squash(text)
    assert analysis.findings, "the review landscape is meant to have findings"
    for finding in analysis.findings:
        assert finding.rule in flat
    # A finding's message appears in full somewhere (fact sheet or findings table).
    portal_findings = [f for f in analysis.findings if f.primary_subject == "portal"]
    assert any(squash(f.message) in flat for f in portal_findings)


def test_hostile_strings_render_verbatim(review):
    _reader, text, _analysis = review
    flat = squash(text)
    for name in HOSTILE_NAMES.values():
        assert name in flat, name
        assert f"Described as {name} & more" in flat
    assert "Review <landscape> & friends" in flat  # model name: cover, header, summary
    assert "Shared <cost> & fee" in flat  # waiver reason
    assert "DMZ <edge> & co" in flat  # zone: diagram, matrix, fact sheet
    assert "Amsterdam <A> & B" in flat  # location on the fact sheet
    assert "R&D <ops>" in flat  # support line 4


def test_no_image_is_fetched_or_embedded(review):
    reader, _text, _analysis = review
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        for xobject in xobjects.values():
            assert xobject.get_object().get("/Subtype") != "/Image"


def test_all_text_is_set_in_the_embedded_unicode_font(review):
    reader, _text, _analysis = review
    fonts_used: set[str] = set()

    def collect(text, _cm, _tm, font, _size):
        if text.strip() and font is not None:
            fonts_used.add(str(font.get("/BaseFont")))

    for page in reader.pages:
        page.extract_text(visitor_text=collect)
    assert fonts_used
    assert all("DejaVuSans" in font for font in fonts_used), fonts_used
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            if "DejaVu" in str(font.get("/BaseFont")):
                descriptor = font["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, "TrueType font must be embedded"


def test_outline_has_sections_and_a_bookmark_per_service(review):
    reader, _text, _analysis = review
    top = [item for item in reader.outline if not isinstance(item, list)]
    titles = [item.title for item in top]
    for title in SECTIONS[1:]:
        assert title in titles
    facts = titles.index("Service fact sheets")
    children = reader.outline[reader.outline.index(top[facts]) + 1]
    assert isinstance(children, list)
    child_titles = {item.title for item in children}
    assert {"Customer portal", "<b>&Co", "Сервис платежей"} <= child_titles


def test_contents_page_numbers_point_at_the_sections(review):
    reader, _text, _analysis = review
    contents = reader.pages[1].extract_text()
    listed = [title for title in SECTIONS[1:] if title in contents]
    assert listed == list(SECTIONS[1:])
    numbers = [int(n) for n in re.findall(r"\.\s*(\d+)\s*$", contents, re.MULTILINE)]
    assert len(numbers) == len(listed)
    assert numbers == sorted(numbers)
    for title, number in zip(listed, numbers, strict=True):
        assert title in reader.pages[number - 1].extract_text(), (title, number)


def test_every_page_after_the_cover_says_page_x_of_y(review):
    reader, _text, _analysis = review
    total = len(reader.pages)
    for number, page in enumerate(reader.pages[1:], start=2):
        assert f"Page {number} of {total}" in page.extract_text()


def test_fact_sheet_marks_present_and_missing_integrations(review):
    _reader, text, analysis = review
    flat = squash(text)
    portal = flat[flat.index("Customer portal portal · Portal"):]
    portal = portal[: portal.index("Orders database")] if "Orders database" in portal else portal
    assert "✔ Monitoring" in portal
    assert "✔ Admin auth" in portal
    assert "✘ Asset tracking missing" in portal
    assert "✔ Gateway" in portal
    assert "Web team" in portal and "Service desk" in portal  # owner, support line 1
    assert "24/7, 4h" in portal and "2026-01-31" in portal  # SLA, end of support
    database = flat[flat.index("Orders database db · Database"):]
    blast = analysis.blast_radius["db"]
    assert blast > 0
    assert f"Blast radius: {blast} services" in database[:2000]


def test_showback_and_waiver_expiry_are_printed(review):
    _reader, text, _analysis = review
    flat = squash(text)
    assert "42,000" in flat  # EUR total of the two costed services
    assert "2027-06-30" in flat


def test_diagram_page_is_vector_drawing(review):
    reader, _text, _analysis = review
    diagram = next(p for p in reader.pages if "Diagram" in p.extract_text()
                   or "Overview" in p.extract_text())
    content = diagram.get_contents().get_data().decode("latin-1")
    assert re.search(r"\bre\b", content), "rectangles"
    assert re.search(r"\bl\b", content) and re.search(r"\bm\b", content), "lines"
    assert re.search(r"\b[fB]\*?\s", content), "filled shapes"
    assert "/XObject" not in str(diagram.get("/Resources"))


def test_document_metadata_names_the_model_and_the_as_of_date(review):
    reader, _text, _analysis = review
    assert reader.metadata.title == "Design review — Review <landscape> & friends"
    assert reader.metadata.creation_date.date() == AS_OF


def test_bundled_example_exports_with_every_service_and_its_saved_layout(tmp_path):
    data = json.loads(resource_path("examples", "landscape.json").read_text(encoding="utf-8"))
    document = import_json(data)
    try:
        out = tmp_path / "example.pdf"
        export_pdf(document.model, out, as_of=AS_OF)
        names = [s.name for s in document.model.services.values()]
    finally:
        document.close()
    reader = PdfReader(out)
    flat = squash("\n".join(page.extract_text() for page in reader.pages))
    for title in SECTIONS:
        assert title in flat
    for name in names:
        assert name in flat, name
