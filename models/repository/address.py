"""Where a repository is: ``postgresql://user@host:port/database`` and ``URL#MODEL``.

The address is what people type and what files remember. It never keeps a password:
passwords come from ``PGPASSWORD``, ``~/.pgpass`` (both read by libpq itself) or a
prompt, and :attr:`RepositoryAddress.shown` — the only form ever written to a file, a
title bar or a message — has any password typed into the URL removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from models.repository.errors import RepositoryError

SCHEMES = ("postgresql", "postgres")
MAX_MODEL_NAME = 200


@dataclass(frozen=True)
class RepositoryAddress:
    """A parsed repository URL (with the password, if one was typed, kept apart)."""

    url: URL = field(repr=False)

    @classmethod
    def parse(cls, text: str) -> RepositoryAddress:
        """Read a ``postgresql://`` URL; raise :class:`RepositoryError` saying what is wrong."""
        text = text.strip()
        scheme = text.split("://", 1)[0].lower() if "://" in text else ""
        if scheme.split("+", 1)[0] not in SCHEMES:
            raise RepositoryError(
                f"'{_without_password(text)}' is not a PostgreSQL URL; "
                "write postgresql://user@host:port/database"
            )
        try:
            url = make_url(text)
        except (ArgumentError, ValueError):
            raise RepositoryError(
                f"'{_without_password(text)}' is not a valid URL; "
                "write postgresql://user@host:port/database"
            ) from None
        if not url.database:
            raise RepositoryError(
                f"'{_without_password(text)}' names no database; "
                "write postgresql://user@host:port/database"
            )
        return cls(url.set(drivername="postgresql+psycopg"))

    @property
    def shown(self) -> str:
        """The URL as people write it, without any password: safe to store and display."""
        return self.without_password("postgresql").render_as_string(hide_password=False)

    def without_password(self, drivername: str | None = None) -> URL:
        """The URL with no password in it (``URL.set`` cannot remove one)."""
        url = self.url
        return URL.create(drivername or url.drivername, url.username, None, url.host,
                          url.port, url.database, url.query)

    @property
    def database(self) -> str:
        return str(self.url.database)

    @property
    def where(self) -> str:
        """``host:port/database`` for messages."""
        host = self.url.host or "localhost"
        port = f":{self.url.port}" if self.url.port else ""
        return f"{host}{port}/{self.url.database}"


def split_model_reference(text: str) -> tuple[RepositoryAddress, str]:
    """``postgresql://…/db#Landscape`` → the address and the model name."""
    url, sep, name = text.partition("#")
    if not sep or not name.strip():
        raise RepositoryError(
            f"'{_without_password(text)}' names no model; write URL#MODEL, "
            "e.g. postgresql://host/architecture#landscape"
        )
    return RepositoryAddress.parse(url), check_model_name(name)


def is_repository_reference(text: str) -> bool:
    """Whether a command-line argument is a repository URL rather than a file name."""
    return text.split("://", 1)[0].lower().split("+", 1)[0] in SCHEMES and "://" in text


def check_model_name(name: str) -> str:
    """A model's name in the repository: any printable text up to 200 characters."""
    cleaned = name.strip()
    if not cleaned:
        raise RepositoryError("a model name must not be empty")
    if len(cleaned) > MAX_MODEL_NAME:
        raise RepositoryError(f"a model name has at most {MAX_MODEL_NAME} characters")
    if any(ord(c) < 32 or ord(c) == 127 for c in cleaned):
        raise RepositoryError("a model name must not contain control characters")
    return cleaned


def _without_password(text: str) -> str:
    """``text`` with a ``user:password@`` part reduced to ``user@`` for messages."""
    head, sep, rest = text.partition("://")
    if not sep or "@" not in rest.split("/", 1)[0]:
        return text
    credentials, _, host = rest.partition("@")
    return f"{head}://{credentials.split(':', 1)[0]}@{host}"
