"""The review PDF's support-model pages: related findings, the disaster-recovery table,
the responsibility matrix, the integration register and the lifecycle timeline."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pypdf import PdfReader

from models.interchange import load_model_file
from models.report import export_pdf
from models.resource_files import resource_path

AS_OF = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("support") / "example.pdf"
    with load_model_file(resource_path("examples", "landscape.json")) as document:
        export_pdf(document.model, out, as_of=AS_OF)
    reader = PdfReader(out)
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _section(pages: list[str], title: str, until: str) -> str:
    start = next(n for n, text in enumerate(pages) if re.search(rf"^\S.*? {title} ", text)
                 and "Contents" not in text)
    end = next(n for n in range(start + 1, len(pages)) if f" {until} " in pages[n]
               and "Contents" not in pages[n])
    return " ".join(pages[start:end])


def test_related_findings_are_listed_under_one_heading(pages):
    findings = _section(pages, "Findings and recommendations", "Single points of failure")
    assert ("Customer identity — not redundant: 3 related findings "
            "(RES-001, RES-002, RES-003)") in findings
    # Each facet once: the RES-002 block does not repeat the grouped finding.
    assert findings.count("Customer identity is critical and runs a single instance.") == 1
    assert "RES-002 — Critical path through a single-instance service" not in findings


def test_recovery_table_names_owner_source_tests_and_objectives(pages):
    recovery = _section(pages, "Disaster-recovery order", "Responsibility matrix")
    assert "Wave 1 — 4 services" in recovery
    assert ("Policy database DBA team Backup platform 2026-07-21 2026-05-17 4 h 1 h"
            in recovery)
    assert "Payment provider external party" in recovery
    assert "Restored together" in recovery
    assert recovery.index("Backup platform (group 1)") < recovery.index("Policy database")


def test_responsibility_matrix_shows_lines_hours_and_fte_per_technology(pages):
    matrix = _section(pages, "Responsibility matrix", "Integration register")
    assert "Claims database extended Claims IT 2 FTE · extended Service desk" in matrix
    assert "FTE per technology" in matrix
    assert "Kong nobody 0 API gateway" in matrix
    assert "Customers (browsers)" not in matrix  # not ours to support


def test_integration_register_lists_protocol_encryption_and_zones(pages):
    register = _section(pages, "Integration register", "Lifecycle timeline")
    assert ("Policy admin Document storage depends on nfs/2049 no — source "
            "Internal → Restricted") in register
    assert "Data warehouse Policy database data flow (batch)" in register


def test_lifecycle_timeline_is_a_vector_chart_with_every_dated_service(tmp_path):
    out = tmp_path / "timeline.pdf"
    with load_model_file(resource_path("examples", "landscape.json")) as document:
        export_pdf(document.model, out, as_of=AS_OF)
        dated = {s.name for s in document.model.services.values()
                 if s.end_of_sale or s.end_of_support or s.end_of_life
                 or s.vendor_contract_end}
    reader = PdfReader(out)
    page = next(p for p in reader.pages
                if "Lifecycle timeline" in p.extract_text() and "horizon" in p.extract_text())
    text = page.extract_text()
    assert all(name in text for name in dated)
    assert list(page.images) == []  # drawn, not pasted as a picture
    assert "2027" in text and "contract end" in text
