"""The one error type for a document that cannot be opened or saved."""

from __future__ import annotations

from models.domain.values import echo

MESSAGE_LIMIT = 2_000
"""No one-problem message is longer than this: it is read in a dialog or on one screen."""


class DocumentError(Exception):
    """A file could not be opened, imported or saved.

    The message is for the user: it names the file and the problem ("… was written by a
    newer version of Integramap") and never carries a traceback. Whatever was open before
    stays open; the file named is left untouched. Whatever the message repeats from a file
    (a name, a value, an object in it) arrives escaped and shortened: each line passes
    through :func:`~models.domain.values.echo`, so a message never carries a control
    character other than its own line breaks, nor more than :data:`MESSAGE_LIMIT`
    characters.
    """

    def __init__(self, message: str, *, limit: int = MESSAGE_LIMIT) -> None:
        super().__init__(safe_message(message, limit))


def safe_message(message: str, limit: int = MESSAGE_LIMIT) -> str:
    """``message`` with every line escaped (see ``echo``) and the whole at most ``limit``."""
    lines = message[: limit + 1].split("\n")
    return "\n".join(echo(line, limit) for line in lines)[:limit]


class ChangedOnDisk(DocumentError):
    """The file was changed by someone else since it was opened or last saved here.

    Saving over it would silently discard their work (two editors on one file, a sync
    tool, a colleague on a shared drive). The caller decides: reload, save elsewhere, or
    save again with ``overwrite=True``.
    """
