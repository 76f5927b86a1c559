"""The inspector: every field of the selected service, integration, zone, team or location.

Each committed field is one :meth:`DocumentEditor.update` (typing merges into one undo
step per field). A refused value (bad date, negative FTE…) shows its message under the
field and is never stored. The inspector follows the editor's change notices — undo, the
canvas, another panel — but skips the notices of its own edits (it passes itself as their
``origin``), so it never rewrites the field the user is typing in.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Iterable
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFormLayout,
    QFrame,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.editing.document_editor import DocumentEditor
from desktop_app.panels.inspector_fields import ChecklistField, Field, FlagField, editor_for
from desktop_app.panels.reference_entities import REFERENCE_ENTITIES, delete_reference_entity
from desktop_app.panels.relative_fonts import apply_relative_fonts
from models.domain import (
    Action,
    Base,
    Change,
    DocumentInfo,
    Integration,
    IntegrationKind,
    Model,
    ModelError,
    Service,
    Settings,
    Zone,
    ZonePolicy,
)
from models.domain import fields as declared
from models.domain.changes import started_by
from models.domain.fields import fields_of, target_entity
from models.review import QuestionnaireError, load_questionnaire, service_completeness

_REFERENCE_FIELDS = {"name", "region", "trust", "fte"}
ALLOWED_TO = "allowed_to"
VALUE_MIN_WIDTH = 170
"""Pixels a field's value keeps at least beside the widest label (a date, a team name)."""
VALUE_WIDTH = 240
"""Pixels a value gets when the inspector is as wide as it would like to be."""
"""Not a column: the zones this zone may open connections to (its zone-policy pairs)."""


class EntityForm(QWidget):
    """A form of fields of one entity type, in titled sections."""

    entity: type[Base]

    def __init__(self, entity: type[Base]) -> None:
        super().__init__()
        self.entity = entity
        self.fields: list[Field] = []
        self.declared: list[declared.Field] = []
        """The declarations behind the fields, for filling in lists of other entities."""
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Labels stay beside their fields (the dock widens itself to fit both), at the top
        # of tall fields such as Notes rather than centred beside them.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.title = QLabel()
        self.title.setObjectName("inspector-title")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(self.title)

    def section(self, text: str) -> None:
        label = QLabel(text)
        label.setObjectName("inspector-section")
        self.form.addRow(label)

    def add(self, label: str, field: Field) -> Field:
        self.fields.append(field)
        field.label = label or (field.box.text() if isinstance(field, FlagField) else "")
        self.form.addRow(label, field) if label else self.form.addRow(field)
        return field

    def add_declared(self, entity: type[Base]) -> list[Field]:
        """An editor for each field ``entity`` declares for the Inspector, section by
        section in the order of :class:`~models.domain.fields.Form`, fields in declaration
        order within a section; a yes/no field is a check box carrying its own label."""
        added: list[Field] = []
        shown = [f for f in fields_of(entity) if f.form is not None]
        for section in declared.Form:
            chosen = [f for f in shown if f.form is section]
            if chosen and section.value:
                self.section(section.value)
            for f in chosen:
                editor = editor_for(f)
                if editor is None:
                    continue
                self.declared.append(f)
                flag = isinstance(f.value, declared.Flag)
                added.append(self.add("" if flag else f.label, editor))
        return added

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def label_column(self) -> int:
        """Width of the widest field label plus the gap to the fields, in pixels."""
        widest = 0
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and item.widget() is not None:
                widest = max(widest, item.widget().sizeHint().width())
        margins = self.form.contentsMargins()
        return widest + max(self.form.horizontalSpacing(), 6) + margins.left() + margins.right()

    def load(self, obj: Base, changed: frozenset[str] | None = None) -> None:
        """Show ``obj``; with ``changed``, reload only those fields (the rest may be mid-edit)."""
        self.title.setText(self.describe(obj))
        for field in self.fields:
            if changed is not None and field.name not in changed:
                continue
            field.load(value_of(obj, field.name))

    def describe(self, obj: Base) -> str:
        return f"{self.entity.__name__} · {getattr(obj, 'id', '')}"

    def set_options(self, model: Model) -> None:
        """Refresh the choices that list other entities (zones, teams, locations); the
        services an integration may join are listed when one is shown (see below)."""
        for f in self.declared:
            if isinstance(f.value, (declared.Ref, declared.Refs)) and f.value.target != "service":
                options = _named(model.entities(target_entity(f)))
                none = [(f.none_label, None)] if isinstance(f.value, declared.Ref) else []
                self.field(f.key).set_options([*none, *options])


