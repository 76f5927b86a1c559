"""Which services each kind of view shows, what it draws, and that generated views follow
the model as it changes."""

from __future__ import annotations

import pytest

from models.domain import Environment, IntegrationKind, Model, Service
from models.domain.enums import RUNTIME_KINDS, SUPPORTING_KINDS, ViewScope
from models.editing import new_view_steps, run
from models.views import neighbourhood, shown_services, view_content
from models.views.content import zone_node


def _view(model: Model, scope: ViewScope, subject: str = "", **extra):
    view_id, steps = new_view_steps(model, f"{scope} {subject}", scope=scope, subject=subject,
                                    **extra)
    run(model, steps)
    return model.views[view_id]


def test_runtime_and_supporting_kinds_split_the_vocabulary():
    assert set(RUNTIME_KINDS) == {IntegrationKind.DEPENDS_ON, IntegrationKind.GATEWAY,
                                  IntegrationKind.USER_AUTH, IntegrationKind.DATA_FLOW}
    assert set(RUNTIME_KINDS) | set(SUPPORTING_KINDS) == set(IntegrationKind)
    assert not set(RUNTIME_KINDS) & set(SUPPORTING_KINDS)


def test_the_overview_draws_only_runtime_links_of_the_example(example):
    content = view_content(example, example.default_view())
    assert content.shown == set(example.services)
    assert len(content.links) == 33
    assert content.hidden_links == 132
    assert {link.kind for link in content.links} <= set(RUNTIME_KINDS)


def test_drawing_every_kind_draws_every_integration(example):
    view = example.default_view()
    example.update(view, kinds=list(IntegrationKind))
    content = view_content(example, view)
    assert len(content.links) == len(example.integrations) == 165
    assert content.hidden_links == 0


def test_zone_team_location_region_and_stage_views(example):
    zone = _view(example, ViewScope.ZONE, "dmz")
    assert shown_services(example, zone) == {
        "api-gateway", "partner-sftp", "payment-adapter", "perimeter-fw", "waf-proxy"}
    team = _view(example, ViewScope.TEAM, "claims-it")
    assert shown_services(example, team) == {"claims", "claims-db"}
    place = _view(example, ViewScope.LOCATION, "fra-b")
    assert shown_services(example, place) == {
        "backup", "core-network", "data-warehouse", "reporting"}
    region = _view(example, ViewScope.REGION, "EU-Central")
    assert "customer-idp" not in shown_services(example, region)
    assert {"reporting", "cmdb", "monitoring"} <= shown_services(example, region)
    stage = _view(example, ViewScope.STAGE, "development")
    assert shown_services(example, stage) == {"customer-portal", "mobile-api", "policy-admin"}


def test_a_generated_view_follows_the_model(example):
    zone = _view(example, ViewScope.ZONE, "dmz")
    example.update(example.services["claims"], zone_id="dmz")
    example.add(Service(id="new-proxy", name="New proxy", zone_id="dmz"))
    shown = shown_services(example, zone)
    assert {"claims", "new-proxy"} <= shown
    example.update(example.services["waf-proxy"], zone_id="internal")
    assert "waf-proxy" not in shown_services(example, zone)


def test_a_view_of_something_deleted_shows_nothing(example):
    stage = _view(example, ViewScope.STAGE, "no-such-stage")
    team = _view(example, ViewScope.TEAM, "nobody")
    assert shown_services(example, stage) == set() == shown_services(example, team)


def test_neighbourhood_reaches_depth_in_both_directions(example):
    runtime = RUNTIME_KINDS
    assert neighbourhood(example, "policy-db", 1, runtime) == {
        "policy-db", "policy-admin", "payment-adapter", "data-warehouse"}
    two = neighbourhood(example, "policy-db", 2, runtime)
    # What relies on policy-admin (the portal) and what it relies on (the renderer).
    assert {"customer-portal", "mobile-api", "pdf-renderer", "reporting", "psp"} <= two
    assert "core-network" not in two
    view = _view(example, ViewScope.NEIGHBOURHOOD, "policy-db", depth=2)
    assert shown_services(example, view) == two
    assert neighbourhood(example, "ghost", 3, runtime) == set()


