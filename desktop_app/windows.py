"""The editor windows open in this process, oldest first.

Windows have no parent, so Python must hold them here. The file commands ask which
window already shows a file (two windows saving one file would overwrite each other's
work) and Quit closes them all; both ask this module rather than the window class, which
builds the menus and the file commands and so sits above them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from desktop_app.editing.document_editor import DocumentEditor


class DocumentWindow(Protocol):
    """What the rest of the editor asks of an open window."""

    editor: DocumentEditor | None

    def close(self) -> bool: ...

    def show(self) -> None: ...

    def raise_(self) -> None: ...

    def activateWindow(self) -> None: ...


_OPEN: list[DocumentWindow] = []


def open_windows() -> list[DocumentWindow]:
    """Every editor window currently open, oldest first."""
    return list(_OPEN)


def window_opened(window: DocumentWindow) -> None:
    """Hold ``window`` until :func:`window_closed`."""
    _OPEN.append(window)


def window_closed(window: DocumentWindow) -> None:
    if window in _OPEN:
        _OPEN.remove(window)


def close_all_windows() -> bool:
    """File ▸ Quit: close the windows, newest first; stop at one whose user cancels
    (its unsaved changes). Whether all closed."""
    return all(window.close() for window in reversed(open_windows()))


def window_showing(path: Path) -> DocumentWindow | None:
    """The open window whose document is the file ``path``, if any."""
    try:
        wanted = path.resolve()
    except OSError:
        return None
    for window in open_windows():
        editor = window.editor
        current = editor.document.path if editor is not None else None
        if current is not None and current.resolve() == wanted:
            return window
    return None
