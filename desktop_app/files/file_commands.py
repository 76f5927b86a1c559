"""What the File menu does for one window: new, open, save, import, export, close prompts.

Opening never disturbs the document already open until the new one has loaded: a file
that cannot be read is reported and the window keeps what it had.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QFileDialog, QStatusBar

from desktop_app.files import opening
from desktop_app.files.pdf_export import PdfExport
from desktop_app.files.prompts import (
    ChangedChoice,
    UnsavedChoice,
    ask_changed_on_disk,
    ask_unsaved_changes,
    show_error,
)
from desktop_app.files.recent import forget_file, last_folder, remember_file, remember_folder
from desktop_app.files.recovery import RecoveryStore
from desktop_app.windows import DocumentWindow, window_showing
from models.document import SUFFIX, ChangedOnDisk, Document, DocumentError
from models.domain import Model, slugify
from models.interchange import write_text_file

MODEL_FILTER = (
    "Integramap models (*.imap *.json *.dot *.gv);;Integramap documents (*.imap);;"
    "JSON interchange (*.json);;Graphviz DOT (*.dot *.gv);;All files (*)"
)
IMPORT_FILTER = "JSON interchange (*.json);;Graphviz DOT (*.dot *.gv);;All files (*)"
DOCUMENT_FILTER = "Integramap documents (*.imap)"


class FileWindow(DocumentWindow, Protocol):
    """What the file commands need of the window they work for (also the parent of their
    dialogs)."""

    store: RecoveryStore

    def load_document(self, document: Document, *, unsaved: bool = False) -> None: ...

    def spawn(self, document: Document, *, unsaved: bool = False) -> DocumentWindow: ...

    def update_title(self) -> None: ...

    def statusBar(self) -> QStatusBar: ...


class FileCommands:
    """The file operations of one editor window."""

    def __init__(self, window: FileWindow) -> None:
        self.window = window
        self.exports: list[PdfExport] = []
        """PDF exports running now (kept alive until they finish)."""

    @property
    def store(self) -> RecoveryStore:
        return self.window.store

    # ------------------------------------------------------------------ new / open

    def new(self) -> bool:
        """Replace this window's model with an empty one (after the unsaved-changes prompt)."""
        if not self.maybe_save(before="starting a new model"):
            return False
        return self._load(lambda: opening.new_model(self.store), title="Cannot create a model")

    def new_window(self) -> DocumentWindow | None:
        """Another window with an empty model (copy and paste work between windows)."""
        try:
            document = opening.new_model(self.store)
        except DocumentError as exc:
            show_error(self.window, "Cannot create a model", str(exc))
            return None
        return self.window.spawn(document)

    def open(self, path: Path | str | None = None, *, new_window: bool = False) -> bool:
        """Open a model file here (or in a new window); errors leave this window as it was."""
        if path is None:
            path = self._ask_open("Open model", MODEL_FILTER)
            if path is None:
                return False
        path = Path(path)
        showing = window_showing(path)
        if showing is not None:
            # Two windows on one file would each save over the other's edits.
            showing.show()
            showing.raise_()
            showing.activateWindow()
            return True
        if not new_window and not self.maybe_save(before="opening another model"):
            return False
        try:
            document = opening.open_model_file(path, self.store)
        except DocumentError as exc:
            if not path.exists():
                forget_file(path)
            text = str(exc)
            # Most messages already start with the file's name; say it once.
            message = text if text.startswith(path.name) else (
                f"{path.name} could not be opened.\n\n{text}")
            show_error(self.window, "Cannot open file", message)
            return False
        if document.path is not None:
            remember_file(document.path)
        # An imported .json or .dot file is an untitled model no .imap holds yet: it is
        # unsaved work from the start (title `*`, asked about before closing).
        imported = document.path is None
        if new_window:
            self.window.spawn(document, unsaved=imported)
        else:
            self.window.load_document(document, unsaved=imported)
        return True

    def import_file(self) -> bool:
        """Import a ``.json`` or ``.dot`` file as a new untitled model in this window."""
        path = self._ask_open("Import model", IMPORT_FILTER)
        return self.open(path) if path is not None else False

    # ------------------------------------------------------------------ save

    def save(self) -> bool:
        """Save to the document's file, or ask for one when it has none; True when saved."""
        editor = self.window.editor
        if editor is None:
            return False
        path = editor.document.path
        if path is None or path.suffix.lower() != SUFFIX:
            return self.save_as()
        return self._save_to(path)

    def save_as(self) -> bool:
        editor = self.window.editor
        if editor is None:
            return False
        document = editor.document
        start = document.path.with_suffix(SUFFIX) if document.path else self._default_path()
        path = self._ask_save("Save model as", start, DOCUMENT_FILTER)
        if path is None:
            return False
        if path.suffix.lower() != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        return self._save_to(path)

    def maybe_save(self, *, before: str = "closing") -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True to go ahead."""
        editor = self.window.editor
        if editor is None or not editor.is_modified():
            return True
        choice = ask_unsaved_changes(self.window, editor.model.name, before)
        if choice is UnsavedChoice.SAVE:
            return self.save()
        return choice is UnsavedChoice.DISCARD

    # ------------------------------------------------------------------ export

    def export_json(self) -> bool:
        from models.interchange.json_format import export_json

        return self._export("Export JSON", "JSON interchange (*.json)", ".json", export_json)

    def export_dot(self) -> bool:
        from models.interchange.dot_format import export_dot

        return self._export("Export Graphviz DOT", "Graphviz DOT (*.dot *.gv)", ".dot", export_dot)

    def export_pdf(self) -> PdfExport | None:
        """Write the design-review PDF in a worker thread behind a cancellable progress dialog."""
        editor = self.window.editor
        if editor is None:
            return None
        start = self._default_path().with_suffix(".pdf")
        path = self._ask_save("Export design-review PDF", start, "PDF documents (*.pdf)")
        if path is None:
            return None
        path = path if path.suffix else path.with_suffix(".pdf")
        try:
            export = PdfExport(editor, path, as_of=dt.date.today(), parent=self.window)
        except (DocumentError, OSError) as exc:
            show_error(self.window, "Cannot export", str(exc))
            return None
        export.finished.connect(lambda outcome: self._pdf_finished(export, outcome))
        self.exports.append(export)
        export.start()
        return export

    def _pdf_finished(self, export: PdfExport, outcome: str) -> None:
        if export in self.exports:
            self.exports.remove(export)
        bar = self.window.statusBar()
        if outcome == "succeeded":
            bar.showMessage(f"Exported {export.out.name}", 6000)
        elif outcome == "cancelled":
            bar.showMessage("PDF export cancelled", 6000)
        else:
            show_error(self.window, "Cannot export", export.message)
        export.wait()
        export.deleteLater()

    # ------------------------------------------------------------------ internals

    def _save_to(self, path: Path) -> bool:
        editor = self.window.editor
        assert editor is not None
        showing = window_showing(path)
        if showing is not None and showing is not self.window:
            show_error(
                self.window,
                "Cannot save",
                f"{path.name} is open in another window. Saving here would replace the "
                "work in that window; close it there first or choose another name.",
            )
            return False
        try:
            saved = editor.save(path)
        except ChangedOnDisk:
            return self._save_over_changes(path)
        except DocumentError as exc:
            show_error(self.window, "Cannot save", str(exc))
            return False
        self._saved(saved)
        return True

    def _saved(self, saved: Path) -> None:
        editor = self.window.editor
        assert editor is not None
        remember_file(saved)
        if editor.document.working_path is not None:
            self.store.record(
                editor.document.working_path, original=saved, name=editor.model.name
            )
        self.window.update_title()

    def _save_over_changes(self, path: Path) -> bool:
        """Someone else saved the file since it was opened here: ask what to do."""
        editor = self.window.editor
        assert editor is not None
        choice = ask_changed_on_disk(self.window, path.name)
        if choice is ChangedChoice.SAVE_AS:
            return self.save_as()
        if choice is ChangedChoice.RELOAD:
            editor.mark_saved()  # the user chose to discard the unsaved edits
            if not self._load(lambda: opening.open_model_file(path, self.store),
                              title="Cannot reload"):
                return False
            self.window.statusBar().showMessage(f"Reloaded {path.name} from disk", 6000)
            return False
        if choice is ChangedChoice.OVERWRITE:
            try:
                saved = editor.save(path, overwrite=True)
            except DocumentError as exc:
                show_error(self.window, "Cannot save", str(exc))
                return False
            self._saved(saved)
            return True
        return False

    def _load(self, make: Callable[[], Document], *, title: str) -> bool:
        try:
            document = make()
        except DocumentError as exc:
            show_error(self.window, title, str(exc))
            return False
        self.window.load_document(document)
        return True

    def _export(
        self, title: str, filter_: str, suffix: str, render: Callable[[Model], str]
    ) -> bool:
        editor = self.window.editor
        if editor is None:
            return False
        start = self._default_path().with_suffix(suffix)
        path = self._ask_save(title, start, filter_)
        if path is None:
            return False
        if not path.suffix:
            path = path.with_suffix(suffix)
        try:
            write_text_file(render(editor.model), path)
        except (DocumentError, OSError) as exc:
            message = f"{path.name} could not be written.\n\n{exc}"
            show_error(self.window, "Cannot export", message)
            return False
        self.window.statusBar().showMessage(f"Exported {path.name}", 5000)
        return True

    def _ask_open(self, title: str, filter_: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.window, title, str(self._start_dir()), filter_)
        if not name:
            return None
        remember_folder(Path(name))
        return Path(name)

    def _ask_save(self, title: str, start: Path, filter_: str) -> Path | None:
        """The file the user chose to write (starting at ``start``); ``None``: cancelled."""
        name, _ = QFileDialog.getSaveFileName(self.window, title, str(start), filter_)
        if not name:
            return None
        remember_folder(Path(name))
        return Path(name)

    def _start_dir(self) -> Path:
        """Where dialogs start: the document's folder, else the folder last chosen in any
        file dialog, else the home folder."""
        editor = self.window.editor
        if editor is not None and editor.document.path is not None:
            return editor.document.path.parent
        return last_folder() or Path.home()

    def _default_path(self) -> Path:
        editor = self.window.editor
        if editor is not None and editor.document.path is not None:
            return editor.document.path
        name = editor.model.name if editor is not None else "model"
        return self._start_dir() / f"{slugify(name, fallback='model')}{SUFFIX}"

