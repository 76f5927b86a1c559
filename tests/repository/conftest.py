"""A PostgreSQL cluster shared by the repository tests, and a fresh repository per test."""

from __future__ import annotations

import itertools

import pytest

from tests.fixtures.postgres_server import PostgresServer, TeamRepository

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres():
    server = PostgresServer()
    try:
        yield server
    finally:
        server.remove()


@pytest.fixture
def team_repo(postgres, monkeypatch) -> TeamRepository:
    from models.repository import Repository, RepositoryAddress

    database = f"repo{next(_numbers)}"
    postgres.create_database(database)
    repo = TeamRepository(postgres, database)
    with Repository(RepositoryAddress.parse(repo.url(password=True)), check=False) as r:
        r.initialise()
    postgres.grant_writer(database, "ben")
    postgres.grant_reader(database, "reviewer")
    # No password from the environment unless a test sets one.
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent/pgpass")
    return repo
