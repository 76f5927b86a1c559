"""What the File menu does with a team repository, for one window.

Open from Repository, Save to Repository (with the conflict dialog when a colleague
changed the same things), Refresh (colleagues' saved changes into the open model as one
undo step) and History (revisions; one opened read-only or compared with the model).

A model opened from a repository, or an ``.imap`` that remembers one, is paired with the
repository the first time it needs it (a password is asked for then, if the server wants
one). Problems are told in a message box naming what went wrong; the open model is never
changed by a failed operation.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop_app.files.file_commands import FileCommands, FileWindow
from desktop_app.files.opening import checkout_model
from desktop_app.repository.conflict_dialog import ConflictDialog
from desktop_app.repository.connecting import connect
from desktop_app.repository.history_dialog import HistoryDialog
from desktop_app.repository.open_dialog import OpenFromRepositoryDialog
from desktop_app.repository.repository_edit import apply_plan
from desktop_app.repository.save_dialog import SaveToRepositoryDialog
from models.comparison import EntityKey, model_records
from models.document import DocumentError
from models.document.origin import read_origin
from models.domain import slugify
from models.repository import Checkout, RepositoryError, SaveResult

if TYPE_CHECKING:
    from desktop_app.editing.document_editor import DocumentEditor

AUTHOR_KEY = "repository/author"
"""QSettings key of the name revisions are saved under (default: the PostgreSQL user)."""

MAX_ROUNDS = 3
"""Conflict dialogs in a row before giving up (colleagues saving the same item again)."""


def tell(parent: QWidget | None, title: str, text: str) -> None:
    """A problem, in a message box the user closes."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName("repository-problem-box")
    box.exec()


def author_name() -> str | None:
    value = QSettings().value(AUTHOR_KEY, "") or os.environ.get("INTEGRAMAP_AUTHOR", "")
    return str(value) if value else None


def repository_label(editor: DocumentEditor) -> str | None:
    """``northwind r4 @ db:5432/architecture`` (``read-only`` for an old revision), or
    ``None`` for a model that is not from a repository."""
    checkout = editor.checkout
    origin = checkout.origin if checkout is not None else read_origin(editor.document.session)
    if origin is None:
        return None
    where = origin.address.split("@", 1)[-1].split("://", 1)[-1]
    label = f"{origin.model} r{origin.revision} @ {where}"
    return f"{label} (read-only)" if editor.read_only else label


class RepositoryWindow(FileWindow, Protocol):
    """What the repository commands need of the window they work for."""

    files: FileCommands

    def show_problem(self, message: str) -> None: ...

    def refresh_actions(self) -> None: ...


