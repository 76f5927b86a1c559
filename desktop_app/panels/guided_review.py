"""The guided review: one question at a time about one service, with its owners at the table.

Review ▸ Start Review… (or a service's, zone's or team's context menu in the Model tree)
walks through the questionnaire's areas for each chosen service in turn. A question shows
the fields it fills — the Inspector's own editors, so every answer is an undoable edit
checked like any other — "There is none" for what the owners say does not exist, the
findings of the rules it answers (they follow the answers, as the Findings panel does)
and the service's completeness.

Everything works from the keyboard: Enter next, Shift+Enter back, 1–9 pick one of the
numbered options of the question's first choice, 0 "there is none", F11 the presenter
view — large text for a projector, one question filling the screen, the canvas centred
on the service and what it relies on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.editing.document_editor import DocumentEditor
from desktop_app.panels.inspector_fields import ChoiceField, Field, FlagField, editor_for
from models.analysis import Analysis, Finding
from models.domain import Change, ModelError, Service
from models.domain import fields as declared
from models.domain.fields import target_entity
from models.review import Question, Questionnaire, service_completeness
from models.review.completeness import AnswerState, answer_state, is_answered

PRESENTER_POINTS = 26
"""The question's size in the presenter view: readable from the back of a meeting room."""
NONE_KEY = Qt.Key.Key_0


