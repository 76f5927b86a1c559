"""integramap/1 JSON: lossless, byte-stable round trip and complete, path-named validation."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
from pathlib import Path

import pytest

from models.domain import Criticality, Environment, Initiator, IntegrationKind, ServiceKind
from models.interchange import InterchangeError, load_model_file
from models.interchange.json_format import export_json, import_json

DATA = Path(__file__).resolve().parent / "data"
FORMAT_EXAMPLE = json.loads((DATA / "format_example.json").read_text())


def _rich_document() -> dict:
    """The format's documented example plus every extension and some awkward text."""
    doc = copy.deepcopy(FORMAT_EXAMPLE)
    doc["name"] = "Ωmega <b>&Co — Привет"
    doc["settings"] = {"min_team_fte": 2.5, "lifecycle_horizon_months": 6}
    doc["zones"].append({"id": "internet", "name": "Internet", "trust": 0})
    doc["zone_policy"].append({"from": "internet", "to": "dmz"})
    doc["locations"].append({"id": "fra-b", "name": "Frankfurt B", "region": "eu-central"})
    doc["teams"].append({"id": "dba", "name": "DBA team", "fte": 2.5, "contact": ""})
    doc["services"].append({
        "id": "db", "name": "Portal database", "kind": "database", "zone": "internal",
        "locations": ["fra-b", "ams-a"], "stateful": True, "criticality": "critical",
        "owner": "dba", "support_lines": {"2": "dba", "4": "web"},
        "last_restore_test": "2026-02-01", "notes": "line 1\nline 2 \"quoted\"",
    })
    doc["integrations"].append({
        "id": "portal-db", "source": "portal", "target": "db", "kind": "depends_on",
        "protocol": "tcp/5432", "encrypted": True, "initiator": "target",
    })
    doc["integrations"].append({"source": "db", "target": "rproxy", "kind": "monitoring"})
    doc["views"][0]["positions"]["db"] = [100.5, -20, 200, 80]
    doc["views"][0]["zone_areas"] = {"dmz": [-40, -40, 600, 200]}
    doc["views"].append({"id": "dba-view", "name": "DBA", "positions": {"db": [0, 0]}})
    return doc


def test_format_example_imports_with_every_field():
    with import_json(FORMAT_EXAMPLE) as doc:
        model = doc.model
        portal = model.services["portal"]
        assert portal.kind is ServiceKind.PORTAL
        assert portal.environments == (
            Environment.TEST, Environment.ACCEPTANCE, Environment.PRODUCTION)
        assert portal.location_ids == ["ams-a"]
        assert (portal.instances, portal.internet_facing, portal.criticality) == (
            2, True, Criticality.HIGH)
        assert portal.support_lines == {1: "web", 2: "web", 3: "web"}
        assert (portal.vendor_name, portal.vendor_sla) == ("Acme", "24/7, 4h")
        assert portal.end_of_support == dt.date(2028, 12, 31)
        assert (portal.cost_yearly, portal.cost_currency) == (12000, "EUR")
        assert (portal.license_capacity, portal.license_usage) == (500, 320)
        waiver = model.waivers[("CST-001", "rproxy")]
        assert waiver.expires == dt.date(2027, 6, 30)
        assert model.views["main"].positions["rproxy"].x == 240


def test_omitted_fields_take_their_defaults():
    with import_json(FORMAT_EXAMPLE) as doc:
        proxy = doc.model.services["rproxy"]
        assert proxy.environments == (Environment.PRODUCTION,)
        assert (proxy.instances, proxy.stateful, proxy.internet_facing) == (1, False, False)
        assert proxy.criticality is Criticality.MEDIUM
        assert (proxy.owner_id, proxy.location_ids, proxy.notes) == (None, [], "")


@pytest.mark.parametrize("source", [FORMAT_EXAMPLE, _rich_document()], ids=["example", "rich"])
def test_export_import_export_is_byte_for_byte_stable(source):
    with import_json(source) as first:
        text = export_json(first.model)
    with import_json(text) as second:
        assert export_json(second.model) == text


