"""A model as entity records, and what changed between two of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.comparison import (
    Assembly,
    compare,
    field_changes,
    flatten,
    model_records,
    references,
    summarise,
    unflatten,
)
from models.domain import Integration, Service
from models.interchange import load_model_file
from models.interchange.json_format import export_document
from models.interchange.json_reader import read

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "landscape.json"


@pytest.fixture
def example():
    with load_model_file(EXAMPLE) as document:
        yield document


def test_records_put_back_together_are_the_export(example):
    records = model_records(example.model)
    assert records[("service", "customer-portal")]["name"] == "Customer portal"
    assert ("position", "main/customer-portal") in records
    assert ("zone_policy", "dmz/internal") in records
    assert Assembly(records).document == export_document(example.model)


def test_every_entity_is_one_record(example):
    model = example.model
    records = model_records(model)
    kinds = [kind for kind, _key in records]
    assert kinds.count("service") == len(model.services)
    assert kinds.count("integration") == len(model.integrations)
    assert kinds.count("waiver") == len(model.waivers)
    assert kinds.count("position") == len(model.default_view().positions)


def test_a_field_edit_is_one_changed_record_with_its_field(example):
    before = model_records(example.model)
    model = example.model
    model.update(model.services["claims-db"], vendor_sla="24/7", criticality="critical")
    changes = compare(before, model_records(model))
    assert [c.key for c in changes] == [("service", "claims-db")]
    (change,) = changes
    assert change.action == "changed"
    assert {f.path for f in change.fields} == {"vendor.sla", "criticality"}
    assert change.summary().startswith("changed service 'claims-db': ")


def test_removing_a_service_removes_its_records(example):
    model = example.model
    before = model_records(model)
    for integration in model.integrations_of("hr-portal"):
        model.remove(integration)
    model.remove(model.services["hr-portal"])
    changes = compare(before, model_records(model))
    actions = {c.key: c.action for c in changes}
    assert actions[("service", "hr-portal")] == "removed"
    assert actions[("position", "main/hr-portal")] == "removed"
    assert set(actions.values()) == {"removed"}


def test_summaries_count_when_there_are_many(example):
    before = {}
    lines = summarise(compare(before, model_records(example.model)))
    assert "added 35 services" in lines  # few kinds: counts per kind
    assert "added 165 integrations" in lines


def test_flatten_and_unflatten_are_inverse(example):
    service = model_records(example.model)[("service", "claims-db")]
    assert unflatten(flatten(service), service) == service
    assert flatten({"vendor": {"sla": "x"}, "support_lines": {}}) == {
        "vendor.sla": "x", "support_lines": {}}
    assert field_changes(None, {"a": 1}) == field_changes({}, {"a": 1})


def test_a_reader_problem_is_traced_to_its_record(example):
    model = example.model
    records = model_records(model)
    del records[("service", "claims-db")]
    assembly = Assembly(records)
    _rows, _name, problems = read(assembly.document, "x")
    assert problems
    located = {assembly.locate(p) for p in problems}
    relying = {("integration", i.id) for i in model.integrations_of("claims-db")}
    waivers = {("waiver", f"{rule}/claims-db") for rule, subject in model.waivers
               if subject == "claims-db"}
    assert waivers and located == relying | waivers | {("position", "main/claims-db")}


def test_references_name_what_a_record_needs(example):
    records = model_records(example.model)
    service = records[("service", "claims-db")]
    needed = references(("service", "claims-db"), service)
    assert ("zone", service["zone"]) in needed
    assert ("team", service["owner"]) in needed
    integration = next(k for k in records if k[0] == "integration")
    content = records[integration]
    assert references(integration, content) == {
        ("service", content["source"]), ("service", content["target"])}


def test_new_entities_in_a_model_appear_as_added(example):
    model = example.model
    before = model_records(model)
    model.add(Service(id="new-one", name="New one"))
    model.add(Integration(id="new-link", source_id="new-one", target_id="claims-db"))
    changes = compare(before, model_records(model))
    assert [(c.key, c.action) for c in changes] == [
        (("service", "new-one"), "added"), (("integration", "new-link"), "added")]
