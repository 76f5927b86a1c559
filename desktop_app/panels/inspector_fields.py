"""Field editors of the inspector: one widget per entity field, with inline validation.

A field shows its entity's current value (:meth:`Field.load`) and, when the user changes
it, hands ``{field: value}`` to its commit callback. The callback returns the refusal
message of an invalid value (a :class:`ModelError` from the document editor) or ``None``;
the message appears under the widget and the value is never stored. Text is committed as
the user types (the editor merges the keystrokes into one undo step per field); numbers and
dates when editing finishes, because half-typed values are not yet wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.domain import Environment, ModelError
from models.domain import fields as declared
from models.domain.values import check_date

Commit = Callable[[dict[str, Any]], str | None]
"""Store ``{field: value}``; return the refusal message, or ``None`` when stored."""
Options = Sequence[tuple[str, Any]]


class Field(QWidget):
    """A labelled editor of one field, with its error line beneath."""

    reverts = True
    """Refused choices snap back to the stored value; refused typing stays to be fixed."""

    def __init__(self, name: str, editor: QWidget) -> None:
        super().__init__()
        self.name = name
        self.editor = editor
        self.commit: Commit = lambda _values: None
        self.current: Callable[[], Any] = lambda: None
        """The stored value, shown again when a choice (not typed text) is refused."""
        self._loading = False
        self.label = ""
        """The label the form shows beside the field; refusals name the field by it."""
        # As tall as its editor and error line, never taller: a stretchy field would take
        # the panel's spare height and push the following rows (and its label) apart.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(editor)
        self.error = QLabel()
        self.error.setObjectName("field-error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.history: Callable[[bool], None] | None = None
        """Undo (``False``) or redo (``True``) the document; Ctrl+Z in a text box calls it."""
        if isinstance(editor, (QLineEdit, QPlainTextEdit)):
            editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Z / Ctrl+Shift+Z in a text box undo the *document*, not the box's own text
        history: the box's undo would leave the model edit behind, and it could not be
        redone. Text typed but not yet committed (numbers, dates) is committed first."""
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            redo = event.matches(QKeySequence.StandardKey.Redo)
            if self.history is not None and (redo or event.matches(QKeySequence.StandardKey.Undo)):
                event.accept()  # the override: the key comes here, not to the menu's action
                if event.type() == QEvent.Type.KeyPress:
                    self.flush()
                    self.history(redo)
                return True
        return super().eventFilter(watched, event)

    def flush(self) -> None:
        """Commit what the user typed and has not committed yet (most fields commit at once)."""

    def load(self, value: Any) -> None:
        """Show ``value`` without treating it as a user edit; clears any error."""
        self._loading = True
        try:
            self.show_value(value)
        finally:
            self._loading = False
        self.set_error(None)

    def show_value(self, value: Any) -> None:
        raise NotImplementedError

    def submit(self, value: Any) -> bool:
        """Hand a user edit to the commit callback; show its refusal. True when stored."""
        if self._loading:
            return False
        message = self.commit({self.name: value})
        if message is not None and self.reverts:
            self.load(self.current())
        self.set_error(message)
        return message is None

    def set_error(self, message: str | None) -> None:
        text = readable_refusal(message, self.name, self.label) if message else ""
        self.error.setText(text)
        self.error.setVisible(bool(text))


def readable_refusal(message: str, name: str, label: str) -> str:
    """A refusal as a sentence naming the field by its label, not its column name:
    ``min_team_fte must be at least 0`` → ``Minimum team FTE must be at least 0``.

    The model names the field first (``cost must…``, ``end of life: …``); that opening is
    replaced when all its words are words of the field's name.
    """
    if label:
        parts = set(name.lower().split("_"))
        for separator in (" must ", ": "):
            subject, found, rest = message.partition(separator)
            words = [w.strip("()") for w in subject.lower().replace("_", " ").split()]
            if found and words and all(w in parts for w in words):
                message = f"{label}{separator}{rest}"
                break
    return message[:1].upper() + message[1:]


class TextField(Field):
    """One line of free text, stored as typed."""

    reverts = False

    def __init__(self, name: str, placeholder: str = "") -> None:
        self.line = QLineEdit()
        self.line.setPlaceholderText(placeholder)
        super().__init__(name, self.line)
        self.line.textEdited.connect(self.submit)

    def show_value(self, value: Any) -> None:
        if self.line.text() != (value or ""):
            self.line.setText(value or "")
            self.line.setCursorPosition(0)  # show the start of long text, not its tail


