"""Change notices: what the model announces after every edit.

Views (the canvas, the inspector, the findings panel) subscribe to the model and update
from these notices instead of rebuilding or polling. A notice says *what* changed and *who
started it* (``origin``), so the widget that made an edit can skip refreshing itself
(:func:`started_by`) instead of keeping an "I am committing" flag.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Action(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class Change:
    """One entity was added, removed, or had ``fields`` changed.

    ``key`` identifies the entity: its ``id`` for services, integrations, zones, teams,
    locations and views; ``(rule, subject)`` for a waiver; ``(from, to)`` for a zone-policy
    pair; ``(view_id, service_id)`` / ``(view_id, zone_id)`` for view geometry; ``1`` for the
    single document-info and settings rows.
    """

    entity: type
    key: Any
    action: Action
    fields: frozenset[str] = field(default_factory=frozenset)
    origin: object | None = None
    """Who started the change: whatever the editing code passed — the panel that made an
    edit, the undo command being undone or redone — or ``None`` when nobody said."""


Listener = Callable[[Sequence[Change]], None]
"""Receives the changes of one edit (or one batch of edits) together, in order."""


def started_by(changes: Sequence[Change], origin: object) -> bool:
    """Whether ``origin`` started these changes (every one of them says so).

    A panel asks this about the notices it receives and skips refreshing itself from its
    own edits: it already shows what the user typed, with the caret where it is. The same
    change made by undo, redo or another panel carries another origin and is shown.
    """
    return bool(changes) and all(change.origin is origin for change in changes)
