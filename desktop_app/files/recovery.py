"""Working copies: the autosave that makes a killed editor lose nothing.

Every open document lives in a file-backed working copy in the recovery folder; the
document editor commits to it after every edit, so the working copy *is* the autosave. A
small JSON sidecar beside it says which file it belongs to, the model's name and which
process owns it. A clean close deletes both. On the next start, working copies whose
owning process is gone were left by a crash and are offered for recovery.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import platformdirs

RECOVERY_DIR_ENV = "INTEGRAMAP_RECOVERY_DIR"
"""Overrides the recovery folder (tests, portable installs)."""

_SUFFIX = ".imap"
_SIDECAR_SUFFIX = ".json"


def default_recovery_dir() -> Path:
    """``$INTEGRAMAP_RECOVERY_DIR``, else the per-user data folder's ``recovery``."""
    override = os.environ.get(RECOVERY_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("integramap", appauthor=False)) / "recovery"


@dataclass(frozen=True, slots=True)
class Leftover:
    """A working copy left behind by a process that did not close it cleanly."""

    working_path: Path
    original: Path | None
    """The file the work belongs to, ``None`` for an untitled document."""
    name: str
    pid: int
    updated: dt.datetime
    modified: bool = True
    """Whether it held edits not yet saved; an unmodified copy has nothing to recover."""

    @property
    def label(self) -> str:
        """How the recovery dialog names it: model name and file (or "untitled")."""
        where = str(self.original) if self.original else "never saved"
        return f"{self.name} — {where} (last edit {self.updated:%Y-%m-%d %H:%M})"


class RecoveryStore:
    """The recovery folder: hands out working-copy paths and finds abandoned ones."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else default_recovery_dir()

    def allocate(self) -> Path:
        """A fresh, unused working-copy path (the folder is created on demand)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        return self.directory / f"{uuid.uuid4().hex}{_SUFFIX}"

    def record(
        self, working_path: Path, *, original: Path | None, name: str, modified: bool = False
    ) -> None:
        """Write (or rewrite) the sidecar that ties a working copy to its file and process."""
        data = {
            "original": str(original) if original is not None else None,
            "name": name,
            "modified": modified,
            "pid": os.getpid(),
            "updated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        sidecar = _sidecar(working_path)
        tmp = sidecar.with_name(sidecar.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, sidecar)

    def release(self, working_path: Path) -> None:
        """Delete a working copy, its SQLite journal files and its sidecar (clean close)."""
        for path in (
            working_path,
            working_path.with_name(working_path.name + "-wal"),
            working_path.with_name(working_path.name + "-shm"),
            _sidecar(working_path),
        ):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def leftovers(self) -> list[Leftover]:
        """Working copies whose owning process is no longer running, oldest first.

        Copies owned by a live process (this one, or another open editor) are in use and
        not offered. A sidecar whose working copy has gone is removed, and so is a copy
        that held no unsaved edits (a crash right after opening or saving loses nothing,
        so there is nothing to ask about).
        """
        if not self.directory.is_dir():
            return []
        found: list[Leftover] = []
        for sidecar in sorted(self.directory.glob(f"*{_SIDECAR_SUFFIX}")):
            working = sidecar.with_suffix(_SUFFIX)
            leftover = _read_sidecar(sidecar, working)
            if leftover is None:
                continue
            if not working.exists():
                with contextlib.suppress(FileNotFoundError):
                    sidecar.unlink()
                continue
            if _process_alive(leftover.pid):
                continue
            if not leftover.modified:
                self.release(working)
                continue
            found.append(leftover)
        return sorted(found, key=lambda item: item.updated)


def _sidecar(working_path: Path) -> Path:
    return working_path.with_suffix(_SIDECAR_SUFFIX)


def _read_sidecar(sidecar: Path, working: Path) -> Leftover | None:
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        original = data.get("original")
        updated = dt.datetime.fromisoformat(data["updated"])
        return Leftover(
            working_path=working,
            original=Path(original) if original else None,
            name=str(data.get("name") or "Untitled model"),
            pid=int(data["pid"]),
            updated=updated,
            modified=bool(data.get("modified", True)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        # A sidecar cut short by the crash itself: still offer the work, ownerless.
        if not working.exists():
            return None
        mtime = dt.datetime.fromtimestamp(working.stat().st_mtime, dt.UTC)
        return Leftover(working, None, "Unsaved model", pid=0, updated=mtime)


def _process_alive(pid: int) -> bool:
    """Whether a process with that id is running (signal 0 probes without sending)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _windows_process_alive(pid: int) -> bool:
    """Windows has no signal 0 (``os.kill`` would terminate the process): ask the kernel."""
    import ctypes

    query_limited_information, still_active = 0x1000, 259
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and (
            code.value == still_active
        )
    finally:
        kernel32.CloseHandle(handle)
