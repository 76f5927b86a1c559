"""Changing fields of one entity, with what the change takes along.

The step remembers the values it replaces, so undo restores them exactly (a service's
locations in their order). The model checks the new values — and, for an integration's
source, target or kind, its link rules — when the step is applied, so a refused change
never reaches an undo stack.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from models.domain import Base, Model, ModelError, Service
from models.editing.placement import widen_steps
from models.editing.steps import Step, UpdateFields, find_entity


def update_steps(
    model: Model, entity: type[Base], key: Hashable, values: Mapping[str, Any]
) -> list[Step]:
    """Steps setting ``values`` on the entity of that type and key.

    A service renamed to a name its box cannot show whole also gets a wider box (see
    :func:`~models.editing.placement.widen_steps`).
    """
    obj = find_entity(model, entity, key)
    unknown = [name for name in values if not hasattr(entity, name)]
    if unknown:
        raise ModelError(f"{entity.__name__} has no field {unknown[0]!r}")
    old = {name: _current(obj, name) for name in values}
    steps: list[Step] = [UpdateFields(entity, key, old, dict(values))]
    if entity is Service and isinstance(values.get("name"), str):
        steps += widen_steps(model, str(key), values["name"])
    return steps


def _current(obj: Base, name: str) -> Any:
    """A field's value as a step keeps it: a copy of a list, so later edits cannot alter it."""
    value = getattr(obj, name, None)
    return list(value) if isinstance(value, list) else value
