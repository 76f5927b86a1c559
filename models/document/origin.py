"""Where a document came from when it was opened from a team repository.

A model opened from the repository and saved as an ``.imap`` file (for an offline
workshop, say) remembers the repository, the model's name there and the revision it is
based on, so a later push can tell the user's own edits from colleagues' and refuse to
overwrite what they changed meanwhile. ``held`` lists the few entities whose base is
another version than that revision's (saved by the user since, or in conflict).

The address is stored without any password: passwords are never written to a file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import Integer, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.domain import Base
from models.domain.fields import not_a_field

EntityKey = tuple[str, str]

_BOOKKEEPING = not_a_field("where the document came from: bookkeeping, not model content")


class RepositoryOrigin(Base):
    """The single row linking a document to a repository model (absent: a plain file)."""

    __tablename__ = "repository_origin"

    id: Mapped[int] = mapped_column(primary_key=True, default=1, info=_BOOKKEEPING)
    repository_id: Mapped[str] = mapped_column(Text, info=_BOOKKEEPING)
    address: Mapped[str] = mapped_column(Text, info=_BOOKKEEPING)
    model: Mapped[str] = mapped_column(Text, info=_BOOKKEEPING)
    revision: Mapped[int] = mapped_column(Integer, info=_BOOKKEEPING)
    held: Mapped[str] = mapped_column(Text, default="{}", info=_BOOKKEEPING)


@dataclass
class Origin:
    """A document's link to a repository model, as plain values."""

    repository_id: str
    address: str
    """The repository's URL without a password (``postgresql://ana@db/architecture``)."""
    model: str
    revision: int
    """The revision the document's base is: what it was opened at, or refreshed to."""
    held: dict[EntityKey, int] = field(default_factory=dict)
    """Entities whose base is another version than ``revision``'s: ``{(kind, key): version}``."""

    @property
    def reference(self) -> str:
        """``URL#MODEL``, as the command line takes it."""
        return f"{self.address}#{self.model}"


def read_origin(session: Session) -> Origin | None:
    """The document's origin, or ``None`` for a document that is not from a repository."""
    row = session.scalar(select(RepositoryOrigin).where(RepositoryOrigin.id == 1))
    if row is None:
        return None
    held = {
        (kind, key): int(version)
        for kind, versions in json.loads(row.held or "{}").items()
        for key, version in versions.items()
    }
    return Origin(row.repository_id, row.address, row.model, row.revision, held)


def write_origin(session: Session, origin: Origin | None) -> None:
    """Record (or, with ``None``, forget) where the document came from; the caller commits."""
    row = session.get(RepositoryOrigin, 1)
    if origin is None:
        if row is not None:
            session.delete(row)
        return
    held: dict[str, dict[str, int]] = {}
    for (kind, key), version in sorted(origin.held.items()):
        held.setdefault(kind, {})[key] = version
    values = {
        "repository_id": origin.repository_id,
        "address": origin.address,
        "model": origin.model,
        "revision": origin.revision,
        "held": json.dumps(held, sort_keys=True),
    }
    if row is None:
        session.add(RepositoryOrigin(id=1, **values))
    else:
        for name, value in values.items():
            setattr(row, name, value)