class ServiceForm(EntityForm):
    def __init__(self) -> None:
        super().__init__(Service)
        self.review = QLabel()
        self.review.setObjectName("inspector-review")
        self.review.setWordWrap(True)
        self.form.addRow(self.review)
        self.add_declared(Service)

    def describe(self, obj: Base) -> str:
        return f"{obj.kind.label} · {obj.id}"

    def load(self, obj: Base, changed: frozenset[str] | None = None) -> None:
        super().load(obj, changed)
        self.review.setText(review_summary(obj))  # type: ignore[arg-type]


def review_summary(service: Service) -> str:
    """``Review: 11/18 (61%) answered; still open: Maintenance, Cost`` for the form."""
    try:
        questionnaire = load_questionnaire()
    except QuestionnaireError:
        return "Review: the questionnaire cannot be read (Review ▸ Start Review… says why)"
    result = service_completeness(service, questionnaire)
    if not result.overall.total:
        return "Review: no question applies"
    text = f"Review: {result.overall.text()} questions answered"
    open_areas = [area.title for area in questionnaire.areas
                  if result.areas[area.id].answered < result.areas[area.id].total]
    return text + (f"; still open: {', '.join(open_areas)}" if open_areas else "")


class IntegrationForm(EntityForm):
    def __init__(self, model_of: Any) -> None:
        super().__init__(Integration)
        self._model_of = model_of
        self.services_stale = True
        """The From/To choices no longer list the model's services (filled when shown)."""
        self.add_declared(Integration)
        self.swap = QPushButton("⇅ Swap direction")
        self.swap.setObjectName("inspector-swap")
        self.swap.setToolTip("The target relies on the source instead (one undo step)")
        self.swap.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        below_target, _role = self.form.getWidgetPosition(self.field("target_id"))
        self.form.insertRow(below_target + 1, "", self.swap)

    def describe(self, obj: Base) -> str:
        model: Model | None = self._model_of()
        def name(sid: str) -> str:
            service = model.services.get(sid) if model is not None else None
            return service.name if service is not None else sid
        return (f"{name(obj.source_id)} relies on {name(obj.target_id)} "
                f"for {IntegrationKind(obj.kind).purpose}")

    def set_services(self, model: Model) -> None:
        """List the services as the possible ends, by name (their id beside a shared name).

        Done when an integration is shown, not on every service edit: a large model has
        thousands of services and renaming one should not refill two long lists per key.
        """
        options = _service_options(model)
        for name in ("source_id", "target_id"):
            self.field(name).set_options(options)
        self.services_stale = False


class ReferenceForm(EntityForm):
    """Teams, zones and locations: a few fields and a Delete button."""

    def __init__(self, entity: type[Base], delete: Any) -> None:
        super().__init__(entity)
        self.add_declared(entity)
        if entity is Zone:
            self.add("May connect to", ChecklistField(ALLOWED_TO))
        self.users = QLabel()
        self.users.setObjectName("inspector-note")
        self.form.addRow(self.users)
        button = QPushButton(f"Delete {REFERENCE_ENTITIES[entity]}…")
        button.clicked.connect(delete)
        self.form.addRow(button)

    def describe(self, obj: Base) -> str:
        return f"{REFERENCE_ENTITIES[self.entity].capitalize()} · {obj.id}"


class DocumentForm(EntityForm):
    """Shown with nothing selected: the model's name, size and analysis thresholds."""

    def __init__(self) -> None:
        super().__init__(DocumentInfo)
        self.add_declared(DocumentInfo)
        self.summary = QLabel()
        self.summary.setObjectName("inspector-note")
        self.summary.setWordWrap(True)
        self.form.addRow(self.summary)
        self.settings = self.add_declared(Settings)
        """The analysis thresholds, edited with the model itself (stored in ``Settings``)."""

    def load(self, obj: Base, changed: frozenset[str] | None = None) -> None:
        """Load the name; the thresholds are loaded from ``Settings`` by the inspector."""
        self.title.setText(self.describe(obj))
        if changed is None or "name" in changed:
            self.field("name").load(value_of(obj, "name"))

    def describe(self, obj: Base) -> str:
        return "Model"