def test_the_neighbourhood_follows_new_integrations(example):
    from models.domain import Integration

    view = _view(example, ViewScope.NEIGHBOURHOOD, "psp")
    assert shown_services(example, view) == {"psp", "payment-adapter"}
    example.add(Integration(id="rep-psp", source_id="reporting", target_id="psp",
                            kind=IntegrationKind.DATA_FLOW))
    assert "reporting" in shown_services(example, view)


def test_runtime_only_leaves_out_services_with_only_supporting_links(example):
    view = _view(example, ViewScope.RUNTIME)
    shown = shown_services(example, view)
    assert {"monitoring", "logging", "backup", "cmdb", "snapshot-vault"}.isdisjoint(shown)
    assert {"customer-portal", "policy-db", "perimeter-fw"} <= shown


def test_a_hand_made_view_holds_the_services_placed_on_it(example):
    view = _view(example, ViewScope.HAND_MADE)
    assert shown_services(example, view) == set()
    example.set_position(view.id, "claims", 0, 0)
    example.set_position(view.id, "claims-db", 0, 200)
    content = view_content(example, view)
    assert content.services == {"claims", "claims-db"}
    assert [(link.source, link.target) for link in content.links] == [("claims", "claims-db")]


def test_a_collapsed_zone_is_one_box_with_counted_links(example):
    view = example.default_view()
    example.update(view, collapsed=["restricted"])
    content = view_content(example, view)
    restricted = {s for s, svc in example.services.items() if svc.zone_id == "restricted"}
    assert content.collapsed == {"restricted": tuple(sorted(restricted))}
    assert restricted.isdisjoint(content.services)
    box = zone_node("restricted")
    into = {(link.source, link.kind): link.count for link in content.links if link.target == box}
    # policy-admin relies on policy-db and document-store: one arrow counting two.
    assert into[("policy-admin", IntegrationKind.DEPENDS_ON)] == 2
    assert into[("customer-portal", IntegrationKind.USER_AUTH)] == 1
    out = [link for link in content.links if link.source == box]
    assert all(link.target not in restricted for link in out)
    assert sum(link.count for link in content.links) < 33  # data-warehouse → policy-db inside
    assert content.node_of("policy-db") == box


@pytest.mark.parametrize("stage", [e.value for e in Environment])
def test_a_stage_view_shows_only_services_in_that_stage(example, stage):
    view = _view(example, ViewScope.STAGE, stage)
    for sid in shown_services(example, view):
        assert Environment(stage) in example.services[sid].environments


def test_a_generated_view_is_laid_out_among_its_own_services(example):
    from models.layout import view_geometry

    team = _view(example, ViewScope.TEAM, "claims-it")
    shown = shown_services(example, team)
    geometry = view_geometry(example, team.id, engine="networkx", service_ids=shown)
    assert set(geometry.positions) == shown
    assert set(geometry.zone_areas) == {"internal", "restricted"}
    *_, width, height = geometry.bounds()
    assert width < 1000 and height < 1000  # two boxes, not the whole model's extent


def test_view_choices_travel_through_json_and_refuse_bad_values(example):
    import json

    from models.interchange.errors import InterchangeError
    from models.interchange.json_format import export_json, import_json

    view = _view(example, ViewScope.NEIGHBOURHOOD, "policy-db", depth=3)
    example.update(view, kinds=["backup", "depends_on"], collapsed=["management"])
    text = export_json(example)
    written = json.loads(text)["views"][-1]
    assert written["scope"] == "neighbourhood" and written["depth"] == 3
    assert written["kinds"] == ["depends_on", "backup"]
    assert written["collapsed"] == ["management"]
    assert "kinds" not in json.loads(text)["views"][0]  # the default is not written
    with import_json(text) as again:
        assert export_json(again.model) == text
    broken = json.loads(text)
    broken["views"][-1]["kinds"] = ["depends_on", "telepathy"]
    broken["views"][-1]["collapsed"] = ["atlantis"]
    with pytest.raises(InterchangeError) as refused:
        import_json(json.dumps(broken))
    message = str(refused.value)
    assert "views[1].kinds[1]" in message and "telepathy" in message
    assert "views[1].collapsed: unknown zone 'atlantis'" in message
