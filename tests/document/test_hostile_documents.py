"""A received .imap is data, not a program: crafted and damaged files are each refused
with their own message, and nothing is written to or beside them."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest

from models.cli import main
from models.document import Document, DocumentError, schema
from models.document import untrusted as untrusted_module
from models.domain import Integration, Service, Team

CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _state(folder: Path) -> dict[str, str]:
    """Every file in the folder and its content: 'nothing changed on disk'."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture
def saved(tmp_path) -> Path:
    folder = tmp_path / "received"
    folder.mkdir()
    with Document.new(name="Received") as doc:
        doc.model.add(Team(id="web", name="Web team", fte=4))
        doc.model.add(Service(id="portal", name="Portal", owner_id="web"))
        doc.model.add(Service(id="db", name="Database"))
        doc.model.add(Integration(id="portal-db", source_id="portal", target_id="db"))
        return doc.save(folder / "model.imap")


def _tamper(path: Path, *statements: str) -> None:
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute("PRAGMA ignore_check_constraints = ON")
        for statement in statements:
            con.execute(statement)
    con.close()


def _refused(path: Path, expected: str) -> str:
    before = _state(path.parent)
    with pytest.raises(DocumentError) as error:
        Document.open(path)
    message = str(error.value)
    assert expected in message, message
    assert not CONTROL.search(message)
    assert _state(path.parent) == before, "nothing changed on disk"
    return message


