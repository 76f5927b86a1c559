"""Reading an ``.imap`` file as untrusted data.

Architects mail documents to each other and open what a vendor sends. An SQLite file can
carry more than tables: triggers that run on the next INSERT (and would delete the
integrations of every file saved from it), views over endless recursive queries,
indexes over expressions, a header that lies about its size. So a document is never
trusted as a database; it is *read*:

* before SQLite sees it, the file must be a regular file within :data:`MAX_DOCUMENT_BYTES`
  whose 100-byte header says SQLite, Integramap's application id, a schema version this
  program reads, and a size the file really has; a ``-wal`` or ``-journal`` file beside
  it (changes another program has not finished writing) is refused rather than ignored;
* it is opened read-only and *immutable* (``mode=ro&immutable=1``), so reading never
  creates ``-wal``/``-shm`` files beside it, even in a read-only folder, with the
  defensive settings SQLite documents for application file formats: no trusted schema,
  ``cell_size_check``, no memory mapping, no ``ATTACH``, query-only, small limits on SQL
  and values, and (where Python offers them) ``SQLITE_DBCONFIG_DEFENSIVE`` with triggers
  and views disabled;
* every statement runs under a progress handler with a time limit (:data:`READ_SECONDS`);
* ``PRAGMA integrity_check`` runs first, and its messages are shown even when the
  damage makes them undecodable;
* the schema is vetted: every object must be one of Integramap's own tables or indexes
  (a message names any other — trigger, view, virtual or extra table, index with unknown
  SQL), and every table must have exactly the expected columns.

Only then are rows read — and :mod:`models.document.rows` checks each value and copies it
into a fresh working copy built from Integramap's own schema, so nothing but data ever
crosses over.
"""

from __future__ import annotations

import re
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex

from models.document import schema
from models.document.errors import DocumentError
from models.domain import Base
from models.domain.values import echo

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024 * 1024
"""Larger files are refused unread (a 10,000-service document is about 11 MB)."""
READ_SECONDS = 120.0
"""Reading a document (integrity check, vetting, every row) must finish within this; a
damaged or hostile file cannot make opening endless."""
MAX_VALUE_BYTES = 64 * 1024 * 1024
"""No single stored value (a name, the notes) may be longer than this."""

_HEADER_BYTES = 100
_PROGRESS_INTERVAL = 10_000
"""SQLite virtual-machine steps between two looks at the clock."""
_INTERNAL_TABLES = frozenset({"sqlite_sequence", "sqlite_stat1", "sqlite_stat4"})
"""Bookkeeping SQLite itself may add; never read, never copied."""
_SHOWN_OBJECTS = 5


@dataclass(frozen=True, slots=True)
class Header:
    """What the first 100 bytes of an SQLite file say about it."""

    page_size: int
    pages: int | None
    """The size in pages the header records, when the header says it is current."""
    user_version: int
    application_id: int
    wal_mode: bool


def inspect_file(path: Path) -> int:
    """Check that ``path`` is an Integramap document this version can read; its schema.

    Reads the file as untrusted data (see the module), down to the integrity check and
    the vetted schema, without reading any row. Raises :class:`DocumentError`.
    """
    with open_untrusted(path) as database:
        return database.version


@contextmanager
def open_untrusted(
    path: Path, *, immutable: bool = True, name: str | None = None
) -> Iterator[UntrustedDatabase]:
    """The document at ``path``, header checked, opened read-only and defensively,
    integrity-checked and its schema vetted; closed on exit.

    ``immutable`` (the default for users' files) ignores and never creates journal files;
    a working copy left by a crash is read with ``immutable=False`` so its write-ahead log,
    which holds the last edits, is read too.
    """
    shown = name or path.name
    header = read_header(path, shown, judge=immutable)
    if immutable:
        _refuse_unfinished_changes(path, shown)
    database = UntrustedDatabase(path, header, shown, immutable=immutable)
    try:
        if not immutable:  # the header on disk may be older than the log's last pages
            database.judge_identity()
        database.check_integrity()
        database.vet_schema()
        yield database
    finally:
        database.close()


