"""The repository's schema: created by Alembic, identical to the typed mapping."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from models.repository.schema import newest_schema, recorded_schema
from models.repository.tables import RepositoryBase


def test_migrations_build_exactly_the_mapped_tables(team_repo):
    with team_repo.connect("ana") as repository, repository.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection),
                                       RepositoryBase.metadata)
        assert differences == []
        assert recorded_schema(connection) == newest_schema() == "0001"


def test_init_twice_changes_nothing(team_repo):
    with team_repo.connect("ana") as repository:
        identity = repository.id
        assert repository.initialise() == ("0001", "0001")
    with team_repo.connect("ana") as repository:
        assert repository.id == identity
