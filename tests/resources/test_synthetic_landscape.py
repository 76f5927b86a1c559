"""The synthetic landscape generator: reproducible, realistically shaped, importable."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from models.interchange.json_format import import_json
from tests.benchmarks.synthetic import generate_landscape, main


def test_same_seed_same_document_and_other_seed_differs() -> None:
    first = json.dumps(generate_landscape(300, seed=4))
    assert json.dumps(generate_landscape(300, seed=4)) == first
    assert json.dumps(generate_landscape(300, seed=5)) != first


@pytest.mark.parametrize("n", [1, 2, 7, 48, 600])
def test_document_imports_without_problems(n: int) -> None:
    document = generate_landscape(n, seed=n, with_positions=True)
    imported = import_json(document)
    try:
        model = imported.model
        assert len(model.services) == n
        assert len(model.integrations) == len(document["integrations"])
        assert set(model.default_view().positions) == set(model.services)
    finally:
        imported.close()


def test_shape_is_realistic() -> None:
    document = generate_landscape(2500, seed=1)
    services = document["services"]
    assert 2.7 <= len(document["integrations"]) / len(services) <= 3.5
    assert len(document["teams"]) == 100
    assert 8 <= len(document["zones"]) <= 12
    assert {z["trust"] for z in document["zones"]} == {0, 1, 2, 3, 4}
    assert len(document["locations"]) == 6
    assert len({loc["region"] for loc in document["locations"]}) == 2
    kinds = Counter(s["kind"] for s in services)
    assert kinds["application"] > kinds["database"] > kinds["monitoring"]
    # The shared platform is what most of the landscape relies on.
    targets = Counter(i["target"] for i in document["integrations"] if i["kind"] == "monitoring")
    assert targets["monitoring-eu-west"] + targets["monitoring-eu-central"] > len(services) * 0.7
    gateways = {i["source"] for i in document["integrations"] if i["kind"] == "gateway"}
    facing_portals = {s["id"] for s in services if s["kind"] == "portal" and s["internet_facing"]}
    assert facing_portals <= gateways


def test_positions_do_not_overlap_and_sit_inside_their_zone() -> None:
    document = generate_landscape(400, seed=2, with_positions=True)
    view = document["views"][0]
    zone_of = {s["id"]: s["zone"] for s in document["services"]}
    cells = {tuple(xy) for xy in view["positions"].values()}
    assert len(cells) == len(document["services"])
    for sid, (x, y) in view["positions"].items():
        zx, zy, zw, zh = view["zone_areas"][zone_of[sid]]
        assert zx <= x and x + 180 <= zx + zw and zy <= y and y + 64 <= zy + zh


def test_command_line_writes_the_file(tmp_path, capsys) -> None:
    out = tmp_path / "land.json"
    assert main(["30", str(out), "--seed", "3", "--positions"]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written == generate_landscape(30, seed=3, with_positions=True)
    assert "30 services" in capsys.readouterr().out


def test_refuses_an_empty_landscape() -> None:
    with pytest.raises(ValueError, match="at least one service"):
        generate_landscape(0)
