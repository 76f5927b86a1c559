"""Errors raised when an edit or a document would break a domain invariant."""

from __future__ import annotations


class ModelError(ValueError):
    """An edit was refused because it would break an invariant of the model.

    The message is written for the user ("instances must be at least 1, not 0"); the
    model is left exactly as it was before the refused edit.
    """
