"""What the printed diagram pages say: names on the overview, where leaving lines lead."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from models.analysis import analyse
from models.layout.geometry import contains
from models.layout.spacing import ZONE_TITLE
from models.report import export_pdf
from models.report.context import ReportContext, content_hash
from models.report.diagram import (
    MAX_SCALE,
    NAME_SIZE,
    DiagramFlowable,
    leaving_note,
    plan_regions,
)
from models.report.sections.architecture import diagram_scene
from models.report.styles import make_styles
from models.resource_files import resource_path
from tests.benchmarks.synthetic import generate_landscape
from tests.fixtures.review import AS_OF


def _example(*, with_positions: bool) -> dict[str, Any]:
    data = json.loads(resource_path("examples", "landscape.json").read_text(encoding="utf-8"))
    if not with_positions:
        data["views"] = []
    return data


def _export(open_model, data: dict[str, Any], out: Path) -> tuple[PdfReader, Any]:
    document = open_model(data)
    export_pdf(document.model, out, as_of=AS_OF)
    return PdfReader(out), document.model


def diagram_scene_of(model):
    context = ReportContext.build(model, analyse(model, as_of=AS_OF), AS_OF, make_styles(),
                                  content_hash(model))
    return diagram_scene(context)


def _pages_titled(reader: PdfReader, prefix: str) -> list[str]:
    texts = [page.extract_text() for page in reader.pages]
    return [text for text in texts
            if any(line.startswith(prefix) for line in text.splitlines())]


def _letters(text: str) -> str:
    """Text without any white space: a name wrapped in its box reads as the name."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("with_positions", [True, False], ids=["saved-layout", "auto-layout"])
def test_overview_names_every_service(tmp_path, open_model, with_positions):
    reader, model = _export(open_model, _example(with_positions=with_positions),
                            tmp_path / "example.pdf")
    (overview,) = _pages_titled(reader, "Overview")
    printed = _letters(overview)
    missing = [s.name for s in model.services.values() if _letters(s.name) not in printed]
    assert not missing


@pytest.mark.parametrize("targets", [6, 40], ids=["under-the-drawing", "on-the-next-page"])
def test_leaving_lines_list_every_target_in_full(tmp_path, open_model, targets):
    """A zone whose services talk to long-named services elsewhere (in a zone big enough
    for the diagram to need zone pages): every one of them is named with its number of
    lines, none cut off, however long the list."""
    far = [{"id": f"far-{n}", "name": f"Remote reconciliation service number {n}",
            "zone": "back"} for n in range(40)]
    near = [{"id": f"near-{n}", "name": f"Edge {n}", "zone": "front"} for n in range(4)]
    integrations = [{"id": f"i{n}", "source": f"near-{n % 4}", "target": f"far-{n}"}
                    for n in range(targets)]
    integrations.append({"id": "twice", "source": "near-1", "target": "far-0"})
    reader, _model = _export(open_model, {
        "format": "integramap/1",
        "zones": [{"id": "front", "name": "Front", "trust": 1},
                  {"id": "back", "name": "Back office", "trust": 3}],
        "services": near + far,
        "integrations": integrations,
    }, tmp_path / "leaving.pdf")
    texts = [page.extract_text() for page in reader.pages]
    first = next(n for n, text in enumerate(texts) if "Diagram: Zone Front" in text)
    # The zone page, and the page after it when the list is too long to go under the drawing.
    text = _letters(" ".join(texts[first:first + 2]))
    assert _letters("Lines leaving this page lead to — Back office:") in text
    assert _letters(f"{far[0]['name']} ×2") in text
    for service in far[1:targets]:
        entry = re.escape(_letters(f"{service['name']} ×1"))
        assert re.search(entry + "[,.]", text), service["name"]
    for service in far[targets:]:
        assert _letters(f"{service['name']} ×") not in text


def _placements(scene, page=(770.0, 470.0)):
    for region in plan_regions(scene, *page):
        flowable = DiagramFlowable(scene, region)
        flowable.wrap(*page)
        place = flowable.arrange()
        yield region, place, place.placed(region.rect)


def test_zone_pages_fill_their_drawing_area_centred(open_model):
    document = open_model(generate_landscape(150, seed=2))
    scene = diagram_scene_of(document.model)
    zone_pages = [item for item in _placements(scene) if item[0].show_labels_always]
    assert zone_pages
    for region, place, (x, y, w, h) in zone_pages:
        area_x, area_y, area_w, area_h = place.drawing
        assert place.scale <= region.scale_limit <= MAX_SCALE
        if place.scale < region.scale_limit:  # one side fills the area
            assert w >= area_w * 0.999 or h >= area_h * 0.999, region.title
        assert abs((x - area_x) - (area_x + area_w - x - w)) < 0.01, region.title
        assert abs((y - area_y) - (area_y + area_h - y - h)) < 0.01, region.title


