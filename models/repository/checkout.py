"""A model opened from the repository: the document being edited and what it is based on.

A :class:`Checkout` pairs a :class:`~models.document.Document` with its *base*: the
version and content of every entity as the user last received them from the
repository. The user's own edits are exactly the entities whose content now differs
from the base, so a save sends only those, each with the version it was based on, and
a refresh brings in only what colleagues saved since — without touching anything the
user changed and has not saved.

The document records its origin (repository, model, base revision; see
:mod:`models.document.origin`), so a copy saved as ``.imap`` and edited offline can be
pushed later with the same conflict handling: the base contents are read back from the
repository's history by revision and version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.comparison import Assembly, EntityChange, EntityKey, compare, model_records
from models.document import Document
from models.document.origin import Origin, read_origin, write_origin
from models.editing.steps import Step
from models.repository.edits import run_steps, steps_for
from models.repository.errors import RepositoryError
from models.repository.merge import ABSENT, Entry, held_back
from models.repository.store import BaseState, Conflict, Repository, SaveResult, Snapshot


@dataclass
class RefreshPlan:
    """What a refresh would do: colleagues' changes to apply, and the ones that clash."""

    head: int
    incoming: dict[EntityKey, Any] = field(default_factory=dict)
    """New contents to apply (``None``: removed by a colleague)."""
    theirs: dict[EntityKey, Entry] = field(default_factory=dict)
    """The repository's entries behind ``incoming`` and the already agreeing entities."""
    conflicts: list[Conflict] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    """What applying the plan does to the model (reversible)."""
    resolved: dict[EntityKey, Entry] = field(default_factory=dict)
    """Conflicts the user resolved: from now on based on the colleague's version."""


def build_document(
    records: Mapping[EntityKey, Any], *, name: str, working_path: Path | None = None
) -> Document:
    """A new document from records, read and checked by the one JSON reader."""
    from models.interchange import InterchangeError
    from models.interchange.json_format import import_json

    try:
        return import_json(Assembly(records).document, name_hint=name,
                           working_path=working_path, source_name=name)
    except InterchangeError as exc:
        raise RepositoryError(
            f"model '{name}' in the repository cannot be read: {exc.problems[0]}"
        ) from None


