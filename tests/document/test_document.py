"""Opening refuses anything that is not a readable document, clearly and without writing to it;
saving is atomic; older schemas migrate in the working copy only."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from models.document import Document, DocumentError, schema
from models.document import document as document_module
from models.domain import Service, Team

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def saved(tmp_path) -> Path:
    doc = Document.new(name="Saved model")
    doc.model.add(Team(id="web", name="Web team", fte=4))
    doc.model.add(Service(id="portal", name="Portal", owner_id="web", instances=2))
    path = doc.save(tmp_path / "model.imap")
    doc.close()
    return path


def test_save_and_open_give_back_the_model(saved):
    with Document.open(saved) as doc:
        service = doc.model.services["portal"]
        assert (doc.model.name, service.name, service.owner_id, service.instances) == (
            "Saved model", "Portal", "web", 2)
        assert list(doc.model.views) == ["main"]


def test_open_never_writes_to_the_file(saved):
    before = _digest(saved)
    with Document.open(saved) as doc:
        doc.model.update(doc.model.services["portal"], name="Changed")
        doc.commit()
    assert _digest(saved) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello, this is a text file\n", "is not an Integramap document."),
        (b'{"format": "integramap/1"}', "It looks like JSON: use Import"),
        (b"digraph G { a -> b }", "It looks like Graphviz DOT"),
        (b"", "is not an Integramap document"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "is not an Integramap document"),
    ],
)
def test_files_that_are_not_documents_are_refused(tmp_path, content, message):
    path = tmp_path / "thing.imap"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        Document.open(path)
    assert path.read_bytes() == content


def test_truncated_document_is_refused(saved):
    data = saved.read_bytes()
    saved.write_bytes(data[:60])
    with pytest.raises(DocumentError, match="is damaged: the file is truncated"):
        Document.open(saved)


def test_document_cut_short_midway_is_refused(saved):
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocumentError, match="damaged"):
        Document.open(saved)


def test_overwritten_pages_are_reported_as_damage(saved):
    data = bytearray(saved.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # the second page: a table's b-tree
    saved.write_bytes(bytes(data))
    before = _digest(saved)
    with pytest.raises(DocumentError, match="damaged"):
        Document.open(saved)
    assert _digest(saved) == before


def test_another_programs_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.imap"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE notes (body TEXT)")
    before = _digest(path)
    with pytest.raises(DocumentError, match="SQLite database of another program"):
        Document.open(path)
    assert _digest(path) == before


def test_a_document_from_a_newer_version_is_refused(saved):
    with sqlite3.connect(saved) as con:
        con.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    with pytest.raises(DocumentError, match="written by a newer version of Integramap"):
        Document.open(saved)


def test_missing_file_and_folder_are_refused(tmp_path):
    with pytest.raises(DocumentError, match="does not exist"):
        Document.open(tmp_path / "absent.imap")
    with pytest.raises(DocumentError, match="is a folder"):
        Document.open(tmp_path)


def test_failed_save_leaves_the_previous_file_intact(saved, monkeypatch):
    """A failure between writing the copy and replacing the file (disk full, killed)."""
    before = _digest(saved)
    with Document.open(saved) as doc:
        doc.model.update(doc.model.services["portal"], name="Half-saved")

        def fail(*_args):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(document_module.os, "replace", fail)
        with pytest.raises(DocumentError, match=r"No space left on device\. The previous file"):
            doc.save()
    assert _digest(saved) == before
    assert [p.name for p in saved.parent.iterdir()] == [saved.name], "temp file left behind"
    with Document.open(saved) as reopened:
        assert reopened.model.services["portal"].name == "Portal"


def test_failed_copy_midway_leaves_the_previous_file_intact(saved, monkeypatch):
    before = _digest(saved)
    real_fsync = os.fsync
    calls = []

    def dying_fsync(fd):
        calls.append(fd)
        raise OSError(5, "Input/output error")

    with Document.open(saved) as doc:
        doc.model.update(doc.model.services["portal"], name="Never written")
        monkeypatch.setattr(document_module.os, "fsync", dying_fsync)
        with pytest.raises(DocumentError, match="previous file is unchanged"):
            doc.save()
        monkeypatch.setattr(document_module.os, "fsync", real_fsync)
    assert calls
    assert _digest(saved) == before


def test_saving_an_untitled_document_needs_a_name():
    with Document.new() as doc, pytest.raises(DocumentError, match="no file name yet"):
        doc.save()


def test_fixture_of_the_current_schema_opens():
    path = FIXTURES / "schema-v1.imap"
    with Document.open(path) as doc:
        model = doc.model
        assert model.name == "Customer portal"
        portal = model.services["portal"]
        assert portal.environments[-1].value == "production"
        assert portal.support_lines == {1: "web", 2: "web", 3: "web"}
        assert model.integrations["portal-via-rproxy"].kind.value == "gateway"
        assert model.views["main"].positions["rproxy"].x == 240


def test_older_schema_is_migrated_in_the_working_copy_only(tmp_path):
    """The v1 fixture is upgraded by the real migration (v2 adds repository_origin) when
    opened; the file itself is untouched and the upgraded table is the one new documents get."""
    original = tmp_path / "old.imap"
    shutil.copy(FIXTURES / "schema-v1.imap", original)
    before = _digest(original)

    with Document.open(original) as doc:
        version = doc.session.connection().exec_driver_sql("PRAGMA user_version").scalar()
        tables = doc.session.connection().exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name = 'repository_origin'").all()
        assert version == schema.SCHEMA_VERSION and tables == [("repository_origin",)]
        assert "portal" in doc.model.services
        saved = doc.save(tmp_path / "upgraded.imap")
    assert _digest(original) == before
    with sqlite3.connect(saved) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        migrated = con.execute("PRAGMA table_info(repository_origin)").fetchall()
    with Document.new() as fresh:
        created = fresh.session.connection().exec_driver_sql(
            "PRAGMA table_info(repository_origin)").all()
    assert [tuple(row) for row in migrated] == [tuple(row) for row in created]


def _columns(connection: sqlite3.Connection) -> dict[str, set[tuple[object, ...]]]:
    """Every table's columns as (name, type, not null, default, key), order aside: a
    column a migration adds comes last, one a new document creates in declaration order."""
    tables = [name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {
        table: {tuple(row[1:]) for row in connection.execute(f'PRAGMA table_info("{table}")')}
        for table in tables
    }


def test_every_migration_runs_from_version_1_to_the_current_schema(tmp_path):
    """The stored version-1 file goes through each real step in turn, and ends with the
    tables, columns, types, constraints on nulls and defaults a new document has."""
    assert sorted(schema.MIGRATIONS) == list(range(1, schema.SCHEMA_VERSION))
    copy = tmp_path / "v1.imap"
    shutil.copy(FIXTURES / "schema-v1.imap", copy)
    with sqlite3.connect(copy) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
        for version in range(1, schema.SCHEMA_VERSION):
            schema.MIGRATIONS[version](con)
            con.execute(f"PRAGMA user_version = {version + 1}")
        migrated = _columns(con)
        # What the old rows hold in the new columns: what a new row would.
        assert con.execute("SELECT skills, support_hours FROM team").fetchall() == [("", None)]
        assert {row for row in con.execute("SELECT mode FROM integration")} == {("synchronous",)}
        assert con.execute(
            "SELECT technology, external, rto_hours, maintenance_window FROM service "
            "WHERE id = 'portal'").fetchone() == ("", 0, None, "")
    fresh_path = tmp_path / "fresh.imap"
    Document.new().save(fresh_path)
    with sqlite3.connect(fresh_path) as con:
        assert migrated == _columns(con)


def test_a_version_1_document_opens_with_the_new_fields_at_their_defaults():
    with Document.open(FIXTURES / "schema-v1.imap") as doc:
        model = doc.model
        assert model.teams["web"].skills == () and model.teams["web"].support_hours is None
        portal = model.services["portal"]
        assert (portal.technology, portal.external, portal.rto_hours, portal.last_dr_test,
                portal.patch_cycle_days) == ("", False, None, None, None)
        assert model.integrations["portal-via-rproxy"].mode.value == "synchronous"
        assert (model.settings.dr_test_max_age_months,
                model.settings.patch_cycle_max_days) == (12, 90)


def test_working_copy_on_disk_survives_without_close(tmp_path):
    working = tmp_path / "recovery" / "work.imap"
    doc = Document.new(name="Unsaved", working_path=working)
    doc.model.add(Service(id="kept", name="Kept after a crash"))
    doc.commit()
    # No close(): as if the process had been killed. A second connection reads it back.
    recovered = Document.recover(working)
    assert recovered.model.services["kept"].name == "Kept after a crash"
    assert recovered.model.name == "Unsaved"
    recovered.close()
    doc.close()


def test_schema_3_documents_get_views_that_draw_the_runtime_layer(tmp_path):
    """The v3 fixture (before views chose their layers) opens with its view showing every
    service and drawing the runtime kinds; saved, the choices are stored like any field."""
    from models.domain import IntegrationKind
    from models.domain.enums import RUNTIME_KINDS, ViewScope

    with Document.open(FIXTURES / "schema-v3.imap") as doc:
        view = doc.model.views["main"]
        assert view.scope is ViewScope.EVERYTHING
        assert view.kinds == RUNTIME_KINDS
        assert view.collapsed == () and view.depth == 1
        assert view.positions["rproxy"].x == 240
        doc.model.update(view, kinds=[IntegrationKind.BACKUP], collapsed=["dmz"])
        saved = doc.save(tmp_path / "upgraded.imap")
    with Document.open(saved) as doc:
        assert doc.model.views["main"].kinds == (IntegrationKind.BACKUP,)
        assert doc.model.views["main"].collapsed == ("dmz",)


def test_a_version_1_document_opens_without_decisions_and_keeps_new_ones(tmp_path):
    from models.domain import Decision

    with Document.open(FIXTURES / "schema-v1.imap") as doc:
        assert dict(doc.model.decisions) == {}
        doc.model.add(Decision(id="d", subject="portal", action="Name a second owner"))
        doc.commit()
        saved = doc.save(tmp_path / "decided.imap")
    with Document.open(saved) as again:
        assert again.model.decisions["d"].action == "Name a second owner"
