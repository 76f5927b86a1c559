"""View create, rename, duplicate, delete and reorder as reversible model edits."""

from __future__ import annotations

import pytest

from models.domain import Model, ModelError, View, Zone
from models.domain.enums import ViewScope
from models.editing import (
    delete_view_steps,
    duplicate_view_steps,
    new_view_steps,
    ordered_views,
    removal_steps,
    remove_from_view_steps,
    reorder_view_steps,
    run,
    update_steps,
)
from tests.fixtures.model_state import model_state


def _undo(model: Model, steps) -> None:
    run(model, [s.inverse() for s in reversed(steps)])


def test_new_views_go_last_and_undo_removes_them(example):
    before = model_state(example)
    view_id, steps = new_view_steps(example, "Claims", scope=ViewScope.TEAM, subject="claims-it")
    run(example, steps)
    assert [v.id for v in ordered_views(example)] == ["main", view_id]
    assert example.views[view_id].scope is ViewScope.TEAM
    _undo(example, steps)
    assert model_state(example) == before


def test_a_second_view_with_the_same_name_gets_its_own_id(example):
    first, steps = new_view_steps(example, "Claims")
    run(example, steps)
    second, steps = new_view_steps(example, "Claims")
    run(example, steps)
    assert first != second


def test_rename_is_an_ordinary_field_edit(example):
    steps = update_steps(example, View, "main", {"name": "Runtime overview"})
    run(example, steps)
    assert example.views["main"].name == "Runtime overview"
    _undo(example, steps)
    assert example.views["main"].name == "Overview"


def test_duplicate_copies_choices_and_boxes_right_after_the_source(example):
    example.update(example.views["main"], collapsed=["management"])
    example.set_position("main", "claims", 10, 20)
    tail, steps = new_view_steps(example, "Tail")
    run(example, steps)
    copy, steps = duplicate_view_steps(example, "main")
    run(example, steps)
    assert [v.id for v in ordered_views(example)] == ["main", copy, tail]
    duplicate = example.views[copy]
    assert duplicate.name == "Overview (copy)"
    assert duplicate.collapsed == ("management",)
    assert duplicate.positions["claims"].x == 10
    example.set_position(copy, "claims", 500, 500)
    assert example.views["main"].positions["claims"].x == 10  # positions are per view
    _undo(example, steps)
    assert copy not in example.views
    assert [v.id for v in ordered_views(example)] == ["main", tail]


def test_delete_takes_boxes_not_services_and_undo_brings_them_back(example):
    view_id, steps = new_view_steps(example, "Mine")
    run(example, steps)
    example.set_position(view_id, "claims", 1, 2, 300, 90)
    before = model_state(example)
    steps = delete_view_steps(example, view_id)
    run(example, steps)
    assert view_id not in example.views and "claims" in example.services
    _undo(example, steps)
    assert model_state(example) == before


def test_the_last_view_cannot_be_deleted(example):
    with pytest.raises(ModelError, match="at least one view"):
        delete_view_steps(example, "main")


def test_reorder_lists_every_view_once(example):
    a, steps = new_view_steps(example, "A")
    run(example, steps)
    b, steps = new_view_steps(example, "B")
    run(example, steps)
    steps = reorder_view_steps(example, [b, "main", a])
    run(example, steps)
    assert [v.id for v in ordered_views(example)] == [b, "main", a]
    _undo(example, steps)
    assert [v.id for v in ordered_views(example)] == ["main", a, b]
    with pytest.raises(ModelError, match="every view once"):
        reorder_view_steps(example, [a, b])


def test_removing_from_a_hand_made_view_keeps_the_service(example):
    view_id, steps = new_view_steps(example, "Mine")
    run(example, steps)
    example.set_position(view_id, "claims", 0, 0)
    steps = remove_from_view_steps(example, view_id, ["claims"])
    run(example, steps)
    assert "claims" not in example.views[view_id].positions
    assert "claims" in example.services
    with pytest.raises(ModelError, match="only a hand-made view"):
        remove_from_view_steps(example, "main", ["claims"])


def test_deleting_a_collapsed_zone_takes_it_out_of_the_view(example):
    example.update(example.views["main"], collapsed=["dmz", "management"])
    before = model_state(example)
    steps = removal_steps(example, example.zones["dmz"])
    run(example, steps)
    assert example.views["main"].collapsed == ("management",)
    _undo(example, steps)
    assert model_state(example) == before
    assert isinstance(example.zones["dmz"], Zone)
