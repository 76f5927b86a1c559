"""Model tree: follows change notices item by item; team/zone/location add and delete."""

from __future__ import annotations

import pytest

from desktop_app.panels import reference_entities
from desktop_app.panels.model_tree import ModelTreePanel
from desktop_app.panels.reference_entities import InUseChoice, add_reference_entity
from models.domain import Location, Service, ServiceKind, Team, Zone


@pytest.fixture
def tree(qtbot, editor):
    panel = ModelTreePanel()
    qtbot.addWidget(panel)
    panel.set_editor(editor)
    return panel


def _names(tree, entity):
    group = tree.groups[entity]
    return [group.child(i).text(0) for i in range(group.childCount())]


def test_lists_every_kind_sorted(tree):
    assert _names(tree, Service) == ["IdP", "Orders DB", "Portal"]
    assert _names(tree, Team) == ["Ops", "Web"]
    assert _names(tree, Zone) == ["DMZ", "Internal"]
    assert _names(tree, Location) == ["Amsterdam", "Frankfurt"]
    assert tree.groups[Service].text(0) == "Services (3)"


def test_follows_add_rename_remove_and_undo(tree, editor):
    new_id = editor.add_service(ServiceKind.BACKUP, (0, 0), name="Backup")
    assert "Backup" in _names(tree, Service)
    editor.update(Service, new_id, name="Vault")
    assert "Vault" in _names(tree, Service) and "Backup" not in _names(tree, Service)
    editor.delete([new_id])
    assert "Vault" not in _names(tree, Service)
    editor.undo_stack.undo()
    assert "Vault" in _names(tree, Service)


def test_picking_items_asks_for_selection(qtbot, tree):
    with qtbot.waitSignal(tree.selection_requested) as signal:
        tree.item_for(Team, "ops").setSelected(True)
    assert signal.args == [Team, ["ops"]]


def test_canvas_selection_is_mirrored_without_echo(qtbot, tree):
    with qtbot.assertNotEmitted(tree.selection_requested):
        tree.reflect_selection(["db", "idp"])
    assert tree.item_for(Service, "db").isSelected()
    assert not tree.item_for(Service, "portal").isSelected()


def test_add_team_gets_a_unique_slug(editor):
    assert add_reference_entity(None, editor, Team, name="Ops?") == "ops-2"
    assert editor.model.teams["ops-2"].name == "Ops?"


def test_a_team_named_like_another_is_refused_with_a_message(editor, monkeypatch):
    told = []
    monkeypatch.setattr(reference_entities, "show_refusal",
                        lambda _parent, title, exc: told.append((title, str(exc))))
    teams = set(editor.model.teams)
    assert add_reference_entity(None, editor, Team, name=" ops ") is None
    assert set(editor.model.teams) == teams
    assert told == [("New team", "another team is already called 'Ops' (ops); "
                                 "choose another name")]


def test_deleting_a_zone_in_use_reassigns(tree, editor, monkeypatch):
    asked = {}

    def answer(parent, noun, label, users, others):
        asked.update(noun=noun, users=users, others=others)
        return InUseChoice.REASSIGN, "internal"

    monkeypatch.setattr(reference_entities, "ask_in_use", answer)
    tree.item_for(Zone, "dmz").setSelected(True)
    tree.delete_selected()
    assert asked == {"noun": "zone", "users": 1, "others": [("internal", "Internal")]}
    assert "dmz" not in editor.model.zones
    assert editor.model.services["portal"].zone_id == "internal"
    editor.undo_stack.undo()
    assert editor.model.services["portal"].zone_id == "dmz"
    assert ("dmz", "internal") in editor.model.zone_policy


def test_deleting_a_team_in_use_can_clear_or_cancel(tree, editor, monkeypatch):
    monkeypatch.setattr(reference_entities, "ask_in_use", lambda *a: (InUseChoice.CANCEL, None))
    tree.item_for(Team, "web").setSelected(True)
    tree.delete_selected()
    assert "web" in editor.model.teams
    monkeypatch.setattr(reference_entities, "ask_in_use", lambda *a: (InUseChoice.CLEAR, None))
    tree.delete_selected()
    assert "web" not in editor.model.teams
    assert editor.model.services["portal"].owner_id is None


def test_deleting_an_unused_location_asks_nothing(tree, editor, monkeypatch):
    def fail(*_args):
        raise AssertionError("nothing uses it; no question expected")

    monkeypatch.setattr(reference_entities, "ask_in_use", fail)
    tree.item_for(Location, "fra").setSelected(True)
    tree.delete_selected()
    assert "fra" not in editor.model.locations


@pytest.mark.parametrize(("entity", "key"), [(Team, "web"), (Zone, "dmz"), (Location, "ams"),
                                             (Service, "db")])
def test_an_empty_name_is_refused_alike_in_the_tree_and_the_inspector(
    qtbot, tree, editor, monkeypatch, entity, key
):
    from desktop_app.panels import model_tree
    from desktop_app.panels.inspector import InspectorPanel

    before = editor.model.get(entity, key).name
    told = []
    monkeypatch.setattr(model_tree.QInputDialog, "getText", lambda *a, **k: ("   ", True))
    monkeypatch.setattr(model_tree, "show_refusal", lambda _p, title, exc: told.append(str(exc)))
    tree._rename(tree.item_for(entity, key))
    assert editor.model.get(entity, key).name == before
    assert len(told) == 1 and "must not be empty" in told[0]

    inspector = InspectorPanel()
    qtbot.addWidget(inspector)
    inspector.set_editor(editor)
    inspector.show_entity(entity, key)
    field = inspector.form.field("name")
    field.line.clear()
    field.line.textEdited.emit("")
    assert editor.model.get(entity, key).name == before
    assert not field.error.isHidden() and "must not be empty" in field.error.text()
    assert field.error.text()[0].isupper()