class NotesField(Field):
    """Several lines of free text (description, notes)."""

    reverts = False

    def __init__(self, name: str, placeholder: str = "") -> None:
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(placeholder)
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(64)
        super().__init__(name, self.text)
        self.text.textChanged.connect(lambda: self.submit(self.text.toPlainText()))

    def show_value(self, value: Any) -> None:
        if self.text.toPlainText() != (value or ""):
            self.text.setPlainText(value or "")


class ChoiceField(Field):
    """One of a list of options (kind, criticality, zone, team…); options can change."""

    def __init__(self, name: str, options: Options = ()) -> None:
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        super().__init__(name, self.combo)
        self.set_options(options)
        self.combo.activated.connect(lambda index: self.submit(self.combo.itemData(index)))

    def set_options(self, options: Options) -> None:
        current = self.combo.currentData()
        self._loading = True
        try:
            self.combo.clear()
            for label, value in options:
                self.combo.addItem(label, value)
            self._select(current)
        finally:
            self._loading = False

    def show_value(self, value: Any) -> None:
        self._select(value)

    def _select(self, value: Any) -> None:
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(index if index >= 0 else 0)


class FlagField(Field):
    """A yes/no field shown as a check box with its own text."""

    def __init__(self, name: str, text: str) -> None:
        self.box = QCheckBox(text)
        super().__init__(name, self.box)
        self.box.clicked.connect(self.submit)

    def show_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class CountField(Field):
    """A whole number with a lower bound (instances)."""

    def __init__(self, name: str, minimum: int = 0, maximum: int = 1_000_000) -> None:
        self.spin = QSpinBox()
        self.spin.setRange(minimum, maximum)
        super().__init__(name, self.spin)
        self.spin.valueChanged.connect(self.submit)

    def show_value(self, value: Any) -> None:
        self.spin.setValue(int(value or self.spin.minimum()))


class NumberField(Field):
    """A number typed as text; empty means "not recorded" when ``optional``."""

    reverts = False

    def __init__(self, name: str, *, integer: bool = False, optional: bool = True,
                 placeholder: str = "") -> None:
        self.line = QLineEdit()
        self.line.setPlaceholderText(placeholder or ("not recorded" if optional else ""))
        self.integer = integer
        self.optional = optional
        super().__init__(name, self.line)
        self.line.editingFinished.connect(self._finished)

    def show_value(self, value: Any) -> None:
        self.line.setText("" if value is None else f"{value:g}")

    def parse(self, text: str) -> int | float | None:
        """The typed number; raises ``ValueError`` with the message to show."""
        text = text.strip().replace(" ", "").replace("_", "")
        if not text:
            if self.optional:
                return None
            raise ValueError("a number is required here")
        try:
            number = float(text.replace(",", ".")) if not self.integer else int(text)
        except ValueError:
            kind = "a whole number" if self.integer else "a number"
            raise ValueError(f"“{text}” is not {kind}") from None
        return number

    def flush(self) -> None:
        if self.line.isModified():
            self.line.setModified(False)
            self._finished()

    def _finished(self) -> None:
        try:
            value = self.parse(self.line.text())
        except ValueError as exc:
            self.set_error(str(exc))
            return
        self.submit(value)


class DateField(Field):
    """A date typed ``YYYY-MM-DD``; empty means none."""

    reverts = False

    def __init__(self, name: str) -> None:
        self.line = QLineEdit()
        self.line.setPlaceholderText("YYYY-MM-DD")
        super().__init__(name, self.line)
        self.line.editingFinished.connect(self._finished)

    def show_value(self, value: Any) -> None:
        self.line.setText(value.isoformat() if isinstance(value, dt.date) else "")

    def flush(self) -> None:
        if self.line.isModified():
            self.line.setModified(False)
            self._finished()

    def _finished(self) -> None:
        text = self.line.text().strip()
        try:
            value = check_date(text or None, self.name.replace("_", " "))
        except ModelError as exc:
            self.set_error(str(exc))
            return
        self.submit(value)


class WordsField(Field):
    """A list of words typed separated by commas (a team's skills: ``PostgreSQL, Linux``),
    committed when editing finishes, so a half-typed word is not stored on its own."""

    reverts = False

    def __init__(self, name: str, placeholder: str = "") -> None:
        self.line = QLineEdit()
        self.line.setPlaceholderText(placeholder)
        super().__init__(name, self.line)
        self.line.editingFinished.connect(self._finished)

    def show_value(self, value: Any) -> None:
        self.line.setText(", ".join(value or ()))
        self.line.setCursorPosition(0)

    def words(self) -> list[str]:
        """The words as typed, trimmed, empty ones left out."""
        return [w.strip() for w in self.line.text().split(",") if w.strip()]

    def flush(self) -> None:
        if self.line.isModified():
            self.line.setModified(False)
            self._finished()

    def _finished(self) -> None:
        if self.submit(self.words()):
            self.load(self.current())  # as stored: trimmed, each word once


