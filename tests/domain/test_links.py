"""The model's link rules: no service relies on itself, no integration is stated twice."""

from __future__ import annotations

import pytest

from models.document import Document
from models.domain import Integration, IntegrationKind, ModelError, Service


@pytest.fixture
def doc():
    document = Document.new(name="Links")
    model = document.model
    model.add(Service(id="portal", name="Customer portal"))
    model.add(Service(id="db", name="Orders DB"))
    model.add(Integration(id="portal-db", source_id="portal", target_id="db"))
    document.commit()
    yield document
    document.close()


def _notices(model):
    seen = []
    model.subscribe(seen.extend)
    return seen


def test_a_service_relying_on_itself_is_refused_and_nothing_changes(doc):
    model = doc.model
    seen = _notices(model)
    with pytest.raises(ModelError, match=r"^a service cannot rely on itself"):
        model.add(Integration(id="loop", source_id="db", target_id="db", kind="backup"))
    assert "loop" not in model.integrations
    assert model.integrations_of("db") == [model.integrations["portal-db"]]
    assert seen == []


def test_a_second_link_with_the_same_ends_and_kind_is_refused_by_name(doc):
    model = doc.model
    seen = _notices(model)
    with pytest.raises(ModelError) as refused:
        model.add(Integration(id="again", source_id="portal", target_id="db"))
    assert str(refused.value) == (
        "Customer portal already relies on Orders DB for a runtime dependency"
    )
    assert set(model.integrations) == {"portal-db"}
    assert seen == []
    # Another kind, or the other direction, says something else and is taken.
    model.add(Integration(id="watch", source_id="portal", target_id="db", kind="monitoring"))
    model.add(Integration(id="back", source_id="db", target_id="portal"))
    assert set(model.integrations) == {"portal-db", "watch", "back"}


def test_re_pointing_or_re_kinding_into_a_refused_link_changes_nothing(doc):
    model = doc.model
    model.add(Integration(id="watch", source_id="portal", target_id="db", kind="monitoring"))
    watch = model.integrations["watch"]
    seen = _notices(model)
    with pytest.raises(ModelError, match="cannot rely on itself"):
        model.update(watch, target_id="portal")
    with pytest.raises(ModelError, match="cannot rely on itself"):
        model.update(watch, source_id="db", notes="moved")
    with pytest.raises(ModelError, match="already relies on Orders DB for a runtime"):
        model.update(watch, kind=IntegrationKind.DEPENDS_ON, notes="changed")
    assert (watch.source_id, watch.target_id, watch.kind, watch.notes) == (
        "portal", "db", IntegrationKind.MONITORING, "")
    assert watch in model.integrations_of("portal")
    assert seen == []


def test_an_integration_is_not_its_own_duplicate(doc):
    model = doc.model
    link = model.integrations["portal-db"]
    # Writing its own ends and kind again, or other fields, is no new statement.
    model.update(link, source_id="portal", target_id="db", kind="depends_on", notes="x")
    model.update(link, encrypted=True)
    # Swapping the ends is a different statement, free here.
    model.update(link, source_id="db", target_id="portal")
    assert (link.source_id, link.target_id, link.encrypted) == ("db", "portal", True)


def test_check_connect_answers_before_anything_is_built(doc):
    model = doc.model
    assert model.check_connect("portal", "db", IntegrationKind.MONITORING) is None
    assert model.check_connect("db", "portal", "depends_on") is None
    assert model.check_connect("portal", "portal", "backup") == (
        "a service cannot rely on itself; choose another service")
    assert model.check_connect("portal", "db", "depends_on") == (
        "Customer portal already relies on Orders DB for a runtime dependency")
    assert model.check_connect("portal", "db", "depends_on", besides="portal-db") is None
    # Not judged here: the reference and value checks refuse these in their own words.
    assert model.check_connect("portal", "ghost", "depends_on") is None
    assert model.check_connect("portal", "db", "no-such-kind") is None
    with pytest.raises(ModelError, match="target: unknown service 'ghost'"):
        model.add(Integration(id="x", source_id="portal", target_id="ghost"))


def test_the_rule_holds_after_removing_and_re_adding(doc):
    model = doc.model
    model.remove(model.integrations["portal-db"])
    assert model.check_connect("portal", "db", "depends_on") is None
    model.add(Integration(id="portal-db-2", source_id="portal", target_id="db"))
    assert model.check_connect("portal", "db", "depends_on") is not None
