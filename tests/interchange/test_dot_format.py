"""DOT export and import: lossless round trip, styling, and refusal of what is not DOT."""

from __future__ import annotations

import copy
import importlib.util
import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from models.interchange import InterchangeError, load_model_file
from models.interchange.dot_format import MAX_TEXT_CHARS, export_dot, import_dot
from models.interchange.dot_syntax import MAX_EDGES, MAX_NODES
from models.interchange.json_format import export_json, import_json

FORMAT_EXAMPLE = Path(__file__).parent / "data" / "format_example.json"


def rich_document() -> dict[str, Any]:
    """The integramap/1 format's documented example plus every kind of awkward value a DOT
    file has to carry."""
    doc = json.loads(FORMAT_EXAMPLE.read_text(encoding="utf-8"))
    doc = copy.deepcopy(doc)
    doc["settings"] = {"min_team_fte": 2.5}
    doc["zones"].append({"id": "internet", "name": 'The "Internet"', "trust": 0})
    doc["zones"].append({"id": "empty.zone", "name": "Nobody here", "trust": 4})
    doc["zone_policy"].append({"from": "internet", "to": "dmz"})
    doc["teams"].append({"id": "dba", "name": "DBA team", "fte": 2.5, "contact": ""})
    doc["locations"].append({"id": "fra-b", "name": "Frankfurt B", "region": "eu-central"})
    doc["services"] += [
        {"id": "db", "name": "Portal <b>&Co</b> database", "kind": "database",
         "zone": "internal", "locations": ["fra-b", "ams-a"], "stateful": True,
         "criticality": "critical", "owner": "dba", "support_lines": {"2": "dba", "4": "web"},
         "last_restore_test": "2026-02-01",
         "notes": 'line 1\nline 2 "quoted" \\n not a newline \\ back\\slash \\'},
        {"id": "node", "name": "A service called node", "kind": "other",
         "description": "ids that are DOT keywords must be quoted", "environments": ["test"]},
        {"id": "edge", "name": "Ünïcödé ☁ name", "kind": "ci_cd", "zone": "internet",
         "cost": {"yearly": 12.5, "currency": "EUR"}, "license": {"capacity": 0, "usage": 0}},
        {"id": "graph.v2", "name": "  spaced  name  ", "kind": "storage", "zone": "internet"},
    ]
    doc["integrations"] += [
        {"id": "portal-db", "source": "portal", "target": "db", "kind": "depends_on",
         "protocol": "tcp/5432", "encrypted": True, "initiator": "target"},
        {"id": "db-monitoring", "source": "db", "target": "node", "kind": "monitoring",
         "mfa": True, "notes": "semi;colon, comma = equals"},
        {"id": "twice-a", "source": "edge", "target": "graph.v2", "kind": "backup"},
        {"id": "twice-b", "source": "edge", "target": "graph.v2", "kind": "monitoring"},
    ]
    doc["views"][0]["positions"]["db"] = [100.5, -20, 200, 80]
    doc["views"][0]["zone_areas"] = {"dmz": [-40, -40, 600, 200]}
    return doc


def generate_landscape(n_services: int, **options: Any) -> dict[str, Any]:
    """The benchmarks' synthetic landscape generator, loaded from its file."""
    path = Path(__file__).parents[1] / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("dot_tests_synthetic", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate_landscape(n_services, **options)


def round_trip(document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], str]:
    with import_json(document) as original:
        before = json.loads(export_json(original.model))
        text = export_dot(original.model)
    with import_dot(text) as copy_:
        after = json.loads(export_json(copy_.model))
    return before, after, text


def test_round_trip_gives_back_the_same_model():
    before, after, _ = round_trip(rich_document())
    assert after == before


def test_round_trip_of_a_generated_landscape():
    before, after, _ = round_trip(generate_landscape(300, with_positions=True))
    assert after["services"] == before["services"]
    assert after["zones"] == before["zones"]
    assert [(i["source"], i["target"], i["kind"]) for i in after["integrations"]] == [
        (i["source"], i["target"], i["kind"]) for i in before["integrations"]
    ]
    assert after == before


def test_export_draws_zones_as_clusters_and_styles_by_kind():
    _, _, text = round_trip(rich_document())
    assert 'subgraph "cluster_dmz" {' in text
    assert 'label="DMZ"' in text and "trust=1" in text
    assert '"rproxy" [label="Reverse proxy", shape=hexagon' in text
    assert 'fillcolor="#E8590C"' in text  # database colour from the notation
    assert '"db" -> "node" [tooltip="Monitoring", color="#2B8A3E"' in text
    assert 'kind="monitoring"' in text and "style=dotted" in text
    assert text.startswith('digraph "Customer portal" {') and text.endswith("}\n")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
