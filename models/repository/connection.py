"""Connecting to the PostgreSQL server, and saying in one line why it did not work.

psycopg 3 talks to the server through libpq, which already reads ``PGPASSWORD`` and
``~/.pgpass``; only when the server still asks for a password is the caller's prompt used
(a terminal prompt on the command line, a dialog in the editor), and the answer is kept
in memory for this connection only.

Every driver error is turned into a :class:`RepositoryError` naming the server, the
problem and the remedy; the password never appears in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from models.repository.address import RepositoryAddress
from models.repository.errors import ReadOnlyError, RepositoryError

PasswordPrompt = Callable[[str], "str | None"]
"""Asked ``"password for ana at db.example.org:5432/architecture"``; ``None`` gives up."""

CONNECT_OPTIONS: dict[str, Any] = {
    "connect_timeout": 10,
    "application_name": "integramap",
    # A server that vanishes without closing the connection (network cut, power loss) is
    # noticed within about half a minute instead of hanging a save for hours.
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}

LOCK_WAIT_SECONDS = 60
"""How long a save waits for another save of the same model before giving up."""


def open_engine(address: RepositoryAddress, prompt: PasswordPrompt | None = None) -> Engine:
    """An engine whose first connection has succeeded (asking for a password if needed)."""
    password = address.url.password
    for _attempt in range(3):
        options = dict(CONNECT_OPTIONS)
        if password is not None:
            options["password"] = str(password)
        engine = create_engine(
            address.without_password(),
            connect_args=options,
            pool_pre_ping=True,
            pool_size=1,
        )
        try:
            with engine.connect():
                return engine
        except SQLAlchemyError as exc:
            engine.dispose()
            if prompt is None or not _needs_password(exc):
                raise explain(exc, address) from None
            password = prompt(f"password for {address.url.username or 'you'} at "
                              f"{address.where}")
            if password is None:
                raise explain(exc, address) from None
    raise RepositoryError(
        f"PostgreSQL refused the password of user '{address.url.username}' at "
        f"{address.where} three times"
    )


@contextmanager
def translated(address: RepositoryAddress) -> Iterator[None]:
    """Turn any database error raised inside into a one-line :class:`RepositoryError`."""
    try:
        yield
    except RepositoryError:
        raise
    except (SQLAlchemyError, psycopg.Error) as exc:
        raise explain(exc, address) from None


def set_lock_timeout(connection: Connection) -> None:
    connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_WAIT_SECONDS}s'")


def _needs_password(exc: Exception) -> bool:
    text = _driver_text(exc)
    return "no password supplied" in text or "password authentication failed" in text


def _driver_text(exc: Exception) -> str:
    original = getattr(exc, "orig", None) or exc
    return str(original)


def _sqlstate(exc: Exception) -> str | None:
    original = getattr(exc, "orig", None) or exc
    return getattr(original, "sqlstate", None)


def explain(exc: Exception, address: RepositoryAddress) -> RepositoryError:
    """One line for the user from a driver error: what happened at which server, what to do."""
    text = _driver_text(exc)
    state = _sqlstate(exc) or ""
    where = address.where
    user = address.url.username or "(your login name)"
    if state == "42501" or "permission denied" in text:
        return ReadOnlyError(
            f"your account '{user}' may read the repository at {where} but not change it "
            "(PostgreSQL: permission denied); ask the repository's owner for write access"
        )
    if state in ("57P01", "57P02", "57P03") or _lost(text):
        return RepositoryError(
            f"the connection to the repository at {where} was lost (the server stopped or "
            "the network failed); nothing was saved there and your model is unchanged"
        )
    if state == "55P03" or "lock timeout" in text:
        return RepositoryError(
            f"the repository at {where} is busy: another save of this model has taken more "
            f"than {LOCK_WAIT_SECONDS} s; nothing was saved, try again"
        )
    if "password authentication failed" in text:
        return RepositoryError(
            f"PostgreSQL refused the password of user '{user}' at {where} (set PGPASSWORD, "
            "put it in ~/.pgpass, or type it when asked)"
        )
    if "no password supplied" in text:
        return RepositoryError(
            f"the server at {where} asks for the password of user '{user}' (set PGPASSWORD "
            "or put it in ~/.pgpass)"
        )
    if match := re.search(r'database "([^"]+)" does not exist', text):
        return RepositoryError(
            f"there is no database '{match.group(1)}' at {where} (create it with "
            f"createdb {match.group(1)}, then run integramap repo init)"
        )
    if match := re.search(r'role "([^"]+)" does not exist', text):
        return RepositoryError(f"the server at {where} has no user '{match.group(1)}'")
    if "Connection refused" in text or "No such file or directory" in text:
        return RepositoryError(
            f"cannot reach the repository at {where}: connection refused (is the PostgreSQL "
            "server running, and is the host and port right?)"
        )
    if "could not translate host name" in text or "Name or service not known" in text:
        return RepositoryError(f"cannot reach the repository at {where}: unknown host name")
    if "timeout expired" in text:
        return RepositoryError(f"cannot reach the repository at {where}: no answer in time")
    first_line = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return RepositoryError(
            f"the connection to the repository at {where} was lost ({first_line}); nothing "
            "was saved there and your model is unchanged"
        )
    return RepositoryError(f"the repository at {where} reported: {first_line}")


def _lost(text: str) -> bool:
    return any(
        words in text
        for words in (
            "server closed the connection",
            "terminating connection",
            "consuming input failed",
            "connection is closed",
            "the connection is lost",
            "SSL SYSCALL error",
        )
    )
