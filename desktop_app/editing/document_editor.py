"""The one way the editor changes a document: build a command, apply it, push it.

:class:`DocumentEditor` owns a document's undo stack. Every public edit method builds a
command from :mod:`desktop_app.editing.commands`, applies it once (so an invalid edit raises
:class:`ModelError` and never reaches the stack), pushes it, and commits the document so
the working copy on disk holds every completed edit — crash recovery depends on that.

Views never mutate the model: they call these methods and follow :attr:`changed`, the
model's change notices re-emitted as a Qt signal.

Every edit method takes ``origin``: who asks for the edit. A panel passes itself, and the
notices of that edit carry it (:attr:`Change.origin`), so the panel can skip what it
started itself — it already shows the value the user typed, caret and all — while it still
follows the same change made anywhere else. Undo and redo are announced with the undo
command as their origin, never the panel: an undone edit must be shown by the panel that
made it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from desktop_app.editing.commands import (
    AddEntityCommand,
    AddServiceCommand,
    ApplyGeometryCommand,
    ConnectCommand,
    DeleteCommand,
    EditCommand,
    MoveCommand,
    RemoveEntityCommand,
    UpdateCommand,
    ZoneAreaCommand,
)
from desktop_app.editing.fragments import copy_fragment, paste_steps
from models.document import Document
from models.domain import (
    Base,
    Change,
    Decision,
    Integration,
    IntegrationKind,
    Model,
    ModelError,
    Service,
    ServiceKind,
    Waiver,
    slugify,
    unique_slug,
)
from models.editing import AddEntity, decision_steps
from models.layout.label_width import box_width_for
from models.notation import LAYOUT_SERVICE_SIZE
from models.repository import Checkout


class DocumentEditor(QObject):
    """Undoable editing of one open document (one per window)."""

    changed = Signal(object)
    """``list[Change]`` of one edit, undo or redo (the model's notices, re-emitted); each
    says who started it (see the module docstring)."""
    modified_changed = Signal(bool)
    """The document gained or lost unsaved changes (undo stack left/reached clean)."""
    file_changed = Signal()
    """The document's path changed (Save As)."""

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model: Model = document.model
        self.view_id: str = self.model.default_view().id
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.undo_stack.indexChanged.connect(self._commit)
        self.model.subscribe(self._relay)
        self._following = True
        self.checkout: Checkout | None = None
        """The team-repository model this document is paired with (see desktop_app.repository)."""
        self.read_only: str | None = None
        """Why edits are refused (an earlier revision opened to read), or ``None``."""

    def close(self) -> None:
        """Stop following the model (before the document is closed)."""
        if self._following:
            self.model.unsubscribe(self._relay)
            self._following = False
        self.undo_stack.clear()

    # ------------------------------------------------------------------ file state

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def mark_saved(self) -> None:
        self.undo_stack.setClean()

    def mark_unsaved(self) -> None:
        """The document holds work that no ``.imap`` file has yet (an imported file,
        recovered work): it is unsaved until saved, even before the first edit, and
        undoing every edit does not make it saved."""
        self.undo_stack.resetClean()

    def save(self, path: str | Path | None = None, *, overwrite: bool = False) -> Path:
        """Save (atomically) to ``path`` or the current file; raises ``DocumentError``
        (``ChangedOnDisk`` when someone else saved the file meanwhile, unless
        ``overwrite``)."""
        before = self.document.path
        saved = self.document.save(path, overwrite=overwrite)
        self.mark_saved()
        if saved != before:
            self.file_changed.emit()
        return saved

    # ------------------------------------------------------------------ creating

    def add_service(
        self,
        kind: ServiceKind,
        pos: tuple[float, float],
        *,
        name: str | None = None,
        zone_id: str | None = None,
        centred: bool = False,
        origin: object | None = None,
    ) -> str:
        """Create a service with its box's top-left (or centre) at ``pos``; return its id.

        The box gets the size auto-layout would give it — wide enough for its name — and
        that size is saved, so the new box does not cut its name and never changes size
        when a later version picks another default.
        """
        kind = ServiceKind(kind)
        if name is None:
            names = {s.name for s in self.model.services.values()}
            name = kind.label
            n = 2
            while name in names:
                name, n = f"{kind.label} {n}", n + 1
        service_id = unique_slug(slugify(name, fallback=kind.value), self.model.taken_ids(Service))
        values = {"id": service_id, "name": name, "kind": kind, "zone_id": zone_id}
        width, height = box_width_for(name), LAYOUT_SERVICE_SIZE[1]
        x, y = pos
        if centred:
            x, y = x - width / 2, y - height / 2
        self._push(AddServiceCommand(self.model, self.view_id, values, (x, y, width, height),
                                     origin=origin))
        return service_id

    def connect(
        self, source_id: str, target_id: str, kind: IntegrationKind, *,
        origin: object | None = None,
    ) -> str:
        """Record that ``source_id`` relies on ``target_id`` for ``kind``; return the id."""
        kind = IntegrationKind(kind)
        base = slugify(f"{source_id}-{kind.value}-{target_id}"[:120], fallback="integration")
        integration_id = unique_slug(base, self.model.taken_ids(Integration))
        values = {"id": integration_id, "source_id": source_id, "target_id": target_id,
                  "kind": kind}
        self._push(ConnectCommand(self.model, values, origin=origin))
        return integration_id

    def add_entity(self, obj: Base, *, origin: object | None = None) -> None:
        """Add a new team, zone, location, zone-policy pair or waiver built by the caller."""
        self._push(AddEntityCommand(self.model, obj, origin=origin))

    def add_waiver(
        self, rule: str, subject: str, reason: str, accepted_by: str, expires: dt.date | None,
        *, origin: object | None = None,
    ) -> None:
        """Accept the risk of ``rule`` on ``subject`` until ``expires``."""
        waiver = Waiver(
            rule=rule, subject=subject, reason=reason, accepted_by=accepted_by, expires=expires
        )
        self._push(AddEntityCommand(self.model, waiver, text=f"Waive {waiver.rule}",
                                    origin=origin))

    def record_decision(self, values: dict[str, Any], *, origin: object | None = None) -> str:
        """Record (or change) a review decision with its action; accepting a finding also
        waives it, in the same undo step. Returns the decision's id."""
        steps = decision_steps(self.model, values)
        decision_id = next(
            (s.values["id"] for s in steps if isinstance(s, AddEntity) and s.entity is Decision),
            values.get("id"),
        )
        if steps:
            existing = values.get("id") in self.model.decisions
            text = "Change decision" if existing else "Record decision"
            self._push(EditCommand(self.model, text, steps, origin=origin))
        return str(decision_id)

    # ------------------------------------------------------------------ changing

    def update(
        self, entity: type[Base], key: Hashable, *, origin: object | None = None, **values: Any
    ) -> None:
        """Change fields of one entity; consecutive edits of the same fields merge."""
        command = UpdateCommand(self.model, entity, key, values, origin=origin)
        if all(s.old == s.new for s in command.steps):  # type: ignore[attr-defined]
            return
        self._push(command)

    def move(
        self,
        positions: Mapping[str, tuple[float, float]],
        *,
        zones: Mapping[str, str | None] | None = None,
        origin: object | None = None,
    ) -> None:
        """Move service boxes (top-left); ``zones`` also re-zones services in the same step."""
        command = MoveCommand(self.model, self.view_id, positions, zones, origin=origin)
        if all(s.old == s.new for s in command.steps):  # type: ignore[attr-defined]
            return
        self._push(command)

    def set_zone_area(
        self, zone_id: str, rect: Sequence[float], *, move_members: bool = True,
        origin: object | None = None,
    ) -> None:
        """Place, move or resize a zone's area; moving it moves its services too."""
        x, y, w, h = (float(v) for v in rect)
        command = ZoneAreaCommand(self.model, self.view_id, zone_id, (x, y, w, h),
                                  move_members=move_members, origin=origin)
        if all(s.old == s.new for s in command.steps):  # type: ignore[attr-defined]
            return
        self._push(command)

    def apply_geometry(self, geometry: Any, *, origin: object | None = None) -> None:
        """Place all services and zone areas from a computed layout, as one undo step."""
        command = ApplyGeometryCommand(self.model, self.view_id, geometry, origin=origin)
        if command.steps:
            self._push(command)

    # ------------------------------------------------------------------ removing

    def delete(self, ids: Iterable[str], *, origin: object | None = None) -> None:
        """Delete services and/or integrations; a service takes its integrations along."""
        ids = list(ids)
        if ids:
            self._push(DeleteCommand(self.model, ids, origin=origin))

    def remove_entity(
        self, obj: Base, *, reassign_to: str | None = None, origin: object | None = None
    ) -> None:
        """Delete a team, zone, location (re-pointing its services), policy pair or waiver."""
        self._push(RemoveEntityCommand(self.model, obj, reassign_to=reassign_to, origin=origin))

    def remove_waiver(self, rule: str, subject: str, *, origin: object | None = None) -> None:
        waiver = self.model.waivers.get((rule.strip().upper(), subject))
        if waiver is None:
            raise ModelError(f"there is no waiver for {rule} on {subject!r}")
        self._push(RemoveEntityCommand(self.model, waiver, origin=origin))

    # ------------------------------------------------------------------ clipboard

    def copy(self, ids: Iterable[str]) -> dict[str, Any]:
        """A fragment of the services among ``ids`` (see :mod:`fragments`); no edit."""
        return copy_fragment(self.model, self.view_id, ids)

    def paste(
        self, fragment: dict[str, Any], at: tuple[float, float] | None = None, *,
        origin: object | None = None,
    ) -> list[str]:
        """Add a copied fragment (from any document) as one step; return the new service ids."""
        steps, new_ids = paste_steps(self.model, self.view_id, fragment, at)
        if steps:
            self._push(EditCommand(self.model, f"Paste {len(new_ids)} services", steps,
                                   origin=origin))
        return new_ids

    # ------------------------------------------------------------------ internals

    def _push(self, command: EditCommand) -> None:
        if self.read_only:
            raise ModelError(self.read_only)
        command.apply_first()
        self.undo_stack.push(command)
        # A merged command does not always move the index; commit either way.
        self._commit()

    def _commit(self, *_: object) -> None:
        self.document.commit()

    def _clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    def _relay(self, changes: Sequence[Change]) -> None:
        self.changed.emit(list(changes))

