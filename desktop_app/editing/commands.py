"""Every undoable edit of a document: the steps of :mod:`models.editing` as QUndoCommands.

What an edit does — the cascade of a delete, the re-pointing of a removed team, the boxes
a zone drag takes along — is worked out Qt-free in :mod:`models.editing`, and whether it
is allowed is the model's decision. A command adds what the undo stack needs: the text
of the Edit menu, merging (typing, nudging, dragging), and who started each application.

Each command reads what it needs from the model when it is created and keeps only ids and
values, so undo after undo after redo never touches a deleted ORM object or graphics item.
The model announces each redo and undo as change notices; the canvas and panels follow
those notices, commands never touch views.

:class:`DocumentEditor` applies a command once *before* pushing it, so an invalid edit
raises :class:`ModelError` to the caller and never reaches the undo stack; the stack's
first ``redo()`` is then skipped. That first application is announced with the
``origin`` the caller gave (the panel that made the edit); every later redo and undo with
the command itself, so the panel that made an edit can skip its own notices and still
follow the same change when it is undone or redone.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from PySide6.QtGui import QUndoCommand

from models.domain import Base, Integration, Model, Service, Waiver, ZonePolicy
from models.editing import (
    AddEntity,
    Area,
    PlaceService,
    Rect,
    Step,
    UpdateFields,
    area_of,
    delete_steps,
    entity_key,
    geometry_steps,
    move_steps,
    removal_steps,
    run,
    snapshot,
    update_steps,
    zone_area_steps,
)
from models.layout.geometry import Geometry

_MERGEABLE = 1
"""QUndoCommand id shared by commands that may merge; ``merge_key`` decides if they do."""


class EditCommand(QUndoCommand):
    """An undoable edit: ``steps`` forward on redo, their inverses backward on undo.

    Commands with equal ``merge_key`` whose steps touch the same things merge into one
    undo step keeping the first old values and the last new ones (typing, dragging).
    ``origin`` is who asked for the edit (announced with its first application only).
    """

    def __init__(
        self,
        model: Model,
        text: str,
        steps: Iterable[Step],
        *,
        merge_key: Hashable | None = None,
        origin: object | None = None,
    ) -> None:
        super().__init__(text)
        self._model = model
        self.steps: list[Step] = list(steps)
        self.merge_key = merge_key
        self.origin = origin
        self._applied = False

    def apply_first(self) -> None:
        """Make the edit now (raising ``ModelError`` if refused); the next redo is skipped."""
        run(self._model, self.steps, origin=self.origin)
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        run(self._model, self.steps, origin=self)

    def undo(self) -> None:
        run(self._model, [step.inverse() for step in reversed(self.steps)], origin=self)

    def id(self) -> int:
        return _MERGEABLE if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or other.merge_key != self.merge_key:
            return False
        mine = [getattr(s, "identity", None) for s in self.steps]
        if None in mine or mine != [getattr(s, "identity", None) for s in other.steps]:
            return False
        self.steps = [a.then(b) for a, b in zip(self.steps, other.steps, strict=True)]  # type: ignore[attr-defined]
        if all(s.old == s.new for s in self.steps):  # type: ignore[attr-defined]
            self.setObsolete(True)  # e.g. dragged back to where it started
        return True


# ---------------------------------------------------------------------- creating


class AddServiceCommand(EditCommand):
    """Create a service and place it in a view."""

    def __init__(self, model: Model, view_id: str, values: dict[str, Any], at: Rect,
                 *, origin: object | None = None) -> None:
        steps: list[Step] = [
            AddEntity(Service, values),
            PlaceService(view_id, values["id"], None, at),
        ]
        super().__init__(model, f"Add {values.get('name') or 'service'}", steps, origin=origin)


class ConnectCommand(EditCommand):
    """Create an integration between two existing services (the model refuses a link of
    a service with itself, or one that already exists, when the command is applied)."""

    def __init__(self, model: Model, values: dict[str, Any],
                 *, origin: object | None = None) -> None:
        super().__init__(model, "Connect services", [AddEntity(Integration, values)],
                         origin=origin)


class AddEntityCommand(EditCommand):
    """Add a team, zone, location, waiver, zone-policy pair (or any entity) as built."""

    def __init__(self, model: Model, obj: Base, *, text: str | None = None,
                 origin: object | None = None) -> None:
        text = text or _entity_text(model, obj, added=True)
        super().__init__(model, text, [AddEntity(type(obj), snapshot(obj))], origin=origin)


# ---------------------------------------------------------------------- changing


class UpdateCommand(EditCommand):
    """Change fields of one entity; consecutive edits of the same fields merge (typing)."""

    def __init__(self, model: Model, entity: type[Base], key: Hashable, values: dict[str, Any],
                 *, origin: object | None = None):
        fields = ", ".join(name.removesuffix("_id").replace("_", " ") for name in values)
        super().__init__(
            model,
            f"Edit {fields}",
            update_steps(model, entity, key, values),
            merge_key=("update", entity, key, frozenset(values)),
            origin=origin,
        )

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Merge typing even when only some keystrokes widened the box.

        Steps are matched by what they touch: the first old value and the last new one of
        each, and a step only one of the two edits made is kept as it is.
        """
        if not isinstance(other, UpdateCommand) or other.merge_key != self.merge_key:
            return False
        merged: dict[Hashable, Any] = {s.identity: s for s in self.steps}  # type: ignore[attr-defined]
        for step in other.steps:
            mine = merged.get(step.identity)  # type: ignore[attr-defined]
            merged[step.identity] = step if mine is None else mine.then(step)  # type: ignore[attr-defined]
        self.steps = list(merged.values())
        if all(s.old == s.new for s in self.steps):  # type: ignore[attr-defined]
            self.setObsolete(True)
        return True


