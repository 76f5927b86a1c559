"""Two editors on one file: the second save does not silently discard the first one's work."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app.files import file_commands
from desktop_app.files.prompts import ChangedChoice
from models.document import Document
from models.domain import Service, ServiceKind


@pytest.fixture
def on_disk(make_window, prompts, tmp_path):
    """A window on a saved file, and the same file then saved by someone else."""
    window = make_window()
    prompts.save_path = tmp_path / "shared.imap"
    assert window.files.save()
    with Document.open(prompts.save_path) as theirs:
        theirs.model.add(Service(id="theirs", name="Their service"))
        theirs.save()
    window.editor.add_service(ServiceKind.DATABASE, (600, 100), name="Mine")
    return window, prompts.save_path


def _answer(monkeypatch, choice: ChangedChoice) -> list[str]:
    asked: list[str] = []

    def ask(_parent, name):
        asked.append(name)
        return choice

    monkeypatch.setattr(file_commands, "ask_changed_on_disk", ask)
    return asked


def _services(path: Path) -> set[str]:
    with Document.open(path) as doc:
        return {s.name for s in doc.model.services.values()}


def test_cancel_keeps_their_file_and_my_edits(on_disk, monkeypatch):
    window, path = on_disk
    asked = _answer(monkeypatch, ChangedChoice.CANCEL)
    assert not window.files.save()
    assert asked == ["shared.imap"]
    assert "Their service" in _services(path) and "Mine" not in _services(path)
    assert window.editor.is_modified()


def test_overwrite_replaces_their_file(on_disk, monkeypatch):
    window, path = on_disk
    _answer(monkeypatch, ChangedChoice.OVERWRITE)
    assert window.files.save()
    assert "Mine" in _services(path) and "Their service" not in _services(path)
    _answer(monkeypatch, ChangedChoice.CANCEL)
    window.editor.add_service(ServiceKind.DNS, (900, 100), name="Later")
    assert window.files.save(), "after my own save the file is mine again: no question"


def test_reload_shows_their_version(on_disk, monkeypatch):
    window, path = on_disk
    _answer(monkeypatch, ChangedChoice.RELOAD)
    assert not window.files.save()
    names = {s.name for s in window.editor.model.services.values()}
    assert "Their service" in names and "Mine" not in names
    assert not window.editor.is_modified()
    assert window.editor.document.path == path


def test_save_as_keeps_both(on_disk, monkeypatch, prompts, tmp_path):
    window, path = on_disk
    _answer(monkeypatch, ChangedChoice.SAVE_AS)
    prompts.save_path = tmp_path / "mine.imap"
    assert window.files.save()
    assert "Their service" in _services(path)
    assert "Mine" in _services(tmp_path / "mine.imap")


def test_a_deleted_file_counts_as_changed(on_disk, monkeypatch):
    window, path = on_disk
    os.remove(path)
    asked = _answer(monkeypatch, ChangedChoice.OVERWRITE)
    assert window.files.save() and asked
    assert "Mine" in _services(path)
