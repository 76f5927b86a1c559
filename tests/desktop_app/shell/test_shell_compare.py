"""File ▸ Compare with…: the canvas marks what was added and changed, ghosts what was
removed, and the Comparison panel steps through every difference."""

from __future__ import annotations

from desktop_app.canvas.items.difference_marks import (
    ADDED,
    CHANGED,
    DifferenceOutline,
    GhostService,
)
from desktop_app.panels import comparison_panel
from models.domain import Service, ServiceKind
from models.interchange.json_format import export_json


def test_compare_with_an_earlier_version(qtbot, make_window, tmp_path, monkeypatch):
    window = make_window()
    earlier = tmp_path / "earlier.json"
    earlier.write_text(export_json(window.editor.model), encoding="utf-8")
    editor = window.editor
    editor.update(Service, "db", name="Orders database")
    new_id = editor.add_service(ServiceKind.MONITORING, (700.0, 60.0))
    editor.delete(["idp"])
    monkeypatch.setattr(comparison_panel, "ask_comparison_file", lambda _parent: str(earlier))
    monkeypatch.setattr("desktop_app.main_window.ask_comparison_file",
                        lambda _parent: str(earlier))
    window.actions.compare_with.trigger()
    marks = window.scene.difference_marks()
    outlines = {(m.colour.name(), m.toolTip()) for m in marks if isinstance(m, DifferenceOutline)}
    assert (ADDED.name(), "Added since the compared version") in outlines
    assert (CHANGED.name(), "Changed since the compared version") in outlines
    [ghost] = [m for m in marks if isinstance(m, GhostService)]
    assert ghost.name == "IdP"
    assert (ghost.rect.x(), ghost.rect.y()) == (400, 480)  # where it was drawn
    lines = [m.toolTip() for m in marks if not isinstance(m, (DifferenceOutline, GhostService))]
    assert lines == ["Removed since the compared version: portal → idp (user_auth)"]
    panel = window.comparison
    rows = [(panel.tree.topLevelItem(i).text(0), panel.tree.topLevelItem(i).text(1))
            for i in range(panel.tree.topLevelItemCount())]
    assert ("changed", "service 'db' — Orders database") in rows
    assert ("removed", "service 'idp' — IdP") in rows
    assert ("added", f"service '{new_id}' — Monitoring") in rows
    assert "1 added" in panel.summary.text() and "changed" in panel.summary.text()
    # Stepping selects and centres what is on the canvas.
    while panel.current_change() is None or panel.current_change().key != ("service", "db"):
        panel.next()
    assert window.scene.selected_ids() == ["db"]
    assert "Name: Orders DB → Orders database" in panel.tree.currentItem().text(2)
    panel.previous()
    assert panel.current_change().key != ("service", "db")
    panel.close_comparison()
    assert window.scene.difference_marks() == []
    assert panel.tree.topLevelItemCount() == 0


def test_comparing_with_the_same_model_shows_no_difference(qtbot, make_window, tmp_path):
    window = make_window()
    same = tmp_path / "same.json"
    same.write_text(export_json(window.editor.model), encoding="utf-8")
    window.editor.move({"db": (500.0, 500.0)})  # layout is not a difference
    assert window.compare_with(str(same)) == []
    assert window.scene.difference_marks() == []
    assert window.comparison.summary.text().startswith("No differences from same.json")


def test_a_file_that_cannot_be_read_is_reported(qtbot, make_window, tmp_path, monkeypatch):
    window = make_window()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    errors = []
    monkeypatch.setattr("desktop_app.main_window.show_error",
                        lambda _parent, title, message: errors.append((title, message)))
    assert window.compare_with(str(bad)) is None
    assert errors and errors[0][0] == "Cannot compare" and "bad.json" in errors[0][1]
