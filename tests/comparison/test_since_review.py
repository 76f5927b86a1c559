"""Comparing two models by meaning: every entity kind, every field type, renames, findings."""

from __future__ import annotations

import datetime as dt

import pytest

from models.analysis import analyse
from models.analysis.results import Finding
from models.comparison import model_records
from models.comparison.comparison_text import format_comparison
from models.comparison.since_review import (
    ModelReading,
    compare_findings,
    compare_readings,
    field_label,
)
from models.document import Document
from models.domain import (
    DocumentInfo,
    Integration,
    Location,
    ModelError,
    Service,
    Settings,
    Team,
    Waiver,
    Zone,
)
from models.domain.enums import Severity
from models.domain.fields import Refs, fields_of
from models.interchange.json_format import export_document, fingerprint
from tests.fixtures.every_field import build as build_every_field
from tests.fixtures.landscape_builder import build_healthy

AS_OF = dt.date(2026, 11, 25)


def reading(model, name: str = "") -> ModelReading:
    return ModelReading(
        name=name or model.name,
        fingerprint=fingerprint(export_document(model)),
        records=model_records(model),
        findings=analyse(model, as_of=AS_OF).findings,
    )


def compared(old, new):
    return compare_readings(reading(old), reading(new), as_of=AS_OF)


@pytest.fixture
def pair():
    with Document.new(name="Before") as old, Document.new(name="Before") as new:
        build_healthy(old)
        build_healthy(new)
        yield old.model, new.model


def test_identical_models_do_not_differ(pair):
    old, new = pair
    result = compared(old, new)
    assert not result.differs
    assert result.changes == []
    assert result.findings.unchanged == len(analyse(old, as_of=AS_OF).unwaived)
    assert "No differences" in format_comparison(result)


def test_a_renamed_service_is_changed_not_removed_and_added(pair):
    old, new = pair
    portal = next(iter(new.services.values()))
    new.update(portal, name="Renamed portal")
    result = compared(old, new)
    assert [c.action for c in result.changes] == ["changed"]
    change = result.changes[0]
    assert change.key == ("service", portal.id)
    assert [(f.path, f.after) for f in change.fields] == [("name", "Renamed portal")]
    document = result.to_json()
    assert document["added"]["services"] == [] and document["removed"]["services"] == []
    assert document["changed"][0]["fields"][0]["label"] == "Name"


def test_moving_a_box_is_not_a_difference(pair):
    old, new = pair
    view = new.default_view()
    service_id = next(iter(new.services))
    new.set_position(view.id, service_id, 1234.0, 567.0)
    assert not compared(old, new).differs


def test_empty_against_full_adds_every_kind_and_the_reverse_removes_them():
    with Document.new() as empty, Document.new() as full:
        build_every_field(full.model)
        added = compared(empty.model, full.model).to_json()["added"]
        removed = compared(full.model, empty.model).to_json()["removed"]
    for section in ("zones", "zone_policy", "locations", "teams", "services", "integrations",
                    "waivers"):
        assert added[section], section
        assert removed[section] == added[section], section
    assert {s["id"] for s in added["services"]} == {"svc", "other"}


@pytest.mark.parametrize("entity", [DocumentInfo, Settings, Zone, Location, Team, Service,
                                    Integration, Waiver], ids=lambda e: e.__name__)
def test_every_declared_field_change_is_reported_with_its_label(entity):
    """Each field of the entity set back to its default in the newer model is one changed
    field, named as the field table names it, with the old and new value."""
    with Document.new() as old, Document.new() as new:
        build_every_field(old.model)
        build_every_field(new.model)
        target = _first(new.model, entity)
        expected = {}
        for f in fields_of(entity):
            if f.json is None or f.key in IDENTITY:
                continue
            before = export_document(new.model)
            try:
                new.model.update(target, **{f.key: _other(f, getattr(target, f.key))})
            except ModelError:
                continue
            if export_document(new.model) != before:
                expected[f.json] = f.label
        assert expected, "no field of this entity could be changed"
        result = compared(old.model, new.model)
    changed = [c for c in result.to_json()["changed"]]
    fields = {f["field"]: f for c in changed for f in c["fields"]}
    assert set(expected) <= set(fields)
    for path, label in expected.items():
        assert fields[path]["label"] == label
        assert fields[path]["old"] != fields[path]["new"]


IDENTITY = ("id", "source_id", "target_id", "subject", "rule")
"""What an entity is keyed by: changing it makes another entity, not a changed one."""


def _first(model, entity):
    if entity is DocumentInfo:
        return model.info
    if entity is Settings:
        return model.settings
    pools = {Zone: model.zones, Location: model.locations, Team: model.teams,
             Service: model.services, Integration: model.integrations, Waiver: model.waivers}
    return next(iter(pools[entity].values()))


def _other(f, value):
    """A value for ``f`` different from ``value``: its default, or (for a field already at
    its default) something the declaration allows."""
    if isinstance(f.value, Refs):
        return value[:1] if value else value
    if value != f.default and f.key != "name":
        return f.default
    if isinstance(value, str):
        return value + " (changed)"
    return value


def test_two_unrelated_models_remove_one_and_add_the_other():
    with Document.new(name="One") as one, Document.new(name="Two") as two:
        one.model.add(Service(id="alpha", name="Alpha"))
        two.model.add(Service(id="beta", name="Beta"))
        result = compared(one.model, two.model).to_json()
    assert [s["id"] for s in result["added"]["services"]] == ["beta"]
    assert [s["id"] for s in result["removed"]["services"]] == ["alpha"]
    assert result["changed"] == [
        {"kind": "document", "id": "name", "name": "Two",
         "fields": [{"field": "name", "label": "Model name", "old": "One", "new": "Two"}]}
    ]


def test_findings_new_resolved_and_unchanged(pair):
    old, new = pair
    services = list(new.services.values())
    owned = next(s for s in services if s.owner_id)
    new.update(owned, owner_id=None)  # a new OWN-001
    result = compared(old, new)
    assert {f.rule for f in result.findings.new} >= {"OWN-001"}
    assert result.findings.resolved == []
    back = compared(new, old)
    assert {f.rule for f in back.findings.resolved} >= {"OWN-001"}
    assert all(back.findings.how_resolved(f) == "fixed" for f in back.findings.resolved)


def test_a_finding_waived_since_is_resolved_as_waived():
    finding = Finding("OWN-001", Severity.HIGH, ("db",), "no owner", "find one")
    changes = compare_findings([finding], [finding.as_waived()])
    assert changes.resolved == [finding]
    assert changes.how_resolved(finding) == "waived"
    assert changes.new == [] and changes.unchanged == 0


def test_findings_match_by_rule_and_subjects_not_message():
    old = Finding("RES-001", Severity.HIGH, ("db",), "blast radius 3", "")
    new = Finding("RES-001", Severity.HIGH, ("db",), "blast radius 4", "")
    changes = compare_findings([old], [new])
    assert (changes.new, changes.resolved, changes.unchanged) == ([], [], 1)
    twice = compare_findings([old], [new, new])
    assert len(twice.new) == 1 and twice.unchanged == 1


def test_labels_come_from_the_field_table():
    assert field_label("service", "vendor.sla") == next(
        f.label for f in fields_of(Service) if f.json == "vendor.sla")
    assert field_label("service", "no.such.path") == "no.such.path"
