"""The guided review, driven by the keyboard alone: answers land in the model as undoable
edits, "there is none" is recorded, completeness follows, findings follow the answers."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop_app.panels import guided_review as review_module
from models.review import load_questionnaire, service_completeness

AS_OF = dt.date(2026, 11, 25)


@pytest.fixture
def window(make_window):
    win = make_window()
    win.findings.runner.today = lambda: AS_OF
    return win


def _start(window, qtbot, service="db"):
    window.scene.select_ids([service])
    review = window.start_review()
    assert review is not None
    qtbot.waitExposed(review)
    return review


def _key(qtbot, review, key, modifier=Qt.KeyboardModifier.NoModifier):
    target = review.focusWidget() or review
    qtbot.keyClick(target, key, modifier)


def _until(qtbot, review, question_id):
    for _ in range(len(review.steps)):
        if review.current.id == question_id:
            return
        _key(qtbot, review, Qt.Key.Key_Return)
    raise AssertionError(f"never reached {question_id}")


def _score(window, service="db"):
    return service_completeness(window.editor.model.services[service],
                                load_questionnaire()).overall


def test_a_whole_review_by_keyboard(qtbot, window):
    model = window.editor.model
    review = _start(window, qtbot)
    assert review.current.id == "owner"
    assert window.scene.selected_ids()[0] == "db"  # the canvas follows the service
    # 1–9 pick the numbered options of the question's first choice: "— none —", Ops, Web.
    assert [label for label, _v in review.options][:3] == ["— none —", "Ops", "Web"]
    _key(qtbot, review, Qt.Key.Key_3)
    assert model.services["db"].owner_id == "web"
    _key(qtbot, review, Qt.Key.Key_Return)
    assert review.current.id == "support-lines"
    before = _score(window)
    _key(qtbot, review, Qt.Key.Key_0)  # there is none
    assert set(model.services["db"].answered_none) >= {
        "support_lines.1", "support_lines.2", "support_lines.3"}
    assert _score(window).answered == before.answered + 1
    assert "answered" in review.score.text()
    _key(qtbot, review, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert review.current.id == "owner"
    _until(qtbot, review, "exit-plan")
    qtbot.keyClicks(review.focusWidget(), "Move to the managed service")
    _key(qtbot, review, Qt.Key.Key_Return)
    assert model.services["db"].exit_plan == "Move to the managed service"
    # Every answer is an undo step of the document.
    stack = window.editor.undo_stack
    while model.services["db"].exit_plan:
        stack.undo()
    assert model.services["db"].owner_id == "web"
    while model.services["db"].answered_none:
        stack.undo()
    assert _score(window).answered == before.answered
    stack.undo()
    assert model.services["db"].owner_id == "ops"
    for _ in range(len(review.steps)):
        if not review.isVisible():
            break
        _key(qtbot, review, Qt.Key.Key_Return)
    assert not review.isVisible()  # Enter on the last question finishes


def test_findings_of_the_question_follow_the_answers(qtbot, window):
    review = _start(window, qtbot)
    qtbot.waitUntil(lambda: window.findings.analysis is not None, timeout=30_000)
    first = window.findings.analysis
    assert not [f for f in review.findings_shown() if f.rule == "OWN-001"]
    _key(qtbot, review, Qt.Key.Key_1)  # "— none —": no owner
    assert window.editor.model.services["db"].owner_id is None
    qtbot.waitUntil(lambda: window.findings.analysis is not first, timeout=30_000)
    assert [f.rule for f in review.findings_shown()] == ["OWN-001"]
    assert "OWN-001" in review.findings.item(0).text()


def test_digits_typed_into_a_text_answer_are_text(qtbot, window):
    review = _start(window, qtbot)
    _until(qtbot, review, "patching")
    qtbot.keyClicks(review.focusWidget(), "30")
    review.focusWidget().clearFocus()
    _key(qtbot, review, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    assert window.editor.model.services["db"].patch_cycle_days == 30


def test_presenter_view_is_large_and_escape_leaves_it(qtbot, window):
    review = _start(window, qtbot)
    normal = review.question_points()
    _key(qtbot, review, Qt.Key.Key_F11)
    assert review.presenting
    assert review.question_points() == review_module.PRESENTER_POINTS > normal
    _key(qtbot, review, Qt.Key.Key_Escape)
    assert not review.presenting and review.isVisible()


def test_a_zone_review_walks_its_services_in_turn(qtbot, window, monkeypatch):
    window.scene.select_ids([])
    offered = []

    def choose(_parent, scopes):
        offered.extend(label for label, _ids in scopes)
        return next(ids for label, ids in scopes if label.startswith("Zone Internal"))

    monkeypatch.setattr(review_module, "choose_review_scope", choose)
    monkeypatch.setattr("desktop_app.main_window.choose_review_scope", choose)
    review = window.start_review()
    assert "All services (3)" in offered
    services = list(dict.fromkeys(sid for sid, _q in review.steps))
    assert services == ["idp", "db"]  # by name: IdP, Orders DB
    assert "service 1 of 2" in review.where.text()


def test_a_bad_questionnaire_is_reported_and_no_review_starts(qtbot, window, tmp_path,
                                                               monkeypatch):
    bad = tmp_path / "ours.json"
    bad.write_text("{}")
    monkeypatch.setenv("INTEGRAMAP_QUESTIONNAIRE", str(bad))
    errors = []
    monkeypatch.setattr("desktop_app.main_window.show_error",
                        lambda _parent, title, message: errors.append((title, message)))
    window.scene.select_ids(["db"])
    assert window.start_review() is None
    [(title, message)] = errors
    assert title == "Cannot start the review"
    assert "missing required key 'format'" in message
