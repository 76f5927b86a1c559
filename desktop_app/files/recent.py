"""The Recent files list, kept in QSettings (most recent first, at most eight)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 8
_KEY = "files/recent"


def recent_files(settings: QSettings | None = None) -> list[Path]:
    """The remembered files, most recent first; files that no longer exist are skipped."""
    settings = settings or QSettings()
    value = settings.value(_KEY, [])
    if isinstance(value, str):  # QSettings returns a lone string for a one-item list
        value = [value]
    paths = [Path(str(item)) for item in value or []]
    return [p for p in paths if p.exists()][:MAX_RECENT]


def remember_file(path: Path, settings: QSettings | None = None) -> list[Path]:
    """Put ``path`` at the top of the list (moving it if already there); return the list."""
    settings = settings or QSettings()
    path = Path(path).resolve()
    paths = [path, *(p for p in recent_files(settings) if p.resolve() != path)][:MAX_RECENT]
    settings.setValue(_KEY, [str(p) for p in paths])
    return paths


def forget_file(path: Path, settings: QSettings | None = None) -> None:
    """Drop a file from the list (e.g. it could not be opened any more)."""
    settings = settings or QSettings()
    path = Path(path).resolve()
    settings.setValue(_KEY, [str(p) for p in recent_files(settings) if p.resolve() != path])


_FOLDER_KEY = "files/last_folder"


def last_folder(settings: QSettings | None = None) -> Path | None:
    """The folder of the last file chosen in an open, save or export dialog, if it still
    exists: where the next dialog of a document with no file of its own starts."""
    value = (settings or QSettings()).value(_FOLDER_KEY)
    folder = Path(str(value)) if value else None
    return folder if folder is not None and folder.is_dir() else None


def remember_folder(path: Path, settings: QSettings | None = None) -> None:
    """Remember the folder of ``path``, a file the user just chose."""
    (settings or QSettings()).setValue(_FOLDER_KEY, str(Path(path).resolve().parent))
