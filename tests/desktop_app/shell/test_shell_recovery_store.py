"""The recovery folder: sidecars, live owners, clean release."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop_app.files.recovery import RecoveryStore, default_recovery_dir
from models.document import Document


def _dead_pid() -> int:
    """The id of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_env_overrides_folder(recovery_dir: Path):
    assert default_recovery_dir() == recovery_dir
    assert RecoveryStore().directory == recovery_dir


def test_own_working_copies_are_not_leftovers(store: RecoveryStore):
    working = store.allocate()
    Document.new(name="Mine", working_path=working).close()
    store.record(working, original=None, name="Mine")
    assert store.leftovers() == []


def test_dead_owner_makes_a_leftover(store: RecoveryStore, tmp_path: Path):
    working = store.allocate()
    Document.new(name="Crashed", working_path=working).close()
    store.record(working, original=tmp_path / "plan.imap", name="Crashed", modified=True)
    sidecar = working.with_suffix(".json")
    data = json.loads(sidecar.read_text())
    data["pid"] = _dead_pid()
    sidecar.write_text(json.dumps(data))
    [leftover] = store.leftovers()
    assert leftover.working_path == working
    assert leftover.original == tmp_path / "plan.imap"
    assert leftover.name == "Crashed"
    assert "Crashed" in leftover.label and "plan.imap" in leftover.label


def test_dead_owner_without_unsaved_edits_is_cleaned_not_offered(store: RecoveryStore):
    """A crash right after opening or saving loses nothing: no prompt next time."""
    working = store.allocate()
    Document.new(name="Untouched", working_path=working).close()
    store.record(working, original=None, name="Untouched", modified=False)
    sidecar = working.with_suffix(".json")
    data = json.loads(sidecar.read_text())
    data["pid"] = _dead_pid()
    sidecar.write_text(json.dumps(data))
    assert store.leftovers() == []
    assert list(store.directory.iterdir()) == []


def test_release_removes_copy_journal_and_sidecar(store: RecoveryStore):
    working = store.allocate()
    doc = Document.new(name="Gone", working_path=working)
    store.record(working, original=None, name="Gone")
    doc.close()
    store.release(working)
    assert list(store.directory.iterdir()) == []


def test_sidecar_without_working_copy_is_cleaned(store: RecoveryStore):
    working = store.allocate()
    store.record(working, original=None, name="Orphan")
    assert store.leftovers() == []
    assert not working.with_suffix(".json").exists()


def test_damaged_sidecar_still_offers_the_work(store: RecoveryStore):
    working = store.allocate()
    Document.new(name="Half", working_path=working).close()
    working.with_suffix(".json").write_text("{not json")
    [leftover] = store.leftovers()
    assert leftover.working_path == working
    assert leftover.pid == 0 and leftover.original is None


def test_pid_of_this_process_is_alive(store: RecoveryStore):
    working = store.allocate()
    Document.new(working_path=working).close()
    store.record(working, original=None, name="x")
    data = json.loads(working.with_suffix(".json").read_text())
    assert data["pid"] == os.getpid()
