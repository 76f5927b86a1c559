"""Open, edit and save ``.imap`` documents.

A :class:`Document` never edits the user's file in place. Opening copies the file into a
*working copy* — a private SQLite database in memory, or in a file when the caller asks
for one (the editor keeps it in its recovery folder, so :meth:`Document.commit` after each
edit makes that edit survive a killed process). Saving writes the working copy to a
temporary file beside the target with SQLite's backup API, flushes it to disk and renames
it over the target in one step, so a failure half-way leaves the previous file intact.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from models.document import schema
from models.document.errors import ChangedOnDisk, DocumentError
from models.document.origin import RepositoryOrigin
from models.document.replacement import replacing
from models.document.rows import copy_rows
from models.document.untrusted import UntrustedDatabase, open_untrusted
from models.domain import Base, DocumentInfo, Model, ModelError, View
from models.garbage_collection import collection_paused

SUFFIX = ".imap"

_ENTITY_BY_TABLE: dict[str, type[Base]] = {
    mapper.local_table.name: mapper.class_ for mapper in Base.registry.mappers
}
assert RepositoryOrigin.__tablename__ in _ENTITY_BY_TABLE  # part of every new document


class Document:
    """One open model: its working copy, its session and the :class:`Model` over it."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        *,
        path: Path | None,
        working_path: Path | None,
        create_schema: bool = False,
        populate: Callable[[Connection], None] | None = None,
    ) -> None:
        self._connection = connection
        self.path = path
        """Where the document was opened from or last saved to (``None`` when untitled)."""
        self.working_path = working_path
        """The working copy on disk, or ``None`` when it lives in memory."""
        self.disk_state: tuple[int, ...] | None = None
        """How :attr:`path` looked on disk when it was read or last written here."""
        self.engine: Engine = create_engine(
            "sqlite://", creator=lambda: connection, poolclass=StaticPool
        )
        event.listen(self.engine, "connect", _enable_foreign_keys)
        if create_schema:
            Base.metadata.create_all(self.engine)
            schema.stamp(connection)
        if populate is not None:
            with self.engine.begin() as conn:
                populate(conn)
        self.session = Session(self.engine, expire_on_commit=False, autoflush=False)
        self.model = Model(self.session)

    # ------------------------------------------------------------------ creating

    @classmethod
    def new(cls, *, name: str = "Untitled model", working_path: Path | None = None) -> Document:
        """An empty document with one view, not yet saved anywhere."""
        connection = _connect_working(working_path, fresh=True)
        doc = cls(connection, path=None, working_path=working_path, create_schema=True)
        doc.model.info.name = name
        doc.model.add(View(**_OVERVIEW))
        doc.commit()
        return doc

    @classmethod
    def build(
        cls,
        rows: Mapping[type[Base], Sequence[Mapping[str, Any]]],
        *,
        name: str = "Untitled model",
        working_path: Path | None = None,
    ) -> Document:
        """A new document filled in one transaction from plain column values per entity.

        Importers validate everything first and then call this: rows go in with bulk
        INSERTs (an order of magnitude faster than building 40,000 ORM objects one by one)
        and the :class:`Model` is loaded from them afterwards, exactly as if the document
        had been opened. A constraint the importer missed raises :class:`DocumentError`
        and nothing is kept.
        """
        connection = _connect_working(working_path, fresh=True)
        try:
            doc = cls(
                connection,
                path=None,
                working_path=working_path,
                create_schema=True,
                populate=lambda conn: _insert_rows(conn, rows, name),
            )
        except (SQLAlchemyError, sqlite3.DatabaseError, ModelError, LookupError) as exc:
            connection.close()
            raise DocumentError(f"the model could not be stored ({exc}).") from None
        if not doc.model.views:
            doc.model.add(View(**_OVERVIEW))
            doc.commit()
        return doc

    @staticmethod
    def store(
        rows: Mapping[type[Base], Sequence[Mapping[str, Any]]], *, name: str, target: Path
    ) -> Path:
        """Write plain column values per entity as a new document file, without loading
        them as a model (:meth:`build` then :meth:`save`, for an importer that only
        writes the file: at 100,000 services the ORM objects would cost gigabytes).

        A model without views gets the overview, as :meth:`build` gives it; ``target`` is
        replaced atomically and only when everything was stored. Raises
        :class:`DocumentError` like :meth:`build`.
        """
        connection = _connect_working(None, fresh=True)
        engine = create_engine("sqlite://", creator=lambda: connection, poolclass=StaticPool)
        try:
            Base.metadata.create_all(engine)
            schema.stamp(connection)
            with engine.begin() as conn:
                _insert_rows(conn, rows, name)
                if not rows.get(View):
                    conn.execute(insert(View.__table__), [_OVERVIEW])
            write_atomically(connection, target)
        except (SQLAlchemyError, sqlite3.DatabaseError) as exc:
            raise DocumentError(f"the model could not be stored ({exc}).") from None
        finally:
            engine.dispose()
            connection.close()
        return target

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, working_path: Path | None = None) -> Document:
        """Open an ``.imap`` file; raise :class:`DocumentError` if it is not a usable one.

        The file is read as untrusted data (:mod:`models.document.untrusted`): only
        Integramap's own tables may be in it, and only their rows, each value checked
        (:mod:`models.document.rows`), reach the working copy, which is built from
        Integramap's own schema. The file itself is only read, and nothing is written
        beside it. Older schemas are migrated in a private copy in memory.
        """
        path = Path(path)
        state = disk_state(path)
        with open_untrusted(path) as source:
            document = cls._copied(source, working_path=working_path, path=path)
        document.disk_state = state
        return document

    @classmethod
    def recover(
        cls, leftover: Path, *, path: Path | None = None, working_path: Path | None = None
    ) -> Document:
        """Reopen the working copy ``leftover`` of a process that did not close cleanly.

        It is read like any document (its write-ahead log, which holds the last edits,
        included) and copied into a new working copy at ``working_path`` (in memory when
        ``None``); ``leftover`` itself is left for the caller to delete.
        """
        with open_untrusted(leftover, immutable=False, name="the recovered work") as source:
            return cls._copied(source, working_path=working_path, path=path)

    @classmethod
    def _copied(
        cls, source: UntrustedDatabase, *, working_path: Path | None, path: Path | None
    ) -> Document:
        if source.version < schema.SCHEMA_VERSION:
            source.migrate_in_memory()
        connection = _connect_working(working_path, fresh=True)
        try:
            return cls(
                connection,
                path=path,
                working_path=working_path,
                create_schema=True,
                populate=lambda conn: copy_rows(source, conn.connection.driver_connection),
            )
        except DocumentError:
            _discard(connection, working_path)
            raise
        except (SQLAlchemyError, sqlite3.DatabaseError, ModelError, LookupError) as exc:
            _discard(connection, working_path)
            raise source.damaged(exc) from None

    # ------------------------------------------------------------------ persisting

    def commit(self) -> None:
        """Write pending edits to the working copy (cheap; call after every edit)."""
        try:
            self.session.commit()
        except SQLAlchemyError as exc:
            self.session.rollback()
            raise DocumentError(f"the edit could not be recorded ({exc}).") from None

    def save(
        self, path: str | os.PathLike[str] | None = None, *, overwrite: bool = False
    ) -> Path:
        """Write the document to ``path`` (default: where it came from) atomically.

        Saving to the file it came from refuses with :class:`ChangedOnDisk` when that
        file was changed by someone else since it was read or last saved here, unless
        ``overwrite``.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise DocumentError("this document has no file name yet; choose where to save it.")
        if not overwrite and self.changed_on_disk(target):
            raise ChangedOnDisk(
                f"{target.name} was changed on disk since it was opened here (by another "
                "program, or Integramap in another window); saving would discard those "
                "changes."
            )
        self.commit()
        write_atomically(self._connection, target)
        self.path = target
        self.disk_state = disk_state(target)
        return target

    def changed_on_disk(self, target: Path | None = None) -> bool:
        """Whether ``target`` (default: :attr:`path`), the file this document was read
        from, has changed there since (another program saved it, or deleted it)."""
        target = self.path if target is None else target
        if target is None or self.path is None or self.disk_state is None:
            return False
        if os.path.abspath(target) != os.path.abspath(self.path):
            return False
        return disk_state(target) != self.disk_state

    def close(self) -> None:
        """Release the working copy (the file of a file-backed copy is left for the caller).

        Like loading, releasing tens of thousands of ORM objects makes the cyclic garbage
        collector rescan them over and over (0.2–0.9 s at 10k services); it is paused.
        """
        with collection_paused():
            self.session.close()
            self.engine.dispose()
            self._connection.close()

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_OVERVIEW = {"id": "main", "name": "Overview", "order": 0}
"""The view every new document starts with."""


def _insert_rows(
    conn: Connection, rows: Mapping[type[Base], Sequence[Mapping[str, Any]]], name: str
) -> None:
    """Bulk INSERTs of every entity's rows, parents before children."""
    conn.execute(insert(DocumentInfo.__table__), [{"id": 1, "name": name}])
    for table in Base.metadata.sorted_tables:
        entity = _ENTITY_BY_TABLE.get(table.name)
        values = rows.get(entity) if entity is not None else None
        if values:
            conn.execute(insert(table), list(values))


