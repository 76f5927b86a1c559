"""The bundled example model: valid, laid out legibly, and carrying its deliberate problems.

It is the first thing a new user sees and the model the README's walkthrough uses, so the
story it tells (see ``PLANTED``) is part of the product, not an accident of the data.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest

from models.analysis import analyse
from models.interchange.json_format import export_json, import_json
from models.notation import SERVICE_SIZE
from models.resource_files import resource_path

EXAMPLE = resource_path("examples", "landscape.json")
AS_OF = dt.date(2026, 11, 25)
GAP = 60

# (rule, subject) pairs the example is built to show; one or two per rule family.
PLANTED = {
    ("OWN-002", "claims-it"),  # a team of 2 FTE
    ("INT-001", "hr-portal"),  # production service without monitoring
    ("INT-002", "claims-db"),  # stateful, no backup (its waiver expired)
    ("WVR-001", "claims-db"),  # ...which is reported as well
    ("INT-004", "container-platform"),  # admin auth without MFA on a critical service
    ("INT-005", "partner-sftp"),  # internet-facing, not behind the gateway
    ("INT-006", "document-store"),  # backup in the same locations as the data
    ("INT-007", "document-store"),  # restore test older than 12 months
    ("ZON-001", "payment-adapter"),  # DMZ straight into the restricted zone
    ("ZON-003", "policy-admin"),  # production relies on a test-only pilot
    ("RES-002", "customer-idp"),  # single instance on the critical path
    ("RES-003", "customer-idp"),  # one location only
    ("LIF-001", "policy-db"),  # past end of support
    ("LIF-002", "message-broker"),  # end of support within 12 months
    ("LIF-004", "policy-db"),  # critical vendor product without exit plan
    ("CST-001", "pdf-renderer"),  # no cost recorded
    ("CST-002", "logging"),  # licence usage above capacity
    ("QA-001", "partner-sftp"),  # production only, no DTAP path
    ("OWN-007", "api-gateway"),  # nobody lists Kong among their skills
    ("OWN-008", "api-gateway"),  # 24x7 gateway, business-hours vendor
    ("INT-010", "policy-admin-needs-document-store"),  # NFS in clear across zones
    ("LIF-005", "claims-db"),  # past end of sale
    ("LIF-006", "policy-db"),  # end of life in 4 months
    ("LIF-007", "hr-portal"),  # contract ends within the horizon
    ("RES-006", "document-store"),  # Amsterdam only, consumers in both regions
    ("RES-007", "claims-db"),  # slower to restore than the application needing it
    ("RES-008", "customer-idp"),  # DR test older than 12 months
    ("RES-009", "document-store"),  # the critical policy admin relies on it
    ("MNT-001", "hr-portal"),  # patched twice a year
    ("CST-003", "old-monitoring"),  # paid for, used by nothing
}


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def model(raw):
    document = import_json(raw)
    yield document.model
    document.close()


def test_file_is_in_canonical_export_form(model) -> None:
    # Editing the example in the app and exporting it again gives a minimal diff.
    assert export_json(model) == EXAMPLE.read_text(encoding="utf-8")


def test_size_and_vocabulary_cover_the_essay(model) -> None:
    assert 30 <= len(model.services) <= 38
    assert sorted(z.trust for z in model.zones.values()) == [0, 1, 2, 3, 4]
    assert len({loc.region for loc in model.locations.values()}) == 2
    assert 3 <= len(model.locations) <= 4
    kinds = {s.kind.value for s in model.services.values()}
    assert {"portal", "database", "identity_provider", "monitoring", "logging", "backup",
            "gateway", "firewall", "message_broker", "storage", "compute", "network", "dns",
            "ci_cd"} <= kinds
    stages = {e.value for s in model.services.values() for e in s.environments}
    assert stages == {"development", "test", "acceptance", "production"}


def test_every_service_and_zone_is_placed(model) -> None:
    view = model.default_view()
    assert set(view.positions) == set(model.services)
    assert set(view.zone_areas) == set(model.zones)


def _box(position) -> tuple[float, float, float, float]:
    width, height = SERVICE_SIZE
    return (position.x, position.y, position.width or width, position.height or height)


def test_boxes_keep_clear_of_each_other(model) -> None:
    boxes = {sid: _box(p) for sid, p in model.default_view().positions.items()}
    for (a, (ax, ay, aw, ah)), (b, (bx, by, bw, bh)) in itertools.combinations(boxes.items(), 2):
        apart = (ax + aw + GAP <= bx or bx + bw + GAP <= ax
                 or ay + ah + GAP <= by or by + bh + GAP <= ay)
        assert apart, f"{a} and {b} are closer than {GAP} px"


def test_services_sit_inside_their_zone_and_zones_do_not_overlap(model) -> None:
    view = model.default_view()
    for sid, position in view.positions.items():
        x, y, w, h = _box(position)
        area = view.zone_areas[model.services[sid].zone_id]
        assert area.x < x and x + w < area.x + area.width, sid
        assert area.y < y and y + h < area.y + area.height, sid
    areas = list(view.zone_areas.values())
    for a, b in itertools.combinations(areas, 2):
        assert (a.y + a.height <= b.y or b.y + b.height <= a.y
                or a.x + a.width <= b.x or b.x + b.width <= a.x)


def test_zones_read_from_the_internet_inwards(model) -> None:
    view = model.default_view()
    by_trust = sorted(model.zones.values(), key=lambda z: z.trust)
    tops = [view.zone_areas[z.id].y for z in by_trust]
    assert tops == sorted(tops)


def test_planted_problems_are_found(model) -> None:
    analysis = analyse(model, as_of=AS_OF)
    found = {(f.rule, subject) for f in analysis.findings for subject in f.subjects}
    missing = PLANTED - found
    assert not missing, f"the example no longer shows {sorted(missing)}"


def test_most_services_are_healthy_and_the_model_is_recoverable(model) -> None:
    analysis = analyse(model, as_of=AS_OF)
    troubled = {s for f in analysis.findings if not f.waived for s in f.subjects
                if s in model.services}
    assert len(troubled) <= len(model.services) // 2
    assert analysis.cycles == []
    assert sorted(itertools.chain.from_iterable(analysis.recovery_waves)) == sorted(
        model.services)


def test_one_waiver_is_active_and_one_expired(model) -> None:
    expiries = sorted(w.expires for w in model.waivers.values())
    assert expiries[0] < AS_OF < expiries[-1]
    analysis = analyse(model, as_of=AS_OF)
    waived = {(f.rule, f.subjects) for f in analysis.findings if f.waived}
    assert waived == {("CST-001", ("core-network",))}
