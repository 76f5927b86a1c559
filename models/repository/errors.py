"""The one error type for a repository that cannot be reached, read or written."""

from __future__ import annotations

from models.document.errors import DocumentError


class RepositoryError(DocumentError):
    """A repository operation failed; the message is one line for the user.

    It says what went wrong and what to do ("PostgreSQL refused the password of user
    'ana'…; set PGPASSWORD…"), never carries a password or a traceback, and nothing was
    changed: a save is one transaction, so it either happened completely or not at all.
    A subclass of :class:`DocumentError` so every caller that reports a file that cannot
    be opened reports a repository the same way.
    """


class ReadOnlyError(RepositoryError):
    """The account may read the repository but not change it (a reviewer's role)."""