class Checkout:
    """A document with a base in a repository model; saves and refreshes against it."""

    def __init__(
        self,
        repository: Repository,
        document: Document,
        origin: Origin,
        base: dict[EntityKey, Entry],
    ) -> None:
        self.repository = repository
        self.document = document
        self.origin = origin
        self.base = base

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        repository: Repository,
        model: str,
        *,
        revision: int | None = None,
        working_path: Path | None = None,
    ) -> Checkout:
        """The model at ``revision`` (default: the latest) as a new document."""
        snapshot = repository.snapshot(model, revision)
        document = build_document(snapshot.records, name=model, working_path=working_path)
        origin = Origin(repository.id, repository.address.shown, model, snapshot.revision)
        checkout = cls(repository, document, origin, dict(snapshot.entries))
        checkout._record_origin()
        return checkout

    @classmethod
    def attach(cls, repository: Repository, document: Document, model: str) -> Checkout:
        """Pair an open document with ``model``: the model it came from (its origin is
        checked), or a new model for a document that came from no repository."""
        origin = read_origin(document.session)
        if origin is None:
            origin = Origin(repository.id, repository.address.shown, model, 0)
            return cls(repository, document, origin, {})
        if origin.repository_id != repository.id:
            raise RepositoryError(
                f"this model was opened from another repository ({origin.address}); "
                "push it there, or pull this repository's model and copy your changes into it"
            )
        if origin.model != model:
            raise RepositoryError(
                f"this model was opened from the repository's model '{origin.model}', not "
                f"'{model}'; push it with --model '{origin.model}'"
            )
        origin.address = repository.address.shown
        snapshot = repository.snapshot(origin.model, origin.revision)
        base = dict(snapshot.entries)
        held = {k: v for k, v in origin.held.items() if v > 0}
        base.update(repository.versions(origin.model, held))
        for key, version in origin.held.items():
            if version == 0:
                base.pop(key, None)
        return cls(repository, document, origin, base)

    # ------------------------------------------------------------------ comparing

    def local_changes(self) -> dict[EntityKey, Any]:
        """The user's edits since the base: new content per entity (``None``: removed)."""
        local = model_records(self.document.model)
        keys = set(local) | {k for k, e in self.base.items() if e.content is not None}
        return {
            key: local.get(key)
            for key in keys
            if local.get(key) != self.base.get(key, ABSENT).content
        }

    def local_change_list(
        self, changes: Mapping[EntityKey, Any] | None = None
    ) -> list[EntityChange]:
        """:meth:`local_changes` (or ``changes``, just computed) with their base contents,
        for showing."""
        base = {k: e.content for k, e in self.base.items() if e.content is not None}
        if changes is None:
            changes = self.local_changes()
        return compare(base, {**base, **changes})

    @property
    def dirty(self) -> bool:
        """Whether the user has edits the repository does not have yet."""
        return bool(self.local_changes())

    # ------------------------------------------------------------------ saving

    def save(
        self,
        message: str = "",
        *,
        author: str | None = None,
        changes: Mapping[EntityKey, Any] | None = None,
    ) -> SaveResult:
        """Save the user's edits as one revision; conflicting entities are returned, not saved.

        On success the base moves on for everything saved; the document's origin is
        updated and committed to its working copy (the caller saves its file, if any).
        ``changes`` are :meth:`local_changes` when the caller has just computed them
        (reading a large model's edits takes a second).
        """
        changes = self.local_changes() if changes is None else changes
        if not changes:
            return SaveResult(None, self.origin.revision)
        base = BaseState(
            self.origin.revision,
            {key: self.base.get(key, ABSENT) for key in changes},
            set(self.origin.held),
        )
        result = self.repository.save(
            self.origin.model, base=base, changes=changes, message=message, author=author
        )
        moved = {**result.saved, **result.settled}
        self.base.update(moved)
        if result.head_before == self.origin.revision:
            # Nobody else saved since the base: the new revision is the base plus this
            # save, so what was saved is no longer an exception to it.
            for key in moved:
                self.origin.held.pop(key, None)
            self.origin.revision = result.revision or self.origin.revision
        else:
            self.origin.held.update({key: entry.version for key, entry in moved.items()})
        self._record_origin()
        return result

    # ------------------------------------------------------------------ refreshing

    def plan_refresh(self) -> RefreshPlan:
        """What colleagues saved since the base, split into what can be applied and what
        clashes with the user's unsaved edits (nothing is changed yet)."""
        head, stored = self.repository.changed_since(
            self.origin.model, self.origin.revision, also=self.origin.held
        )
        local = model_records(self.document.model)
        plan = RefreshPlan(head)
        clashing: dict[EntityKey, Entry] = {}
        for key, theirs in stored.items():
            base = self.base.get(key, ABSENT)
            if theirs.version == base.version:
                continue  # the user's own save, already in the base
            mine = local.get(key)
            if mine == base.content:
                plan.incoming[key] = theirs.content
                plan.theirs[key] = theirs
            elif mine == theirs.content:
                plan.theirs[key] = theirs
            else:
                clashing[key] = theirs
        for key, reason in held_back(local, plan.incoming).items():
            plan.incoming.pop(key)
            plan.conflicts.append(self._conflict(key, local.get(key), plan.theirs.pop(key), reason))
        plan.conflicts += [self._conflict(k, local.get(k), e) for k, e in clashing.items()]
        self._name_authors(plan.conflicts)
        if plan.incoming:
            target = {**local, **plan.incoming}
            plan.steps = steps_for(self.document.model, target, plan.incoming)
        return plan

    def refresh(self) -> RefreshPlan:
        """Apply colleagues' changes that do not clash (directly; the editor uses
        :meth:`plan_refresh` and :meth:`complete_refresh` around its undoable command)."""
        plan = self.plan_refresh()
        run_steps(self.document.model, plan.steps)
        self.complete_refresh(plan)
        return plan

    def complete_refresh(self, plan: RefreshPlan) -> None:
        """Move the base to the head for everything the plan applied or found agreeing."""
        self.base.update(plan.theirs)
        self.origin.revision = plan.head
        self.origin.held = {c.key: self.base.get(c.key, ABSENT).version for c in plan.conflicts}
        for key, theirs in plan.resolved.items():
            # The next save writes the chosen content over theirs knowingly.
            self.base[key] = theirs
            self.origin.held[key] = theirs.version
        self._record_origin()

    def base_state(self) -> tuple[int, dict[EntityKey, int], dict[EntityKey, Entry]]:
        """The base as plain values (revision, held versions, entries), to restore on undo."""
        return self.origin.revision, dict(self.origin.held), dict(self.base)

    def restore_base(self, state: tuple[int, dict[EntityKey, int], dict[EntityKey, Entry]]) -> None:
        self.origin.revision, held, base = state
        self.origin.held = dict(held)
        self.base = dict(base)
        self._record_origin()

    # ------------------------------------------------------------------ resolving

    def plan_resolution(self, choices: Sequence[tuple[Conflict, Any]]) -> RefreshPlan:
        """A refresh that also gives each conflicting entity the content the user chose
        (mine, theirs or a field-by-field mix; ``None`` removes it).

        Colleagues' other changes come along, so choosing their removal of a service also
        brings their removal of its integrations.
        """
        plan = self.plan_refresh()
        chosen = {conflict.key: content for conflict, content in choices}
        plan.conflicts = [c for c in plan.conflicts if c.key not in chosen]
        target = {**model_records(self.document.model), **plan.incoming}
        for key, content in chosen.items():
            if content is None:
                target.pop(key, None)
            else:
                target[key] = content
        plan.steps = steps_for(self.document.model, target, set(plan.incoming) | set(chosen))
        plan.resolved = {conflict.key: conflict.theirs for conflict, _content in choices}
        return plan

    def resolve(self, conflict: Conflict, content: Any) -> RefreshPlan:
        """Resolve one conflict directly (not undoable; the editor uses
        :meth:`plan_resolution` and :meth:`complete_refresh` in an undoable command)."""
        plan = self.plan_resolution([(conflict, content)])
        run_steps(self.document.model, plan.steps)
        self.complete_refresh(plan)
        return plan

    # ------------------------------------------------------------------ internals

    def _conflict(
        self, key: EntityKey, mine: Any, theirs: Entry, reason: str = ""
    ) -> Conflict:
        return Conflict(key, self.base.get(key, ABSENT).content, mine, theirs, "",
                        theirs.revision, None, reason)

    def _name_authors(self, conflicts: list[Conflict]) -> None:
        if not conflicts:
            return
        who = self.repository.authors(self.origin.model, {c.revision for c in conflicts})
        for index, c in enumerate(conflicts):
            author, at = who.get(c.revision, ("", None))
            conflicts[index] = Conflict(c.key, c.base, c.mine, c.theirs, author, c.revision,
                                        at, c.reason)

    def _record_origin(self) -> None:
        write_origin(self.document.session, self.origin)
        self.document.commit()


def open_revision(repository: Repository, model: str, revision: int | None = None) -> Document:
    """A model at a revision as a plain document in memory (for reading, checking)."""
    snapshot: Snapshot = repository.snapshot(model, revision)
    return build_document(snapshot.records, name=model)


def describe_when(at: dt.datetime | None) -> str:
    """A revision's time in the local time zone, to the minute."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at is not None else ""