def test_a_tiny_zone_is_enlarged_at_most_to_the_limit(open_model):
    services = [{"id": f"s{n}", "name": f"Service {n}", "zone": "big"} for n in range(60)]
    services.append({"id": "lone", "name": "Lone", "zone": "small"})
    document = open_model({
        "format": "integramap/1",
        "zones": [{"id": "big", "name": "Big", "trust": 2},
                  {"id": "small", "name": "Small", "trust": 4}],
        "services": services,
    })
    scene = diagram_scene_of(document.model)
    (lone,) = [p for r, p, _ in _placements(scene) if r.title.startswith("Zone Small")]
    assert lone.scale == MAX_SCALE


def test_a_narrow_zone_shows_its_whole_name_rather_than_a_cut_title(tmp_path, open_model):
    reader, model = _export(open_model, _example(with_positions=False), tmp_path / "example.pdf")
    (overview,) = _pages_titled(reader, "Overview")
    assert all(_letters(zone.name) in _letters(overview) for zone in model.zones.values())
    assert "…" not in overview, "no zone title (or name) is elided"


def _frame_placements(model):
    """Every zone page of ``model`` as the report lays it out: the region, its arrangement
    in the real frame (with the leaving-lines note under the drawing) and its title band."""
    from models.report.sections.architecture import diagram_frame
    from models.report.styles import make_styles

    scene = diagram_scene_of(model)
    width, height = diagram_frame()
    small = make_styles().small
    for region in plan_regions(scene, width, height):
        if region.zone_id is None:
            continue
        flowable = DiagramFlowable(scene, region, leaving_note(scene, region.rect, small))
        flowable.wrap(width, height)
        yield scene, region, flowable.arrange()


@pytest.mark.parametrize("with_positions", [True, False], ids=["saved-layout", "auto-layout"])
def test_every_zone_page_shows_its_title_band_and_readable_names(open_model, with_positions):
    """The example's zone pages: the zone's title band lies whole inside the printed
    region (it is not cut by the page's clip), and names print at 7 pt or more but never
    larger than 1.5× the editor's size — a wide one-row zone is split, not shrunk."""
    model = open_model(_example(with_positions=with_positions)).model
    pages = list(_frame_placements(model))
    assert {region.zone_id for _, region, _ in pages} == {
        s.zone_id for s in model.services.values()}
    for _scene, region, place in pages:
        band = region.title_band
        assert band is not None and contains(region.rect, band), region.title
        assert band[3] >= ZONE_TITLE * 0.99, region.title
        assert NAME_SIZE * place.scale >= 7.0, (region.title, NAME_SIZE * place.scale)
        assert place.scale <= MAX_SCALE, region.title


def test_zone_page_draws_the_zone_name_in_its_band(tmp_path, open_model):
    reader, model = _export(open_model, _example(with_positions=True), tmp_path / "ex.pdf")
    for zone in model.zones.values():
        pages = _pages_titled(reader, f"Diagram: Zone {zone.name} ")
        assert pages, zone.name
        for text in pages:
            body = text.split("\n", 2)[-1]  # past the running header and page title
            assert f"{zone.name}  ·  trust {zone.trust}" in body or zone.name in body.replace(
                f"Zone {zone.name}", ""), zone.name


@pytest.mark.parametrize("name", ["x" * 120, "Regional claims " * 7 + "portal"],
                         ids=["one-word", "many-words"])
def test_a_long_name_wraps_onto_three_lines_rather_than_being_cut(tmp_path, open_model, name):
    """A 120-character name in a landscape big enough for zone pages: the overview and
    its zone page print it whole (wrapped onto up to three lines), no ellipsis."""
    services = [{"id": f"s{n}", "name": f"Service {n}", "zone": "main"} for n in range(30)]
    services.append({"id": "long", "name": name, "zone": "main"})
    reader, _model = _export(open_model, {
        "format": "integramap/1",
        "zones": [{"id": "main", "name": "Main", "trust": 2}],
        "services": services,
    }, tmp_path / "long.pdf")
    diagram_pages = _pages_titled(reader, "Overview") + _pages_titled(reader, "Diagram: Zone")
    with_name = [text for text in diagram_pages if _letters(name)[:20] in _letters(text)]
    assert len(with_name) >= 2  # the overview and the zone page holding it
    for text in with_name:
        assert _letters(name) in _letters(text)
        assert "…" not in text


def test_services_without_a_zone_get_a_titled_band_too(tmp_path, open_model):
    services = [{"id": f"s{n}", "name": f"Service {n}", "zone": "main"} for n in range(30)]
    services += [{"id": f"free{n}", "name": f"Loose {n}"} for n in range(3)]
    reader, _model = _export(open_model, {
        "format": "integramap/1",
        "zones": [{"id": "main", "name": "Main", "trust": 2}],
        "services": services,
    }, tmp_path / "unzoned.pdf")
    (page,) = _pages_titled(reader, "Diagram: Services without a zone")
    assert page.count("Services without a zone") == 2  # the page title and the band
