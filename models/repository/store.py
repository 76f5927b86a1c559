"""Reading and saving models in a team repository on PostgreSQL.

:class:`Repository` is one connection to one repository. Reading is plain SELECTs, so a
reviewer's read-only role can open, pull, list and check. Saving
(:meth:`Repository.save`) is one transaction that

1. locks the model's row, so saves of one model take turns and each sees the one before
   (no two saves can both build on the same version of an entity);
2. compares, for every entity the user changed, the version their copy was based on with
   the version stored now: equal versions are saved; a moved version whose content is
   what the user wants anyway is accepted as it is; any other is a :class:`Conflict`,
   reported field by field and not saved;
3. checks that what is saved still forms a valid model together with what colleagues
   saved meanwhile (:mod:`models.repository.merge`);
4. writes the accepted entities with their new versions and one revision recording
   author, time, message and each change's content before and after.

Either all of that is committed or nothing is: a server that stops half-way leaves the
repository as it was, and the caller's model as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection, Engine

from models.comparison import EntityChange, EntityKey, Records, field_changes
from models.comparison.difference import FieldChange
from models.repository.address import RepositoryAddress, check_model_name
from models.repository.connection import PasswordPrompt, open_engine, set_lock_timeout, translated
from models.repository.errors import RepositoryError
from models.repository.merge import ABSENT, Entry, held_back
from models.repository.schema import check_schema, initialise
from models.repository.tables import (
    RepositoryInfo,
    StoredChange,
    StoredEntity,
    StoredModel,
    StoredRevision,
)

WRITE_BATCH = 2000
"""Rows per INSERT statement when a save writes many entities (a first push of 40,000)."""


@dataclass(frozen=True)
class ModelSummary:
    """A model in the repository as ``repo list`` shows it."""

    name: str
    head: int
    services: int
    author: str | None
    saved_at: dt.datetime | None


@dataclass(frozen=True)
class RevisionInfo:
    """One revision: number, who, when, why, and how many entities of each kind it changed."""

    number: int
    author: str
    account: str
    saved_at: dt.datetime
    message: str
    counts: Mapping[tuple[str, str], int]
    """``{(action, kind): n}``, action being ``added``, ``changed`` or ``removed``."""

    @property
    def size(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> list[str]:
        """``added 33 services, 161 integrations`` — one line per action, kinds in model
        order; what a history shows for a revision too large to list entity by entity."""
        from models.comparison.difference import plural
        from models.comparison.records import KIND_LABELS, KINDS

        lines = []
        for action in ("added", "changed", "removed"):
            parts = [
                f"{n:,} {KIND_LABELS[kind] if n == 1 else plural(KIND_LABELS[kind])}"
                for kind in KINDS
                if (n := self.counts.get((action, kind)))
            ]
            if parts:
                lines.append(f"{action} {', '.join(parts)}")
        return lines


@dataclass(frozen=True)
class Snapshot:
    """A model at one revision: every entity's version and content (removed ones too)."""

    model: str
    revision: int
    entries: dict[EntityKey, Entry]

    @property
    def records(self) -> Records:
        return {k: e.content for k, e in self.entries.items() if e.content is not None}


@dataclass(frozen=True)
class Conflict:
    """An entity the user changed that a colleague changed too since the user's base."""

    key: EntityKey
    base: Any
    mine: Any
    theirs: Entry
    author: str
    """Who saved ``theirs`` (empty when unknown)."""
    revision: int
    """The revision that made ``theirs``."""
    saved_at: dt.datetime | None = None
    reason: str = ""
    """Why it is a conflict when it is not a plain double edit (a broken reference)."""

    @property
    def fields(self) -> list[tuple[str, Any, Any]]:
        """``(path, mine, theirs)`` for every field where the two differ."""
        return [(f.path, f.before, f.after) for f in field_changes(self.mine, self.theirs.content)]

    @property
    def my_fields(self) -> list[FieldChange]:
        return field_changes(self.base, self.mine)

    @property
    def their_fields(self) -> list[FieldChange]:
        return field_changes(self.base, self.theirs.content)