def read_header(path: Path, name: str, *, judge: bool = True) -> Header:
    """The header of a regular file of a plausible size, or a message saying what it is.

    ``judge`` also checks what the header says (application id, schema version, size);
    a working copy with a write-ahead log has its current header in the log, so it is
    judged from the open connection instead (:meth:`UntrustedDatabase.judge_identity`).
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DocumentError(f"{path} does not exist.") from None
    except OSError as exc:
        raise DocumentError(f"{name} cannot be read: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise DocumentError(f"{path} is a folder, not an Integramap document.")
    if not stat.S_ISREG(info.st_mode):
        raise DocumentError(f"{path} is a device or special file, not an Integramap document.")
    if info.st_size > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"{name} is {info.st_size / 2**30:.1f} GB; documents larger than "
            f"{MAX_DOCUMENT_BYTES // 2**30} GB are not opened."
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read(_HEADER_BYTES)
    except OSError as exc:
        raise DocumentError(f"{name} cannot be read: {exc.strerror or exc}.") from None
    if not raw.startswith(schema.SQLITE_HEADER):
        raise DocumentError(f"{name} is not an Integramap document.{_looks_like(raw)}")
    if len(raw) < _HEADER_BYTES:
        raise DocumentError(f"{name} is damaged: the file is truncated.")
    header = _parse_header(raw)
    if header is None:
        raise DocumentError(f"{name} is damaged: its SQLite header is not valid.")
    if not judge:
        return header
    _judge(name, header.application_id, header.user_version)
    expected = header.page_size * (header.pages or 1)
    if info.st_size < expected or info.st_size % header.page_size:
        raise DocumentError(
            f"{name} is damaged: the file is truncated ({info.st_size:,} bytes where its "
            f"header promises {expected:,})."
        )
    return header


def _judge(name: str, application_id: int, user_version: int) -> None:
    """Refuse another program's database, a newer schema and a missing version."""
    if application_id != schema.APPLICATION_ID:
        raise DocumentError(
            f"{name} is a SQLite database of another program, not an Integramap document."
        )
    if user_version > schema.SCHEMA_VERSION:
        raise DocumentError(
            f"{name} was written by a newer version of Integramap (document schema "
            f"{user_version}; this version reads up to {schema.SCHEMA_VERSION}). "
            "Update Integramap to open it."
        )
    if user_version < 1:
        raise DocumentError(f"{name} is damaged: it has no schema version.")


