"""What a file written by replacement should be: where it really is, and its permissions.

Atomic writes create a temporary file and rename it over the target. ``mkstemp`` creates
that file readable by its owner only, so without care every save would silently turn a
shared, group-readable model (or a JSON export in a team folder) into a private one. And
renaming over a symbolic link replaces the link, not the file it points to.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def _process_umask() -> int:
    """The umask, read once: setting it back and forth later would race with other threads."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _process_umask()


def replacement_mode(target: Path) -> int:
    """The existing file's permission bits, or what the umask gives any new file."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_UMASK


def apply_replacement_mode(temporary: str | os.PathLike[str], target: Path) -> None:
    """Give ``temporary`` the mode it should have once renamed to ``target``."""
    os.chmod(temporary, replacement_mode(target))


def replacement_target(path: Path) -> Path:
    """The file a write to ``path`` should replace: a symbolic link's target, else ``path``."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path