@dataclass
class BaseState:
    """What the user's copy was based on: a revision, and entity versions with contents.

    ``entries`` must hold at least every entity the user changed; ``held`` the keys whose
    base version is not the one of ``revision`` (then the repository cannot assume that
    nobody else changed anything just because the head is still ``revision``).
    """

    revision: int
    entries: dict[EntityKey, Entry] = field(default_factory=dict)
    held: set[EntityKey] = field(default_factory=set)

    def entry(self, key: EntityKey) -> Entry:
        return self.entries.get(key, ABSENT)


@dataclass
class SaveResult:
    """What a save did: the revision written, and what it could not save."""

    revision: int | None
    """The new revision, or ``None`` when nothing was written."""
    head_before: int
    saved: dict[EntityKey, Entry] = field(default_factory=dict)
    settled: dict[EntityKey, Entry] = field(default_factory=dict)
    """Changed by both sides to the same content: nothing to write, the base moves on."""
    conflicts: list[Conflict] = field(default_factory=list)


class Repository:
    """One connection to a team repository (checked to be of this version's schema)."""

    def __init__(
        self,
        address: RepositoryAddress,
        *,
        prompt: PasswordPrompt | None = None,
        check: bool = True,
    ) -> None:
        self.address = address
        self.engine: Engine = open_engine(address, prompt)
        self._id: str | None = None
        if check:
            with translated(address), self.engine.connect() as connection:
                check_schema(connection, address)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ set-up

    def initialise(self) -> tuple[str | None, str]:
        """Create or upgrade the schema (``repo init``); schema revisions before and after."""
        with translated(self.address):
            return initialise(self.engine, self.address)

    @property
    def id(self) -> str:
        """The repository's own identity (files remember it rather than a host name)."""
        if self._id is None:
            with translated(self.address), self.engine.connect() as connection:
                self._id = str(connection.scalar(select(RepositoryInfo.id)))
        return self._id

    # ------------------------------------------------------------------ reading

    def models(self) -> list[ModelSummary]:
        """Every model with its head revision, number of services and last save."""
        services = (
            select(func.count())
            .where(
                StoredEntity.model_id == StoredModel.id,
                StoredEntity.kind == "service",
                StoredEntity.content.is_not(None),
            )
            .scalar_subquery()
        )
        query = (
            select(StoredModel.name, StoredModel.head, services, StoredRevision.author,
                   StoredRevision.created_at)
            .outerjoin(
                StoredRevision,
                (StoredRevision.model_id == StoredModel.id)
                & (StoredRevision.number == StoredModel.head),
            )
            .order_by(StoredModel.name)
        )
        with translated(self.address), self.engine.connect() as connection:
            return [ModelSummary(*row) for row in connection.execute(query)]

    def snapshot(self, model: str, revision: int | None = None) -> Snapshot:
        """The model at ``revision`` (default: the latest)."""
        with translated(self.address), self.engine.connect() as connection:
            model_id, head = self._model(connection, model)
            if revision is None or revision == head:
                rows = connection.execute(
                    select(StoredEntity.kind, StoredEntity.key, StoredEntity.version,
                           StoredEntity.content).where(StoredEntity.model_id == model_id)
                )
                revision = head
            else:
                if not 0 <= revision <= head:
                    raise RepositoryError(
                        f"model '{model}' has no revision {revision} (its latest is {head})"
                    )
                latest = (
                    select(StoredChange.kind, StoredChange.key,
                           func.max(StoredChange.version).label("version"))
                    .where(StoredChange.model_id == model_id, StoredChange.revision <= revision)
                    .group_by(StoredChange.kind, StoredChange.key)
                    .subquery()
                )
                rows = connection.execute(
                    select(StoredChange.kind, StoredChange.key, StoredChange.version,
                           StoredChange.after).join(
                        latest,
                        (StoredChange.kind == latest.c.kind)
                        & (StoredChange.key == latest.c.key)
                        & (StoredChange.version == latest.c.version),
                    ).where(StoredChange.model_id == model_id)
                )
            entries = {(kind, key): Entry(version, content) for kind, key, version, content in rows}
        return Snapshot(model, revision, entries)

    def versions(self, model: str, wanted: Mapping[EntityKey, int]) -> dict[EntityKey, Entry]:
        """The content of each entity at the given version (for a base held apart)."""
        if not wanted:
            return {}
        with translated(self.address), self.engine.connect() as connection:
            model_id, _head = self._model(connection, model)
            rows = connection.execute(
                select(StoredChange.kind, StoredChange.key, StoredChange.version,
                       StoredChange.after).where(
                    StoredChange.model_id == model_id,
                    tuple_(StoredChange.kind, StoredChange.key, StoredChange.version).in_(
                        [(k, n, v) for (k, n), v in wanted.items()]
                    ),
                )
            )
            return {(kind, key): Entry(version, after) for kind, key, version, after in rows}

    def changed_since(
        self, model: str, revision: int, also: Iterable[EntityKey] = ()
    ) -> tuple[int, dict[EntityKey, Entry]]:
        """The head and the current entry of every entity changed after ``revision`` (and of
        the keys in ``also``)."""
        also = list(also)
        with translated(self.address), self.engine.connect() as connection:
            model_id, head = self._model(connection, model)
            condition = StoredEntity.revision > revision
            if also:
                condition = condition | tuple_(StoredEntity.kind, StoredEntity.key).in_(also)
            rows = connection.execute(
                select(StoredEntity.kind, StoredEntity.key, StoredEntity.version,
                       StoredEntity.content, StoredEntity.revision).where(
                    StoredEntity.model_id == model_id, condition)
            )
            found = {(kind, key): Entry(version, content, number)
                     for kind, key, version, content, number in rows}
        return head, found

    def authors(
        self, model: str, numbers: Iterable[int]
    ) -> dict[int, tuple[str, dt.datetime]]:
        """Who saved each of the revisions ``numbers``, and when."""
        wanted = [n for n in set(numbers) if n]
        if not wanted:
            return {}
        with translated(self.address), self.engine.connect() as connection:
            model_id, _head = self._model(connection, model)
            rows = connection.execute(
                select(StoredRevision.number, StoredRevision.author, StoredRevision.created_at)
                .where(StoredRevision.model_id == model_id, StoredRevision.number.in_(wanted))
            )
            return {number: (author, at) for number, author, at in rows}

    def history(self, model: str) -> list[RevisionInfo]:
        """Every revision of ``model``, newest first."""
        action = case(
            (StoredChange.before.is_(None), "added"),
            (StoredChange.after.is_(None), "removed"),
            else_="changed",
        )
        with translated(self.address), self.engine.connect() as connection:
            model_id, _head = self._model(connection, model)
            counts: dict[int, Counter[tuple[str, str]]] = {}
            rows = connection.execute(
                select(StoredChange.revision, StoredChange.kind, action, func.count())
                .where(StoredChange.model_id == model_id)
                .group_by(StoredChange.revision, StoredChange.kind, action)
            )
            for number, kind, verb, n in rows:
                counts.setdefault(number, Counter())[(verb, kind)] += n
            revisions = connection.execute(
                select(StoredRevision.number, StoredRevision.author, StoredRevision.account,
                       StoredRevision.created_at, StoredRevision.message)
                .where(StoredRevision.model_id == model_id)
                .order_by(StoredRevision.number.desc())
            )
            return [
                RevisionInfo(number, author, account, at, message, dict(counts.get(number, {})))
                for number, author, account, at, message in revisions
            ]

    def changes(self, model: str, revision: int) -> list[EntityChange]:
        """What ``revision`` changed, entity by entity, with contents before and after."""
        from models.comparison.records import KINDS

        with translated(self.address), self.engine.connect() as connection:
            model_id, head = self._model(connection, model)
            if not 1 <= revision <= head:
                raise RepositoryError(f"model '{model}' has no revision {revision}")
            rows = connection.execute(
                select(StoredChange.kind, StoredChange.key, StoredChange.before,
                       StoredChange.after).where(
                    StoredChange.model_id == model_id, StoredChange.revision == revision
                )
            )
            changes = [EntityChange((kind, key), before, after)
                       for kind, key, before, after in rows]
        return sorted(changes, key=lambda c: (KINDS.index(c.key[0]), c.key[1]))

    # ------------------------------------------------------------------ saving

    def save(
        self,
        model: str,
        *,
        base: BaseState,
        changes: Mapping[EntityKey, Any],
        message: str = "",
        author: str | None = None,
    ) -> SaveResult:
        """Save the user's changed entities (new content, ``None`` to remove) in one revision.

        Entities nobody else changed since ``base`` are saved; the others are returned
        as conflicts and left as they are in the repository.
        """
        model = check_model_name(model)
        with translated(self.address), self.engine.begin() as connection:
            set_lock_timeout(connection)
            model_id, head = self._lock_model(connection, model, base)
            fast = head == base.revision and not base.held
            if fast:
                # Nothing was saved since the user's base: the stored entries are the base.
                current = {key: base.entry(key) for key in changes}
            else:
                current = self._current(connection, model_id)
            result = SaveResult(None, head)
            accepted: dict[EntityKey, Any] = {}
            for key, mine in changes.items():
                stored = current.get(key, ABSENT)
                if stored.version == base.entry(key).version:
                    accepted[key] = mine
                elif stored.content == mine:
                    result.settled[key] = stored
                else:
                    result.conflicts.append(self._conflict(key, base, mine, stored))
            if not fast and accepted:
                contents = {k: e.content for k, e in current.items()}
                for key, reason in held_back(contents, accepted).items():
                    stored = current.get(key, ABSENT)
                    result.conflicts.append(
                        self._conflict(key, base, accepted.pop(key), stored, reason)
                    )
            if result.conflicts:
                self._describe_theirs(connection, model_id, result.conflicts)
            if accepted:
                result.revision = head + 1
                self._write(connection, model_id, result, current, accepted, message, author)
        return result

    def _lock_model(
        self, connection: Connection, model: str, base: BaseState
    ) -> tuple[int, int]:
        locked = select(StoredModel.id, StoredModel.head).where(StoredModel.name == model)
        row = connection.execute(locked.with_for_update()).first()
        if row is None:
            if base.revision != 0:
                raise RepositoryError(
                    f"model '{model}' is no longer in the repository at {self.address.where}"
                )
            connection.execute(
                pg_insert(StoredModel).values(name=model, head=0).on_conflict_do_nothing()
            )
            row = connection.execute(locked.with_for_update()).first()
            assert row is not None
        model_id, head = row
        if base.revision == 0 and head > 0:
            raise RepositoryError(
                f"model '{model}' already exists in the repository and this file was not "
                "opened from it, so its changes cannot be told from your colleagues'; pull "
                f"the model (integramap repo pull URL --model '{model}' OUT.imap), edit "
                "that copy and push it"
            )
        return model_id, head

    def _current(self, connection: Connection, model_id: int) -> dict[EntityKey, Entry]:
        rows = connection.execute(
            select(StoredEntity.kind, StoredEntity.key, StoredEntity.version,
                   StoredEntity.content, StoredEntity.revision).where(
                StoredEntity.model_id == model_id)
        )
        return {(kind, key): Entry(version, content, revision)
                for kind, key, version, content, revision in rows}

    def _conflict(
        self, key: EntityKey, base: BaseState, mine: Any, stored: Entry, reason: str = ""
    ) -> Conflict:
        return Conflict(key, base.entry(key).content, mine, stored, "", stored.revision,
                        None, reason)

    def _describe_theirs(
        self, connection: Connection, model_id: int, conflicts: list[Conflict]
    ) -> None:
        numbers = {c.revision for c in conflicts if c.revision}
        if not numbers:
            return
        rows = connection.execute(
            select(StoredRevision.number, StoredRevision.author, StoredRevision.created_at)
            .where(StoredRevision.model_id == model_id, StoredRevision.number.in_(numbers))
        )
        who = {number: (author, at) for number, author, at in rows}
        for index, conflict in enumerate(conflicts):
            author, at = who.get(conflict.revision, ("", None))
            conflicts[index] = Conflict(conflict.key, conflict.base, conflict.mine,
                                        conflict.theirs, author, conflict.revision, at,
                                        conflict.reason)

    def _write(
        self,
        connection: Connection,
        model_id: int,
        result: SaveResult,
        current: Mapping[EntityKey, Entry],
        accepted: Mapping[EntityKey, Any],
        message: str,
        author: str | None,
    ) -> None:
        number = result.revision
        assert number is not None
        connection.execute(
            pg_insert(StoredRevision).values(
                model_id=model_id,
                number=number,
                author=author or func.current_user(),
                message=message,
            )
        )
        entities: list[dict[str, Any]] = []
        changes: list[dict[str, Any]] = []
        for (kind, key), content in accepted.items():
            before = current.get((kind, key), ABSENT)
            version = before.version + 1
            result.saved[(kind, key)] = Entry(version, content, number)
            entities.append({"model_id": model_id, "kind": kind, "key": key,
                             "version": version, "revision": number, "content": content})
            changes.append({"model_id": model_id, "kind": kind, "key": key, "version": version,
                            "revision": number, "before": before.content, "after": content})
        if len(changes) > WRITE_BATCH:
            # A first push of a large model: COPY is several times faster than INSERT, and
            # each content is turned into JSON text once for both tables.
            texts = [_json(row["content"]) for row in entities]
            _copy(connection, StoredEntity.__tablename__,
                  ("model_id", "kind", "key", "version", "revision", "content"),
                  ((r["model_id"], r["kind"], r["key"], r["version"], r["revision"], text)
                   for r, text in zip(entities, texts, strict=True) if r["version"] == 1))
            _copy(connection, StoredChange.__tablename__,
                  ("model_id", "kind", "key", "version", "revision", "before", "after"),
                  ((r["model_id"], r["kind"], r["key"], r["version"], r["revision"],
                    _json(r["before"]), text)
                   for r, text in zip(changes, texts, strict=True)))
            entities = [row for row in entities if row["version"] != 1]
            changes = []
        upsert = pg_insert(StoredEntity)
        upsert = upsert.on_conflict_do_update(
            index_elements=[StoredEntity.model_id, StoredEntity.kind, StoredEntity.key],
            set_={
                "version": upsert.excluded.version,
                "revision": upsert.excluded.revision,
                "content": upsert.excluded.content,
            },
        )
        for start in range(0, len(entities), WRITE_BATCH):
            connection.execute(upsert, entities[start:start + WRITE_BATCH])
        if changes:
            connection.execute(pg_insert(StoredChange), changes)
        connection.execute(
            update(StoredModel).where(StoredModel.id == model_id).values(head=number)
        )

    # ------------------------------------------------------------------ internals

    def _model(self, connection: Connection, model: str) -> tuple[int, int]:
        row = connection.execute(
            select(StoredModel.id, StoredModel.head).where(StoredModel.name == model)
        ).first()
        if row is None:
            names = connection.scalars(select(StoredModel.name).order_by(StoredModel.name))
            known = ", ".join(f"'{n}'" for n in list(names)[:10]) or "none yet"
            raise RepositoryError(
                f"there is no model '{model}' in the repository at {self.address.where} "
                f"(models: {known})"
            )
        return int(row[0]), int(row[1])


def _json(content: Any) -> str | None:
    """A content as the text of a ``jsonb`` value (``None`` stays SQL NULL)."""
    return None if content is None else json.dumps(content, ensure_ascii=False)


def _copy(connection: Connection, table: str, columns: tuple[str, ...],
          rows: Iterable[tuple[Any, ...]]) -> None:
    """Write many new rows with PostgreSQL's COPY, inside the save's transaction."""
    names = ", ".join(f'"{name}"' for name in columns)
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
