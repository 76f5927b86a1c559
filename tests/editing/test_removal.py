"""What a removal takes along and re-points, and that its inverse gives everything back.

No Qt here: the cascade is the model's business, the editor only wraps it in undo.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models.document import Document
from models.domain import (
    Integration,
    Location,
    Model,
    ModelError,
    Service,
    Team,
    Waiver,
    Zone,
    ZonePolicy,
)
from models.editing import delete_steps, removal_steps, run
from tests.fixtures.model_state import model_state


@pytest.fixture
def model() -> Iterator[Model]:
    document = Document.new(name="Cascade")
    m = document.model
    m.add(Zone(id="dmz", name="DMZ", trust=1))
    m.add(Zone(id="internal", name="Internal", trust=2))
    m.add(ZonePolicy(from_zone_id="dmz", to_zone_id="internal"))
    m.add(Team(id="web", name="Web", fte=4))
    m.add(Team(id="ops", name="Ops", fte=6))
    m.add(Location(id="ams", name="Amsterdam"))
    m.add(Location(id="fra", name="Frankfurt"))
    portal = Service(id="portal", name="Portal", zone_id="dmz", owner_id="web",
                     support_line_1_id="ops", support_line_2_id="web")
    portal.location_ids = ["fra", "ams"]
    m.add(portal)
    db = Service(id="db", name="Orders DB", zone_id="internal", owner_id="ops")
    db.location_ids = ["ams"]
    m.add(db)
    m.add(Service(id="idp", name="IdP", zone_id="internal"))
    m.add(Integration(id="portal-db", source_id="portal", target_id="db"))
    m.add(Integration(id="portal-idp", source_id="portal", target_id="idp", kind="user_auth"))
    m.add(Integration(id="db-idp", source_id="db", target_id="idp", kind="admin_auth"))
    m.add(Waiver(rule="INT-001", subject="portal", reason="r", accepted_by="a"))
    m.add(Waiver(rule="INT-004", subject="portal-idp", reason="r", accepted_by="a"))
    m.add(Waiver(rule="OWN-001", subject="idp", reason="r", accepted_by="a"))
    view = m.default_view().id
    for n, sid in enumerate(("portal", "db", "idp")):
        m.set_position(view, sid, 40.0 + 300 * n, 60.0)
    m.set_zone_area(view, "dmz", 0, 0, 600, 300)
    yield m
    document.close()


def _undo(model: Model, steps: list) -> None:
    run(model, [step.inverse() for step in reversed(steps)])


def test_a_deleted_service_takes_its_links_boxes_and_waivers_and_undo_restores_them(model):
    before = model_state(model)
    steps = delete_steps(model, ["portal"])
    run(model, steps)
    assert "portal" not in model.services
    assert set(model.integrations) == {"db-idp"}
    assert "portal" not in model.default_view().positions
    assert set(model.waivers) == {("OWN-001", "idp")}  # the others named what is gone
    _undo(model, steps)
    assert model_state(model) == before
    assert model.services["portal"].location_ids == ["fra", "ams"]  # order kept


def test_deleting_an_integration_leaves_its_services(model):
    steps = delete_steps(model, ["portal-idp", "portal-idp"])
    run(model, steps)
    assert set(model.services) == {"portal", "db", "idp"}
    assert "portal-idp" not in model.integrations
    assert ("INT-004", "portal-idp") not in model.waivers
    assert ("INT-001", "portal") in model.waivers


def test_an_unknown_id_is_refused_before_anything_is_worked_out(model):
    with pytest.raises(ModelError, match="nothing with id 'ghost' to delete"):
        delete_steps(model, ["portal", "ghost"])
    assert "portal" in model.services


def test_a_removed_zone_re_points_its_services_and_takes_policy_and_areas(model):
    before = model_state(model)
    steps = removal_steps(model, model.zones["dmz"], reassign_to="internal")
    run(model, steps)
    assert "dmz" not in model.zones
    assert model.services["portal"].zone_id == "internal"
    assert model.zone_policy == {}
    assert "dmz" not in model.default_view().zone_areas
    _undo(model, steps)
    assert model_state(model) == before


def test_a_removed_team_is_cleared_from_every_team_field(model):
    steps = removal_steps(model, model.teams["web"])
    run(model, steps)
    portal = model.services["portal"]
    assert (portal.owner_id, portal.support_line_1_id, portal.support_line_2_id) == (
        None, "ops", None)


def test_a_removed_location_is_replaced_in_place_and_never_listed_twice(model):
    steps = removal_steps(model, model.locations["fra"], reassign_to="ams")
    run(model, steps)
    assert model.services["portal"].location_ids == ["ams"]
    assert model.services["db"].location_ids == ["ams"]
    _undo(model, steps)
    assert model.services["portal"].location_ids == ["fra", "ams"]


def test_a_waiver_on_a_removed_zone_goes_unless_another_item_has_its_id(model):
    model.add(Waiver(rule="ZON-001", subject="dmz", reason="r", accepted_by="a"))
    model.add(Service(id="internal", name="Internal app"))
    model.add(Waiver(rule="ZON-001", subject="internal", reason="r", accepted_by="a"))
    run(model, removal_steps(model, model.zones["dmz"]))
    run(model, removal_steps(model, model.zones["internal"]))
    assert ("ZON-001", "dmz") not in model.waivers
    assert ("ZON-001", "internal") in model.waivers  # still names the service "internal"


def test_re_pointing_to_the_removed_item_or_an_unknown_one_is_refused(model):
    with pytest.raises(ModelError, match="cannot move the items to the one being deleted"):
        removal_steps(model, model.teams["web"], reassign_to="web")
    with pytest.raises(ModelError, match="unknown team 'nobody'"):
        removal_steps(model, model.teams["web"], reassign_to="nobody")


def test_a_waiver_or_a_policy_pair_goes_by_itself(model):
    waiver = model.waivers[("INT-001", "portal")]
    assert [type(s).__name__ for s in removal_steps(model, waiver)] == ["RemoveEntity"]
    policy = model.zone_policy[("dmz", "internal")]
    run(model, removal_steps(model, policy))
    assert model.zone_policy == {}
    assert len(model.zones) == 2


def test_every_change_of_a_cascade_says_who_started_it(model):
    seen = []
    model.subscribe(seen.extend)
    marker = object()
    run(model, delete_steps(model, ["portal"]), origin=marker)
    assert len(seen) > 5  # waivers, boxes, integrations, the service
    assert {change.origin for change in seen} == {marker}
