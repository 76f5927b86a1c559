"""The repository's schema version: create or upgrade it (Alembic), refuse a newer one.

``integramap repo init`` runs the Alembic migrations in ``migrations/versions`` up to the
newest this version of Integramap knows: on an empty database that creates the schema,
on an older repository it upgrades it, on a current one it does nothing. Every other
command first checks the version the database records and refuses a repository that is
not initialised, or that a newer Integramap has already upgraded (it might store things
this version would misread or lose).
"""

from __future__ import annotations

import uuid
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine

from models.repository.address import RepositoryAddress
from models.repository.errors import RepositoryError
from models.repository.tables import RepositoryInfo

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def newest_schema() -> str:
    """The newest schema revision this version of Integramap knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def _known(revision: str) -> bool:
    script = ScriptDirectory.from_config(_config())
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several types for an unknown id
        return False


def recorded_schema(connection: Connection) -> str | None:
    """The schema revision the database records (``None``: never initialised)."""
    return MigrationContext.configure(connection).get_current_revision()


def check_schema(connection: Connection, address: RepositoryAddress) -> None:
    """Refuse a database that is not a repository of the schema this version uses."""
    found = recorded_schema(connection)
    if found == newest_schema():
        return
    if found is None:
        raise RepositoryError(
            f"{address.where} is not an Integramap repository yet "
            f"(run: integramap repo init {address.shown})"
        )
    if not _known(found):
        raise RepositoryError(
            f"the repository at {address.where} was upgraded by a newer version of "
            f"Integramap (schema {found}; this version knows up to {newest_schema()}); "
            "update Integramap to use it"
        )
    raise RepositoryError(
        f"the repository at {address.where} has an older schema ({found}); "
        f"upgrade it with: integramap repo init {address.shown}"
    )


def initialise(engine: Engine, address: RepositoryAddress) -> tuple[str | None, str]:
    """Create or upgrade the schema; return the schema revisions before and after."""
    with engine.begin() as connection:
        before = recorded_schema(connection)
        if before is not None and not _known(before):
            check_schema(connection, address)  # raises: newer than this version
        command.upgrade(_config(connection), "head")
        if connection.scalar(select(RepositoryInfo.id)) is None:
            connection.execute(insert(RepositoryInfo).values(id=str(uuid.uuid4())))
    return before, newest_schema()