def test_round_trip_is_lossless():
    source = _rich_document()
    with import_json(source) as doc:
        model = doc.model
        db = model.services["db"]
        assert model.name == "Ωmega <b>&Co — Привет"
        assert db.location_ids == ["fra-b", "ams-a"], "location order is kept"
        assert db.support_lines == {2: "dba", 4: "web"}
        assert db.notes == 'line 1\nline 2 "quoted"'
        assert model.integrations["portal-db"].initiator_override is Initiator.TARGET
        generated = model.integrations["db-monitoring-rproxy"]
        assert generated.kind is IntegrationKind.MONITORING
        assert model.settings.min_team_fte == 2.5
        assert model.settings.lifecycle_horizon_months == 6
        box = model.views["main"].positions["db"]
        assert (box.x, box.y, box.width, box.height) == (100.5, -20, 200, 80)
        assert model.views["main"].zone_areas["dmz"].width == 600
        assert [v.id for v in sorted(model.views.values(), key=lambda v: v.order)] == [
            "main", "dba-view"]
        text = export_json(model)
    exported = json.loads(text)
    assert exported["settings"] == {"min_team_fte": 2.5, "lifecycle_horizon_months": 6}
    assert exported["views"][0]["positions"]["db"] == [100.5, -20, 200, 80]
    assert exported["views"][0]["positions"]["portal"] == [0, 0]


def test_export_of_defaults_has_no_settings_and_sorted_entities():
    with import_json(FORMAT_EXAMPLE) as doc:
        exported = json.loads(export_json(doc.model))
    assert "settings" not in exported
    assert list(exported) == ["format", "name", "zones", "zone_policy", "locations", "teams",
                              "services", "integrations", "waivers", "views"]
    assert [s["id"] for s in exported["services"]] == ["portal", "rproxy"]


def _problems(document) -> list[str]:
    with pytest.raises(InterchangeError) as caught:
        import_json(document)
    return caught.value.problems


