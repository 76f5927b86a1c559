"""Opening documents into working copies: a file, a new model, the example, recovered work.

Every function here returns a :class:`Document` whose working copy lives in the recovery
folder and is recorded there, so from its first moment the document survives a crash. On
failure the working copy is removed again and :class:`DocumentError` (with a message for
the user) is raised.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop_app.files.recovery import Leftover, RecoveryStore
from models.document import Document, DocumentError, remove_stale_temporaries
from models.interchange import load_model_file
from models.repository import Checkout, Repository
from models.resource_files import resource_path

EXAMPLE_PATH = resource_path("examples", "landscape.json")
"""The bundled example; it is imported into an untitled copy, never opened in place."""


def open_model_file(path: Path, store: RecoveryStore) -> Document:
    """Open an ``.imap`` file, or import a ``.json``/``.dot`` file into an untitled document.

    Temporaries that a killed save of this file left beside it are removed first (the
    editor is about to save there; ``integramap check`` never writes beside its input).
    """
    if path.suffix.lower() == ".imap":
        remove_stale_temporaries(path)
    return _into_working_copy(store, lambda working: load_model_file(path, working_path=working))


def new_model(store: RecoveryStore, *, name: str = "Untitled model") -> Document:
    """An empty, untitled model."""
    return _into_working_copy(store, lambda working: Document.new(name=name, working_path=working))


def example_model(store: RecoveryStore) -> Document:
    """An untitled copy of the bundled example (the shipped file is only read)."""
    if not EXAMPLE_PATH.exists():
        return new_model(store)
    document = open_model_file(EXAMPLE_PATH, store)
    document.path = None
    return document


def checkout_model(
    repository: Repository, model: str, store: RecoveryStore, *, revision: int | None = None
) -> Checkout:
    """A team repository's model (its latest revision, or ``revision``) in a working copy;
    the copy remembers the repository, so recovered work can still be saved there."""
    opened: list[Checkout] = []

    def make(working: Path) -> Document:
        opened.append(Checkout.open(repository, model, revision=revision, working_path=working))
        return opened[0].document

    _into_working_copy(store, make)
    return opened[0]


def recover_model(leftover: Leftover, store: RecoveryStore) -> Document:
    """Reopen abandoned work; it now belongs to this process.

    The abandoned working copy is read like any received document (vetted, every value
    checked) into a new working copy; only once that is recorded is the old one deleted,
    so a crash during recovery still leaves the work to recover.
    """
    working = store.allocate()
    try:
        document = Document.recover(
            leftover.working_path, path=leftover.original, working_path=working
        )
    except DocumentError:
        store.release(working)
        raise
    store.record(working, original=leftover.original, name=document.model.name, modified=True)
    store.release(leftover.working_path)
    return document


def _into_working_copy(store: RecoveryStore, make: Callable[[Path], Document]) -> Document:
    working = store.allocate()
    try:
        document = make(working)
    except DocumentError:
        store.release(working)
        raise
    except (OSError, ValueError, UnicodeError) as exc:
        store.release(working)
        raise DocumentError(f"the file could not be read ({exc}).") from None
    store.record(working, original=document.path, name=document.model.name)
    return document
