"""Export edge cases: empty and tiny models, cancelling, progress, unwritable targets."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from models.document import Document, DocumentError
from models.report import ExportCancelled, export_pdf
from tests.fixtures.review import AS_OF, review_landscape


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_empty_model_exports_a_complete_document(tmp_path: Path):
    out = tmp_path / "empty.pdf"
    with Document.new(name="Nothing yet") as document:
        export_pdf(document.model, out, as_of=AS_OF)
    text = _text(out)
    for title in ("Executive summary", "Architecture", "Service fact sheets", "Sign-off"):
        assert title in text
    assert "nothing to draw" in text
    assert "Nothing yet" in text


def test_one_service_model_exports_its_fact_sheet_and_diagram(tmp_path: Path, open_model):
    document = open_model({
        "format": "integramap/1",
        "name": "Solo",
        "services": [{"id": "solo", "name": "Lonely service", "kind": "database",
                      "stateful": True}],
    })
    out = tmp_path / "solo.pdf"
    export_pdf(document.model, out, as_of=AS_OF)
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert text.count("Lonely service") >= 3  # diagram, fact sheet, recovery wave
    assert "✘ Backup missing" in text
    assert "Overview" in text


def test_progress_moves_forward_and_reaches_the_total(tmp_path: Path, open_model):
    document = open_model(review_landscape())
    calls: list[tuple[int, int, str]] = []
    export_pdf(document.model, tmp_path / "r.pdf", as_of=AS_OF,
               progress=lambda done, total, label: calls.append((done, total, label)))
    assert len(calls) > 20  # one per fact sheet and rule block in each pass, at least
    done = [c[0] for c in calls]
    assert done == sorted(done)
    assert all(0 < d <= t for d, t, _ in calls)
    assert len({t for _, t, _ in calls}) == 1  # the bar's scale never changes mid-way
    assert calls[-1][0] == calls[-1][1]
    assert calls[-1][2] == "PDF written"


@pytest.mark.parametrize("after", [0, 5, 40])
def test_cancel_stops_and_leaves_the_previous_file_untouched(tmp_path: Path, open_model, after):
    document = open_model(review_landscape())
    out = tmp_path / "review.pdf"
    out.write_bytes(b"previous version")
    polls = {"n": 0}

    def cancelled() -> bool:
        polls["n"] += 1
        return polls["n"] > after

    with pytest.raises(ExportCancelled):
        export_pdf(document.model, out, as_of=AS_OF, cancelled=cancelled)
    assert out.read_bytes() == b"previous version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.pdf"]  # no .part left


def test_cancel_without_previous_file_leaves_nothing(tmp_path: Path, open_model):
    document = open_model(review_landscape())
    polls = {"n": 0}

    def cancelled() -> bool:
        polls["n"] += 1
        return polls["n"] > 30

    with pytest.raises(ExportCancelled):
        export_pdf(document.model, tmp_path / "new.pdf", as_of=AS_OF, cancelled=cancelled)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_destination_is_one_clear_error(tmp_path: Path, open_model):
    document = open_model(review_landscape())
    target = tmp_path / "missing-folder" / "review.pdf"
    with pytest.raises(DocumentError, match=r"cannot write .*review\.pdf"):
        export_pdf(document.model, target, as_of=AS_OF)


def test_a_folder_as_destination_is_refused_before_any_work(tmp_path: Path, open_model):
    document = open_model(review_landscape())
    calls: list[int] = []
    with pytest.raises(DocumentError, match="it is a folder"):
        export_pdf(document.model, tmp_path, as_of=AS_OF,
                   progress=lambda done, total, label: calls.append(done))
    assert calls == []


def test_same_model_and_date_give_identical_bytes(tmp_path: Path, open_model):
    document = open_model(review_landscape())
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    export_pdf(document.model, first, as_of=AS_OF)
    export_pdf(document.model, second, as_of=AS_OF)
    assert first.read_bytes() == second.read_bytes()


def test_very_long_user_text_flows_over_pages(tmp_path: Path, open_model):
    """A table row taller than a page (a pasted contract as the SLA) splits, never fails."""
    data = review_landscape()
    essay = "Lorem ipsum dolor sit amet " * 900
    data["services"][0]["exit_plan"] = essay
    data["services"][0]["vendor"]["sla"] = essay[:5000]
    data["services"][1]["name"] = "X" * 400
    data["waivers"][0]["reason"] = essay
    data["name"] = "N" * 300
    out = tmp_path / "long.pdf"
    export_pdf(open_model(data).model, out, as_of=AS_OF)
    text = " ".join(_text(out).split())
    assert text.count("Lorem ipsum") >= 2 * 900  # exit plan and waiver reason, in full
    assert "Sign-off" in text


def test_boxes_resized_tiny_or_huge_still_draw(tmp_path: Path, open_model):
    document = open_model({
        "format": "integramap/1",
        "services": [{"id": "tiny", "name": "Tiny box"}, {"id": "huge", "name": "Huge box"}],
        "integrations": [{"id": "t-h", "source": "tiny", "target": "huge"}],
        "views": [{"id": "main", "name": "Main",
                   "positions": {"tiny": [0, 0, 12, 6], "huge": [400, 0, 900, 600]}}],
    })
    out = tmp_path / "sizes.pdf"
    export_pdf(document.model, out, as_of=AS_OF)
    assert "Huge box" in _text(out)


def test_a_split_heading_keeps_its_outline_mark_on_the_first_part():
    from models.report.styles import make_styles
    from models.report.template import Heading, heading

    styles = make_styles()
    whole = heading("Very long heading " * 40, styles.h2, level=1, key="k", contents=False)
    parts = whole.split(200, 40)
    assert len(parts) == 2
    assert all(isinstance(part, Heading) for part in parts)
    assert parts[0].outline_mark == whole.outline_mark
    assert parts[1].outline_mark is None


def test_a_service_name_longer_than_a_page_still_exports(tmp_path: Path, open_model):
    document = open_model({
        "format": "integramap/1",
        "services": [{"id": "long", "name": "Enormous name " * 400}],
    })
    out = tmp_path / "long-name.pdf"
    export_pdf(document.model, out, as_of=AS_OF)
    reader = PdfReader(out)
    facts = next(item for item in reader.outline
                 if not isinstance(item, list) and item.title == "Service fact sheets")
    children = reader.outline[reader.outline.index(facts) + 1]
    assert children[0].title.startswith("Enormous name Enormous name")


def test_the_pdf_gets_ordinary_new_file_permissions(tmp_path: Path, open_model):
    document = open_model({"format": "integramap/1", "name": "Modes"})
    umask = os.umask(0o022)
    try:
        out = tmp_path / "modes.pdf"
        export_pdf(document.model, out, as_of=AS_OF)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_empty_model_sections_say_there_is_nothing_rather_than_stay_blank(tmp_path: Path):
    out = tmp_path / "empty.pdf"
    with Document.new(name="Nothing yet") as document:
        export_pdf(document.model, out, as_of=AS_OF)
    pages = [page.extract_text() for page in PdfReader(out).pages]
    (facts,) = [p for p in pages if "\nService fact sheets\n" in f"\n{p}\n"
                and "Contents" not in p]
    assert "No services in this model." in facts
    (summary,) = [p for p in pages if "Executive summary" in p and "Contents" not in p]
    assert "has no services yet" in summary
    assert "No findings in any area." in summary
    assert "0 services" not in summary