def _with(**changes) -> dict:
    doc = copy.deepcopy(FORMAT_EXAMPLE)
    for dotted, value in changes.items():
        target = doc
        *parents, last = dotted.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value
    return doc


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (_with(services__1__zone="dmz2"), "services[1].zone: unknown zone 'dmz2'"),
        (_with(services__0__owner="nobody"), "services[0].owner: unknown team 'nobody'"),
        (_with(services__0__locations=["ams-a", "mars"]),
         "services[0].locations[1]: unknown location 'mars'"),
        (_with(integrations__0__target="ghost"),
         "integrations[0].target: unknown service 'ghost'"),
        (_with(zone_policy__0__to="nowhere"), "zone_policy[0].to: unknown zone 'nowhere'"),
        (_with(waivers__0__subject="ghost"), "waivers[0].subject: unknown subject 'ghost'"),
        (_with(services__0__support_lines={"1": "web", "5": "web"}),
         "services[0].support_lines.5: unknown key (expected one of: 1, 2, 3, 4)"),
        (_with(services__0__colour="red"), "services[0].colour: unknown key"),
        (_with(extra=True), "extra: unknown key"),
        (_with(services__0__vendor={"name": "Acme", "phone": "1"}),
         "services[0].vendor.phone: unknown key"),
        (_with(services__1__id="portal"), "services[1].id: duplicate id 'portal'"),
        (_with(zones__1__id="dmz"), "zones[1].id: duplicate id 'dmz'"),
        (_with(services__0__instances="2"), "services[0].instances: must be a number, not \"2\""),
        (_with(services__0__instances=0), "services[0].instances: must be at least 1, not 0"),
        (_with(services__0__stateful="yes"),
         "services[0].stateful: must be true or false, not \"yes\""),
        (_with(teams__0__fte=-1), "teams[0].fte: must be at least 0, not -1"),
        (_with(zones__0__trust=5), "zones[0].trust: must be at most 4, not 5"),
        (_with(services__0__kind="db"), "services[0].kind: unknown value 'db'"),
        (_with(services__0__environments=["prod"]),
         "services[0].environments[0]: unknown value 'prod'"),
        (_with(services__0__environments=[]),
         "services[0].environments: must name at least one stage"),
        (_with(services__0__lifecycle__end_of_support="31-12-2028"),
         "services[0].lifecycle.end_of_support: must be a date written YYYY-MM-DD, "
         "not \"31-12-2028\""),
        (_with(waivers__0__expires="2027-02-30"),
         "waivers[0].expires: must be a date written YYYY-MM-DD, not \"2027-02-30\""),
        (_with(services__0__id="Customer Portal"), "services[0].id: must be a slug"),
        (_with(services="portal"), "services: must be a list, not text"),
        (_with(services__0=["portal"]), "services[0]: must be an object, not a list"),
        (_with(format="integramap/2"), 'format: must be "integramap/1", not "integramap/2"'),
        (_with(waivers__0__rule="cost"), "waivers[0].rule: 'cost' is not a rule id"),
        (_with(views__0__positions={"portal": [1]}),
         "views[0].positions.portal: must be [x, y] or [x, y, width, height], not [1]"),
        (_with(views__0__positions={"ghost": [1, 2]}),
         "views[0].positions.ghost: unknown service 'ghost'"),
        (_with(zone_policy=[{"from": "dmz", "to": "internal"}, {"from": "dmz", "to": "internal"}]),
         "zone_policy[1]: the pair 'dmz' → 'internal' is listed twice"),
        (_with(settings={"min_team_fte": "three"}),
         "settings.min_team_fte: must be a number, not \"three\""),
        (_with(settings={"lifecycle_horizon_months": 100_000}),
         "settings.lifecycle_horizon_months: must be at most 1200, not 100000"),
        (_with(services__0__instances=10**30),
         "services[0].instances: must be at most 1e+06, not a number of 31 digits"),
        (_with(teams__0__fte=10**400), "teams[0].fte: must be at most 100000, not a number of"),
        (_with(services__0__cost={"yearly": 1.7e308}),
         "services[0].cost.yearly: must be at most 1e+15, not 1.7e+308"),
        (_with(services__0__name=""), "services[0].name: must not be empty"),
        (_with(waivers=[{"rule": "XYZ-999", "subject": "portal"}]),
         "waivers[0].rule: unknown rule 'XYZ-999'"),
        (_with(name="lone \ud800 surrogate"), "name: is not valid Unicode text"),
        (_with(services__0__description="nul \x00 inside"),
         "services[0].description: must not contain the control character U+0000"),
        (_with(services__0__rto_hours=-4), "services[0].rto_hours: must be at least 0, not -4"),
        (_with(services__0__patch_cycle_days=0),
         "services[0].patch_cycle_days: must be at least 1, not 0"),
        (_with(services__0__last_dr_test="2026-13-01"),
         "services[0].last_dr_test: must be a date written YYYY-MM-DD, not \"2026-13-01\""),
        (_with(services__0__vendor={"name": "Acme", "contract_end": "soon"}),
         "services[0].vendor.contract_end: must be a date written YYYY-MM-DD, not \"soon\""),
        (_with(services__0__vendor={"name": "Acme", "support_hours": "24/7"}),
         "services[0].vendor.support_hours: unknown value '24/7' (expected one of: "
         "business_hours, extended, 24x7)"),
        (_with(services__0__data_classification="private"),
         "services[0].data_classification: unknown value 'private'"),
        (_with(services__0__external="no"),
         "services[0].external: must be true or false, not \"no\""),
        (_with(teams__0__skills="PostgreSQL"),
         "teams[0].skills: must be a list of words, not text"),
        (_with(teams__0__skills=["PostgreSQL", 5]),
         "teams[0].skills: must be a list of words, not 5 in it"),
        (_with(teams__0__support_hours="nights"),
         "teams[0].support_hours: unknown value 'nights'"),
        (_with(integrations__0__mode="nightly"),
         "integrations[0].mode: unknown value 'nightly' (expected one of: synchronous, batch)"),
        (_with(settings={"patch_cycle_max_days": 0}),
         "settings.patch_cycle_max_days: must be at least 1, not 0"),
    ],
)
def test_each_class_of_bad_input_is_reported_with_its_path(document, expected):
    problems = _problems(document)
    assert any(p.startswith(expected) for p in problems), problems


def test_every_problem_is_reported_not_just_the_first():
    doc = _with(services__1__zone="dmz2", teams__0__fte=-2, integrations__0__kind="uses")
    problems = _problems(doc)
    assert len(problems) == 3
    assert problems[0].startswith("teams[0].fte")


