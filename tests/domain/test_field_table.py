"""The field table is complete, and every format carries every field it declares.

A field used to be added in eleven places, and a column added with its migration passed
every core test and vanished on a JSON round trip. Now each field is declared once and
the formats read the declarations; these tests make the remaining ways to lose a field
fail loudly: a column without a declaration, a declaration a format cannot carry (its
value does not survive export → import), a field missing from the Inspector or the fact
sheet (``tests/desktop_app/shell/test_shell_inspector.py`` and
``tests/report/test_pdf_fact_sheets.py``).
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Integer, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from models.domain import Base, Integration, ModelError, Service, Settings, Team, Zone
from models.domain.fields import Form, Slug, field, fields_of
from models.interchange.dot_format import export_dot, import_dot
from models.interchange.json_format import export_json, import_json
from tests.fixtures.every_field import (
    every_field_document,
    lost_in,
    rows,
    undeclared_columns,
)

ENTITIES = [mapper.class_ for mapper in Base.registry.mappers]


def test_every_column_is_a_declared_field_or_says_why_it_is_not():
    assert undeclared_columns(ENTITIES) == []


def test_every_field_is_explained_and_spelled_once_per_format():
    for entity in ENTITIES:
        declared = fields_of(entity)
        for f in declared:
            assert (f.label and f.help) or isinstance(f.value, Slug), f"{f.name}: label, help"
        for spelling in ("json", "dot", "csv"):
            names = [getattr(f, spelling) for f in declared if getattr(f, spelling)]
            assert len(names) == len(set(names)), f"{entity.__name__}: {spelling} {names}"


def test_the_sample_sets_every_field_to_something_other_than_its_default():
    """Else a format that wrote nothing and read back defaults would pass."""
    with every_field_document() as doc:
        found = list(rows(doc.model))
        assert {type(obj) for _name, obj in found} == {e for e in ENTITIES if fields_of(e)}
        unset = {
            f.name for entity in {type(obj) for _name, obj in found} for f in fields_of(entity)
            if not isinstance(f.value, Slug) and all(
                getattr(obj, f.key) == f.default for _n, obj in found if type(obj) is entity)
        }
    assert unset == set()


def test_every_field_survives_the_json_round_trip():
    assert lost_in(lambda model: import_json(export_json(model))) == []


def test_every_field_survives_the_dot_round_trip():
    assert lost_in(lambda model: import_dot(export_dot(model))) == []


def test_a_format_that_forgets_a_field_is_caught():
    """What the round-trip tests catch: an export that leaves out one field (here the
    vendor's SLA, as a writer that was never told about a new column would)."""

    def forgetful(model):
        document = json.loads(export_json(model))
        for service in document["services"]:
            del service["vendor"]["sla"]
        return import_json(document)

    lost = lost_in(forgetful)
    assert len(lost) == 1 and lost[0].startswith("Service svc.vendor_sla: "), lost


def test_a_column_added_without_a_declaration_is_caught():
    """What the table test catches: a column added (with its migration) but not declared,
    so no format, form or sheet would know it."""

    class Scratch(DeclarativeBase):
        pass

    class Gadget(Scratch):
        __tablename__ = "gadget"
        id: Mapped[int] = mapped_column(Integer, primary_key=True,
                                        info={"integramap.not_a_field": "a row number"})
        name: Mapped[str] = field(Slug(), "Name", help="declared")
        technology: Mapped[str] = mapped_column(Text, default="")

    assert undeclared_columns([Gadget]) == ["Gadget.technology"]


@pytest.mark.parametrize(("entity", "key", "value", "message"), [
    (Service, "instances", 0, "instances must be at least 1, not 0"),
    (Service, "end_of_life", "2027-13-45", "end_of_life must be a date written YYYY-MM-DD"),
    (Service, "internet_facing", "yes", "internet_facing must be true or false, not 'yes'"),
    (Service, "cost_yearly", -5, "cost must be at least 0, not -5"),
    (Service, "license_usage", 1.5, "license usage must be a whole number, not 1.5"),
    (Service, "kind", "db", "kind: unknown value 'db' (expected one of: application"),
    (Service, "vendor_sla", "a\x00b", "vendor sla must not contain the control character"),
    (Service, "name", " ", "name must not be empty"),
    (Team, "fte", -2, "FTE must be at least 0, not -2"),
    (Team, "contact", 3, "team contact must be text, not 3"),
    (Team, "skills", 7, "skills must be a list of words, not 7"),
    (Team, "skills", ["PostgreSQL", "Oracle, MySQL"],
     "skills: a word may not contain a comma or a line break"),
    (Team, "skills", ["x" * 101], "skills: a word must be at most 100 characters, not 101"),
    (Team, "support_hours", "nights", "support_hours: unknown value 'nights' (expected one of: "
     "business_hours, extended, 24x7)"),
    (Service, "rto_hours", -4, "rto_hours must be at least 0, not -4"),
    (Service, "rpo_hours", "soon", 'rpo_hours must be a number, not "soon"'),
    (Service, "patch_cycle_days", 0, "patch_cycle_days must be at least 1, not 0"),
    (Service, "patch_cycle_days", 7.5, "patch_cycle_days must be a whole number, not 7.5"),
    (Service, "last_dr_test", "last spring", "last_dr_test must be a date written YYYY-MM-DD"),
    (Service, "vendor_contract_end", "2027-02-30",
     "vendor contract_end must be a date written YYYY-MM-DD"),
    (Service, "data_classification", "top secret", "data_classification: unknown value "
     "'top secret' (expected one of: public, internal, confidential, secret)"),
    (Service, "required_hours", "always", "required_hours: unknown value 'always'"),
    (Service, "external", 1, "external must be true or false, not 1"),
    (Integration, "mode", "nightly", "mode: unknown value 'nightly' (expected one of: "
     "synchronous, batch)"),
    (Settings, "patch_cycle_max_days", 0, "longest patch cycle (days) must be at least 1, not 0"),
    (Zone, "trust", 5, "trust must be at most 4, not 5"),
    (Settings, "min_team_fte", -1, "minimum team FTE must be at least 0, not -1"),
    (Settings, "lifecycle_horizon_months", 100_000,
     "lifecycle horizon (months) must be at most 1200, not 100000"),
])
def test_values_are_checked_from_their_declaration(entity, key, value, message):
    with pytest.raises(ModelError) as refused:
        entity(**{key: value})
    assert str(refused.value).startswith(message)


def test_a_list_of_words_is_trimmed_kept_in_order_and_each_word_once():
    team = Team(id="t", name="T", skills=[" PostgreSQL", "linux ", "", "postgresql"])
    assert team.skills == ("PostgreSQL", "linux")
    assert Team(id="u", name="U", skills="Oracle, SQL Server").skills == ("Oracle", "SQL Server")


def test_assigned_values_are_normalised_as_declared():
    service = Service(id="s", name="S", cost_yearly=12, instances=2.0)
    assert (service.cost_yearly, type(service.cost_yearly)) == (12.0, float)
    assert (service.instances, type(service.instances)) == (2, int)
    assert Service(id="s", name="S", environments=["production", "test"]).environments[0] == (
        "test")


def test_the_inspector_sections_and_the_fact_sheet_parts_follow_the_declarations():
    service = {f.key: f for f in fields_of(Service)}
    assert service["criticality"].form is Form.MAIN
    assert [f.key for f in fields_of(Service) if f.form is Form.VENDOR] == [
        "vendor_name", "vendor_contract", "vendor_sla", "vendor_escalation",
        "vendor_contract_end", "vendor_support_hours"]
    assert service["vendor_contract_end"].json == "vendor.contract_end"
    assert service["vendor_support_hours"].dot == "vendor_support_hours"
    assert service["extended_support_until"].json == "lifecycle.extended_support_until"
    assert [f.key for f in fields_of(Service) if f.form is Form.MAINTENANCE] == [
        "patch_cycle_days", "maintenance_window"]
    assert service["support_line_2_id"].json == "support_lines.2"
    assert service["support_line_2_id"].dot == "support_line_2"
    assert service["lifecycle_version"].dot == "version"
    assert service["owner_id"].json == service["owner_id"].dot == "owner"
    assert service["location_ids"].json == "locations"
    assert service["cost_yearly"].csv == "cost_yearly"
