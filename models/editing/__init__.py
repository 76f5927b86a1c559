"""What each kind of edit does to a model, as reversible steps, without Qt.

The rules of a single change live in :class:`~models.domain.model.Model` (it refuses an
invalid value, a dangling reference, a service relying on itself, a link stated twice).
What an edit takes along lives here: a deleted service takes its integrations, boxes and
waivers; a removed team, zone or location re-points the services that used it; a zone
moved by its title band takes its services' boxes; a longer name widens its box. Each
function returns :mod:`steps <models.editing.steps>` holding ids and the values they
replace, so applying their inverses in reverse order is an exact undo.

The editor wraps these steps in undo commands; anything else that edits a model the way
a user would (an import into an open model, a script) can run the same steps with
:func:`~models.editing.steps.run`.
"""

from models.editing.decisions import decision_steps, new_decision_id
from models.editing.placement import geometry_steps, move_steps, widen_steps, zone_area_steps
from models.editing.removal import delete_steps, removal_steps
from models.editing.steps import (
    AddEntity,
    Area,
    PlaceService,
    PlaceZone,
    Rect,
    RemoveEntity,
    Step,
    UpdateFields,
    area_of,
    entity_key,
    find_entity,
    position_of,
    run,
    snapshot,
)
from models.editing.updates import update_steps
from models.editing.views import (
    delete_view_steps,
    duplicate_view_steps,
    new_view_steps,
    ordered_views,
    remove_from_view_steps,
    reorder_view_steps,
)

__all__ = [
    "AddEntity",
    "Area",
    "PlaceService",
    "PlaceZone",
    "Rect",
    "RemoveEntity",
    "Step",
    "UpdateFields",
    "area_of",
    "decision_steps",
    "delete_steps",
    "delete_view_steps",
    "duplicate_view_steps",
    "entity_key",
    "find_entity",
    "geometry_steps",
    "move_steps",
    "new_decision_id",
    "new_view_steps",
    "ordered_views",
    "position_of",
    "removal_steps",
    "remove_from_view_steps",
    "reorder_view_steps",
    "run",
    "snapshot",
    "update_steps",
    "widen_steps",
    "zone_area_steps",
]