def test_missing_format_and_non_object_documents():
    assert _problems({"name": "x"}) == ["(document): missing required key 'format'"]
    assert _problems("[1, 2]") == ["(document): must be an object, not a list"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('{"format": "integramap/1",\n "name": "x",,}',
         "line 2 column 14: expecting property name enclosed in double quotes, found ','"),
        ('{"format": "integramap/1",\n "name": "unclosed}',
         "line 2 column 10: a string starts here and is never closed"),
        ('{"format": "integramap/1", "name": "tab\there"}',
         "line 1 column 40: a raw control character '\\t' inside a string"),
        ('{"format": "integramap/1", "name": ', "expecting value, but the file ends here"),
        (b"\xff\xfe{}", "is not UTF-8 text"),
        (b"\x00\x01binary", "is a binary file, not JSON text"),
        ('{"format": "integramap/1", "name": "a", "name": "b"}', "name: is given twice"),
    ],
)
def test_unreadable_json_is_reported(raw, expected):
    problems = _problems(raw)
    assert any(expected in p for p in problems), problems


def test_message_lists_problems_for_a_person():
    with pytest.raises(InterchangeError) as caught:
        import_json(_with(services__1__zone="dmz2"), source_name="model.json")
    assert str(caught.value) == (
        "model.json: 1 problem, nothing was imported:\n  services[1].zone: unknown zone 'dmz2'")


def test_nothing_is_stored_when_there_is_a_problem(tmp_path):
    working = tmp_path / "work.imap"
    with pytest.raises(InterchangeError):
        import_json(_with(services__1__zone="dmz2"), working_path=working)
    assert not working.exists()


def test_load_model_file_by_suffix_and_by_content(tmp_path):
    text = json.dumps(FORMAT_EXAMPLE)
    (tmp_path / "model.json").write_text(text)
    (tmp_path / "model.txt").write_text("\n  " + text)
    for name in ("model.json", "model.txt"):
        with load_model_file(tmp_path / name) as doc:
            assert set(doc.model.services) == {"portal", "rproxy"}
            assert doc.path is None, "an import is untitled"
    (tmp_path / "notes.txt").write_text("just notes")
    with pytest.raises(Exception, match="not a model file Integramap can read"):
        load_model_file(tmp_path / "notes.txt")


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="needs /dev/fd to name a pipe")
def test_a_model_arriving_through_a_pipe_is_read_once_and_whole():
    text = json.dumps(FORMAT_EXAMPLE).encode()
    read_end, write_end = os.pipe()
    with os.fdopen(write_end, "wb") as writer:
        writer.write(text)  # fits the pipe buffer; the reader then sees end-of-file
    try:
        with load_model_file(f"/dev/fd/{read_end}") as doc:
            assert set(doc.model.services) == {"portal", "rproxy"}
    finally:
        os.close(read_end)


def test_zones_teams_and_locations_need_distinct_names():
    doc = _with()
    doc["teams"].append({"id": "web2", "name": " " + doc["teams"][0]["name"].upper()})
    problems = _problems(doc)
    assert problems == [
        f"teams[1].name: '{doc['teams'][1]['name']}' is also the name of "
        f"'{doc['teams'][0]['id']}'"
    ]


def test_links_the_model_refuses_are_reported_where_they_stand(tmp_path):
    doc = _with()
    doc["integrations"] += [
        {"source": "rproxy", "target": "rproxy", "kind": "monitoring"},
        {"source": "portal", "target": "rproxy", "kind": "depends_on"},  # another kind: fine
        {"id": "again", "source": "portal", "target": "rproxy", "kind": "gateway"},
        {"source": "rproxy", "target": "portal", "kind": "gateway"},  # other way: fine
        {"source": "portal", "target": "rproxy", "kind": "gatewy"},  # reported for its kind only
    ]
    working = tmp_path / "work.imap"
    with pytest.raises(InterchangeError) as caught:
        import_json(doc, working_path=working)
    assert caught.value.problems == [
        "integrations[5].kind: unknown value 'gatewy' (expected one of: depends_on, "
        "admin_auth, user_auth, monitoring, logging, backup, gateway, deploys_via, "
        "asset_tracking, data_flow)",
        "integrations[1]: a service cannot rely on itself; choose another service",
        "integrations[3]: duplicate of integrations[0]: Customer portal already relies on "
        "Reverse proxy for its gateway",
    ]
    assert not working.exists()  # all or nothing, as for every other problem


def test_an_unnamed_repeat_is_a_duplicate_too():
    doc = _with()
    doc["integrations"].append({"source": "portal", "target": "rproxy", "kind": "gateway"})
    assert _problems(doc) == [
        "integrations[1]: duplicate of integrations[0]: Customer portal already relies on "
        "Reverse proxy for its gateway"
    ]
