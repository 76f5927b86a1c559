"""Change notices: what the model announces after every edit.

Views (the canvas, the inspector, the findings panel) subscribe to the model and update
from these notices instead of rebuilding or polling. A notice says *what* changed and *who
started it* (``origin``), so the widget that made an edit can skip refreshing itself.
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


Listener = Callable[[Sequence[Change]], None]
"""Receives the changes of one edit (or one batch of edits) together, in order."""
