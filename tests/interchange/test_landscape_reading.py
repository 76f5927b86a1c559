"""Reading a model file straight into the analysis (``read_landscape``) gives exactly what
opening it as a document and analysing the model gives: the same findings, tables and
name, and the same refusals of bad files."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from models.analysis import Analysis, analyse, analyse_landscape
from models.document import DocumentError
from models.interchange import load_model_file
from models.interchange.files import read_landscape
from models.interchange.json_format import export_json
from tests.benchmarks.synthetic import generate_landscape
from tests.fixtures.every_field import every_field_document

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "landscape.json"
AS_OF = dt.date(2026, 11, 25)
LATER = dt.date(2031, 6, 30)  # waivers expired, lifecycle dates passed


def _everything(result: Analysis) -> dict[str, Any]:
    return {
        **result.to_json(),
        "findings": [f.to_json() for f in result.findings],  # order included
        "cycles": result.cycles,
        "showback": result.showback,
        "allocated_cost": result.allocated_cost,
    }


def _both_ways(path: Path, as_of: dt.date) -> tuple[dict[str, Any], dict[str, Any]]:
    with load_model_file(path) as document:
        opened = _everything(analyse(document.model, as_of=as_of)), document.model.name
    landscape = read_landscape(path)
    read = _everything(analyse_landscape(landscape, as_of=as_of)), landscape.name
    return opened, read


def _saved_as_imap(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / f"{source.stem}.imap"
    with load_model_file(source) as document:
        document.save(target)
    return target


@pytest.fixture(params=["example", "synthetic", "every field"])
def model_json(request, tmp_path) -> Path:
    path = tmp_path / f"{request.param.replace(' ', '-')}.json"
    if request.param == "example":
        path.write_bytes(EXAMPLE.read_bytes())
    elif request.param == "synthetic":
        path.write_text(json.dumps(generate_landscape(600, seed=3)), encoding="utf-8")
    else:
        with every_field_document() as document:
            path.write_text(export_json(document.model), encoding="utf-8")
    return path


@pytest.mark.parametrize("as_of", [AS_OF, LATER])
def test_json_read_straight_gives_what_the_opened_document_gives(model_json, as_of):
    opened, read = _both_ways(model_json, as_of)
    assert opened[0]["findings"], "the model has findings to compare"
    assert read == opened


@pytest.mark.parametrize("as_of", [AS_OF, LATER])
def test_imap_read_straight_gives_what_the_opened_document_gives(model_json, tmp_path, as_of):
    opened, read = _both_ways(_saved_as_imap(model_json, tmp_path), as_of)
    assert read == opened


def test_an_older_document_is_migrated_as_on_open():
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schema-v1.imap"
    opened, read = _both_ways(fixture, AS_OF)
    assert read == opened


def _tamper(path: Path, statement: str) -> None:
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute(statement)
    con.close()


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TRIGGER wipe AFTER INSERT ON settings BEGIN DELETE FROM integration; END",
        "UPDATE service SET owner_id = 'ghosts'",
        "UPDATE service SET instances = 'many'",
        "UPDATE integration SET kind = 'teleport'",
        "INSERT INTO waiver (rule, subject, reason, accepted_by) "
        "VALUES ('INT-001', 'ghost', '', '')",
        "PRAGMA user_version = 99",
    ],
)
def test_a_hostile_document_is_refused_with_the_message_opening_gives(tmp_path, statement):
    path = _saved_as_imap(EXAMPLE, tmp_path)
    _tamper(path, statement)
    with pytest.raises(DocumentError) as opened:
        load_model_file(path)
    with pytest.raises(DocumentError) as read:
        read_landscape(path)
    assert str(read.value) == str(opened.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["services"][0].update(zone="nowhere"), "unknown zone 'nowhere'"),
        (lambda d: d["integrations"][0].update(kind="teleport"), "kind"),
        (lambda d: d.update(format="other/2"), "must be \"integramap/1\""),
    ],
)
def test_a_bad_json_file_is_refused_with_the_message_importing_gives(tmp_path, change, expected):
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(DocumentError) as opened:
        load_model_file(path)
    with pytest.raises(DocumentError) as read:
        read_landscape(path)
    assert expected in str(read.value)
    assert str(read.value) == str(opened.value)
