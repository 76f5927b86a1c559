"""The domain's invariants are enforced at the boundary: a refused edit changes nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from models.document import Document
from models.domain import (
    Action,
    Integration,
    IntegrationKind,
    ModelError,
    Service,
    Team,
    Zone,
    ZonePolicy,
)


@pytest.fixture
def doc():
    document = Document.new(name="Invariants")
    model = document.model
    model.add(Zone(id="dmz", name="DMZ", trust=1))
    model.add(Zone(id="internal", name="Internal", trust=2))
    model.add(Team(id="dba", name="DBA", fte=3))
    model.add(Service(id="portal", name="Portal", zone_id="dmz"))
    model.add(Service(id="db", name="Database", zone_id="internal"))
    model.add(Integration(id="portal-db", source_id="portal", target_id="db"))
    document.commit()
    yield document
    document.close()


@pytest.mark.parametrize("instances", [0, -1, 1.5, "2", True])
def test_instances_must_be_a_whole_number_of_at_least_one(instances):
    with pytest.raises(ModelError, match="instances"):
        Service(id="svc", instances=instances)


def test_update_refusing_a_value_changes_nothing(doc):
    service = doc.model.services["portal"]
    with pytest.raises(ModelError, match="instances must be at least 1"):
        doc.model.update(service, name="Renamed", instances=0)
    assert service.name == "Portal"
    assert service.instances == 1


@pytest.mark.parametrize("fte", [-0.5, -3])
def test_fte_cannot_be_negative(doc, fte):
    team = doc.model.teams["dba"]
    with pytest.raises(ModelError, match="FTE must be at least 0"):
        doc.model.update(team, fte=fte)
    assert team.fte == 3


@pytest.mark.parametrize("bad", ["Portal", "with space", "-lead", "trail-", "", "é", 7, None])
def test_ids_are_slugs(bad):
    with pytest.raises(ModelError, match="must be a slug"):
        Service(id=bad)


def test_ids_are_unique_per_entity(doc):
    with pytest.raises(ModelError, match="service id 'portal' is already used"):
        doc.model.add(Service(id="portal"))
    assert len(doc.model.services) == 2


def test_ids_cannot_be_changed(doc):
    with pytest.raises(ModelError, match="ids are stable"):
        doc.model.update(doc.model.services["db"], id="database")


def test_integration_ends_must_exist(doc):
    with pytest.raises(ModelError, match="target: unknown service 'nowhere'"):
        doc.model.add(Integration(id="x", source_id="portal", target_id="nowhere"))
    with pytest.raises(ModelError, match="source: unknown service 'ghost'"):
        doc.model.update(doc.model.integrations["portal-db"], source_id="ghost")
    assert doc.model.integrations["portal-db"].source_id == "portal"


def test_references_to_teams_and_zones_must_exist(doc):
    service = doc.model.services["db"]
    with pytest.raises(ModelError, match="owner: unknown team 'nobody'"):
        doc.model.update(service, owner_id="nobody")
    with pytest.raises(ModelError, match="zone: unknown zone 'dmz2'"):
        doc.model.update(service, zone_id="dmz2")
    with pytest.raises(ModelError, match="unknown location 'mars'"):
        doc.model.update(service, location_ids=["mars"])
    assert (service.owner_id, service.zone_id, service.location_ids) == (None, "internal", [])


def test_zone_policy_pairs_are_unique(doc):
    doc.model.add(ZonePolicy(from_zone_id="dmz", to_zone_id="internal"))
    with pytest.raises(ModelError, match="already allows 'dmz' → 'internal'"):
        doc.model.add(ZonePolicy(from_zone_id="dmz", to_zone_id="internal"))
    assert list(doc.model.zone_policy) == [("dmz", "internal")]


def test_zone_policy_needs_existing_zones(doc):
    with pytest.raises(ModelError, match="unknown zone 'internet'"):
        doc.model.add(ZonePolicy(from_zone_id="internet", to_zone_id="dmz"))


def test_removing_something_still_referenced_is_refused(doc):
    with pytest.raises(ModelError, match="still used by 1 item"):
        doc.model.remove(doc.model.services["db"])
    with pytest.raises(ModelError, match="zone 'dmz' is still used"):
        doc.model.remove(doc.model.zones["dmz"])
    doc.model.remove(doc.model.integrations["portal-db"])
    doc.model.remove(doc.model.services["db"])
    assert set(doc.model.services) == {"portal"}
    assert doc.model.integrations_of("portal") == []


def test_database_refuses_what_the_model_would(doc):
    """The SQL constraints back the validators up for anything that bypasses them."""
    doc.commit()
    with pytest.raises(Exception, match="CHECK constraint failed"):
        doc.session.execute(text("UPDATE service SET instances = 0 WHERE id = 'db'"))
    doc.session.rollback()


def test_every_edit_is_announced_once_per_batch(doc):
    notices = []
    doc.model.subscribe(notices.append)
    revision = doc.model.revision
    with doc.model.batch():
        doc.model.add(Service(id="idp", name="IdP"))
        doc.model.add(
            Integration(id="portal-idp", source_id="portal", target_id="idp",
                        kind=IntegrationKind.USER_AUTH)
        )
    doc.model.update(doc.model.services["idp"], name="Identity provider", origin="inspector")
    assert len(notices) == 2
    assert [(c.entity, c.key, c.action) for c in notices[0]] == [
        (Service, "idp", Action.ADDED),
        (Integration, "portal-idp", Action.ADDED),
    ]
    (change,) = notices[1]
    assert change.fields == {"name"} and change.origin == "inspector"
    assert doc.model.revision == revision + 3


def test_an_update_to_the_same_value_is_not_announced(doc):
    notices = []
    doc.model.subscribe(notices.append)
    doc.model.update(doc.model.services["db"], name="Database")
    assert notices == []


def test_new_entities_have_their_defaults_before_being_stored():
    service = Service(id="fresh")
    assert service.criticality.value == "medium"
    assert [e.value for e in service.environments] == ["production"]
    assert (service.instances, service.name, service.stateful) == (1, "", False)
    with pytest.raises(TypeError, match="'colour' is not a field of Service"):
        Service(id="x", colour="red")


def test_removing_an_entity_added_since_the_last_commit(doc):
    doc.model.add(Service(id="draft", name="Draft"))
    doc.model.remove(doc.model.services["draft"])
    doc.commit()
    assert "draft" not in doc.model.services
    assert doc.session.get(Service, "draft") is None


@pytest.mark.parametrize(
    ("entity", "fields", "message"),
    [
        ("portal", {"name": "  "}, "name must not be empty"),
        ("portal", {"name": "Port\x00al"}, "must not contain the control character U+0000"),
        ("portal", {"description": "lone \ud800 surrogate"}, "not valid Unicode text"),
        ("portal", {"instances": 10**30}, "instances must be at most 1e+06, not a number of 31"),
        ("portal", {"cost_yearly": 1.7e308}, "cost must be at most 1e+15, not 1.7e+308"),
        ("dba", {"fte": 10**400}, "FTE must be at most 100000"),
        ("dba", {"name": ""}, "team name must not be empty"),
    ],
)
def test_values_no_one_means_are_refused_with_a_readable_message(doc, entity, fields, message):
    model = doc.model
    obj = model.services.get(entity) or model.teams[entity]
    before = {key: getattr(obj, key) for key in fields}
    with pytest.raises(ModelError, match=re.escape(message)):
        model.update(obj, **fields)
    assert {key: getattr(obj, key) for key in fields} == before


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("restore_test_max_age_months", 30_000, "restore test age \\(months\\) must be at most"),
        ("lifecycle_horizon_months", -1, "lifecycle horizon \\(months\\) must be at least 0"),
        ("min_team_fte", 5000, "minimum team FTE must be at most 1000"),
    ],
)
def test_settings_stay_within_a_sensible_range(doc, setting, value, message):
    with pytest.raises(ModelError, match=message):
        doc.model.update(doc.model.settings, **{setting: value})


def test_a_new_entity_gets_its_defaults_and_still_needs_its_name(doc):
    service = Service(id="fresh")
    assert (service.name, service.instances) == ("", 1)  # defaults readable before a flush
    with pytest.raises(ModelError, match="name must not be empty"):
        doc.model.add(Service(id="nameless", name=""))
    doc.model.add(Service(id="named", name="Named"))
    doc.commit()
    assert doc.model.services["named"].instances == 1


def test_zones_teams_and_locations_cannot_share_a_name(doc):
    model = doc.model
    with pytest.raises(ModelError, match="another team is already called 'DBA' \\(dba\\)"):
        model.add(Team(id="dba2", name=" dba "))
    assert "dba2" not in model.teams
    with pytest.raises(ModelError, match="another zone is already called 'DMZ'"):
        model.update(model.zones["internal"], name="dmz")
    assert model.zones["internal"].name == "Internal"
    model.update(model.zones["dmz"], name="Dmz")  # its own name, recased
    assert model.zones["dmz"].name == "Dmz"
    model.add(Service(id="dba", name="DBA"))  # services may share names with teams