class RepositoryCommands:
    """The repository operations of one editor window."""

    def __init__(self, window: RepositoryWindow) -> None:
        self.window = window

    # ------------------------------------------------------------------ opening

    def open_from_repository(self) -> bool:
        """Connect, pick a model, open its latest revision in this window."""
        dialog = OpenFromRepositoryDialog(self.window)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.repository is None:
                return False
            repository, name = dialog.repository, str(dialog.model)
        finally:
            dialog.deleteLater()
        if not self.window.files.maybe_save(before="opening another model"):
            return False
        try:
            checkout = checkout_model(repository, name, self.window.store)
        except DocumentError as exc:
            tell(self.window, "Cannot open the model", str(exc))
            return False
        self.window.load_document(checkout.document)
        self._attach(self.window.editor, checkout)
        self.window.statusBar().showMessage(
            f"Opened {name} at revision {checkout.origin.revision}", 6000)
        return True

    def open_revision(self, number: int) -> RepositoryWindow | None:
        """An earlier revision in a new window, read-only."""
        editor = self.window.editor
        checkout = editor.checkout if editor is not None else None
        if checkout is None:
            return None
        try:
            old = checkout_model(checkout.repository, checkout.origin.model, self.window.store,
                                 revision=number)
        except DocumentError as exc:
            tell(self.window, "Cannot open the revision", str(exc))
            return None
        window = cast(RepositoryWindow, self.window.spawn(old.document))
        assert window.editor is not None
        window.editor.read_only = (
            f"revision {number} of {old.origin.model} is open read-only; open the latest "
            "revision (File ▸ Open from Repository…) to edit"
        )
        self._attach(window.editor, old, window)
        return window

    # ------------------------------------------------------------------ saving

    def save_to_repository(self) -> bool:
        """Save this model's edits as a revision; conflicts open the conflict dialog."""
        editor = self.window.editor
        if editor is None:
            return False
        if editor.read_only:
            self.window.show_problem(editor.read_only)
            return False
        try:
            message: str | None = None
            checkout = editor.checkout or self._pair(editor)
            if checkout is None:
                new = self._new_model(editor)
                if new is None:
                    return False
                checkout, message = new
            edits = checkout.local_changes()
            changes = checkout.local_change_list(edits)
            if not changes:
                self._attach(editor, checkout)
                self.window.statusBar().showMessage(
                    f"Nothing to save: the repository has this model as it is "
                    f"(revision {checkout.origin.revision})", 6000)
                return True
            if message is None:
                dialog = SaveToRepositoryDialog(changes, self.window,
                                                target=checkout.origin.reference)
                accepted = dialog.exec() == QDialog.DialogCode.Accepted
                message = dialog.message.text()
                dialog.deleteLater()
                if not accepted:
                    return False
            self._attach(editor, checkout)
            return self._save(editor, checkout, message, edits)
        except RepositoryError as exc:
            tell(self.window, "Cannot save to the repository", str(exc))
            return False

    def _save(self, editor: DocumentEditor, checkout: Checkout, message: str,
              edits: Mapping[EntityKey, Any]) -> bool:
        result: SaveResult | None = None
        for round_number in range(MAX_ROUNDS):
            result = checkout.save(message, author=author_name(),
                                   changes=edits if round_number == 0 else None)
            if not result.conflicts:
                break
            dialog = ConflictDialog(result.conflicts, self.window)
            resolved = dialog.exec() == QDialog.DialogCode.Accepted
            choices = dialog.choices()
            dialog.deleteLater()
            if not resolved:
                break
            plan = checkout.plan_resolution(choices)
            count = len(choices)
            apply_plan(editor, checkout, plan,
                       f"Resolve {count} conflict{'s' if count != 1 else ''} with the repository")
        self._settle(editor, checkout)
        assert result is not None
        saved = f"Saved revision {result.revision} of {checkout.origin.model}" \
            if result.revision is not None else "Nothing new was saved"
        if result.conflicts:
            count = len(result.conflicts)
            self.window.show_problem(
                f"{saved}; {count} conflicting change{'s' if count != 1 else ''} not saved — "
                "Save to Repository again to choose what to keep")
            return False
        self.window.statusBar().showMessage(saved, 8000)
        return True

    # ------------------------------------------------------------------ refreshing

    def refresh(self) -> bool:
        """Bring colleagues' saved changes into the open model, as one undo step."""
        editor = self.window.editor
        if editor is None or editor.read_only:
            return False
        try:
            checkout = editor.checkout or self._pair(editor)
            if checkout is None:
                self.window.show_problem("This model is not from a repository: use Save to "
                                         "Repository to put it in one")
                return False
            before = checkout.origin.revision
            plan = checkout.plan_refresh()
            count = len(plan.incoming)
            applied = apply_plan(
                editor, checkout, plan,
                f"Refresh from repository: {count} change{'s' if count != 1 else ''} "
                f"(r{before} → r{plan.head})")
        except (RepositoryError, DocumentError) as exc:
            tell(self.window, "Cannot refresh from the repository", str(exc))
            return False
        self._settle(editor, checkout)
        text = (f"{count} change{'s' if count != 1 else ''} from colleagues applied "
                f"(revision {plan.head})" if applied else
                f"Up to date with revision {plan.head}")
        if plan.conflicts:
            n = len(plan.conflicts)
            text += (f"; {n} of your unsaved edits {'clashes' if n == 1 else 'clash'} with "
                     f"theirs and {'was' if n == 1 else 'were'} kept — Save to Repository to "
                     "choose")
        self.window.statusBar().showMessage(text, 10_000)
        return True

    # ------------------------------------------------------------------ history

    def history(self) -> HistoryDialog | None:
        """The model's revisions; one can be opened read-only or compared with this model."""
        editor = self.window.editor
        if editor is None:
            return None
        try:
            checkout = editor.checkout or self._pair(editor)
            if checkout is None:
                self.window.show_problem("This model is not from a repository: it has no "
                                         "history there")
                return None
            dialog = HistoryDialog(checkout.repository, checkout.origin.model,
                                   lambda: model_records(editor.model), self.window)
        except RepositoryError as exc:
            tell(self.window, "Cannot read the history", str(exc))
            return None
        dialog.open_requested.connect(self.open_revision)
        dialog.exec()
        dialog.deleteLater()
        return dialog

    # ------------------------------------------------------------------ internals

    def _pair(self, editor: DocumentEditor) -> Checkout | None:
        """Connect a document to the repository model it remembers (``None``: it
        remembers none)."""
        document = editor.document
        origin = read_origin(document.session)
        if origin is None:
            return None
        repository = connect(origin.address, self.window)
        return Checkout.attach(repository, document, origin.model)

    def _new_model(self, editor: DocumentEditor) -> tuple[Checkout, str] | None:
        """Ask where a model that is in no repository yet goes; the checkout and message."""
        from models.repository.address import check_model_name

        dialog = SaveToRepositoryDialog(
            [], self.window, model_name=slugify(editor.model.name, fallback="model"))
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            assert dialog.url is not None and dialog.model is not None
            url, name, message = dialog.url.text(), dialog.model.text(), dialog.message.text()
        finally:
            dialog.deleteLater()
        repository = connect(url, self.window)
        return Checkout.attach(repository, editor.document, check_model_name(name)), message

    def _attach(self, editor: DocumentEditor | None, checkout: Checkout,
                window: RepositoryWindow | None = None) -> None:
        if editor is None:
            return
        editor.checkout = checkout
        shown = window or self.window
        shown.update_title()
        shown.refresh_actions()

    def _settle(self, editor: DocumentEditor, checkout: Checkout) -> None:
        """An untitled repository model with nothing left to save is not "unsaved"."""
        if editor.document.path is None and not checkout.dirty:
            editor.mark_saved()
        self.window.update_title()
