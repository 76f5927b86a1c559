"""Fixtures for canvas tests: a small zoned document shown in a scene and a view."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from desktop_app.canvas import CanvasScene, CanvasView
from desktop_app.editing import DocumentEditor
from models.document import Document
from models.domain import IntegrationKind, ServiceKind, Team, Zone


def build_editor(name: str = "Canvas test") -> DocumentEditor:
    """Two zones side by side, three services, two integrations; clean undo stack."""
    editor = DocumentEditor(Document.new(name=name))
    editor.add_entity(Zone(id="dmz", name="DMZ", trust=1))
    editor.add_entity(Zone(id="internal", name="Internal", trust=2))
    editor.add_entity(Team(id="web", name="Web", fte=3.0))
    editor.set_zone_area("dmz", (0, 0, 600, 300))
    editor.set_zone_area("internal", (0, 400, 900, 400))
    portal = editor.add_service(ServiceKind.PORTAL, (40, 80), name="Portal", zone_id="dmz")
    db = editor.add_service(ServiceKind.DATABASE, (60, 480), name="Orders DB", zone_id="internal")
    idp = editor.add_service(ServiceKind.IDENTITY_PROVIDER, (400, 480), name="IdP",
                             zone_id="internal")
    editor.connect(portal, db, IntegrationKind.DEPENDS_ON)
    editor.connect(portal, idp, IntegrationKind.USER_AUTH)
    editor.undo_stack.clear()
    return editor


@pytest.fixture
def editor(qapp: Any) -> Iterator[DocumentEditor]:
    ed = build_editor()
    yield ed
    ed.close()
    ed.document.close()


@pytest.fixture
def view(editor: DocumentEditor, qtbot: Any) -> CanvasView:
    """A 1000×700 view at 100 % showing the top-left of the diagram."""
    scene = CanvasScene(editor)
    canvas_view = CanvasView(scene)
    qtbot.addWidget(canvas_view)
    canvas_view.resize(1000, 700)
    canvas_view.show()
    canvas_view.set_zoom(1.0)
    canvas_view.centerOn(450, 330)
    return canvas_view


def send_drag(
    view: CanvasView,
    start: QPointF,
    end: QPointF,
    *,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
    steps: int = 4,
) -> None:
    """Press at ``start``, move in steps and release at ``end`` (scene coordinates)."""
    viewport = view.viewport()

    def event(kind: QEvent.Type, at: QPointF, buttons: Qt.MouseButton) -> QMouseEvent:
        local = QPointF(view.mapFromScene(at))
        return QMouseEvent(kind, local, QPointF(viewport.mapToGlobal(local.toPoint())),
                           Qt.MouseButton.LeftButton, buttons, modifiers)

    left = Qt.MouseButton.LeftButton
    QApplication.sendEvent(viewport, event(QEvent.Type.MouseButtonPress, start, left))
    for i in range(1, steps + 1):
        at = start + (end - start) * (i / steps)
        QApplication.sendEvent(viewport, event(QEvent.Type.MouseMove, at, left))
    QApplication.sendEvent(
        viewport, event(QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    )


@pytest.fixture
def drag() -> Any:
    """``drag(view, start, end, modifiers=...)``: a mouse drag in scene coordinates."""
    return send_drag
