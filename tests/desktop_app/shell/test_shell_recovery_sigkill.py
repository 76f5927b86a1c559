"""Crash recovery for real: a process edits, is killed with SIGKILL, a new start recovers.

The child process is the editor itself (offscreen Qt): a main window opens a saved document
into a working copy in the recovery folder, edits of every kind go through its
DocumentEditor, it writes what its model looks like, says READY and waits to be killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop_app.application import start_windows
from desktop_app.files.recovery import RECOVERY_DIR_ENV, RecoveryStore
from desktop_app.files.recovery_dialog import RecoveryChoice, recover_leftovers
from models.document import Document
from models.domain import IntegrationKind, Service
from models.interchange.json_format import export_json, import_json

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

MODEL = {
    "format": "integramap/1",
    "name": "Shop",
    "zones": [{"id": "internal", "name": "Internal", "trust": 2}],
    "teams": [{"id": "ops", "name": "Ops", "fte": 6}],
    "services": [
        {"id": "portal", "name": "Portal", "kind": "portal", "zone": "internal"},
        {"id": "db", "name": "Orders DB", "kind": "database", "zone": "internal"},
        {"id": "idp", "name": "IdP", "kind": "identity_provider"},
    ],
    "integrations": [
        {"id": "portal-db", "source": "portal", "target": "db", "kind": "depends_on"},
        {"id": "portal-idp", "source": "portal", "target": "idp", "kind": "user_auth"},
    ],
    "views": [{"id": "main", "name": "Overview",
               "positions": {"portal": [0, 0], "db": [0, 200], "idp": [300, 0]}}],
}

CHILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[3])
    from desktop_app.files import opening
    from desktop_app.files.recovery import RecoveryStore
    from desktop_app.main_window import MainWindow
    from models.domain import IntegrationKind, Service, ServiceKind, Team
    from models.interchange.json_format import export_json

    store = RecoveryStore()
    window = MainWindow(document=opening.open_model_file(Path(sys.argv[1]), store), store=store)
    editor = window.editor
    for typed in ("O", "Or", "Orders", "Orders database"):  # typing: merged into one step
        editor.update(Service, "db", name=typed)
    vault = editor.add_service(ServiceKind.BACKUP, (500, 100), name="Vault")
    editor.connect("db", vault, IntegrationKind.BACKUP)
    editor.move({"portal": (111.0, 222.0)})
    editor.move({"portal": (120.0, 230.0)})
    editor.add_entity(Team(id="dba", name="DBA", fte=3))
    editor.update(Service, "db", owner_id="dba", stateful=True)
    editor.delete(["portal-idp"])
    editor.undo_stack.undo()
    editor.undo_stack.redo()
    Path(sys.argv[2]).write_text(export_json(editor.model), encoding="utf-8")
    print("READY", flush=True)
    time.sleep(120)
    """
)


def test_every_edit_before_sigkill_is_recovered(
    tmp_path: Path, recovery_dir: Path, settings_dir, prompts, qtbot
):
    recovery = recovery_dir
    original = tmp_path / "shop.imap"
    with import_json(MODEL) as document:
        document.save(original)
    before = original.read_bytes()
    expected_file = tmp_path / "expected.json"
    env = {**os.environ, RECOVERY_DIR_ENV: str(recovery), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(original), str(expected_file),
         str(tmp_path / "child-settings")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        cwd=Path(__file__).resolve().parents[3],
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == "READY", child.stderr.read()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    store = RecoveryStore()
    [leftover] = store.leftovers()
    assert leftover.original == original
    offered = []

    def ask(_parent, leftovers):
        offered.extend(leftovers)
        return RecoveryChoice.RECOVER, leftovers

    [window] = start_windows([], store, ask=ask)  # a new start of the editor
    try:
        window.show()
        assert [o.working_path for o in offered] == [leftover.working_path]
        recovered = window.editor.document
        assert recovered.path == original
        assert window.isWindowModified()  # recovered work is unsaved until the user saves
        assert window.windowTitle() == "Shop — shop.imap[*] — Integramap"
        model = recovered.model
        assert export_json(model) == expected_file.read_text(encoding="utf-8")
        db = model.services["db"]
        assert (db.name, db.owner_id, db.stateful) == ("Orders database", "dba", True)
        assert model.services["vault"].kind.value == "backup"
        assert model.integrations["db-backup-vault"].kind is IntegrationKind.BACKUP
        assert "portal-idp" not in model.integrations
        position = model.default_view().positions["portal"]
        assert (position.x, position.y) == (120.0, 230.0)
        assert model.get(Service, "idp") is not None
        # The recovered work now belongs to this process and is no longer offered.
        assert store.leftovers() == []
        assert original.read_bytes() == before  # the user's file was never written
        assert window.files.save()  # saving puts the recovered work into the user's file
        assert not window.isWindowModified()
    finally:
        window.close()
    with Document.open(original) as saved:
        assert export_json(saved.model) == expected_file.read_text(encoding="utf-8")
    assert original.read_bytes() != before
    assert list(recovery.iterdir()) == []


def test_later_keeps_and_discard_deletes(recovery_dir: Path, qapp):
    store = RecoveryStore()
    working = store.allocate()
    Document.new(name="Lost", working_path=working).close()
    store.record(working, original=None, name="Lost", modified=True)
    sidecar = working.with_suffix(".json")
    sidecar.write_text(sidecar.read_text().replace(f'"pid": {os.getpid()}', '"pid": 0'))
    assert recover_leftovers(store, lambda _p, items: (RecoveryChoice.LATER, items)) == []
    assert len(store.leftovers()) == 1
    assert recover_leftovers(store, lambda _p, items: (RecoveryChoice.DISCARD, items)) == []
    assert store.leftovers() == [] and not working.exists()