class GuidedReview(QWidget):
    """A window walking through the questions for ``service_ids`` in turn."""

    focus_requested = Signal(list)
    """Centre the canvas on these ids: the service and what it relies on."""
    problem = Signal(str)

    def __init__(
        self,
        editor: DocumentEditor,
        questionnaire: Questionnaire,
        service_ids: Sequence[str],
        *,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("guided-review")
        self.editor = editor
        self.questionnaire = questionnaire
        self.today = today
        self.analysis: Analysis | None = None
        self.steps: list[tuple[str, Question]] = [
            (sid, q) for sid in service_ids if sid in editor.model.services
            for q in questionnaire.applicable(editor.model.services[sid])
        ]
        self.index = 0
        self.presenting = False
        self._normal_geometry = None
        self.fields: list[Field] = []
        self.options: list[tuple[str, Any]] = []
        self._chooser: Field | None = None
        layout = QVBoxLayout(self)
        self.where = QLabel()
        self.where.setObjectName("review-where")
        self.where.setWordWrap(True)
        self.question = QLabel()
        self.question.setObjectName("review-question")
        self.question.setWordWrap(True)
        font = self.question.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.question.setFont(font)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.option_hint = QLabel()
        self.option_hint.setObjectName("review-options")
        self.option_hint.setWordWrap(True)
        self.findings = QListWidget()
        self.findings.setObjectName("review-findings")
        self.findings.setWordWrap(True)
        self.score = QLabel()
        self.score.setObjectName("review-score")
        buttons = QHBoxLayout()
        self.back_button = QPushButton("Back")
        self.back_button.clicked.connect(self.back)
        self.none_button = QPushButton("There is none (0)")
        self.none_button.setObjectName("review-none")
        self.none_button.clicked.connect(self.mark_none)
        self.next_button = QPushButton("Next")
        self.next_button.clicked.connect(self.next)
        self.present_button = QPushButton("Presenter view (F11)")
        self.present_button.clicked.connect(self.toggle_presenter)
        for button in (self.back_button, self.none_button, self.present_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        for widget in (self.where, self.question, self.help, self.form_host,
                       self.option_hint):
            layout.addWidget(widget)
        layout.addWidget(QLabel("Findings this question answers:"))
        layout.addWidget(self.findings, 1)
        layout.addWidget(self.score)
        layout.addLayout(buttons)
        self.setWindowTitle("Review")
        self.resize(720, 620)
        editor.changed.connect(self._on_changed)
        self.show_step()

    # ------------------------------------------------------------------ steps

    @property
    def service_id(self) -> str | None:
        return self.steps[self.index][0] if self.steps else None

    @property
    def current(self) -> Question | None:
        return self.steps[self.index][1] if self.steps else None

    def service(self) -> Service | None:
        sid = self.service_id
        return self.editor.model.services.get(sid) if sid else None

    def show_step(self) -> None:
        """Show the current question with the service's current answers."""
        self._clear_form()
        service, question = self.service(), self.current
        if service is None or question is None:
            self.where.setText("No question applies to the chosen services.")
            self.question.setText("")
            for button in (self.back_button, self.next_button, self.none_button):
                button.setEnabled(False)
            return
        area = self.questionnaire.area(question.area)
        services = list(dict.fromkeys(sid for sid, _q in self.steps))
        in_service = [q for sid, q in self.steps if sid == service.id]
        self.where.setText(
            f"{service.name or service.id} · {area.title} · question "
            f"{in_service.index(question) + 1} of {len(in_service)}"
            + (f" · service {services.index(service.id) + 1} of {len(services)}"
               if len(services) > 1 else ""))
        self.question.setText(question.text)
        self.help.setText(question.help)
        self.help.setVisible(bool(question.help))
        for f in question.fields:
            editor = editor_for(f)
            if editor is None:
                continue
            if isinstance(f.value, (declared.Ref, declared.Refs)):
                pool = self.editor.model.entities(target_entity(f))
                named = sorted(((o.name or o.id, o.id) for o in pool.values()),
                               key=lambda pair: (pair[0].casefold(), pair[1]))
                none = [(f.none_label or "— none —", None)] if isinstance(
                    f.value, declared.Ref) else []
                editor.set_options([*none, *named])  # type: ignore[attr-defined]
            editor.commit = lambda values: self._commit(values)
            editor.current = lambda key=f.key: getattr(self.service(), key)
            editor.history = lambda redo: (self.editor.undo_stack.redo() if redo
                                           else self.editor.undo_stack.undo())
            editor.load(getattr(service, f.key))
            editor.label = f.label
            label = "" if isinstance(editor, FlagField) else f.label
            self.form.addRow(f"{label}{self._state_mark(service, f)}", editor) if label else (
                self.form.addRow(editor))
            editor.installEventFilter(self)
            for child in editor.findChildren(QWidget):
                child.installEventFilter(self)
            self.fields.append(editor)
        self._show_options(question)
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setText("Finish" if self.index == len(self.steps) - 1 else "Next")
        self._show_findings()
        self._show_score()
        if self.fields:
            self.fields[0].editor.setFocus()
        self.focus_requested.emit(self._focus_ids(service.id))

    def _state_mark(self, service: Service, f: declared.Field) -> str:
        state = answer_state(service, f)
        return {AnswerState.UNKNOWN: " (not asked yet)", AnswerState.NONE: " (there is none)",
                AnswerState.VALUE: ""}[state]

    def _clear_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = []

    def _show_options(self, question: Question) -> None:
        """Number the choices of the question's first choice field: 1–9 pick one."""
        self.options = []
        chooser = next((f for f in self.fields if isinstance(f, (ChoiceField, FlagField))),
                       None)
        if isinstance(chooser, ChoiceField):
            combo = chooser.combo
            self.options = [(combo.itemText(i), combo.itemData(i))
                            for i in range(combo.count())][:9]
        elif isinstance(chooser, FlagField):
            self.options = [("Yes", True), ("No", False)]
        self._chooser = chooser
        parts = [f"{n} {label}" for n, (label, _v) in enumerate(self.options, start=1)]
        self.option_hint.setText("   ".join([*parts, "0 there is none"]))

    def _focus_ids(self, service_id: str) -> list[str]:
        """The service and what it relies on, for the canvas to centre on."""
        model = self.editor.model
        relied = [i.target_id for i in model.integrations_of(service_id)
                  if i.source_id == service_id]
        return list(dict.fromkeys([service_id, *relied]))

    # ------------------------------------------------------------------ answering

    def _commit(self, values: dict[str, Any]) -> str | None:
        sid = self.service_id
        if sid is None:
            return None
        try:
            self.editor.update(Service, sid, origin=self, **values)
        except ModelError as exc:
            return str(exc)
        return None

    def pick(self, number: int) -> bool:
        """Choose option ``number`` (1–9) of the question's first choice."""
        if not 1 <= number <= len(self.options) or self._chooser is None:
            return False
        _label, value = self.options[number - 1]
        if isinstance(self._chooser, FlagField):
            self._chooser.box.setChecked(value)
        self._chooser.load(value)
        return self._chooser.submit(value)

    def mark_none(self) -> None:
        """"There is none": every field of the question without a value is marked asked."""
        service, question = self.service(), self.current
        if service is None or question is None:
            return
        empty = [f.json for f in question.fields
                 if answer_state(service, f) is AnswerState.UNKNOWN]
        if not empty:
            return
        marked = list(dict.fromkeys([*service.answered_none, *empty]))
        error = self._commit({"answered_none": marked})
        if error:
            self.problem.emit(f"Could not record the answer: {error}")

    def next(self) -> None:
        for field in self.fields:
            field.flush()
        if self.index < len(self.steps) - 1:
            self.index += 1
            self.show_step()
        else:
            self.close()

    def back(self) -> None:
        for field in self.fields:
            field.flush()
        if self.index > 0:
            self.index -= 1
            self.show_step()

    # ------------------------------------------------------------------ live state

    def show_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self._show_findings()

    def findings_shown(self) -> list[Finding]:
        question, sid = self.current, self.service_id
        if self.analysis is None or question is None or sid is None:
            return []
        return [f for f in self.analysis.findings
                if f.rule in question.rules and sid in f.subjects]

    def _show_findings(self) -> None:
        self.findings.clear()
        shown = self.findings_shown()
        for finding in shown:
            tag = " (waived)" if finding.waived else ""
            self.findings.addItem(f"{finding.severity.word.upper()} {finding.rule}: "
                                  f"{finding.message}{tag}")
        if not shown:
            self.findings.addItem("None open." if self.analysis is not None else "Analysing…")

    def _show_score(self) -> None:
        service = self.service()
        if service is None:
            return
        result = service_completeness(service, self.questionnaire)
        question = self.current
        answered = question is not None and is_answered(service, question)
        self.score.setText(f"{service.name or service.id}: {result.overall.text()} questions "
                           f"answered · this one {'answered' if answered else 'open'}")

    def _on_changed(self, changes: Sequence[Change]) -> None:
        sid = self.service_id
        if not any(c.entity is Service and c.key == sid for c in changes):
            return
        service = self.service()
        if service is None:
            self.close()
            return
        for field in self.fields:
            if any(c.origin is not self or field.name == "answered_none" for c in changes):
                field.load(getattr(service, field.name))
        if any("answered_none" in c.fields for c in changes):
            self.show_step()  # the "(not asked yet)" marks change
        self._show_score()

    # ------------------------------------------------------------------ presenter view

    def toggle_presenter(self) -> None:
        """Large text, the whole screen, one question: for the projector in the room."""
        self.presenting = not self.presenting
        if self.presenting:
            self._normal_geometry = self.geometry()
            self.setStyleSheet(f"QWidget {{ font-size: {PRESENTER_POINTS * 0.7:.0f}pt; }} "
                               f"QLabel#review-question {{ font-size: {PRESENTER_POINTS}pt; }}")
            screen = self.screen()
            if screen is not None:  # without a window manager full screen is only a wish
                self.setGeometry(screen.geometry())
            self.showFullScreen()
        else:
            self.setStyleSheet("")
            self.showNormal()
            if self._normal_geometry is not None:
                self.setGeometry(self._normal_geometry)

    def question_points(self) -> float:
        """The size the question is shown at (the presenter view's style sheet included)."""
        self.question.ensurePolished()
        return self.question.font().pointSizeF()

    # ------------------------------------------------------------------ keyboard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and self._key(event):  # type: ignore[arg-type]
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._key(event):
            super().keyPressEvent(event)

    def _key(self, event: QKeyEvent) -> bool:
        """Enter next, Shift+Enter back, 1–9 an option, 0 none, F11 presenter, Escape close.
        Digits typed into a text box are text, not choices."""
        key, modifiers = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if modifiers & Qt.KeyboardModifier.ShiftModifier:
                self.back()
            else:
                self.next()
            return True
        if key == Qt.Key.Key_F11:
            self.toggle_presenter()
            return True
        if key == Qt.Key.Key_Escape:
            if self.presenting:
                self.toggle_presenter()
            else:
                self.close()
            return True
        typing = isinstance(self.focusWidget(), (QLineEdit, QPlainTextEdit, QAbstractSpinBox))
        if not typing and not modifiers & ~Qt.KeyboardModifier.KeypadModifier:
            if key == NONE_KEY:
                self.mark_none()
                return True
            if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
                return self.pick(key - Qt.Key.Key_0) or True
        return False


def review_scopes(editor: DocumentEditor, selected: Sequence[str]) -> list[tuple[str, list[str]]]:
    """What a review can walk through: the selected services, each zone's and each
    owning team's services, or all of them; as ``(label, service ids)``."""
    model = editor.model
    by_name = sorted(model.services.values(), key=lambda s: ((s.name or s.id).casefold(), s.id))
    scopes: list[tuple[str, list[str]]] = []
    chosen = [sid for sid in selected if sid in model.services]
    if chosen:
        names = ", ".join(model.services[s].name or s for s in chosen[:3])
        scopes.append((f"Selected: {names}{' …' if len(chosen) > 3 else ''}", chosen))
    for zone in sorted(model.zones.values(), key=lambda z: (z.name.casefold(), z.id)):
        ids = [s.id for s in by_name if s.zone_id == zone.id]
        if ids:
            scopes.append((f"Zone {zone.name} ({len(ids)} services)", ids))
    for team in sorted(model.teams.values(), key=lambda t: (t.name.casefold(), t.id)):
        ids = [s.id for s in by_name if s.owner_id == team.id]
        if ids:
            scopes.append((f"Team {team.name} ({len(ids)} services)", ids))
    if by_name:
        scopes.append((f"All services ({len(by_name)})", [s.id for s in by_name]))
    return scopes


def choose_review_scope(parent: QWidget | None, scopes: list[tuple[str, list[str]]]
                        ) -> list[str] | None:
    """Ask which services to review; ``None`` when cancelled (tests patch this)."""
    if not scopes:
        return None
    labels = [label for label, _ids in scopes]
    label, ok = QInputDialog.getItem(parent, "Start review", "Review the services of:", labels,
                                     0, False)
    if not ok:
        return None
    return dict(scopes).get(label)
