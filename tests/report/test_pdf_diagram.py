"""The diagram pages: planning readable regions, and the zone-crossing counts."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from models.analysis import analyse
from models.report import export_pdf
from models.report.context import ReportContext, content_hash
from models.report.diagram import (
    LEGEND_HEIGHT,
    OFF_PAGE_HEIGHT,
    READABLE_SCALE,
    contains,
    enclosing,
    fit_scale,
    off_page_ends,
    pad,
    plan_regions,
)
from models.report.sections.architecture import diagram_scene
from models.report.sections.zones import crossing_counts
from models.report.styles import make_styles
from tests.benchmarks.synthetic import generate_landscape
from tests.fixtures.review import AS_OF, review_landscape

PAGE = (770.0, 470.0)


def _scene(model):
    context = ReportContext.build(model, analyse(model, as_of=AS_OF), AS_OF, make_styles(),
                                  content_hash(model))
    return diagram_scene(context)


def test_small_model_fits_one_readable_page(open_model):
    document = open_model({
        "format": "integramap/1",
        "zones": [{"id": "z", "name": "Zone", "trust": 2}],
        "services": [{"id": "a", "name": "A", "zone": "z"}, {"id": "b", "name": "B", "zone": "z"}],
        "integrations": [{"id": "a-b", "source": "a", "target": "b"}],
        "views": [{"id": "main", "name": "Main", "positions": {"a": [0, 0], "b": [300, 0]}}],
    })
    scene = _scene(document.model)
    regions = plan_regions(scene, *PAGE)
    assert [r.title for r in regions] == ["Overview"]
    assert contains(regions[0].rect, scene.positions["a"])
    assert contains(regions[0].rect, scene.positions["b"])


def test_saved_positions_are_used(open_model):
    document = open_model({
        "format": "integramap/1",
        "services": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        "views": [{"id": "main", "name": "Main", "positions": {"a": [10, 20], "b": [500, 20]}}],
    })
    scene = _scene(document.model)
    assert scene.positions["a"][:2] == (10, 20)
    assert scene.positions["b"][:2] == (500, 20)


def test_large_model_gets_readable_zone_pages_covering_every_service(open_model):
    document = open_model(generate_landscape(300, seed=3))
    scene = _scene(document.model)
    regions = plan_regions(scene, *PAGE)
    assert regions[0].title == "Overview"
    assert fit_scale(regions[0].rect, PAGE[0], PAGE[1]) < READABLE_SCALE
    zone_pages = regions[1:]
    assert len(zone_pages) > len(document.model.zones) // 2
    drawable_height = PAGE[1] - LEGEND_HEIGHT - OFF_PAGE_HEIGHT
    for region in zone_pages:
        assert fit_scale(region.rect, PAGE[0], drawable_height) >= READABLE_SCALE * 0.95, region
    for service_id, box in scene.positions.items():
        assert any(contains(r.rect, box) for r in zone_pages), service_id


def test_large_model_pdf_has_one_page_per_zone_tile(tmp_path: Path, open_model):
    document = open_model(generate_landscape(150, seed=2))
    out = tmp_path / "big.pdf"
    export_pdf(document.model, out, as_of=AS_OF)
    reader = PdfReader(out)
    titles = [line for page in reader.pages for line in page.extract_text().splitlines()
              if line.startswith("Diagram: Zone")]
    assert titles
    zone_names = {z.name for z in document.model.zones.values()}
    assert any(name in " ".join(titles) for name in zone_names)
    assert not any(page.get("/Resources", {}).get("/XObject") for page in reader.pages)


def test_crossings_count_the_initiating_zone_first(open_model):
    document = open_model(review_landscape())
    counts, unzoned = crossing_counts(document.model)
    assert unzoned == 0
    # The gateway opens connections to the portal behind it: DMZ → internal.
    assert counts[("dmz", "internal")] == 1
    assert ("internal", "dmz") not in counts
    assert counts[("internal", "mgmt")] == 3  # portal and db monitoring, portal admin auth
    assert counts[("mgmt", "internal")] == 1  # monitoring's data flow to the database
    assert counts[("internal", "internal")] == 1 + 7  # portal → db, each hostile name → db


def test_many_zones_are_listed_as_pairs_instead_of_a_matrix(tmp_path, open_model):
    zones = [{"id": f"z{n}", "name": f"Zone {n}", "trust": n % 5} for n in range(20)]
    services = [{"id": f"s{n}", "name": f"Service {n}", "zone": f"z{n}"} for n in range(20)]
    integrations = [{"id": f"i{n}", "source": f"s{n}", "target": f"s{(n + 1) % 20}"}
                    for n in range(20)]
    document = open_model({"format": "integramap/1", "zones": zones, "services": services,
                           "integrations": integrations,
                           "zone_policy": [{"from": "z0", "to": "z1"}]})
    out = tmp_path / "zones.pdf"
    export_pdf(document.model, out, as_of=AS_OF)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "too many for a readable matrix" in text
    assert "Zone 0 (0) Zone 1 (1) 1 allowed" in text
    assert text.count("DENIED") == 19


def test_zone_pages_name_where_their_leaving_lines_lead(open_model):
    document = open_model(review_landscape())
    scene = _scene(document.model)
    internal = [scene.positions[s] for s, svc in document.model.services.items()
                if svc.zone_id == "internal"]
    view = pad(enclosing(internal), 24)
    ends = off_page_ends(scene, view)
    # From the internal zone: portal → rproxy (gateway), portal → mon, portal → idp, db → mon
    # and mon → db (data flow) leave the zone.
    assert ends == {"rproxy": 1, "mon": 3, "idp": 1}


def test_matrix_marks_denied_traffic_for_greyscale_print(tmp_path, open_model):
    document = open_model(review_landscape())
    out = tmp_path / "matrix.pdf"
    export_pdf(document.model, out, as_of=AS_OF)
    page = next(p.extract_text() for p in PdfReader(out).pages
                if "Zone-crossing matrix" in p.extract_text() and "Initiator" in p.extract_text())
    # Monitoring (management) sends a data flow to the database (internal): not allowed.
    assert "1 ✘" in page
    # DMZ → internal is allowed by the policy: a bare count.
    assert page.count("✘") == 1 + 1  # the one denied cell and the explanation


def test_badges_count_open_findings_and_show_the_worst_as_on_the_canvas(open_model):
    document = open_model(review_landscape())
    model = document.model
    analysis = analyse(model, as_of=AS_OF)
    scene = _scene(model)
    for service_id in model.services:
        naming = [f for f in analysis.unwaived if service_id in f.subjects]
        if not naming:
            assert service_id not in scene.badges
            continue
        worst = max(f.severity for f in naming)
        assert scene.badges[service_id] == (len(naming), worst.word)
