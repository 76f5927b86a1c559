"""The team repository's tables in PostgreSQL, as a typed SQLAlchemy 2 mapping.

A repository holds any number of named models. Each entity of a model is one row of
:class:`StoredEntity` with a version number that grows with every change to it — the
basis of optimistic concurrency: a save names the version each changed entity had when
the user opened it, and a version that moved since is a conflict, not an overwrite. A
removed entity keeps its row (content ``NULL``) so its version goes on growing and an
entity re-created later is never mistaken for the one a colleague opened.

Every save is one :class:`StoredRevision` (author, time, message) with one
:class:`StoredChange` per entity it touched, holding the content before and after: the
history can say what changed, and any earlier revision can be rebuilt.

Contents are the entity's ``integramap/1`` JSON (see :mod:`models.comparison.records`)
in ``jsonb`` columns, so an administrator can also read them with ``psql``.

The schema is created and upgraded by the Alembic migrations in
``models/repository/migrations``; a test keeps them and this mapping identical.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import DateTime, ForeignKey, Index, Integer, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class RepositoryBase(DeclarativeBase):
    """Declarative base of the repository's tables (apart from the ``.imap`` document's)."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        Any: JSONB(none_as_null=True), dt.datetime: DateTime(timezone=True)
    }


class RepositoryInfo(RepositoryBase):
    """The single row naming this repository, so a file knows which one it came from
    however the server is addressed (host name, address, port forwarding)."""

    __tablename__ = "repository"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(server_default=func.now())


class StoredModel(RepositoryBase):
    """A named model; ``head`` is its latest revision number (0: nothing saved yet)."""

    __tablename__ = "model"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    head: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(server_default=func.now())


class StoredEntity(RepositoryBase):
    """The current content and version of one entity of a model (``NULL``: removed)."""

    __tablename__ = "entity"

    model_id: Mapped[int] = mapped_column(
        ForeignKey("model.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    """The revision that made this version."""
    content: Mapped[Any | None] = mapped_column()

    __table_args__ = (Index("entity_by_revision", "model_id", "revision"),)


class StoredRevision(RepositoryBase):
    """One save: who, when, why. ``author`` is the name shown; ``account`` the PostgreSQL
    role that wrote it, kept apart so a chosen display name never hides who saved."""

    __tablename__ = "revision"

    model_id: Mapped[int] = mapped_column(
        ForeignKey("model.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    author: Mapped[str] = mapped_column(Text)
    account: Mapped[str] = mapped_column(Text, server_default=func.current_user())
    created_at: Mapped[dt.datetime] = mapped_column(server_default=func.now())
    message: Mapped[str] = mapped_column(Text, default="")


class StoredChange(RepositoryBase):
    """One entity changed by one revision: its new version, content before and after."""

    __tablename__ = "revision_change"

    model_id: Mapped[int] = mapped_column(
        ForeignKey("model.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    before: Mapped[Any | None] = mapped_column()
    after: Mapped[Any | None] = mapped_column()

    __table_args__ = (Index("change_by_revision", "model_id", "revision"),)
