"""The Inspector edits every declared field of what it shows, and shows each one's value."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import pytest

from desktop_app.editing.document_editor import DocumentEditor
from desktop_app.panels.inspector import InspectorPanel, value_of
from desktop_app.panels.inspector_fields import (
    ChecklistField,
    ChoiceField,
    CountField,
    DateField,
    FlagField,
    NotesField,
    NumberField,
    TextField,
    WordsField,
)
from models.domain import (
    DocumentInfo,
    Integration,
    Location,
    Service,
    Settings,
    Team,
    Zone,
)
from models.domain.fields import Slug, fields_of
from tests.fixtures.every_field import LOCATIONS, SERVICE, ZONE, every_field_document, team_for

SHOWN = {
    DocumentInfo: 1,
    Service: SERVICE,
    Integration: "svc-other",
    Zone: ZONE,
    Team: team_for("owner_id"),
    Location: LOCATIONS[0],
}
"""An entity of each kind the Inspector edits, from the sample with every field set."""


@pytest.fixture
def sample(qtbot):
    doc = every_field_document()
    editor = DocumentEditor(doc)
    panel = InspectorPanel()
    qtbot.addWidget(panel)
    panel.set_editor(editor)
    yield panel, editor.model
    panel.set_editor(None)
    doc.close()


def _shown(widget):
    """The value an editor shows, as the model holds it."""
    if isinstance(widget, TextField | DateField):
        return widget.line.text()
    if isinstance(widget, NotesField):
        return widget.text.toPlainText()
    if isinstance(widget, ChoiceField):
        return widget.combo.currentData()
    if isinstance(widget, FlagField):
        return widget.box.isChecked()
    if isinstance(widget, CountField):
        return widget.spin.value()
    if isinstance(widget, NumberField):
        return float(widget.line.text())
    if isinstance(widget, ChecklistField):
        return widget.chosen()
    if isinstance(widget, WordsField):
        return widget.words()
    raise AssertionError(f"no reading of {type(widget).__name__}")


def _held(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value.value if isinstance(value, Enum) and not isinstance(value, str) else value


@pytest.mark.parametrize("entity", [*SHOWN, Settings], ids=lambda e: e.__name__)
def test_every_field_is_edited_and_shows_its_value(sample, entity):
    panel, model = sample
    shown_on = DocumentInfo if entity is Settings else entity
    panel.show_entity(shown_on, SHOWN[shown_on])
    obj = {Settings: model.settings, DocumentInfo: model.info}.get(entity) or model.get(
        entity, SHOWN[entity])
    editors = {widget.name: widget for widget in panel.forms[shown_on].fields}
    for f in fields_of(entity):
        if isinstance(f.value, Slug):
            continue
        assert f.form is not None, f"{f.name} is not in the Inspector: declare form="
        assert f.key in editors, f"{f.name} has no editor"
        widget = editors[f.key]
        assert _shown(widget) == _held(value_of(obj, f.key)), f.name
        assert widget.toolTip() == f.help
