"""Fixtures for the editor shell: isolated QSettings and recovery folder, patched dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from desktop_app.files.recovery import RECOVERY_DIR_ENV, RecoveryStore


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