class ChecklistField(Field):
    """A set chosen from options by ticking them (environments, locations)."""

    def __init__(self, name: str, options: Options = (), *, columns: int = 0) -> None:
        self.columns = columns
        if columns:
            holder = QWidget()
            self.row = QGridLayout(holder)
            self.row.setContentsMargins(0, 0, 0, 0)
            self.boxes: list[tuple[QCheckBox, Any]] = []
            super().__init__(name, holder)
        else:
            self.list = QListWidget()
            self.list.setMaximumHeight(96)
            self.list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
            super().__init__(name, self.list)
            self.list.itemChanged.connect(lambda _item: self.submit(self.chosen()))
        self._order: list[Any] = []
        self.set_options(options)

    def set_options(self, options: Options) -> None:
        self._loading = True
        try:
            chosen = set(self.chosen())
            if self.columns:
                for box, _value in self.boxes:
                    box.deleteLater()
                self.boxes = []
                for index, (label, value) in enumerate(options):
                    box = QCheckBox(label)
                    box.setChecked(value in chosen)
                    box.clicked.connect(lambda _checked=False: self.submit(self.chosen()))
                    self.row.addWidget(box, index // self.columns, index % self.columns)
                    self.boxes.append((box, value))
            else:
                self.list.clear()
                for label, value in options:
                    item = QListWidgetItem(label)
                    item.setData(Qt.ItemDataRole.UserRole, value)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(
                        Qt.CheckState.Checked if value in chosen else Qt.CheckState.Unchecked
                    )
                    self.list.addItem(item)
        finally:
            self._loading = False

    def chosen(self) -> list[Any]:
        """The ticked values: the previous order kept, newly ticked ones appended."""
        if self.columns:
            ticked = [value for box, value in getattr(self, "boxes", []) if box.isChecked()]
        else:
            ticked = [
                self.list.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(self.list.count())
                if self.list.item(row).checkState() == Qt.CheckState.Checked
            ]
        kept = [v for v in getattr(self, "_order", []) if v in ticked]
        return kept + [v for v in ticked if v not in kept]

    def show_value(self, value: Any) -> None:
        self._order = list(value or [])
        wanted = set(self._order)
        if self.columns:
            for box, option in self.boxes:
                box.setChecked(option in wanted)
        else:
            for row in range(self.list.count()):
                item = self.list.item(row)
                state = item.data(Qt.ItemDataRole.UserRole) in wanted
                item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)

    def submit(self, value: Any) -> bool:
        stored = super().submit(value)
        if stored:
            self._order = list(value)
        return stored


def editor_for(f: declared.Field) -> Field | None:
    """The editor of a declared field, chosen by its value type (``None``: not editable,
    as ids are). Options that list other entities are filled in by the form."""
    kind = f.value
    editor: Field
    if isinstance(kind, declared.Text):
        editor = (NotesField if kind.lines else TextField)(f.key, f.hint)
    elif isinstance(kind, declared.Choice):
        none = [(f.none_label, None)] if f.optional else []
        editor = ChoiceField(f.key, [*none, *((kind.label_of(m), m) for m in kind.enum)])
    elif isinstance(kind, declared.Number) and kind.words:
        editor = ChoiceField(f.key, [(f"{n} · {word}", n) for n, word in kind.words.items()])
    elif isinstance(kind, declared.Count):
        editor = CountField(f.key, minimum=int(kind.minimum or 0),
                            maximum=int(kind.maximum or 1_000_000))
    elif isinstance(kind, declared.Number):
        editor = NumberField(f.key, integer=kind.whole, optional=f.optional, placeholder=f.hint)
    elif isinstance(kind, declared.Flag):
        editor = FlagField(f.key, f.label)
    elif isinstance(kind, declared.Day):
        editor = DateField(f.key)
    elif isinstance(kind, declared.Ref):
        editor = ChoiceField(f.key)
    elif isinstance(kind, declared.Refs):
        editor = ChecklistField(f.key)
    elif isinstance(kind, declared.Stages):
        editor = ChecklistField(f.key, [(e.label, e) for e in Environment], columns=2)
    elif isinstance(kind, declared.Words):
        editor = WordsField(f.key, f.hint)
    elif isinstance(kind, declared.Slug):
        return None
    else:
        raise TypeError(f"the Inspector has no editor for {type(kind).__name__} ({f.name})")
    if f.help:
        editor.setToolTip(f.help)
    return editor