CRAFTED = {
    "trigger": (
        ["CREATE TRIGGER wipe AFTER INSERT ON settings BEGIN DELETE FROM integration; END"],
        "contains a trigger 'wipe'",
    ),
    "view": (["CREATE VIEW leak AS SELECT * FROM service"], "contains a view 'leak'"),
    "endless view in place of a table": (
        [
            "DROP TABLE view_position",
            "CREATE VIEW view_position AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
            "SELECT i + 1 FROM n) SELECT i AS view_id FROM n",
        ],
        "contains a view 'view_position'",
    ),
    "extra table": (["CREATE TABLE payload (x)"], "contains an extra table 'payload'"),
    "index with unknown SQL": (
        ["CREATE INDEX sneaky ON service (lower(name))"],
        "an index 'sneaky' with SQL Integramap did not write",
    ),
    "missing table": (["DROP TABLE waiver"], "has no table 'waiver'"),
    "missing column": (["ALTER TABLE team DROP COLUMN contact"], "has no column 'contact'"),
    "extra column": (["ALTER TABLE team ADD COLUMN secret TEXT"], "a column 'secret'"),
    "future schema": ([f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}"], "newer version"),
    "no schema version": (["PRAGMA user_version = 0"], "has no schema version"),
    "wrong application id": (["PRAGMA application_id = 1"], "SQLite database of another program"),
    "dangling reference": (
        ["UPDATE service SET owner_id = 'ghosts' WHERE id = 'portal'"],
        "service 'portal': owner refers to a team 'ghosts' that is not in the document",
    ),
    "wrong type": (
        ["UPDATE service SET instances = 'many' WHERE id = 'db'"],
        "service 'db': instances must be a number, not \"many\"",
    ),
    "out of range": (
        ["UPDATE service SET instances = 0 WHERE id = 'db'"],
        "service 'db': instances must be at least 1, not 0",
    ),
    "control character": (
        ["UPDATE service SET name = 'Data' || char(27) || '[2J' WHERE id = 'db'"],
        "service 'db': name must not contain the control character U+001B",
    ),
    "flag that is no flag": (
        ["UPDATE service SET stateful = 7 WHERE id = 'db'"],
        "service 'db': stateful must be true or false, not 7",
    ),
    "unknown kind": (
        ["UPDATE integration SET kind = 'teleport'"],
        "integration 'portal-db': kind: unknown value 'teleport'",
    ),
    "binary text": (
        ["UPDATE service SET notes = x'ff00fe' WHERE id = 'db'"],
        "notes must be text, not binary data (3 bytes)",
    ),
    "duplicate names": (
        ["INSERT INTO team (id, name, fte, contact) VALUES ('web2', ' WEB TEAM', 1, '')"],
        "the name ' WEB TEAM' is also the name of 'web'",
    ),
    "waiver of no rule": (
        ["INSERT INTO waiver (rule, subject, reason, accepted_by) "
         "VALUES ('DROP TABLE', 'db', '', '')"],
        "'DROP TABLE' is not a rule id",
    ),
    "waiver of nothing": (
        ["INSERT INTO waiver (rule, subject, reason, accepted_by) "
         "VALUES ('INT-001', 'ghost', '', '')"],
        "unknown subject 'ghost'",
    ),
}


@pytest.mark.parametrize("case", sorted(CRAFTED))
def test_a_crafted_document_is_refused_with_its_own_message(saved, case):
    statements, expected = CRAFTED[case]
    _tamper(saved, *statements)
    _refused(saved, expected)


def test_every_crafted_document_has_a_different_message(saved, tmp_path):
    messages = set()
    original = saved.read_bytes()
    for statements, expected in CRAFTED.values():
        saved.write_bytes(original)
        _tamper(saved, *statements)
        messages.add(_refused(saved, expected))
    assert len(messages) == len(CRAFTED)


def test_check_reports_a_trigger_and_exits_2(saved, capsys):
    _tamper(saved, "CREATE TRIGGER t AFTER UPDATE ON service BEGIN DELETE FROM team; END")
    assert main(["check", str(saved)]) == 2
    assert "contains a trigger 't'" in capsys.readouterr().err


def test_a_write_ahead_log_beside_the_document_is_refused(saved):
    (saved.parent / (saved.name + "-wal")).write_bytes(b"\x37\x7f\x06\x82" + bytes(60))
    _refused(saved, "is being changed by another program")


def test_a_document_in_wal_mode_is_read_without_writing_beside_it(saved, capsys):
    with sqlite3.connect(saved) as con:
        assert con.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
    con.close()
    before = _state(saved.parent)
    with Document.open(saved) as doc:
        assert set(doc.model.services) == {"portal", "db"}
    assert main(["check", str(saved), "--as-of", "2026-11-25"]) in (0, 1)
    assert _state(saved.parent) == before, "no -wal or -shm beside the user's file"


@pytest.mark.parametrize("fraction", [i / 23 for i in range(23)])
def test_a_document_truncated_anywhere_is_refused(saved, fraction):
    data = saved.read_bytes()
    saved.write_bytes(data[: int(len(data) * fraction)])
    before = _state(saved.parent)
    with pytest.raises(DocumentError) as error:
        Document.open(saved)
    assert not CONTROL.search(str(error.value))
    assert _state(saved.parent) == before


def test_flipped_bytes_give_a_document_or_a_message(saved):
    original = saved.read_bytes()
    for offset in range(0, len(original), 1499):
        data = bytearray(original)
        data[offset] ^= 0xFF
        saved.write_bytes(bytes(data))
        try:
            Document.open(saved).close()
        except DocumentError as error:
            assert not CONTROL.search(str(error))
            assert len(str(error)) < 10_000


def test_an_undecodable_integrity_message_is_shown_escaped(saved):
    data = bytearray(saved.read_bytes())
    at = data.find(b"CREATE TABLE zone")
    data[at + 13 : at + 17] = b"\xff\xfe\x1b\x9b"  # the table's name inside its SQL
    saved.write_bytes(bytes(data))
    with pytest.raises(DocumentError) as error:
        Document.open(saved)
    assert not CONTROL.search(str(error.value))


def test_reading_has_a_time_limit(saved, monkeypatch):
    monkeypatch.setattr(untrusted_module, "READ_SECONDS", -1.0)
    monkeypatch.setattr(untrusted_module, "_PROGRESS_INTERVAL", 1)
    _refused(saved, "could not be read within")


def test_recovered_work_is_vetted_too(tmp_path):
    working = tmp_path / "recovery" / "work.imap"
    doc = Document.new(name="Unsaved", working_path=working)
    doc.model.add(Service(id="kept", name="Kept"))
    doc.commit()
    doc.close()
    _tamper(working, "CREATE TRIGGER t AFTER INSERT ON service BEGIN DELETE FROM view; END")
    with pytest.raises(DocumentError, match="contains a trigger 't'"):
        Document.recover(working)


def test_the_working_copy_holds_only_our_schema(saved, tmp_path):
    working = tmp_path / "work.imap"
    with Document.open(saved, working_path=working) as doc:
        objects = doc.session.connection().exec_driver_sql(
            "SELECT type, name FROM sqlite_schema WHERE type NOT IN ('table', 'index')"
        ).all()
        assert objects == []
        settings = doc.session.connection().exec_driver_sql("PRAGMA trusted_schema").scalar()
        assert settings == 0
