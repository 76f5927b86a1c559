"""Bringing one side's changes into another state without breaking the model.

Two people's edits can each be valid and still clash when combined: one removes a
service while the other draws an integration to it, two people name a new team the
same. The version check (:mod:`models.repository.store`) catches edits of the *same*
entity; this module catches edits of *different* entities that do not fit together.

It puts the combined records together as one ``integramap/1`` document and lets the one
JSON reader — the same checks an import runs — judge it. A problem is traced back to the
entity it is about: if that entity is one of the incoming changes, that change is held
back; if it is an entity that stays, the incoming removal it relies on is held back.
Held-back changes become conflicts the user resolves; everything else goes through.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from models.comparison import Assembly, EntityKey, describe, references
from models.repository.errors import RepositoryError


@dataclass(frozen=True)
class Entry:
    """An entity's version and content (``None``: removed, or never existed at version 0)."""

    version: int
    content: Any
    revision: int = 0
    """The revision that made this version (0 where it does not matter)."""


ABSENT = Entry(0, None)


def held_back(current: Mapping[EntityKey, Any], incoming: Mapping[EntityKey, Any]) -> dict[
    EntityKey, str
]:
    """The incoming changes that cannot join ``current``, each with the reason.

    ``current`` holds the contents of every entity of the state being changed (``None``
    for removed ones); ``incoming`` the new contents of the changed entities.
    """
    refused: dict[EntityKey, str] = {}
    while True:
        accepted = {k: v for k, v in incoming.items() if k not in refused}
        merged = {**current, **accepted}
        assembly = Assembly(merged, last=accepted)
        problems = _problems(assembly)
        if not problems:
            return refused
        newly: dict[EntityKey, str] = {}
        for problem in problems:
            key = assembly.locate(problem)
            if key is None:
                raise RepositoryError(f"the combined model is not valid: {problem}")
            if key in accepted:
                newly.setdefault(key, _reason(problem, key))
                continue
            for needed in references(key, merged.get(key)):
                if needed in accepted and accepted[needed] is None:
                    newly.setdefault(needed, f"{describe(key)} still relies on it")
        if not newly:
            raise RepositoryError(f"the combined model is not valid: {problems[0]}")
        refused.update(newly)


def _problems(assembly: Assembly) -> list[str]:
    from models.interchange.json_reader import read

    _rows, _name, problems = read(assembly.document, "model")
    for key in assembly.orphan_boxes():
        view_id = key[1].split("/", 1)[0]
        problems.append(f"{key[0]}:{key[1]}: unknown view '{view_id}'")
    return problems


def _reason(problem: str, key: EntityKey) -> str:
    """``services[3].zone: unknown zone 'dmz'`` → ``zone: unknown zone 'dmz'``."""
    place, _, message = problem.partition(": ")
    field = place.split(".", 1)[1] if "." in place and not place.startswith("views[") else ""
    if key[0] in ("position", "zone_area"):
        field = ""
    return f"{field}: {message}" if field else message
