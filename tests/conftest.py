"""Test-wide setup: Qt tests run headless, and no test can wait on a dialog."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ("tests.fixtures.postgres_server",)
"""The PostgreSQL fixtures (``postgres``, ``team_repo``) for the core's and the editor's
team-repository tests."""

_MODAL_DIALOGS = {
    "PySide6.QtWidgets.QMessageBox": ("critical", "warning", "question", "information", "exec"),
    "PySide6.QtWidgets.QInputDialog": ("getText", "getItem", "getInt", "getDouble"),
    "PySide6.QtWidgets.QFileDialog": ("getOpenFileName", "getSaveFileName"),
}


@pytest.fixture(autouse=True)
def no_unanswered_dialogs(request, monkeypatch):
    """A modal dialog nobody answers would hang the run headless (offscreen, no one to
    click): any that a test did not patch fails the test at once, naming the dialog.

    Only for tests that use Qt; the core's tests never load it.
    """
    if "qapp" not in request.fixturenames and "qtbot" not in request.fixturenames:
        yield
        return
    from importlib import import_module

    for dotted, names in _MODAL_DIALOGS.items():
        module, _, cls_name = dotted.rpartition(".")
        cls = getattr(import_module(module), cls_name)
        for name in names:
            monkeypatch.setattr(cls, name, _refuse(f"{cls_name}.{name}"))
    yield


def _refuse(which: str):
    def dialog(*args, **_kwargs):
        shown = [a for a in args if isinstance(a, str)]
        raise AssertionError(f"unanswered modal dialog {which}: {shown}; patch it in the test")

    return staticmethod(dialog)
