"""The one error type for a document that cannot be opened or saved."""

from __future__ import annotations


class DocumentError(Exception):
    """A file could not be opened, imported or saved.

    The message is for the user: it names the file and the problem ("… was written by a
    newer version of Integramap") and never carries a traceback. Whatever was open before
    stays open; the file named is left untouched.
    """