def test_graphviz_draws_the_export():
    _, _, text = round_trip(rich_document())
    done = subprocess.run(
        ["dot", "-Tsvg"], input=text.encode(), capture_output=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    assert "Portal &lt;b&gt;&amp;Co&lt;/b&gt; database" in done.stdout.decode()


def test_load_model_file_imports_dot_and_gv(tmp_path: Path):
    _, _, text = round_trip(rich_document())
    for suffix in (".dot", ".gv"):
        path = tmp_path / f"landscape{suffix}"
        path.write_text(text, encoding="utf-8")
        with load_model_file(path) as doc:
            assert set(doc.model.services) == {"portal", "rproxy", "db", "node", "edge",
                                               "graph.v2"}
            assert doc.path is None


# ---------------------------------------------------------------------- import semantics


def imported(text: str) -> Any:
    return import_dot(text, name_hint="Sketch").model


def test_kind_comes_from_the_attribute_then_the_label_then_depends_on():
    model = imported(
        'digraph { a -> b [kind=backup, label="whatever"]; a -> c [label="Admin auth"];'
        ' a -> d [label="admin-auth"]; a -> e; a -> f [kind=nonsense] }'
    )
    kinds = {i.target_id: i.kind.value for i in model.integrations.values()}
    assert kinds == {"b": "backup", "c": "admin_auth", "d": "admin_auth", "e": "depends_on",
                     "f": "depends_on"}
    notes = {i.target_id: i.notes for i in model.integrations.values()}
    assert notes["b"] == "DOT attributes: label=whatever"
    assert notes["f"] == "DOT attributes: kind=nonsense"


def test_attributes_the_model_lacks_are_kept_in_notes():
    model = imported(
        'digraph { web [label="Web", color=red, tooltip="front\\ndoor", criticality=urgent,'
        ' notes="keep me"] }'
    )
    web = model.services["web"]
    assert web.name == "Web"
    assert web.criticality.value == "medium"
    assert web.notes == (
        "keep me\nDOT attributes: color=red; criticality=urgent; tooltip=front\ndoor"
    )


def test_typed_fields_are_read_from_text_attributes():
    model = imported(
        'digraph { subgraph cluster_pci { trust=3; db [kind=database, stateful=yes,'
        ' instances=3, internet_facing=false, owner="DBA team", locations="ams, fra",'
        ' environments="test,production", end_of_support="2027-01-31", cost_yearly="1e3"] } }'
    )
    db = model.services["db"]
    assert (db.kind.value, db.stateful, db.instances, db.internet_facing) == (
        "database", True, 3, False)
    assert db.owner_id == "dba-team" and model.teams["dba-team"].name == "DBA team"
    assert db.location_ids == ["ams", "fra"]
    assert [e.value for e in db.environments] == ["test", "production"]
    assert str(db.end_of_support) == "2027-01-31" and db.cost_yearly == 1000
    assert model.zones["pci"].trust == 3


def test_ids_are_slugified_and_made_unique():
    model = imported('digraph { "Web Server"; "web-server"; "!!!"; "Ωmega" }')
    assert sorted(model.services) == ["mega", "service", "web-server", "web-server-2"]
    assert model.services["web-server"].name == "Web Server"


def test_zone_trust_is_guessed_from_cluster_names():
    model = imported(
        "digraph { subgraph cluster_a { label=Internet; x } subgraph cluster_b {"
        ' label="Partner DMZ"; y } subgraph cluster_c { label="OOB management"; z }'
        " subgraph cluster_d { label=Office; w } }"
    )
    assert {z.name: z.trust for z in model.zones.values()} == {
        "Internet": 0, "Partner DMZ": 1, "OOB management": 4, "Office": 2}


def test_the_model_name_comes_from_the_label_the_graph_name_or_the_hint():
    assert imported('digraph G { label="Payments" }').name == "Payments"
    assert imported("digraph G { }").name == "G"
    assert imported("digraph { }").name == "Sketch"


def test_a_node_first_declared_outside_a_cluster_joins_the_cluster_it_is_placed_in():
    model = imported("digraph { a -> b; subgraph cluster_dmz { b } }")
    assert model.services["b"].zone_id == "dmz" and model.services["a"].zone_id is None


# ---------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("digraph { a -> b ", "line 1: the file ends before '}' closes the graph"),
        ("digraph {\n subgraph cluster_x { a \n}", "line 3: the file ends before '}'"),
        ("digraph { a } }", "only one graph per file"),
        ("graph {\n a -> b }", "line 2: '->' cannot be used in a graph"),
        ('digraph { a [label="open ] }', "a quoted string is never closed"),
        ("digraph { a [label=<<b>x</b>] }", "an HTML label <…> is never closed"),
        ("digraph { /* a }", "a /* comment is never closed"),
        ("digraph { a [ }", "expected an attribute name or ']', found '}'"),
        ("{ a -> b }", "a DOT file starts with 'graph' or 'digraph', found '{'"),
        ("   \n  ", "is empty"),
        ("digraph { " + "{" * 200 + "}" * 200 + " }", "nested more than 64 deep"),
        ("digraph { a @ b }", "unexpected character '@'"),
        ('digraph { integramap_teams="[oops" }', "integramap_teams: not valid JSON"),
    ],
)
def test_malformed_dot_is_refused_with_a_message_naming_the_problem(text: str, message: str):
    with pytest.raises(InterchangeError) as caught:
        import_dot(text)
    assert message in str(caught.value)
    assert caught.value.problems