class MoveCommand(EditCommand):
    """Move service boxes (keeping their sizes), optionally changing their zones too.

    A drag is pushed once on release; consecutive moves of the same services still merge
    (keyboard nudges). A move that also drops services into another zone is its own step.
    """

    def __init__(
        self,
        model: Model,
        view_id: str,
        positions: Mapping[str, tuple[float, float]],
        zones: Mapping[str, str | None] | None = None,
        *,
        origin: object | None = None,
    ) -> None:
        steps = move_steps(model, view_id, positions, zones)
        new_zones = [s.new["zone_id"] for s in steps if isinstance(s, UpdateFields)]
        if not new_zones:
            text = f"Move {_count(len(positions), 'service')}"
        elif any(z is not None for z in new_zones):
            text = "Move to zone"
        else:
            text = "Move out of zone"
        key = None if new_zones else ("move", view_id, frozenset(positions))
        super().__init__(model, text, steps, merge_key=key, origin=origin)


class ZoneAreaCommand(EditCommand):
    """Place, move or resize a zone's area; moving it takes its member services along."""

    def __init__(
        self, model: Model, view_id: str, zone_id: str, rect: Area, *,
        move_members: bool = True, origin: object | None = None,
    ) -> None:
        steps = zone_area_steps(model, view_id, zone_id, rect, move_members=move_members)
        old = area_of(model, view_id, zone_id)
        resized = old is not None and (rect[2], rect[3]) != (old[2], old[3])
        name = model.zones[zone_id].name or zone_id
        super().__init__(
            model,
            f"{'Resize' if resized else 'Move'} zone {name}",
            steps,
            merge_key=("zone-area", view_id, zone_id, move_members),
            origin=origin,
        )


class ApplyGeometryCommand(EditCommand):
    """Place every service and zone area of a view at once (auto-layout) as one step."""

    def __init__(self, model: Model, view_id: str, geometry: Geometry, *,
                 text: str = "Auto-layout", origin: object | None = None):
        super().__init__(model, text, geometry_steps(model, view_id, geometry), origin=origin)


# ---------------------------------------------------------------------- removing


class DeleteCommand(EditCommand):
    """Delete services and integrations with all they take along (see
    :mod:`models.editing.removal`); undo gives everything back field for field."""

    def __init__(self, model: Model, ids: Iterable[str], *, origin: object | None = None):
        ids = list(dict.fromkeys(ids))
        super().__init__(model, f"Delete {_count(len(ids), 'item')}", delete_steps(model, ids),
                         origin=origin)


class RemoveEntityCommand(EditCommand):
    """Remove a team, zone, location, waiver or policy pair, re-pointing what used it to
    ``reassign_to`` (or clearing it) in the same step (see :mod:`models.editing.removal`)."""

    def __init__(self, model: Model, obj: Base, *, reassign_to: str | None = None,
                 origin: object | None = None) -> None:
        steps = removal_steps(model, obj, reassign_to=reassign_to)
        super().__init__(model, _entity_text(model, obj, added=False), steps, origin=origin)


# ---------------------------------------------------------------------- Edit menu texts


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


_ENTITY_WORDS = {ZonePolicy: "zone policy"}


def _entity_text(model: Model, obj: Base, *, added: bool) -> str:
    """What the Edit menu calls adding or removing ``obj``: "Undo Allow DMZ → Internal"."""
    if isinstance(obj, ZonePolicy):
        pair = " → ".join(
            (zone.name or zone.id) if (zone := model.zones.get(zid)) is not None else zid
            for zid in (obj.from_zone_id, obj.to_zone_id)
        )
        return f"{'Allow' if added else 'Deny'} {pair}"
    if isinstance(obj, Waiver):
        return f"{'Waive' if added else 'Remove waiver of'} {obj.rule} on {obj.subject}"
    word = _ENTITY_WORDS.get(type(obj), type(obj).__name__.lower())
    label = getattr(obj, "name", "") or str(entity_key(obj))
    return f"{'Add' if added else 'Delete'} {word} {label}"
