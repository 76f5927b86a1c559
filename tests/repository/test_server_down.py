"""The server stops in the middle of a save: nothing half-saved, nothing lost locally."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from models.document import Document
from models.interchange import load_model_file
from models.repository import Checkout, Repository, RepositoryAddress, RepositoryError
from tests.fixtures.postgres_server import ADMIN, ADMIN_PASSWORD, PostgresServer

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "landscape.json"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server():
    """A cluster of its own: these tests stop it."""
    cluster = PostgresServer()
    try:
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def url(server):
    url = server.create_database("arch")
    with Repository(RepositoryAddress.parse(server.url("ana", "arch", password=True)),
                    check=False) as repository:
        repository.initialise()
        with load_model_file(EXAMPLE) as document:
            Checkout.attach(repository, document, "m").save("first")
    return url


def _hold_the_model(server: PostgresServer) -> psycopg.Connection:
    """Another session locks the model's row, so a save waits in the middle."""
    blocker = psycopg.connect(host="127.0.0.1", port=server.port, user=ADMIN,
                              password=ADMIN_PASSWORD, dbname="arch")
    blocker.execute("SELECT id FROM model WHERE name = 'm' FOR UPDATE")
    return blocker


def _wait_for_a_waiting_save(server: PostgresServer) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        waiting = server.sql("SELECT count(*) FROM pg_stat_activity "
                             "WHERE wait_event_type = 'Lock'", "arch")
        if waiting.strip() not in ("", "0"):
            return
        time.sleep(0.05)
    raise AssertionError("the save never reached the server")


def test_a_save_cut_off_by_the_server_leaves_the_model_unsaved_and_intact(server, url):
    address = RepositoryAddress.parse(server.url("ana", "arch", password=True))
    repository = Repository(address)
    checkout = Checkout.open(repository, "m")
    model = checkout.document.model
    model.update(model.services["claims-db"], notes="typed during the review")
    blocker = _hold_the_model(server)
    outcome: list[object] = []
    saving = threading.Thread(target=lambda: outcome.append(_try(checkout.save, "x")))
    saving.start()
    _wait_for_a_waiting_save(server)
    server.stop("immediate")
    saving.join(60)
    blocker.close()

    (error,) = outcome
    assert isinstance(error, RepositoryError)
    assert "connection to the repository at 127.0.0.1" in str(error)
    assert "nothing was saved there and your model is unchanged" in str(error)
    assert "\n" not in str(error)
    assert model.services["claims-db"].notes == "typed during the review"
    assert set(checkout.local_changes()) == {("service", "claims-db")}
    assert checkout.origin.revision == 1

    server.start()
    again = Repository(address)
    assert again.snapshot("m").revision == 1
    checkout.repository = again
    assert checkout.save("after the restart").revision == 2
    checkout.document.close()
    again.close()
    repository.close()


def test_a_push_cut_off_by_the_server_exits_2_and_leaves_the_file_as_it_was(
    server, url, tmp_path
):
    copy = tmp_path / "m.imap"
    with Repository(RepositoryAddress.parse(server.url("ana", "arch", password=True))) as r:
        checkout = Checkout.open(r, "m")
        checkout.document.model.update(checkout.document.model.services["claims-db"], notes="x")
        checkout.document.save(copy)
        checkout.document.close()
    before = copy.read_bytes()
    blocker = _hold_the_model(server)
    push = subprocess.Popen(
        [sys.executable, "-c", "import sys; from models.cli import main; sys.exit(main())",
         "repo", "push", str(copy), server.url("ana", "arch"), "--model", "m"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PGPASSWORD": server.password("ana"), "PYTHONPATH": str(ROOT)},
    )
    _wait_for_a_waiting_save(server)
    server.stop("immediate")
    _out, err = push.communicate(timeout=60)
    blocker.close()
    assert push.returncode == 2
    assert err.strip().count("\n") == 0 and "connection to the repository" in err
    assert copy.read_bytes() == before
    with Document.open(copy) as document:
        assert document.model.services["claims-db"].notes == "x"


def _try(action, *args):
    try:
        return action(*args)
    except Exception as exc:  # the outcome is asserted by the test
        return exc
