"""Fixtures of the layout tests: a small landscape, the synthetic generator, checks.

Shared code is handed out as fixtures rather than imported, so these tests run the same
however pytest puts the repository on ``sys.path``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from models.document import Document
from models.domain import Integration, IntegrationKind, Model, Service, ServiceKind, Zone
from models.layout import Geometry
from models.layout.geometry import Rect, contains, overlaps

ZONES = [
    ("mgmt", "Management", 4),
    ("internet", "Internet", 0),
    ("dmz", "DMZ", 1),
    ("internal", "Internal", 2),
    ("restricted", "Restricted", 3),
]


def build_landscape(model: Model) -> None:
    """Zones (added out of trust order, one empty), services in each and some without a
    zone, integrations inside and across zones, and a cycle."""
    with model.batch():
        for zid, name, trust in ZONES:
            model.add(Zone(id=zid, name=name, trust=trust))
        model.add(Zone(id="empty", name="Empty zone", trust=2))
        zones = ["internet", "dmz", "internal", "internal", "internal", "restricted", "mgmt"]
        kinds = list(ServiceKind)
        for i in range(40):
            zone = zones[i % len(zones)] if i % 9 else None
            model.add(
                Service(id=f"svc-{i:02d}", name=f"Service {i}", kind=kinds[i % 16], zone_id=zone)
            )
        pairs = [(i, (i * 7 + 3) % 40) for i in range(40)] + [(1, 2), (2, 1)]
        for n, (a, b) in enumerate(pairs):
            model.add(
                Integration(
                    id=f"int-{n:02d}",
                    source_id=f"svc-{a:02d}",
                    target_id=f"svc-{b:02d}",
                    kind=list(IntegrationKind)[n % 10],
                )
            )


@pytest.fixture
def landscape() -> Iterator[Model]:
    doc = Document.new(name="Layout test")
    build_landscape(doc.model)
    yield doc.model
    doc.close()


@pytest.fixture(scope="session")
def generate_landscape() -> Callable[..., dict[str, Any]]:
    """``tests/benchmarks/synthetic.py``'s generator, loaded from its file."""
    path = Path(__file__).parents[1] / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("layout_tests_synthetic", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate_landscape


@pytest.fixture
def well_formed() -> Callable[[Model, Geometry], None]:
    return assert_well_formed


@pytest.fixture
def no_overlaps() -> Callable[[list[Rect]], None]:
    return assert_no_overlaps


def assert_well_formed(model: Model, geometry: Geometry) -> None:
    """Every service placed, inside its zone's area; no boxes or zone areas overlap."""
    assert set(geometry.positions) == set(model.services)
    assert set(geometry.zone_areas) == set(model.zones)
    for sid, box in geometry.positions.items():
        zone = model.services[sid].zone_id
        frame = geometry.zone_areas[zone] if zone else geometry.unzoned_area
        assert frame is not None, sid
        assert contains(frame, box), (sid, box, frame)
    assert_no_overlaps(list(geometry.positions.values()))
    frames = list(geometry.zone_areas.values())
    if geometry.unzoned_area is not None:
        frames.append(geometry.unzoned_area)
    assert_no_overlaps(frames)


def assert_no_overlaps(rects: list[Rect]) -> None:
    """No two rectangles share area (a sweep along x, so 10,000 boxes stay quick)."""
    ordered = sorted(rects)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b[0] >= a[0] + a[2]:
                break
            assert not overlaps(a, b), (a, b)
