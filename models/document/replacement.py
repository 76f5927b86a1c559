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
  old file untouched. A process killed outright (SIGKILL, power loss) cannot clean up;
  its temporaries — named ``.NAME.XXXXXXXX.tmp`` (and SQLite's ``-journal`` of one) — are
  removed by the next write to the same file (:func:`remove_stale_temporaries`). A
  temporary being written holds an exclusive lock, so one still in use by another live
  process is never taken for stale.
"""

from __future__ import annotations

import contextlib
import os
import re
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
    remove_stale_temporaries(target)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise DocumentError(f"cannot {verb} {target}: {exc.strerror or exc}.") from None
    _lock(fd)  # held until the temporary is renamed or removed: "in use, not stale"
    temporary = Path(name)
    try:
        os.chmod(temporary, replacement_mode(target))
        yield temporary
        os.replace(temporary, target)
        _fsync_directory(directory)
    except BaseException as exc:
        for leftover in (temporary, _journal_of(temporary)):
            with contextlib.suppress(OSError):
                leftover.unlink()
        if not isinstance(exc, failures):
            raise
        reason = getattr(exc, "strerror", None) or str(exc)
        unchanged = " The previous file is unchanged." if existed else ""
        raise DocumentError(f"cannot {verb} {target}: {reason}.{unchanged}") from None
    finally:
        os.close(fd)


_TEMPORARY_MIDDLE = re.compile(r"[a-z0-9_]{8}")
"""What ``mkstemp`` puts between our prefix and suffix: eight of ``[a-z0-9_]``."""


def remove_stale_temporaries(path: str | os.PathLike[str]) -> list[Path]:
    """Delete temporaries a killed process left beside ``path``; returns those removed.

    Only files of exactly our naming (``.NAME.`` + eight characters + ``.tmp``, and its
    ``-journal``) are considered, and only when no live process holds the temporary's
    lock — a save in progress in another window or process is left alone.
    """
    target = replacement_target(Path(path))
    directory = target.parent if str(target.parent) else Path(".")
    prefix = f".{target.name}."
    removed: list[Path] = []
    try:
        names = [n for n in os.listdir(directory) if n.startswith(prefix)]
    except OSError:
        return removed
    for name in names:
        middle = name[len(prefix):]
        journal = middle.endswith(".tmp-journal")
        middle = middle.removesuffix("-journal").removesuffix(".tmp")
        if not (name.endswith((".tmp", ".tmp-journal")) and _TEMPORARY_MIDDLE.fullmatch(middle)):
            continue
        candidate = directory / name
        temporary = directory / (prefix + middle + ".tmp")
        if journal and temporary.exists():
            continue  # goes with its temporary, below
        if not journal and _in_use(candidate):
            continue
        for leftover in ((candidate,) if journal else (candidate, _journal_of(candidate))):
            with contextlib.suppress(FileNotFoundError, PermissionError, IsADirectoryError):
                leftover.unlink()
                removed.append(leftover)
    return removed


def _journal_of(temporary: Path) -> Path:
    return temporary.with_name(temporary.name + "-journal")


def _lock(fd: int) -> None:
    """An exclusive advisory lock on the temporary (released when ``fd`` is closed, or by
    the system when the process dies)."""
    try:
        import fcntl
    except ImportError:  # Windows: an open file cannot be deleted anyway
        return
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _in_use(temporary: Path) -> bool:
    """Whether a live process holds the temporary's lock (it is being written)."""
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fd = os.open(temporary, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return True  # cannot even look: leave it alone
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX; elsewhere the rename is all there is)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