class FittingStack(QWidget):
    """Pages of which one is shown, as tall as that page rather than the tallest one.

    A QStackedWidget sizes every page like its biggest (its height-for-width, which the
    word-wrapped titles bring in, even counts hidden pages), so a team's three fields sat
    at the top of the long service form's height and stretchy fields spread over it. Here
    the other pages are hidden, and a box layout leaves hidden widgets out.
    """

    def __init__(self) -> None:
        super().__init__()
        self._pages: list[QWidget] = []
        self._current: QWidget | None = None
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)

    def addWidget(self, widget: QWidget) -> int:
        self._pages.append(widget)
        self._column.addWidget(widget)
        if self._current is None:
            self._current = widget
        else:
            widget.hide()
        return len(self._pages) - 1

    def setCurrentWidget(self, widget: QWidget) -> None:
        if widget is self._current:
            return
        if self._current is not None:
            self._current.hide()
        self._current = widget
        widget.show()

    def currentWidget(self) -> QWidget | None:
        return self._current


class InspectorPanel(QScrollArea):
    """Properties of the selection; edits go through the document editor."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("inspector")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.editor: DocumentEditor | None = None
        self.subject: tuple[type[Base], Hashable] | None = None
        self.stack = FittingStack()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.addWidget(self.stack)
        column.addStretch(1)
        self.setWidget(holder)
        self.forms: dict[type[Base], EntityForm] = {
            DocumentInfo: DocumentForm(),
            Service: ServiceForm(),
            Integration: IntegrationForm(lambda: self.editor.model if self.editor else None),
        }
        for entity in REFERENCE_ENTITIES:
            self.forms[entity] = ReferenceForm(entity, self._delete_subject)
        for form in self.forms.values():
            for field in form.fields:
                field.history = self._history
                field.commit = self._commit
                field.current = lambda f=field: self._current(f.name)
            self.stack.addWidget(form)
        document_form = self.forms[DocumentInfo]
        assert isinstance(document_form, DocumentForm)
        for field in document_form.settings:
            field.commit = self._commit_setting
            field.current = lambda f=field: getattr(self.editor.model.settings, f.name)
        links = self.forms[Integration]
        assert isinstance(links, IntegrationForm)
        links.swap.clicked.connect(self._swap_ends)
        policy = self.forms[Zone].field(ALLOWED_TO)
        policy.commit = self._commit_policy
        policy.current = self._allowed_targets
        self.multiple = QLabel()
        self.multiple.setObjectName("inspector-title")
        self.multiple.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.stack.addWidget(self.multiple)
        self.setEnabled(False)
        self._widened = False
        apply_relative_fonts(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.fontChanged.connect(self._font_changed)

    def _font_changed(self, _font: object = None) -> None:
        """View ▸ Larger/Smaller Text: titles and errors follow; the dock may need widening."""
        apply_relative_fonts(self)
        QTimer.singleShot(0, self, self._widen_dock)  # it checks that the window is shown

    def sizeHint(self) -> QSize:
        """Wide enough that no label is cut and every value has room."""
        hint = super().sizeHint()
        return QSize(max(hint.width(), self._needed_width(VALUE_WIDTH)), hint.height())

    def _widen_dock(self) -> None:
        """Shown narrower than its labels and values need (a first start gives docks fixed
        widths): widen the dock once, and again after a text size change, up to a third of
        the window so the canvas keeps most of its room. A dock the user made narrower
        still is left alone after that, and a small window may still be made smaller."""
        dock = self.parentWidget()
        while dock is not None and not isinstance(dock, QDockWidget):
            dock = dock.parentWidget()
        window = self.window()
        if dock is None or not isinstance(window, QMainWindow) or dock.isFloating():
            return
        if not window.isVisible():
            self._widened = False  # not laid out yet: try again with the next document
            return
        # At most a third of the window, so the canvas keeps most of it (larger text may
        # want more than that: then the dock gets as close as the third allows).
        wanted = min(self._needed_width(VALUE_MIN_WIDTH), window.width() // 3)
        if dock.width() < wanted:
            window.resizeDocks([dock], [wanted], Qt.Orientation.Horizontal)
            window.layout().activate()  # now, before the canvas fits the diagram to its size

    def _needed_width(self, value_width: int) -> int:
        labels = max(form.label_column() for form in self.forms.values())
        column = self.widget().layout().contentsMargins()
        chrome = (column.left() + column.right() + 2 * self.frameWidth()
                  + self.verticalScrollBar().sizeHint().width())
        return labels + value_width + chrome

    # ------------------------------------------------------------------ binding

    def set_editor(self, editor: DocumentEditor | None) -> None:
        if self.editor is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.editor.changed.disconnect(self._on_changed)
        self.editor = editor
        self.subject = None
        self.setEnabled(editor is not None)
        if editor is None:
            return
        editor.changed.connect(self._on_changed)
        if not self._widened:  # once the window is laid out and shown
            self._widened = True
            QTimer.singleShot(0, self, self._widen_dock)
        for form in self.forms.values():
            form.set_options(editor.model)
        self.show_entity(DocumentInfo, 1)

    def show_ids(self, ids: list[str]) -> None:
        """Show what the canvas selected: one service or integration, or a count."""
        if self.editor is None:
            return
        model = self.editor.model
        if not ids:
            self.show_entity(DocumentInfo, 1)
        elif len(ids) == 1:
            entity = Service if ids[0] in model.services else Integration
            self.show_entity(entity, ids[0])
        else:
            services = sum(1 for i in ids if i in model.services)
            self.subject = None
            self.multiple.setText(
                f"{len(ids)} items selected\n{services} services, {len(ids) - services} "
                "integrations.\n\nSelect one item to edit its properties."
            )
            self.stack.setCurrentWidget(self.multiple)

    def show_entity(self, entity: type[Base], key: Hashable | None) -> None:
        """Show one entity's form (the model's own form when ``key`` is gone or ``None``)."""
        if self.editor is None:
            return
        obj = _find(self.editor.model, entity, key) if key is not None else None
        if obj is None:
            entity, key, obj = DocumentInfo, 1, self.editor.model.info
        self.subject = (entity, key)
        form = self.forms[entity]
        if isinstance(form, IntegrationForm) and form.services_stale:
            form.set_services(self.editor.model)
        form.load(obj)
        self._load_policy()
        self._load_settings()
        self._describe_usage(form, obj)
        self.stack.setCurrentWidget(form)

    @property
    def form(self) -> EntityForm | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, EntityForm) else None

    # ------------------------------------------------------------------ editing

    def _commit(self, values: dict[str, Any]) -> str | None:
        if self.editor is None or self.subject is None:
            return "nothing is selected"
        entity, key = self.subject
        try:
            self.editor.update(entity, key, origin=self, **values)
        except ModelError as exc:
            return str(exc)
        form = self.form
        if form is not None and (obj := _find(self.editor.model, entity, key)) is not None:
            form.title.setText(form.describe(obj))
        return None

    def _history(self, redo: bool) -> None:
        """Ctrl+Z / Ctrl+Shift+Z typed in a text field: the document's undo and redo."""
        if self.editor is not None:
            stack = self.editor.undo_stack
            stack.redo() if redo else stack.undo()

    def _allowed_targets(self) -> list[str]:
        """The zones the shown zone may open connections to (inside a zone is always allowed)."""
        if self.editor is None or self.subject is None or self.subject[0] is not Zone:
            return []
        key = self.subject[1]
        return sorted(to for source, to in self.editor.model.zone_policy if source == key)

    def _load_settings(self, changed: frozenset[str] | None = None) -> None:
        if self.editor is None or self.subject is None or self.subject[0] is not DocumentInfo:
            return
        form = self.forms[DocumentInfo]
        assert isinstance(form, DocumentForm)
        for field in form.settings:
            if changed is None or field.name in changed:
                field.load(getattr(self.editor.model.settings, field.name))

    def _commit_setting(self, values: dict[str, Any]) -> str | None:
        if self.editor is None:
            return "no model is open"
        try:
            self.editor.update(Settings, 1, origin=self, **values)
        except ModelError as exc:
            return str(exc)
        return None

    def _load_policy(self) -> None:
        """The shown zone's policy: every other zone as an option, the allowed ones ticked."""
        if self.editor is None or self.subject is None or self.subject[0] is not Zone:
            return
        field = self.forms[Zone].field(ALLOWED_TO)
        others = [(name, k) for name, k in _named(self.editor.model.zones) if k != self.subject[1]]
        field.set_options(others)
        field.load(self._allowed_targets())

    def _commit_policy(self, values: dict[str, Any]) -> str | None:
        """Tick = allow this zone → that zone (one undoable edit); untick = deny again."""
        if self.editor is None or self.subject is None:
            return "nothing is selected"
        key = str(self.subject[1])
        wanted = set(values[ALLOWED_TO]) - {key}
        current = set(self._allowed_targets())
        policy = self.editor.model.zone_policy
        try:
            for target in sorted(wanted - current):
                self.editor.add_entity(ZonePolicy(from_zone_id=key, to_zone_id=target),
                                       origin=self)
            for target in sorted(current - wanted):
                self.editor.remove_entity(policy[(key, target)], origin=self)
        except ModelError as exc:
            return str(exc)
        return None

    def _current(self, name: str) -> Any:
        if self.editor is None or self.subject is None:
            return None
        obj = _find(self.editor.model, *self.subject)
        return value_of(obj, name) if obj is not None else None

    def _delete_subject(self) -> None:
        if self.editor is None or self.subject is None:
            return
        entity, key = self.subject
        if entity in REFERENCE_ENTITIES:
            delete_reference_entity(self, self.editor, entity, str(key))

    # ------------------------------------------------------------------ following the model

    def _on_changed(self, changes: Iterable[Change]) -> None:
        if self.editor is None:
            return
        model = self.editor.model
        changes = list(changes)
        if any(c.entity in REFERENCE_ENTITIES and (c.action is not Action.CHANGED
                                                   or c.fields & _REFERENCE_FIELDS)
               for c in changes):
            for form in self.forms.values():
                form.set_options(model)
            self._load_policy()
        if any(c.entity is Service and (c.action is not Action.CHANGED or "name" in c.fields)
               for c in changes):
            self._services_changed()
        if self.subject is None or started_by(changes, self):
            return  # its own edit: the form already shows it, caret and all
        if any(c.entity is ZonePolicy for c in changes):
            self._load_policy()
        for change in changes:
            if change.entity is Settings:
                self._load_settings(change.fields or None)
        entity, key = self.subject
        mine = [c for c in changes if c.entity is entity and c.key == key]
        if not mine:
            if entity in REFERENCE_ENTITIES or entity is DocumentInfo:
                self._describe_usage(self.forms[entity], _find(model, entity, key))
            return
        if any(c.action is Action.REMOVED for c in mine) or _find(model, entity, key) is None:
            self.show_entity(DocumentInfo, 1)
            return
        changed = frozenset().union(*(c.fields for c in mine))
        self.forms[entity].load(_find(model, entity, key), changed or None)

    def _services_changed(self) -> None:
        """Services were added, removed or renamed: the From/To lists and the title follow."""
        form = self.forms[Integration]
        assert isinstance(form, IntegrationForm)
        form.services_stale = True
        if self.editor is None or self.subject is None or self.subject[0] is not Integration:
            return
        obj = _find(self.editor.model, *self.subject)
        if obj is not None:
            form.set_services(self.editor.model)
            form.load(obj, frozenset({"source_id", "target_id"}))

    def _swap_ends(self) -> None:
        """The shown integration's source and target trade places, as one undo step."""
        if self.editor is None or self.subject is None or self.subject[0] is not Integration:
            return
        form = self.forms[Integration]
        obj = _find(self.editor.model, *self.subject)
        if obj is None:
            return
        message = self._commit({"source_id": obj.target_id, "target_id": obj.source_id})
        form.load(obj, frozenset({"source_id", "target_id"}))
        form.field("source_id").set_error(message)

    def _describe_usage(self, form: EntityForm, obj: Base | None) -> None:
        if self.editor is None or obj is None:
            return
        model = self.editor.model
        if isinstance(form, ReferenceForm):
            users = [d for d in model.dependents(obj) if isinstance(d, Service)]
            noun = "service uses" if len(users) == 1 else "services use"
            form.users.setText(f"{len(users)} {noun} this {REFERENCE_ENTITIES[form.entity]}.")
        elif isinstance(form, DocumentForm):
            form.summary.setText(
                f"{len(model.services):,} services, {len(model.integrations):,} integrations, "
                f"{len(model.zones)} zones, {len(model.teams)} teams, "
                f"{len(model.locations)} locations.\n\nSelect a service or an integration on "
                "the canvas, or a team, zone or location in the model tree, to edit it."
            )


def value_of(obj: Base, name: str) -> Any:
    """A field's value as the inspector shows it."""
    value = getattr(obj, name, None)
    return list(value) if isinstance(value, (list, tuple)) else value


def _find(model: Model, entity: type[Base], key: Hashable) -> Base | None:
    if entity is DocumentInfo:
        return model.info
    return model.get(entity, key)  # type: ignore[arg-type]


def _service_options(model: Model) -> list[tuple[str, str]]:
    """Services by name, sorted; a name several services share is told apart by the id."""
    named = _named(model.services)
    counts: dict[str, int] = {}
    for label, _key in named:
        counts[label] = counts.get(label, 0) + 1
    return [(f"{label} ({key})" if counts[label] > 1 else label, key) for label, key in named]


def _named(pool: Any) -> list[tuple[str, str]]:
    """Choices by name, sorted; a location's region beside its name."""
    return [
        (f"{o.name or k} ({region})" if (region := getattr(o, "region", "")) else o.name or k, k)
        for k, o in sorted(pool.items(), key=lambda p: p[1].name.lower())
    ]