def _parse_header(raw: bytes) -> Header | None:
    page_size = int.from_bytes(raw[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return None
    write_version, read_version = raw[18], raw[19]
    if write_version not in (1, 2) or read_version not in (1, 2):
        return None
    change_counter = int.from_bytes(raw[24:28], "big")
    valid_for = int.from_bytes(raw[92:96], "big")
    pages = int.from_bytes(raw[28:32], "big") if valid_for == change_counter else None
    return Header(
        page_size=page_size,
        pages=pages or None,
        user_version=int.from_bytes(raw[60:64], "big", signed=True),
        application_id=int.from_bytes(raw[68:72], "big"),
        wal_mode=write_version == 2,
    )


def _looks_like(raw: bytes) -> str:
    start = raw.lstrip()
    if start[:1] in (b"{", b"["):
        return " It looks like JSON: use Import (or `integramap import`) for .json files."
    if start[:7].lower() in (b"digraph", b"graph {", b"strict "):
        return " It looks like Graphviz DOT: use Import for .dot files."
    return ""


def _refuse_unfinished_changes(path: Path, name: str) -> None:
    """A ``-wal`` or ``-journal`` file beside the document holds changes another program
    has not finished: reading without it would show a state that never existed, and
    SQLite would write to the folder to apply it. The user is told instead."""
    for suffix, what in (("-wal", "a write-ahead log"), ("-journal", "a rollback journal")):
        sidecar = path.with_name(path.name + suffix)
        try:
            size = sidecar.stat().st_size
        except OSError:
            continue
        if size:
            raise DocumentError(
                f"{name} is being changed by another program: {what} ({echo(sidecar.name)}) "
                "beside it holds changes not yet in the file. Close that program (or let it "
                "finish) and open the document again."
            )


class UntrustedDatabase:
    """A read-only, defensively configured connection to a document; see the module."""

    def __init__(self, path: Path, header: Header, name: str, *, immutable: bool) -> None:
        self.path = path
        self.name = name
        self.version = header.user_version
        self.deadline = time.monotonic() + READ_SECONDS
        flags = "mode=ro&immutable=1" if immutable else "mode=ro"
        try:
            self.connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?{flags}", uri=True, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise DocumentError(f"{name} cannot be opened ({echo(exc)}).") from None
        try:
            harden(self.connection)
            self.connection.set_progress_handler(self._over_time, _PROGRESS_INTERVAL)
        except sqlite3.Error as exc:
            self.close()
            raise self.damaged(exc) from None

    # ------------------------------------------------------------------ checks

    def judge_identity(self) -> None:
        """The application id and schema version as SQLite reads them (log included)."""
        (application_id,), = self.query("PRAGMA application_id")
        (user_version,), = self.query("PRAGMA user_version")
        _judge(self.name, int(application_id), int(user_version))  # type: ignore[call-overload]
        self.version = int(user_version)  # type: ignore[call-overload]

    def check_integrity(self) -> None:
        """SQLite's own check of every page and index; its words, escaped, when it fails."""
        lines = [line for (line,) in self.query_raw("PRAGMA integrity_check(10)")]
        if lines != ["ok"]:
            shown = "; ".join(echo(line, 120) for line in lines[:3])
            more = f" (and {len(lines) - 3} more problems)" if len(lines) > 3 else ""
            raise DocumentError(f"{self.name} is damaged ({shown}{more}).")

    def vet_schema(self) -> None:
        """Refuse any schema object that is not Integramap's, and tables whose columns differ."""
        objects = self.query_raw("SELECT type, name, tbl_name, sql FROM sqlite_schema")
        foreign: list[str] = []
        tables: set[str] = set()
        for kind, name, table, sql in objects:
            problem = _foreign_object(kind, name, table, sql)
            if problem:
                foreign.append(problem)
            elif kind == "table" and name in OUR_TABLES:
                tables.add(name)
        if foreign:
            listed = ", ".join(foreign[:_SHOWN_OBJECTS])
            hidden = len(foreign) - _SHOWN_OBJECTS
            more = f" and {hidden} more" if hidden > 0 else ""
            raise DocumentError(
                f"{self.name} contains {listed}{more}, which Integramap does not write. A "
                "document may hold only Integramap's own tables (other objects can run "
                "their own SQL when the model is edited), so it was not opened."
            )
        if self.version < schema.SCHEMA_VERSION:
            return  # tables and columns are judged once the migrations have run
        for table in OUR_TABLES:
            if table not in tables:
                raise DocumentError(
                    f"{self.name} is not a complete Integramap document: it has no table "
                    f"'{table}' (it may come from another program, or be damaged)."
                )
            self._vet_columns(table)

    def _vet_columns(self, table: str) -> None:
        expected = OUR_TABLES[table]
        found: dict[str, int] = {}
        for name, hidden in self.query_raw(
            "SELECT name, hidden FROM pragma_table_xinfo(?)", (table,)
        ):
            found[name] = hidden
        for column in expected:
            if column not in found:
                raise DocumentError(
                    f"{self.name} is not a complete Integramap document: the table "
                    f"'{table}' has no column '{column}'."
                )
        for column, hidden in found.items():
            if column not in expected:
                raise DocumentError(
                    f"{self.name} has a column '{echo(column)}' in the table '{table}' that "
                    "Integramap does not write, so it was not opened."
                )
            if hidden:
                raise DocumentError(
                    f"{self.name}: the column '{column}' of the table '{table}' is computed "
                    "by SQL instead of holding data, so the document was not opened."
                )

    def migrate_in_memory(self) -> None:
        """Bring an older schema up to date in a private copy in memory (the file is only
        read), then vet the result again."""
        staging = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            self.connection.backup(staging)
            schema.migrate(staging, self.version)
        except sqlite3.Error as exc:
            staging.close()
            raise self.damaged(exc) from None
        self.connection.set_progress_handler(None, 0)
        self.connection.close()
        self.connection = staging
        harden(staging)
        staging.set_progress_handler(self._over_time, _PROGRESS_INTERVAL)
        self.version = schema.SCHEMA_VERSION
        self.vet_schema()

    # ------------------------------------------------------------------ reading

    def rows(self, table: str, columns: tuple[str, ...]) -> list[tuple[object, ...]]:
        """Every row of one of our tables, raw; text that is not UTF-8 comes as bytes."""
        names = ", ".join(f'"{c}"' for c in columns)
        sql = f'SELECT {names} FROM "{table}"'
        try:
            return self.query(sql)
        except (sqlite3.OperationalError, UnicodeDecodeError) as exc:
            if "decode" not in str(exc).lower():
                raise self.damaged(exc) from None
        return self.query_raw(sql, text=_text_or_bytes)

    def query(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        try:
            return self.connection.execute(sql, parameters).fetchall()
        except sqlite3.OperationalError as exc:
            if "decode" in str(exc).lower() and self.connection.text_factory is str:
                raise  # rows(): read again, keeping undecodable text as bytes
            raise self.damaged(exc) from None
        except sqlite3.Error as exc:
            raise self.damaged(exc) from None
        except UnicodeDecodeError:  # SQLite's own message quotes the damaged bytes
            if self.connection.text_factory is str:
                raise
            raise self.damaged(
                sqlite3.DatabaseError("its schema holds bytes that are not text")
            ) from None

    def query_raw(
        self, sql: str, parameters: tuple[object, ...] = (), *, text: object = None
    ) -> list[tuple[object, ...]]:
        """A query whose text is decoded leniently (``text``, default: invalid bytes
        replaced): messages and names from a damaged file must still be shown."""
        previous = self.connection.text_factory
        self.connection.text_factory = text or _lenient_text  # type: ignore[assignment]
        try:
            return self.query(sql, parameters)
        finally:
            self.connection.text_factory = previous

    def damaged(self, exc: BaseException) -> DocumentError:
        if time.monotonic() > self.deadline:
            return DocumentError(
                f"{self.name} could not be read within {READ_SECONDS:g} seconds, so it was "
                "not opened (a damaged or hostile file can make reading endless)."
            )
        reason = str(exc) or type(exc).__name__
        return DocumentError(f"{self.name} is damaged and cannot be read ({echo(reason)}).")

    def _over_time(self) -> int:
        return 1 if time.monotonic() > self.deadline else 0

    def close(self) -> None:
        connection = getattr(self, "connection", None)
        if connection is not None:
            # Drop the callback first: it refers back to this object, and the sqlite3
            # module must not call it while the connection is being torn down.
            connection.set_progress_handler(None, 0)
            connection.close()
            self.connection = None  # type: ignore[assignment]


def harden(connection: sqlite3.Connection) -> None:
    """The defensive settings SQLite documents for reading application files.

    Schema-defined SQL (triggers, views, defaults, generated columns) is not trusted to
    call functions with side effects; b-tree cells are checked for size before use; no
    memory mapping (corruption would surface as a crash instead of an error); no other
    database may be attached; the connection cannot write. Limits keep a statement and
    a value small. ``setconfig`` (Python 3.12+) adds SQLite's defensive mode and turns
    triggers and views off altogether; without it, the schema vetting refuses them.
    """
    connection.execute("PRAGMA trusted_schema = OFF")
    connection.execute("PRAGMA cell_size_check = ON")
    connection.execute("PRAGMA mmap_size = 0")
    connection.execute("PRAGMA query_only = ON")
    for limit, value in (
        ("SQLITE_LIMIT_ATTACHED", 0),
        ("SQLITE_LIMIT_LENGTH", MAX_VALUE_BYTES),
        ("SQLITE_LIMIT_SQL_LENGTH", 1_000_000),
        ("SQLITE_LIMIT_EXPR_DEPTH", 100),
        ("SQLITE_LIMIT_COMPOUND_SELECT", 10),
        ("SQLITE_LIMIT_FUNCTION_ARG", 8),
        ("SQLITE_LIMIT_LIKE_PATTERN_LENGTH", 100),
        ("SQLITE_LIMIT_TRIGGER_DEPTH", 1),
    ):
        if hasattr(sqlite3, limit):
            connection.setlimit(getattr(sqlite3, limit), value)
    setconfig = getattr(connection, "setconfig", None)
    if setconfig is not None:
        for option, enabled in (
            ("SQLITE_DBCONFIG_DEFENSIVE", True),
            ("SQLITE_DBCONFIG_TRUSTED_SCHEMA", False),
            ("SQLITE_DBCONFIG_ENABLE_TRIGGER", False),
            ("SQLITE_DBCONFIG_ENABLE_VIEW", False),
        ):
            if hasattr(sqlite3, option):
                setconfig(getattr(sqlite3, option), enabled)


def _lenient_text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _text_or_bytes(raw: bytes) -> str | bytes:
    """Text as ``str``; bytes that are not UTF-8 stay bytes, so the value check refuses
    them by name instead of the whole read failing."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw


# ---------------------------------------------------------------------- our schema


def _our_tables() -> dict[str, tuple[str, ...]]:
    return {
        table.name: tuple(c.name for c in table.columns) for table in Base.metadata.sorted_tables
    }


def _our_indexes() -> dict[str, str]:
    dialect = sqlite_dialect.dialect()
    return {
        index.name: _normalised(str(CreateIndex(index).compile(dialect=dialect)))
        for table in Base.metadata.sorted_tables
        for index in table.indexes
        if index.name
    }


def _normalised(sql: str) -> str:
    return re.sub(r"\s+", " ", sql.replace('"', "").replace("`", "")).strip().lower()


OUR_TABLES = _our_tables()
"""Every table of the current schema and its columns (older schemas had the same)."""
OUR_INDEXES = _our_indexes()
"""Named indexes of the current schema and the SQL that creates them, normalised."""


def _foreign_object(kind: object, name: object, table: object, sql: object) -> str | None:
    """How a schema object that is not Integramap's is named in a message, else ``None``."""
    shown = f"'{echo(name, 60)}'"
    if kind == "table":
        if name in _INTERNAL_TABLES:
            return None
        if name not in OUR_TABLES:
            return f"an extra table {shown}"
        if not isinstance(sql, str) or not _normalised(sql).startswith("create table"):
            return f"a virtual table {shown}"
        return None
    if kind == "index":
        if sql is None and isinstance(name, str) and name.startswith("sqlite_autoindex_") and (
            table in OUR_TABLES
        ):
            return None
        if name in OUR_INDEXES and isinstance(sql, str) and _normalised(sql) == OUR_INDEXES[name]:
            return None
        return f"an index {shown} with SQL Integramap did not write"
    if kind == "trigger":
        return f"a trigger {shown}"
    if kind == "view":
        return f"a view {shown}"
    return f"an object {shown} of type '{echo(kind, 20)}'"
