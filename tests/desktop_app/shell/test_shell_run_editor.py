"""``integramap FILE``: the entry point opens FILE in a window and returns when it closes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont

from desktop_app.launcher import main, missing_display
from desktop_app.windows import open_windows
from models.interchange.json_format import import_json
from tests.fixtures.shop import SMALL_MODEL


def _when_shown(qapp, act) -> QTimer:
    """Call ``act`` once the editor's windows are shown (polling, so start-up time is free)."""
    timer = QTimer()
    timer.setInterval(50)

    def check() -> None:
        if open_windows() and all(w.isVisible() for w in open_windows()):
            timer.stop()
            act()

    timer.timeout.connect(check)
    timer.start()
    return timer


@pytest.fixture(autouse=True)
def restore_look(qapp):
    """run_editor styles the whole application; later tests expect Qt's defaults."""
    font, sheet = qapp.font(), qapp.styleSheet()
    yield
    qapp.setFont(font)
    qapp.setStyleSheet(sheet)


def test_integramap_file_opens_it_and_exits_cleanly(qapp, settings_dir, store, prompts, tmp_path):
    path = tmp_path / "shop.imap"
    with import_json(SMALL_MODEL) as document:
        document.save(path)
    seen: list[tuple[str, int]] = []

    def look_and_close() -> None:
        for window in open_windows():
            seen.append((window.windowTitle(), len(window.editor.model.services)))
            window.close()
        qapp.quit()  # other tests' widgets may still count as open windows

    timer = _when_shown(qapp, look_and_close)
    assert main([str(path)]) == 0
    assert not timer.isActive()
    assert seen == [("Shop — shop.imap[*] — Integramap", 3)]
    assert open_windows() == []
    assert list(store.directory.iterdir()) == []


def test_integramap_json_file_is_imported_untitled(qapp, settings_dir, store, prompts, tmp_path):
    path = tmp_path / "cmdb.json"
    path.write_text(json.dumps(SMALL_MODEL))
    titles: list[str] = []

    def look_and_close() -> None:
        for window in open_windows():
            titles.append(window.windowTitle())
            assert window.editor.document.path is None
            assert window.isWindowModified()  # the import is in no .imap yet
            window.close()
        qapp.quit()

    timer = _when_shown(qapp, look_and_close)
    assert main([str(path)]) == 0
    assert not timer.isActive()
    assert titles == ["Shop — untitled[*] — Integramap"]
    assert Path(path).read_text() == json.dumps(SMALL_MODEL)


def test_text_size_is_changed_and_remembered(qapp, settings_dir, make_window):
    from desktop_app.application import configure_application
    from desktop_app.text_size import MIN_POINT_SIZE, change_text_size

    window = make_window()
    configure_application(qapp)  # QSettings now under the app's own name, in the test folder
    base = qapp.font().pointSizeF()
    assert base >= MIN_POINT_SIZE
    window.actions.larger_text.trigger()
    window.actions.larger_text.trigger()
    assert qapp.font().pointSizeF() == base + 2
    qapp.processEvents()  # the font change reaches widgets as a posted event
    assert window.inspector.font().pointSizeF() == base + 2
    qapp.setFont(QFont())
    configure_application(qapp)
    assert qapp.font().pointSizeF() == base + 2  # remembered for the next start
    assert change_text_size(0) == base


@pytest.mark.parametrize(
    ("environment", "platform", "opens"),
    [
        ({}, "linux", False),
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", True),
        ({}, "win32", True),
        ({}, "darwin", True),
    ],
)
def test_the_editor_is_only_started_where_a_window_can_open(environment, platform, opens):
    assert (missing_display(environment, platform) is None) is opens


def test_without_a_display_the_user_gets_one_line_and_exit_2(monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("integramap: no display to open the editor on")
    assert not open_windows()