def test_binary_junk_is_refused_before_parsing():
    junk = bytes(range(256)).decode("latin-1") * 40
    with pytest.raises(InterchangeError, match="binary"):
        import_dot(junk)
    with pytest.raises(InterchangeError, match="binary"):
        import_dot("digraph { a }" + "\x01\x02\x03" * 200)


def test_a_binary_file_is_refused_by_load_model_file(tmp_path: Path):
    path = tmp_path / "image.dot"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10)
    with pytest.raises(InterchangeError, match=r"(?s)image\.dot.*binary"):
        load_model_file(path)


def test_a_ten_megabyte_file_fails_cleanly_and_fast(tmp_path: Path):
    text = "digraph {\n" + "n1234567 -> n7654321 [label=x];\n" * (10 * 1024 * 1024 // 32)
    assert len(text) > MAX_TEXT_CHARS
    start = time.perf_counter()
    with pytest.raises(InterchangeError, match=r"10\.0 MB; DOT files larger than 8 MB"):
        import_dot(text)
    assert time.perf_counter() - start < 1.0
    working = tmp_path / "working.imap"
    with pytest.raises(InterchangeError):
        import_dot(text, working_path=working)
    assert not working.exists(), "nothing is half-imported"


def test_an_edge_explosion_is_refused():
    left = " ".join(f"a{i}" for i in range(800))
    right = " ".join(f"b{i}" for i in range(800))
    with pytest.raises(InterchangeError, match=f"more than {MAX_EDGES:,} edges"):
        import_dot(f"digraph {{ {{{left}}} -> {{{right}}} }}")



def test_a_flood_of_nodes_is_refused():
    text = "digraph {" + ";".join(f"n{i}" for i in range(MAX_NODES + 1)) + "}"
    with pytest.raises(InterchangeError, match=f"more than {MAX_NODES:,} nodes"):
        import_dot(text)


def test_a_problem_late_in_the_file_imports_nothing(tmp_path: Path):
    text = "digraph {\n" + "".join(f"s{i} -> s{i + 1};\n" for i in range(2000)) + "s1 -> ;\n}"
    working = tmp_path / "working.imap"
    with pytest.raises(InterchangeError, match="line 2002"):
        import_dot(text, working_path=working)
    assert not working.exists()


def test_invalid_values_are_reported_by_node_not_by_json_path():
    with pytest.raises(InterchangeError) as caught:
        import_dot("digraph { a -> b; b [instances=-3]; c [instances=0] }")
    problems = caught.value.problems
    assert 'node "b": instances: must be at least 1, not -3' in problems
    assert 'node "c": instances: must be at least 1, not 0' in problems
    assert not any("services[" in p for p in problems)


def test_two_clusters_with_one_label_become_two_distinguishable_zones():
    with import_dot(
        'digraph { subgraph cluster_a { label="DMZ"; x } subgraph cluster_b { label="DMZ"; y } }'
    ) as document:
        names = sorted(z.name for z in document.model.zones.values())
    assert names == ["DMZ", "DMZ (b)"]


def test_parallel_edges_of_one_kind_become_one_integration():
    model = imported(
        'digraph { a -> b [label="https"]; a -> b [label="https"]; a -> b [kind=monitoring];'
        ' b -> a }'
    )
    statements = sorted((i.source_id, i.target_id, i.kind.value, i.notes)
                        for i in model.integrations.values())
    assert statements == [
        ("a", "b", "depends_on", "DOT attributes: label=https"),  # drawn twice, one integration
        ("a", "b", "monitoring", ""),  # another kind says something else
        ("b", "a", "depends_on", ""),  # and so does the other direction
    ]


def test_what_a_repeated_edge_adds_is_kept_in_the_integration():
    model = imported(
        'digraph { a -> b [protocol="tcp/5432"]; a -> b [protocol="tcp/6432", encrypted=true,'
        ' color=red]; a -> b [mfa=true] }'
    )
    (link,) = model.integrations.values()
    assert (link.protocol, link.encrypted, link.mfa) == ("tcp/5432", True, True)
    assert link.notes == "Also drawn with: protocol=tcp/6432\nDOT attributes: color=red"


def test_an_edge_from_a_node_to_itself_is_refused_naming_the_edge():
    with pytest.raises(InterchangeError) as caught:
        import_dot('digraph {\n  a -> b;\n  b -> b [label="retry"];\n}')
    assert caught.value.problems == [
        'edge "b" -> "b": a service cannot rely on itself; choose another service'
    ]
