"""Fixtures for the editor shell: isolated QSettings and recovery folder, patched dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from desktop_app.files.recovery import RECOVERY_DIR_ENV, RecoveryStore
from tests.fixtures.shop import small_document


@pytest.fixture
def settings_dir(tmp_path: Path, qapp) -> Iterator[Path]:
    """QSettings written to a temporary folder, not the user's real configuration."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("IntegramapTests")
    QCoreApplication.setApplicationName("IntegramapShellTests")
    QSettings().clear()
    yield folder
    QSettings().clear()


@pytest.fixture
def recovery_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "recovery"
    monkeypatch.setenv(RECOVERY_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def store(recovery_dir: Path) -> RecoveryStore:
    return RecoveryStore()


@pytest.fixture
def editor(qapp) -> Iterator[object]:
    from desktop_app.editing import DocumentEditor

    ed = DocumentEditor(small_document())
    yield ed
    ed.close()
    ed.document.close()


class Prompts:
    """Records the dialogs the shell would show and answers them."""

    def __init__(self) -> None:
        from desktop_app.files.prompts import UnsavedChoice

        self.unsaved_answer = UnsavedChoice.DISCARD
        self.unsaved_asked: list[str] = []
        self.unsaved_before: list[str] = []
        self.errors: list[tuple[str, str]] = []
        self.save_path: Path | None = None
        self.open_path: Path | None = None


@pytest.fixture
def prompts(monkeypatch: pytest.MonkeyPatch) -> Prompts:
    """Patch every dialog the File menu can show (message boxes and file choosers)."""
    from PySide6.QtWidgets import QFileDialog

    from desktop_app import application
    from desktop_app.files import file_commands

    answers = Prompts()

    def ask(_parent, name, before="closing"):
        answers.unsaved_asked.append(name)
        answers.unsaved_before.append(before)
        return answers.unsaved_answer

    def error(_parent, title, message):
        answers.errors.append((title, message))

    monkeypatch.setattr(file_commands, "ask_unsaved_changes", ask)
    monkeypatch.setattr(file_commands, "show_error", error)
    monkeypatch.setattr(application, "show_error", error)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName",
        lambda *a, **k: (str(answers.save_path) if answers.save_path else "", ""),
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName",
        lambda *a, **k: (str(answers.open_path) if answers.open_path else "", ""),
    )
    return answers


@pytest.fixture
def make_window(qtbot, settings_dir, store, prompts):
    """``make_window(document=None)``: a shown window; every window is closed afterwards."""
    from desktop_app.files.prompts import UnsavedChoice
    from desktop_app.main_window import MainWindow
    from desktop_app.windows import open_windows

    def make(document=None, **kwargs):
        window = MainWindow(document=document or small_document(store), store=store, **kwargs)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield make
    prompts.unsaved_answer = UnsavedChoice.DISCARD
    for window in open_windows():
        window.close()