def disk_state(path: Path) -> tuple[int, ...] | None:
    """What changes when a file is replaced or rewritten: inode, size, modification time
    (``None`` when it does not exist)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def write_atomically(connection: sqlite3.Connection, target: Path) -> None:
    """Copy the database behind ``connection`` to ``target`` so ``target`` is never half-written."""
    with replacing(target, verb="save to", failures=(OSError, sqlite3.Error)) as temporary:
        out = sqlite3.connect(temporary)
        try:
            connection.backup(out)
            out.execute("PRAGMA journal_mode = DELETE")
            out.commit()
        finally:
            out.close()
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())


def _connect_working(working_path: Path | None, *, fresh: bool) -> sqlite3.Connection:
    if working_path is None:
        connection = sqlite3.connect(":memory:", check_same_thread=False)
    else:
        working_path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            for leftover in (working_path, *_sidecars(working_path)):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
        connection = sqlite3.connect(working_path, check_same_thread=False)
        # WAL + NORMAL: each commit survives a killed process and costs no fsync.
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA foreign_keys = ON")
    # The working copy holds only our schema (rows are copied into it), and it is kept
    # that way: schema SQL is not trusted, pages are checked, nothing can be attached.
    connection.execute("PRAGMA trusted_schema = OFF")
    connection.execute("PRAGMA cell_size_check = ON")
    connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    return connection


def _discard(connection: sqlite3.Connection, working_path: Path | None) -> None:
    """Close and delete a working copy that was never handed out."""
    connection.close()
    if working_path is not None:
        for leftover in (working_path, *_sidecars(working_path)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _enable_foreign_keys(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.execute("PRAGMA foreign_keys = ON")
