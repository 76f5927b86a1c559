"""Fixtures of the real-window tests: one virtual screen per run, one editor per test.

The tests need ``Xvfb`` and ``xdotool`` (and Qt's xcb libraries; ``.ci/run`` installs
them). Without them they are skipped on a developer's machine, but fail in CI (``CI``
set), where a missing tool must not pass as a green run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.real_window.driver import Editor, Screen, tools_missing

CRASH_MARKERS = ("Traceback (most recent call last)", "Fatal Python error")
"""What the editor's output holds when a slot raised (Qt prints it and goes on) or the
process crashed (faulthandler's stack)."""


@pytest.fixture(scope="session")
def screen() -> Iterator[Screen]:
    missing = tools_missing()
    if missing:
        message = f"real-window tests need {', '.join(missing)} (apt-get install xvfb xdotool)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    display = Screen()
    yield display
    display.close()


@pytest.fixture
def start_editor(screen: Screen, tmp_path: Path) -> Iterator[Callable[..., Editor]]:
    """``start_editor(*files)``: the editor on ``files`` (none: the bundled example), shown
    on the virtual screen. At the end of the test it is stopped, and the test fails when
    it printed a Python traceback or crashed."""
    started: list[Editor] = []

    def start(*files: Path | str) -> Editor:
        editor = Editor(screen, tmp_path / f"home{len(started)}", files)
        started.append(editor)
        return editor

    yield start
    problems = []
    for editor in started:
        alive = editor.process.poll() is None
        editor.close()
        output = editor.log_path.read_text(errors="replace")
        if not alive or any(marker in output for marker in CRASH_MARKERS):
            problems.append(editor.log_tail(80))
    if problems:
        pytest.fail("the editor crashed or printed a traceback:\n" + "\n".join(problems))
