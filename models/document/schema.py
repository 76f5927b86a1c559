"""How an ``.imap`` file identifies itself, and how older schemas are brought up to date.

An ``.imap`` file is a SQLite database. Its header records ``PRAGMA application_id``
(the bytes ``IMAP``) so other SQLite files are recognised as foreign, and ``PRAGMA
user_version`` (the schema version) so a file from a newer program is refused rather
than misread.

Migrations are explicit: ``MIGRATIONS[n]`` upgrades a version-``n`` database to ``n + 1``
in place. They only ever run on a private copy in memory, never on the file the user
opened, so a failed migration loses nothing; the result is vetted and its rows checked
like any document's before they reach the working copy (:mod:`models.document.rows`),
which is built from the current schema. To change the schema: bump
``SCHEMA_VERSION``, add the step here (plain SQL in SQLite's batch style: create the new
table, copy, drop, rename), keep a fixture file of the previous version in
``tests/fixtures/`` and a test that opens it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x494D4150  # "IMAP"
SCHEMA_VERSION = 6
SQLITE_HEADER = b"SQLite format 3\x00"

Migration = Callable[[sqlite3.Connection], None]



def _add_repository_origin(connection: sqlite3.Connection) -> None:
    """Version 2: a document can remember the team repository model it came from."""
    connection.execute(
        "CREATE TABLE repository_origin ("
        " id INTEGER NOT NULL, repository_id TEXT NOT NULL, address TEXT NOT NULL,"
        " model TEXT NOT NULL, revision INTEGER NOT NULL, held TEXT NOT NULL,"
        " PRIMARY KEY (id))"
    )


_SUPPORT_MODEL = {
    "settings": (
        "dr_test_max_age_months INTEGER NOT NULL DEFAULT 12",
        "patch_cycle_max_days INTEGER NOT NULL DEFAULT 90",
    ),
    "team": (
        "skills TEXT NOT NULL DEFAULT ''",
        "support_hours VARCHAR(32)",
    ),
    "service": (
        "data_classification VARCHAR(32)",
        "external BOOLEAN NOT NULL DEFAULT 0",
        "technology TEXT NOT NULL DEFAULT ''",
        "required_hours VARCHAR(32)",
        "vendor_contract_end DATE",
        "vendor_support_hours VARCHAR(32)",
        "extended_support_until DATE",
        "rto_hours FLOAT",
        "rpo_hours FLOAT",
        "last_dr_test DATE",
        "patch_cycle_days INTEGER",
        "maintenance_window TEXT NOT NULL DEFAULT ''",
    ),
    "integration": (
        "mode VARCHAR(32) NOT NULL DEFAULT 'synchronous'",
    ),
}
"""The columns version 3 adds, as SQLite's ``ALTER TABLE … ADD COLUMN`` spells them.

Written out rather than derived from the entities: a migration must keep doing exactly
what it did when a later version changes the entities again."""


def _add_support_model(connection: sqlite3.Connection) -> None:
    """Version 3: the whole support model — team skills and hours; a service's technology,
    required hours, recovery objectives and DR test, data classification, external flag,
    contract end and vendor hours, extended support, patch cycle and maintenance window;
    an integration's mode; the DR-test and patch-cycle thresholds.

    Every existing row gets the value a new one has: nothing recorded, synchronous links,
    the essay's thresholds (12 months, 90 days)."""
    for table, columns in _SUPPORT_MODEL.items():
        for column in columns:
            connection.execute(f"ALTER TABLE {table} ADD COLUMN {column}")


def _add_view_layers(connection: sqlite3.Connection) -> None:
    """Version 4: a view says which services it shows (all of them, the ones placed on it,
    or a generated selection), which integration kinds it draws and which zones it
    collapses. Existing views keep showing every service; they draw the runtime kinds and
    fold the supporting ones into marks on the boxes, as new views do."""
    for column in (
        "scope VARCHAR(32) NOT NULL DEFAULT 'everything'",
        "subject TEXT NOT NULL DEFAULT ''",
        "depth INTEGER NOT NULL DEFAULT 1",
        "kinds TEXT NOT NULL DEFAULT 'depends_on,user_auth,gateway,data_flow'",
        "collapsed TEXT NOT NULL DEFAULT ''",
    ):
        connection.execute(f"ALTER TABLE view ADD COLUMN {column}")


def _add_decisions(connection: sqlite3.Connection) -> None:
    """Version 5: what reviews decided about findings and services, and their actions."""
    connection.execute(
        "CREATE TABLE decision ("
        " id VARCHAR(128) NOT NULL, subject VARCHAR(128) NOT NULL, rule VARCHAR(16) NOT NULL,"
        " outcome VARCHAR(32), until DATE, decided_on DATE, decided_by TEXT NOT NULL,"
        " note TEXT NOT NULL,"
        " action TEXT NOT NULL, action_owner_id VARCHAR(128), action_due DATE,"
        " action_status VARCHAR(32) NOT NULL, PRIMARY KEY (id),"
        " FOREIGN KEY(action_owner_id) REFERENCES team (id) DEFERRABLE INITIALLY DEFERRED)"
    )


def _add_answer_states(connection: sqlite3.Connection) -> None:
    """Version 6: the fields a review asked about and was told there is none."""
    connection.execute("ALTER TABLE service ADD COLUMN answered_none TEXT NOT NULL DEFAULT ''")


MIGRATIONS: dict[int, Migration] = {
    1: _add_repository_origin,
    2: _add_support_model,
    3: _add_view_layers,
    4: _add_decisions,
    5: _add_answer_states,
}
"""``MIGRATIONS[n]`` turns schema ``n`` into ``n + 1``. Version 1 is the first schema."""


def stamp(connection: sqlite3.Connection, version: int | None = None) -> None:
    """Mark a database as an Integramap document of ``version`` (default: the current)."""
    version = SCHEMA_VERSION if version is None else version
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {int(version)}")


def migrate(connection: sqlite3.Connection, from_version: int) -> None:
    """Run every step from ``from_version`` to :data:`SCHEMA_VERSION`, in one transaction."""
    version = from_version
    with connection:
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](connection)
            version += 1
            connection.execute(f"PRAGMA user_version = {version}")
