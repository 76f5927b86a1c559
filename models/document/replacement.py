"""Replacing a file so it is either the old file or the complete new one.

Every file Integramap writes — a saved ``.imap``, a JSON or DOT export, the review PDF —
goes through :func:`replacing`: the new content is written to a temporary file beside the
target and renamed over it only when complete. That one place also decides

* *where*: renaming over a symbolic link would replace the link, so the file it points
  to is replaced instead;
* *permissions*: ``mkstemp`` creates files readable by their owner only, so without care
  every save would silently turn a shared, group-readable model into a private one; the
  new file gets the old one's mode, or what the umask gives any new file;
* *interruptions*: an error, Ctrl+C or SIGTERM removes the temporary file and leaves the
  old file untouched.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from models.document.errors import DocumentError


def _process_umask() -> int:
    """The umask, read once: setting it back and forth later would race with other threads."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _process_umask()


def replacement_target(path: Path) -> Path:
    """The file a write to ``path`` should replace: a symbolic link's target, else ``path``."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def replacement_mode(target: Path) -> int:
    """The existing file's permission bits, or what the umask gives any new file."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_UMASK


@contextmanager
def replacing(
    path: str | os.PathLike[str],
    *,
    verb: str = "write",
    failures: tuple[type[Exception], ...] = (OSError,),
) -> Iterator[Path]:
    """Yield a temporary path to write the new content to; it replaces ``path`` on exit.

    A folder, an unwritable directory or one of ``failures`` raised in the block becomes a
    :class:`DocumentError` ("cannot write X: …"); anything else (cancel, interrupt)
    propagates. Either way the temporary file is gone and the old file is untouched.
    """
    target = replacement_target(Path(path))
    if target.is_dir():
        raise DocumentError(f"cannot {verb} {target}: it is a folder.")
    existed = target.exists()
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise DocumentError(f"cannot {verb} {target}: {exc.strerror or exc}.") from None
    os.close(fd)
    temporary = Path(name)
    try:
        os.chmod(temporary, replacement_mode(target))
        yield temporary
        os.replace(temporary, target)
        _fsync_directory(directory)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if not isinstance(exc, failures):
            raise
        reason = getattr(exc, "strerror", None) or str(exc)
        unchanged = " The previous file is unchanged." if existed else ""
        raise DocumentError(f"cannot {verb} {target}: {reason}.{unchanged}") from None


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX; elsewhere the rename is all there is)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
