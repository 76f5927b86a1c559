"""Creating, renaming, duplicating, deleting and reordering views, as reversible steps.

A view is a diagram of the model, not part of it: deleting a view takes its boxes and zone
areas along and leaves every service in the model; removing a service from a hand-made
view only takes its box there. A model keeps at least one view, so a deletion of the last
one is refused. Each function returns steps for :func:`~models.editing.steps.run` (and the
editor's undo stack), holding the values they replace.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from models.domain import Model, ModelError, View
from models.domain.enums import IntegrationKind, ViewScope
from models.domain.values import slugify, unique_slug
from models.editing.steps import (
    AddEntity,
    PlaceService,
    PlaceZone,
    RemoveEntity,
    Step,
    UpdateFields,
    area_of,
    position_of,
    snapshot,
)


def ordered_views(model: Model) -> list[View]:
    """The model's views in the order tabs, files and the PDF list them."""
    return sorted(model.views.values(), key=lambda v: (v.order, v.id))


def new_view_steps(
    model: Model,
    name: str,
    *,
    scope: ViewScope = ViewScope.HAND_MADE,
    subject: str = "",
    depth: int = 1,
    kinds: Iterable[IntegrationKind] | None = None,
) -> tuple[str, list[Step]]:
    """The id of a new view called ``name`` (last in the order) and the steps adding it."""
    view = View(id=_free_id(model, name), name=name, scope=scope, subject=subject,
                depth=depth, order=_next_order(model))
    if kinds is not None:
        view.kinds = tuple(kinds)
    return view.id, [AddEntity(View, snapshot(view))]


def duplicate_view_steps(model: Model, view_id: str, name: str | None = None) -> tuple[
    str, list[Step]
]:
    """A copy of a view right after it: the same choices, boxes and zone areas."""
    source = _view(model, view_id)
    name = name or f"{source.name} (copy)"
    values: dict[str, Any] = {**snapshot(source), "id": _free_id(model, name), "name": name}
    later = [v for v in ordered_views(model) if v.order > source.order]
    values["order"] = source.order + 1
    steps: list[Step] = [
        UpdateFields(View, v.id, {"order": v.order}, {"order": v.order + 1}) for v in later
    ]
    steps.append(AddEntity(View, values))
    for sid in sorted(source.positions):
        steps.append(PlaceService(values["id"], sid, None, position_of(model, view_id, sid)))
    for zid in sorted(source.zone_areas):
        steps.append(PlaceZone(values["id"], zid, None, area_of(model, view_id, zid)))
    return values["id"], steps


def delete_view_steps(model: Model, view_id: str) -> list[Step]:
    """Steps deleting a view with its boxes and zone areas (never a service)."""
    view = _view(model, view_id)
    if len(model.views) <= 1:
        raise ModelError("a model keeps at least one view; this is the last one")
    steps: list[Step] = [
        PlaceService(view_id, sid, position_of(model, view_id, sid), None)
        for sid in sorted(view.positions)
    ]
    steps += [PlaceZone(view_id, zid, area_of(model, view_id, zid), None)
              for zid in sorted(view.zone_areas)]
    steps.append(RemoveEntity(View, snapshot(view)))
    return steps


def reorder_view_steps(model: Model, view_ids: Sequence[str]) -> list[Step]:
    """Steps giving the views the order of ``view_ids`` (every view, each once)."""
    if sorted(view_ids) != sorted(model.views) or len(set(view_ids)) != len(view_ids):
        raise ModelError("a new order must list every view once")
    return [
        UpdateFields(View, vid, {"order": model.views[vid].order}, {"order": index})
        for index, vid in enumerate(view_ids)
        if model.views[vid].order != index
    ]


def remove_from_view_steps(model: Model, view_id: str, service_ids: Iterable[str]) -> list[Step]:
    """Steps taking services off a hand-made view: their boxes there go, the services stay.

    In any other view the services are shown because of what they are (their zone, team…),
    so taking them off is refused with a message saying what would change it.
    """
    view = _view(model, view_id)
    if view.scope is not ViewScope.HAND_MADE:
        raise ModelError(
            f"'{view.name}' shows {view.scope.label.lower()}; only a hand-made view holds "
            "just the services placed on it"
        )
    return [
        PlaceService(view_id, sid, old, None)
        for sid in dict.fromkeys(service_ids)
        if (old := position_of(model, view_id, sid)) is not None
    ]


def _view(model: Model, view_id: str) -> View:
    view = model.views.get(view_id)
    if view is None:
        raise ModelError(f"unknown view {view_id!r}")
    return view


def _free_id(model: Model, name: str) -> str:
    return unique_slug(slugify(name, fallback="view"), model.taken_ids(View))


def _next_order(model: Model) -> int:
    return max((v.order for v in model.views.values()), default=-1) + 1
