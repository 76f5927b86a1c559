"""The editor on a team repository, driven through its real dialogs on a real server."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QRadioButton

from desktop_app.repository.conflict_dialog import ConflictDialog
from desktop_app.repository.connecting import PasswordDialog
from desktop_app.repository.history_dialog import HistoryDialog
from desktop_app.repository.open_dialog import OpenFromRepositoryDialog
from desktop_app.repository.repository_commands import RepositoryCommands
from desktop_app.repository.save_dialog import SaveToRepositoryDialog
from models.domain import ModelError, Service
from models.interchange import load_model_file
from models.repository import Checkout
from tests.fixtures.dialogs import DialogAnswers

EXAMPLE = Path(__file__).resolve().parents[3] / "resources" / "examples" / "landscape.json"
MODEL = "northwind"
REAL_MESSAGE_BOX_EXEC = QMessageBox.exec
"""Taken before the test-wide guard replaces it: the test that meets a message box shows
it for real and answers it with a timer."""


@pytest.fixture
def shared(team_repo):
    """The example pushed as revision 1 by Ana (her password from the URL, in memory)."""
    with team_repo.connect("ana") as repository, load_model_file(EXAMPLE) as document:
        Checkout.attach(repository, document, MODEL).save("First version")
    return team_repo


@pytest.fixture
def answers(qtbot):
    collected = DialogAnswers()
    yield collected
    assert collected.failures == []


def _type_password(secret: str):
    def action(dialog: PasswordDialog) -> None:
        QTest.keyClicks(dialog.field, secret)
        QTest.keyClick(dialog.field, Qt.Key.Key_Return)

    return action


def _open(window, shared, answers) -> RepositoryCommands:
    """File ▸ Open from Repository…: type the URL, connect, type the password, pick the
    model — as a user does."""
    commands = RepositoryCommands(window)

    def choose(dialog: OpenFromRepositoryDialog) -> None:
        dialog.url.setText(shared.url("ana"))
        answers.answer(PasswordDialog, _type_password(shared.server.password("ana")))
        QTest.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        assert dialog.models.topLevelItemCount() == 1
        dialog.models.setCurrentItem(dialog.models.topLevelItem(0))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Open).click()

    answers.answer(OpenFromRepositoryDialog, choose)
    assert commands.open_from_repository()
    return commands


def _save(commands: RepositoryCommands, answers: DialogAnswers, message: str) -> bool:
    def write(dialog: SaveToRepositoryDialog) -> None:
        QTest.keyClicks(dialog.message, message)
        QTest.keyClick(dialog.message, Qt.Key.Key_Return)

    answers.answer(SaveToRepositoryDialog, write)
    return commands.save_to_repository()


def _colleague(shared, **notes: str) -> int:
    """Ben saves notes on some services from his own checkout; returns the revision."""
    with shared.connect("ben") as repository:
        checkout = Checkout.open(repository, MODEL)
        model = checkout.document.model
        for service_id, text in notes.items():
            model.update(model.services[service_id.replace("_", "-")], notes=text)
        revision = checkout.save("Ben's notes").revision
        checkout.document.close()
    return revision


def test_open_from_repository_shows_repository_and_revision(make_window, shared, answers):
    window = make_window()
    _open(window, shared, answers)
    assert len(window.editor.model.services) == 35
    title = window.windowTitle()
    assert f"{MODEL} r1 @ 127.0.0.1:{shared.server.port}/{shared.database}" in title
    assert shared.server.password("ana") not in title
    assert not window.editor.is_modified()


def test_a_wrong_password_is_told_in_the_dialog(make_window, shared, answers):
    window = make_window()
    commands = RepositoryCommands(window)
    seen = {}

    def try_wrong(dialog: OpenFromRepositoryDialog) -> None:
        dialog.url.setText(shared.url("ana"))
        answers.answer(PasswordDialog, _type_password("wrong"))
        answers.answer(PasswordDialog, lambda d: d.reject())
        QTest.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        seen["problem"] = dialog.problem.text()
        seen["visible"] = dialog.problem.isVisible()
        dialog.reject()

    answers.answer(OpenFromRepositoryDialog, try_wrong)
    assert not commands.open_from_repository()
    assert seen["visible"]
    assert "PostgreSQL refused the password of user 'ana'" in seen["problem"]


def test_save_to_repository_records_a_revision_with_message(make_window, shared, answers):
    window = make_window()
    commands = _open(window, shared, answers)
    window.editor.update(Service, "claims-db", notes="agreed in the workshop")
    assert window.editor.is_modified()
    assert _save(commands, answers, "Workshop notes")
    history = window.editor.checkout.repository.history(MODEL)
    assert (history[0].number, history[0].message) == (2, "Workshop notes")
    assert f"{MODEL} r2 @" in window.windowTitle()
    assert not window.editor.is_modified()


def test_a_conflict_is_resolved_field_by_field_and_saved(make_window, shared, answers):
    window = make_window()
    commands = _open(window, shared, answers)
    editor = window.editor
    _colleague(shared, claims_db="ben's note")
    editor.update(Service, "claims-db", notes="my note", criticality="critical")

    def keep_my_criticality_and_their_notes(dialog: ConflictDialog) -> None:
        page = dialog.page(0)
        buttons = {b.objectName(): b for b in page.findChildren(QRadioButton)}
        assert set(buttons) >= {"notes:mine", "notes:theirs", "criticality:mine"}
        buttons["notes:theirs"].click()
        buttons["criticality:mine"].click()
        dialog.apply_button.click()

    answers.answer(ConflictDialog, keep_my_criticality_and_their_notes)
    assert _save(commands, answers, "Critical")
    stored = editor.checkout.repository.snapshot(MODEL).records[("service", "claims-db")]
    assert (stored["notes"], stored["criticality"]) == ("ben's note", "critical")
    assert editor.model.services["claims-db"].notes == "ben's note"
    assert editor.undo_stack.undoText() == "Resolve 1 conflict with the repository"
    assert f"{MODEL} r3 @" in window.windowTitle()


def test_refresh_is_one_undo_step_and_undo_puts_the_base_back(make_window, shared, answers):
    window = make_window()
    commands = _open(window, shared, answers)
    editor = window.editor
    _colleague(shared, portal_db="from ben", policy_db="from ben")
    editor.update(Service, "claims-db", notes="mine, unsaved")
    assert commands.refresh()
    model = editor.model
    assert model.services["portal-db"].notes == "from ben"
    assert model.services["claims-db"].notes == "mine, unsaved"
    assert editor.undo_stack.undoText() == "Refresh from repository: 2 changes (r1 → r2)"
    assert f"{MODEL} r2 @" in window.windowTitle()
    assert set(editor.checkout.local_changes()) == {("service", "claims-db")}

    editor.undo_stack.undo()
    assert model.services["portal-db"].notes != "from ben"
    assert editor.checkout.origin.revision == 1
    assert set(editor.checkout.local_changes()) == {("service", "claims-db")}
    editor.undo_stack.redo()
    assert model.services["portal-db"].notes == "from ben"
    assert editor.checkout.origin.revision == 2


def test_history_compares_and_opens_a_revision_read_only(make_window, shared, answers):
    window = make_window()
    commands = _open(window, shared, answers)
    window.editor.update(Service, "claims-db", notes="second")
    _save(commands, answers, "Second")
    opened = {}

    def browse(dialog: HistoryDialog) -> None:
        assert dialog.revisions.topLevelItemCount() == 2
        assert dialog.caption.text() == "What revision 2 changed:"
        assert dialog.changes.topLevelItem(0).text(0) == "changed service 'claims-db': notes"
        dialog.select_revision(1)
        dialog.compare_button.click()
        opened["compare"] = dialog.changes.topLevelItem(0).text(0)
        dialog.open_button.click()
        dialog.reject()

    answers.answer(HistoryDialog, browse)
    commands.history()
    assert opened["compare"] == "changed service 'claims-db': notes"
    from desktop_app.windows import open_windows

    old = next(w for w in open_windows() if w is not window)
    assert "r1 @" in old.windowTitle() and "(read-only)" in old.windowTitle()
    assert old.editor.model.services["claims-db"].notes != "second"
    with pytest.raises(ModelError, match="revision 1 of northwind is open read-only"):
        old.editor.update(Service, "claims-db", notes="not allowed")


def test_a_reviewer_cannot_save_and_is_told_why(make_window, shared, answers, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", REAL_MESSAGE_BOX_EXEC)
    shared.server.sql('GRANT SELECT ON ALL TABLES IN SCHEMA public TO "reviewer"',
                      shared.database)
    window = make_window()
    commands = RepositoryCommands(window)

    def as_reviewer(dialog: OpenFromRepositoryDialog) -> None:
        dialog.url.setText(shared.url("reviewer"))
        answers.answer(PasswordDialog, _type_password(shared.server.password("reviewer")))
        QTest.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        dialog.models.setCurrentItem(dialog.models.topLevelItem(0))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Open).click()

    answers.answer(OpenFromRepositoryDialog, as_reviewer)
    assert commands.open_from_repository()
    window.editor.update(Service, "claims-db", notes="reviewer")
    told = {}

    def read(box: QMessageBox) -> None:
        told["text"] = box.text()
        box.accept()

    answers.answer(QMessageBox, read)
    assert not _save(commands, answers, "try")
    assert "may read the repository" in told["text"] and "but not change it" in told["text"]
    assert window.editor.model.services["claims-db"].notes == "reviewer"
    assert window.editor.is_modified()


def test_a_new_model_goes_into_the_repository_and_the_menus_follow(make_window, team_repo,
                                                                   answers, store):
    from models.document import Document

    window = make_window(Document.new(name="Workshop sketch"))
    window.editor.add_service("database", (0, 0), name="Orders database")
    actions = window.actions
    assert actions.save_to_repository.isEnabled()
    assert not actions.history.isEnabled() and not actions.refresh_from_repository.isEnabled()

    def where(dialog: SaveToRepositoryDialog) -> None:
        assert dialog.model.text() == "workshop-sketch"
        dialog.url.setText(team_repo.url("ana"))
        dialog.model.setText("sketch")
        QTest.keyClicks(dialog.message, "First sketch")
        answers.answer(PasswordDialog, _type_password(team_repo.server.password("ana")))
        dialog.accept()

    answers.answer(SaveToRepositoryDialog, where)
    assert window.repository.save_to_repository()
    with team_repo.connect("ana") as repository:
        (latest,) = repository.history("sketch")
        assert latest.message == "First sketch"
        assert ("service", "orders-database") in repository.snapshot("sketch").records
    assert "sketch r1 @" in window.windowTitle()
    assert actions.history.isEnabled() and actions.refresh_from_repository.isEnabled()


def test_an_offline_imap_reconnects_for_refresh(make_window, shared, answers, tmp_path):
    window = make_window()
    commands = _open(window, shared, answers)
    offline = tmp_path / "workshop.imap"
    window.editor.save(offline)
    window.close()
    _colleague(shared, portal_db="while you were offline")

    window = make_window()
    assert window.files.open(offline)
    assert f"workshop.imap · {MODEL} r1 @" in window.windowTitle()
    assert window.actions.refresh_from_repository.isEnabled()
    answers.answer(PasswordDialog, _type_password(shared.server.password("ana")))
    assert window.repository.refresh()
    assert window.editor.model.services["portal-db"].notes == "while you were offline"
    assert f"{MODEL} r2 @" in window.windowTitle()
    del commands


def test_a_read_only_revision_offers_no_saving(make_window, shared, answers):
    window = make_window()
    commands = _open(window, shared, answers)
    old = commands.open_revision(1)
    assert old is not None
    assert not old.actions.save_to_repository.isEnabled()
    assert not old.actions.refresh_from_repository.isEnabled()
    assert old.actions.history.isEnabled()
    assert "(read-only)" in old.windowTitle()
