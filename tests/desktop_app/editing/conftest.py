"""Fixtures for editor tests: a small document with zones, teams, locations and services."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from desktop_app.editing import DocumentEditor
from models.document import Document
from models.domain import (
    IntegrationKind,
    Location,
    Service,
    ServiceKind,
    Team,
    Zone,
    ZonePolicy,
)
from tests.fixtures.model_state import model_state


def make_editor(name: str = "Test") -> DocumentEditor:
    """An editor over a document holding two zones, two teams, two locations, three services.

    The setup is made with commands and then the undo stack is cleared, so tests start
    from a clean stack with known content.
    """
    editor = DocumentEditor(Document.new(name=name))
    editor.add_entity(Zone(id="dmz", name="DMZ", trust=1))
    editor.add_entity(Zone(id="internal", name="Internal", trust=2))
    editor.add_entity(ZonePolicy(from_zone_id="dmz", to_zone_id="internal"))
    editor.add_entity(Team(id="web", name="Web", fte=4.0))
    editor.add_entity(Team(id="ops", name="Ops", fte=6.0))
    editor.add_entity(Location(id="ams", name="Amsterdam", region="eu"))
    editor.add_entity(Location(id="fra", name="Frankfurt", region="eu"))
    editor.set_zone_area("dmz", (0, 0, 600, 300))
    editor.set_zone_area("internal", (0, 400, 900, 400))
    portal = editor.add_service(ServiceKind.PORTAL, (40, 60), name="Portal", zone_id="dmz")
    db = editor.add_service(ServiceKind.DATABASE, (60, 480), name="Orders DB", zone_id="internal")
    idp = editor.add_service(ServiceKind.IDENTITY_PROVIDER, (400, 480), name="IdP",
                             zone_id="internal")
    editor.update(Service, portal, owner_id="web", support_line_1_id="ops",
                  location_ids=["fra", "ams"])
    editor.update(Service, db, owner_id="ops", location_ids=["ams"])
    editor.connect(portal, db, IntegrationKind.DEPENDS_ON)
    editor.connect(portal, idp, IntegrationKind.USER_AUTH)
    editor.connect(db, idp, IntegrationKind.ADMIN_AUTH)
    editor.undo_stack.clear()
    editor.mark_saved()
    return editor


@pytest.fixture
def editor(qapp: Any) -> Iterator[DocumentEditor]:
    ed = make_editor()
    yield ed
    ed.close()
    ed.document.close()


@pytest.fixture
def state() -> Any:
    """``state(model)``: the whole model as plain values (see :func:`model_state`)."""
    return model_state


@pytest.fixture
def second_editor(qapp: Any) -> Iterator[DocumentEditor]:
    """Another open document (another window), with the same zone ids but no teams."""
    ed = DocumentEditor(Document.new(name="Other"))
    ed.add_entity(Zone(id="dmz", name="Perimeter", trust=1))
    ed.undo_stack.clear()
    yield ed
    ed.close()
    ed.document.close()
