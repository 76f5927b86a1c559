"""``integramap repo …`` and ``integramap check URL#NAME`` against a real PostgreSQL server."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from models.cli import main
from models.document import Document
from models.document.origin import read_origin
from models.document.schema import SCHEMA_VERSION

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "landscape.json"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def as_ana(team_repo, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", team_repo.server.password("ana"))
    return team_repo.url("ana")


def test_init_push_list_log_pull_check(team_repo, as_ana, capsys, tmp_path):
    code, out, _ = run(capsys, "repo", "init", as_ana)
    assert code == 0 and "already a repository" in out

    code, out, _ = run(capsys, "repo", "push", EXAMPLE, as_ana, "--model", "northwind",
                       "-m", "From the workshop")
    assert code == 0 and "revision 1 saved" in out

    code, out, _ = run(capsys, "repo", "list", as_ana)
    assert code == 0 and out.startswith("northwind  r1  35 services")

    code, out, _ = run(capsys, "repo", "log", as_ana, "--model", "northwind")
    assert code == 0
    assert "r1" in out and "From the workshop" in out and "35 services, 165 integrations" in out

    pulled = tmp_path / "northwind.imap"
    code, out, _ = run(capsys, "repo", "pull", as_ana, "--model", "northwind", pulled)
    assert code == 0 and "at revision 1 (35 services, 165 integrations)" in out
    with Document.open(pulled) as document:
        origin = read_origin(document.session)
        assert (origin.model, origin.revision) == ("northwind", 1)
        assert origin.address == as_ana

    code, out, _ = run(capsys, "check", f"{as_ana}#northwind", "--as-of", "2026-11-25",
                       "--format", "json")
    expected = main(["check", str(EXAMPLE), "--as-of", "2026-11-25", "--format", "json"])
    from_file = capsys.readouterr().out
    assert code == expected == 1
    assert json.loads(out) == json.loads(from_file)


def test_an_offline_copy_pushes_only_its_own_edits_and_refuses_a_clash(
    team_repo, as_ana, capsys, tmp_path
):
    run(capsys, "repo", "push", EXAMPLE, as_ana, "--model", "m")
    offline = tmp_path / "workshop.imap"
    run(capsys, "repo", "pull", as_ana, "--model", "m", offline)
    colleague = tmp_path / "colleague.imap"
    run(capsys, "repo", "pull", as_ana, "--model", "m", colleague)

    # The colleague changes two services and pushes.
    with Document.open(colleague) as document:
        model = document.model
        model.update(model.services["claims-db"], notes="colleague")
        model.update(model.services["portal-db"], notes="colleague")
        document.save()
    code, out, _ = run(capsys, "repo", "push", colleague, as_ana, "--model", "m", "-m", "x")
    assert code == 0 and "revision 2 saved (2 changes)" in out

    # Offline, the workshop edits one of them and a third one.
    with Document.open(offline) as document:
        model = document.model
        model.update(model.services["claims-db"], notes="workshop")
        model.update(model.services["policy-db"], notes="workshop")
        document.save()
    code, out, err = run(capsys, "repo", "push", offline, as_ana, "--model", "m")
    assert code == 1
    assert "revision 3 saved (1 change)" in out
    assert "service 'claims-db' was changed by ana in revision 2 too (notes)" in err
    assert "File ▸ Save to Repository" in err
    with Document.open(offline) as document:
        origin = read_origin(document.session)
        assert origin.revision == 1 and origin.held == {("service", "policy-db"): 2}

    # Pushing the same file again saves nothing new and still reports the clash.
    code, out, err = run(capsys, "repo", "push", offline, as_ana, "--model", "m")
    assert code == 1 and "saved" not in out and "claims-db" in err


def test_a_plain_file_cannot_be_pushed_over_an_existing_model(as_ana, capsys, tmp_path):
    run(capsys, "repo", "push", EXAMPLE, as_ana, "--model", "m")
    code, _, err = run(capsys, "repo", "push", EXAMPLE, as_ana, "--model", "m")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "already exists in the repository and this file was not opened from it" in err


def test_nothing_to_push(as_ana, capsys, tmp_path):
    run(capsys, "repo", "push", EXAMPLE, as_ana, "--model", "m")
    copy = tmp_path / "copy.imap"
    run(capsys, "repo", "pull", as_ana, "--model", "m", copy)
    code, out, _ = run(capsys, "repo", "push", copy, as_ana, "--model", "m")
    assert code == 0 and "no changes to push" in out


def test_pull_an_earlier_revision_and_refuse_to_overwrite(as_ana, capsys, tmp_path):
    run(capsys, "repo", "push", EXAMPLE, as_ana, "--model", "m")
    copy = tmp_path / "copy.imap"
    run(capsys, "repo", "pull", as_ana, "--model", "m", copy)
    code, _, err = run(capsys, "repo", "pull", as_ana, "--model", "m", copy)
    assert code == 2 and "already exists" in err
    code, _, err = run(capsys, "repo", "pull", as_ana, "--model", "m", tmp_path / "x.json")
    assert code == 2 and "must be an .imap document" in err
    code, _, err = run(capsys, "repo", "pull", as_ana, "--model", "m", "--revision", "7",
                       tmp_path / "old.imap")
    assert code == 2 and "has no revision 7 (its latest is 1)" in err
    code, _, err = run(capsys, "repo", "pull", as_ana, "--model", "nope", tmp_path / "n.imap")
    assert code == 2 and "there is no model 'nope'" in err and "'m'" in err


# ---------------------------------------------------------------------- bad input


def _one_line_exit_2(code: int, err: str) -> str:
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1, err
    assert lines[0].startswith("integramap: ")
    return lines[0]


def test_wrong_url(capsys):
    line = _one_line_exit_2(*run(capsys, "repo", "list", "mysql://db/x")[::2])
    assert "is not a PostgreSQL URL" in line
    line = _one_line_exit_2(*run(capsys, "repo", "list", "postgresql://ana@127.0.0.1:9")[::2])
    assert "names no database" in line
    from tests.fixtures.postgres_server import free_port

    url = f"postgresql://ana@127.0.0.1:{free_port()}/arch"
    line = _one_line_exit_2(*run(capsys, "repo", "list", url)[::2])
    assert "connection refused" in line and "is the PostgreSQL server running" in line


def test_unknown_database_and_uninitialised_database(team_repo, as_ana, capsys):
    server = team_repo.server
    line = _one_line_exit_2(*run(capsys, "repo", "list", server.url("ana", "nowhere"))[::2])
    assert "there is no database 'nowhere'" in line and "createdb nowhere" in line
    server.create_database("blank")
    line = _one_line_exit_2(*run(capsys, "repo", "list", server.url("ana", "blank"))[::2])
    assert "is not an Integramap repository yet (run: integramap repo init" in line


def test_wrong_password(team_repo, capsys, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "not-her-password")
    line = _one_line_exit_2(*run(capsys, "repo", "list", team_repo.url("ana"))[::2])
    assert "PostgreSQL refused the password of user 'ana'" in line
    assert "not-her-password" not in line
    monkeypatch.delenv("PGPASSWORD")
    line = _one_line_exit_2(*run(capsys, "repo", "list", team_repo.url("ana"))[::2])
    assert "asks for the password of user 'ana'" in line


def test_password_from_pgpass(team_repo, capsys, monkeypatch, tmp_path):
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{team_repo.server.port}:*:ana:"
                      f"{team_repo.server.password('ana')}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    code, out, _ = run(capsys, "repo", "list", team_repo.url("ana"))
    assert code == 0 and "no models yet" in out


def test_a_password_prompt_is_asked_once_and_never_stored(team_repo, tmp_path):
    from models.repository import Checkout, Repository, RepositoryAddress

    questions = []

    def prompt(question: str) -> str:
        questions.append(question)
        return team_repo.server.password("ana")

    address = RepositoryAddress.parse(team_repo.url("ana"))
    with Repository(address, prompt=prompt) as repository:
        from models.interchange import load_model_file

        with load_model_file(EXAMPLE) as document:
            Checkout.attach(repository, document, "m").save()
        checkout = Checkout.open(repository, "m")
        checkout.document.save(tmp_path / "m.imap")
        checkout.document.close()
    assert questions == [f"password for ana at 127.0.0.1:{team_repo.server.port}/"
                         f"{team_repo.database}"]
    assert team_repo.server.password("ana").encode() not in (tmp_path / "m.imap").read_bytes()


def test_a_password_typed_into_the_url_is_never_written(team_repo, capsys, tmp_path):
    url = team_repo.url("ana", password=True)
    run(capsys, "repo", "push", EXAMPLE, url, "--model", "m")
    pulled = tmp_path / "m.imap"
    code, out, _ = run(capsys, "repo", "pull", url, "--model", "m", pulled)
    assert code == 0
    secret = team_repo.server.password("ana")
    assert secret not in out
    assert secret.encode() not in pulled.read_bytes()


def test_a_repository_of_a_newer_schema_is_refused(team_repo, as_ana, capsys):
    team_repo.server.sql("UPDATE alembic_version SET version_num = '0099'", team_repo.database)
    for args in (("repo", "list", as_ana), ("repo", "init", as_ana),
                 ("check", f"{as_ana}#m")):
        line = _one_line_exit_2(*run(capsys, *args)[::2])
        assert "upgraded by a newer version of Integramap (schema 0099" in line
        assert "update Integramap" in line


def test_a_reviewer_reads_but_cannot_write(team_repo, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("PGPASSWORD", team_repo.server.password("ana"))
    run(capsys, "repo", "push", EXAMPLE, team_repo.url("ana"), "--model", "m")
    monkeypatch.setenv("PGPASSWORD", team_repo.server.password("reviewer"))
    reviewer = team_repo.url("reviewer")
    assert run(capsys, "repo", "list", reviewer)[0] == 0
    assert run(capsys, "repo", "log", reviewer, "--model", "m")[0] == 0
    assert run(capsys, "check", f"{reviewer}#m", "--fail-on", "critical")[0] == 1
    copy = tmp_path / "review.imap"
    assert run(capsys, "repo", "pull", reviewer, "--model", "m", copy)[0] == 0
    with Document.open(copy) as document:
        document.model.update(document.model.services["claims-db"], notes="reviewer")
        document.save()
    before = copy.read_bytes()
    line = _one_line_exit_2(*run(capsys, "repo", "push", copy, reviewer, "--model", "m")[::2])
    assert "your account 'reviewer' may read the repository" in line
    assert "but not change it" in line
    assert copy.read_bytes() == before


def test_a_file_from_another_repository_is_refused(team_repo, as_ana, capsys, tmp_path):
    run(capsys, "repo", "push", EXAMPLE, as_ana, "--model", "m")
    copy = tmp_path / "copy.imap"
    run(capsys, "repo", "pull", as_ana, "--model", "m", copy)
    other = team_repo.server.create_database(f"{team_repo.database}other")
    run(capsys, "repo", "init", other)
    line = _one_line_exit_2(*run(capsys, "repo", "push", copy, other, "--model", "m")[::2])
    assert "was opened from another repository" in line
    line = _one_line_exit_2(*run(capsys, "repo", "push", copy, as_ana, "--model", "x")[::2])
    assert "push it with --model 'm'" in line


def test_an_older_document_without_origin_opens_and_pushes(as_ana, capsys, tmp_path):
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schema-v1.imap"
    old = tmp_path / "old.imap"
    shutil.copy(fixture, old)
    code, out, _ = run(capsys, "repo", "push", old, as_ana, "--model", "portal")
    assert code == 0 and "revision 1 saved" in out
    with sqlite3.connect(old) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("SELECT model, revision FROM repository_origin").fetchall() == [
            ("portal", 1)]
