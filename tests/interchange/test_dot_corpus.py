"""Hand-written DOT in the styles other tools write imports into a sensible model."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from models.domain import Model
from models.interchange.dot_format import import_dot

CORPUS = Path(__file__).parent / "dot_corpus"
FILES = sorted(CORPUS.glob("*.dot"))


def load(name: str) -> Model:
    path = CORPUS / name
    return import_dot(path.read_text(encoding="utf-8"), name_hint=path.stem).model


def edges(model: Model) -> set[tuple[str, str, str]]:
    return {(i.source_id, i.target_id, i.kind.value) for i in model.integrations.values()}


def test_the_corpus_has_files_of_every_style():
    assert len(FILES) >= 6


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_corpus_file_imports(path: Path):
    model = import_dot(path.read_text(encoding="utf-8"), name_hint=path.stem).model
    assert model.services and model.integrations


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_corpus_file_is_valid_for_graphviz_itself(path: Path):
    done = subprocess.run(["dot", "-Tcanon", str(path)], capture_output=True, timeout=30,
                          check=False)
    assert done.returncode == 0, done.stderr.decode()


def test_undirected_graph_keeps_the_written_direction():
    model = load("undirected_network.dot")
    assert edges(model) == {
        ("web", "app", "depends_on"), ("app", "db", "depends_on"),
        ("app", "cache", "depends_on"), ("web", "lb", "gateway"),
        ("monitoring-server", "app", "monitoring"),
    }
    assert model.services["monitoring-server"].name == "monitoring server"


def test_nested_clusters_become_zones_and_anonymous_groups_do_not():
    model = load("nested_subgraphs.dot")
    assert model.name == "Data centre"
    assert {z.id: (z.name, z.trust) for z in model.zones.values()} == {
        "dmz": ("DMZ", 1), "internal": ("Internal", 2), "apps": ("Application servers", 2),
        "data": ("Restricted data", 3), "mgmt": ("Management", 4)}
    zone_of = {s.id: s.zone_id for s in model.services.values()}
    assert zone_of == {"proxy": "dmz", "billing": "apps", "crm": "apps", "ledger": "data",
                       "zabbix": "mgmt"}
    assert model.services["ledger"].kind.value == "database", "a cylinder is a database"
    assert ("billing", "zabbix", "monitoring") in edges(model)


def test_ports_are_ignored_and_record_labels_read_as_text():
    model = load("record_ports.dot")
    assert edges(model) == {("struct1", "struct2", "depends_on"),
                            ("struct1", "struct3", "depends_on"),
                            ("struct2", "struct3", "depends_on")}
    assert model.services["struct1"].name == "left | mid dle | right"
    assert model.services["struct3"].name.startswith("hello world | b | c")


def test_html_labels_become_plain_names():
    model = load("html_labels.dot")
    assert model.services["portal"].name == "Customer portal REST & GraphQL"
    assert model.services["idp"].name == "Identity provider (Keycloak)"
    assert edges(model) == {("portal", "idp", "user_auth")}


def test_default_attributes_apply_to_nodes_and_edges_declared_after_them():
    model = load("default_attributes.dot")
    owners = {s.id: s.owner_id for s in model.services.values()}
    assert owners == {"app1": "platform-team", "app2": "platform-team",
                      "elk": "observability", "vault": None}
    assert model.teams["platform-team"].name == "Platform team"
    assert edges(model) == {("app1", "elk", "logging"), ("app2", "elk", "logging"),
                            ("app1", "vault", "backup")}
    assert "shape=box" in model.services["app1"].notes
    assert "shape=ellipse" in model.services["vault"].notes
    assert all("color=gray40" in i.notes for i in model.integrations.values())


def test_edge_chains_and_group_edges_expand_and_strict_merges_repeats():
    model = load("edge_chains.dot")
    assert edges(model) == {
        ("a", "b", "depends_on"), ("b", "c", "depends_on"), ("c", "d", "depends_on"),
        ("x", "z", "depends_on"), ("y", "z", "depends_on"),
        ("z", "p", "data_flow"), ("z", "q", "data_flow"),
    }
    assert len(model.integrations) == 7


def test_terraform_graph_output_imports_with_readable_names():
    model = load("terraform_graph.dot")
    names = sorted(s.name for s in model.services.values())
    assert names == ["aws_db_instance.main", "aws_instance.web", "aws_security_group.web",
                     'provider["registry.terraform.io/hashicorp/aws"]']
    assert len(model.integrations) == 4
    assert model.name == "terraform_graph"


def test_an_architecture_sketch_with_kinds_and_fields():
    model = load("architecture_kinds.dot")
    assert model.name == "Payments platform"
    assert {z.id: z.trust for z in model.zones.values()} == {
        "internet": 0, "partner-dmz": 1, "pci": 3, "mgmt": 4}
    payments = model.services["payments"]
    assert (payments.criticality.value, payments.owner_id, payments.zone_id) == (
        "critical", "payments", "pci")
    assert model.services["pgdb"].instances == 2 and model.services["pgdb"].stateful
    assert model.services["bkp"].vendor_name == "Veeam"
    kinds = sorted(i.kind.value for i in model.integrations.values())
    assert kinds == sorted(["depends_on", "gateway", "depends_on", "monitoring", "backup",
                            "admin_auth", "depends_on"])
    backup = next(i for i in model.integrations.values() if i.kind.value == "backup")
    assert backup.encrypted
    telemetry = [i for i in model.integrations.values() if "kind=telemetry" in i.notes]
    assert len(telemetry) == 1
