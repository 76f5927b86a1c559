"""Copy and paste: a self-contained fragment of a model, as plain JSON.

A fragment holds the copied services, the integrations among them, their positions in
the view they were copied from, and copies of the zones, teams and locations they refer
to. It goes through the system clipboard as JSON under :data:`FRAGMENT_MIME`, so pasting
into another window (another document) works: pasted items get new unique ids, and
referenced zones/teams/locations that the target document does not have are created from
the fragment's copies.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from enum import Enum
from typing import Any

from PySide6.QtCore import QMimeData
from sqlalchemy import inspect as sa_inspect

from desktop_app.editing.paste_layout import clear_of_boxes, fit_zones
from models.domain import (
    TEAM_REFERENCES,
    Base,
    Integration,
    Location,
    Model,
    ModelError,
    Service,
    Team,
    Zone,
    name_key,
    unique_slug,
)
from models.editing.steps import (
    AddEntity,
    PlaceService,
    Rect,
    Step,
    position_of,
    snapshot,
)
from models.notation import SERVICE_SIZE

FRAGMENT_MIME = "application/x-integramap-fragment"
FRAGMENT_FORMAT = "integramap-fragment/1"
PASTE_OFFSET = 40.0
"""How far a paste without a target point lands from the originals, so both stay visible."""

_REFERENCED: tuple[tuple[str, type[Base]], ...] = (
    ("zones", Zone),
    ("teams", Team),
    ("locations", Location),
)


# ---------------------------------------------------------------------- copying


def copy_fragment(model: Model, view_id: str, ids: Iterable[str]) -> dict[str, Any]:
    """The services among ``ids``, the integrations between them, and what they refer to."""
    chosen = [i for i in dict.fromkeys(ids) if i in model.services]
    inside = set(chosen)
    services = [model.services[i] for i in chosen]
    integrations = sorted(
        {
            i.id: i
            for sid in chosen
            for i in model.integrations_of(sid)
            if i.source_id in inside and i.target_id in inside
        }.values(),
        key=lambda i: i.id,
    )
    zone_ids = {s.zone_id for s in services} - {None}
    team_ids = {getattr(s, f) for s in services for f in TEAM_REFERENCES} - {None}
    location_ids = {loc for s in services for loc in s.location_ids}
    positions = {
        sid: list(rect) for sid in chosen if (rect := position_of(model, view_id, sid)) is not None
    }
    return {
        "format": FRAGMENT_FORMAT,
        "services": [_plain(snapshot(s)) for s in services],
        "integrations": [_plain(snapshot(i)) for i in integrations],
        "positions": positions,
        "zones": [_plain(snapshot(model.zones[z])) for z in sorted(zone_ids)],
        "teams": [_plain(snapshot(model.teams[t])) for t in sorted(team_ids)],
        "locations": [_plain(snapshot(model.locations[loc])) for loc in sorted(location_ids)],
    }


def fragment_to_mime(fragment: dict[str, Any]) -> QMimeData:
    """Clipboard data for a fragment (JSON under :data:`FRAGMENT_MIME`)."""
    mime = QMimeData()
    mime.setData(FRAGMENT_MIME, json.dumps(fragment).encode("utf-8"))
    return mime


def fragment_from_mime(mime: QMimeData | None) -> dict[str, Any] | None:
    """The fragment on the clipboard, or ``None`` when it holds something else."""
    if mime is None or not mime.hasFormat(FRAGMENT_MIME):
        return None
    try:
        fragment = json.loads(bytes(mime.data(FRAGMENT_MIME).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return fragment if isinstance(fragment, dict) else None


# ---------------------------------------------------------------------- pasting


def paste_steps(
    model: Model, view_id: str, fragment: dict[str, Any], at: tuple[float, float] | None
) -> tuple[list[Step], list[str]]:
    """The steps that add a fragment's contents to ``model``, and the new service ids.

    ``at`` is where the top-left of the pasted group goes; without it the copies land
    :data:`PASTE_OFFSET` below-right of the originals, or further on while that spot
    already holds an earlier copy. Pasted services are framed by their zones' areas
    (see :mod:`desktop_app.editing.paste_layout`).
    """
    if not isinstance(fragment, dict) or fragment.get("format") != FRAGMENT_FORMAT:
        raise ModelError("the clipboard does not hold Integramap services")
    try:
        return _paste_steps(model, view_id, fragment, at)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelError(f"the copied services could not be pasted ({exc})") from None


def _paste_steps(
    model: Model, view_id: str, fragment: dict[str, Any], at: tuple[float, float] | None
) -> tuple[list[Step], list[str]]:
    steps: list[Step] = []
    created_zones: list[str] = []
    same: dict[type[Base], dict[str, str]] = {}
    for section, entity in _REFERENCED:
        existing = model.entities(entity)
        by_name = {name_key(e.name): e.id for e in existing.values()}
        for values in fragment.get(section, []):
            if model.get(entity, values["id"]) is not None:
                continue
            match = by_name.get(name_key(str(values.get("name", ""))))
            if match is not None:
                # The other document's "DMZ" under another id is this one's DMZ: names
                # are unique, and a second zone of that name could not be told apart.
                same.setdefault(entity, {})[values["id"]] = match
                continue
            steps.append(AddEntity(entity, _fields(entity, values)))
            if entity is Zone:
                created_zones.append(values["id"])
    taken = set(model.taken_ids(Service))
    new_ids: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for values in fragment.get("services", []):
        new_ids[values["id"]] = unique_slug(values["id"], taken)
        taken.add(new_ids[values["id"]])
        fields = _with_references_to(same, _fields(Service, values))
        fields["id"] = new_ids[values["id"]]
        rows.append(fields)
    links: list[Step] = []
    taken_links = set(model.taken_ids(Integration))
    for values in fragment.get("integrations", []):
        if values["source_id"] not in new_ids or values["target_id"] not in new_ids:
            continue
        fields = _fields(Integration, values)
        fields["id"] = unique_slug(values["id"], taken_links)
        taken_links.add(fields["id"])
        fields["source_id"] = new_ids[values["source_id"]]
        fields["target_id"] = new_ids[values["target_id"]]
        links.append(AddEntity(Integration, fields))
    placed = dict(_placements(fragment, new_ids, at))
    if at is None:
        placed = clear_of_boxes(model, view_id, placed, PASTE_OFFSET)
    zone_of = {row["id"]: row.get("zone_id") for row in rows}
    fitted = fit_zones(model, view_id, placed, zone_of, created_zones, pointed=at is not None)
    for row in rows:
        row["zone_id"] = fitted.zone_of[row["id"]]
        steps.append(AddEntity(Service, row))
    steps += links
    steps += [PlaceService(view_id, sid, None, rect) for sid, rect in fitted.placed.items()]
    steps += fitted.area_steps
    return steps, list(new_ids.values())


def _with_references_to(
    same: dict[type[Base], dict[str, str]], fields: dict[str, Any]
) -> dict[str, Any]:
    """A pasted service's references re-pointed to the entities of the same name here."""
    zones, teams, places = same.get(Zone, {}), same.get(Team, {}), same.get(Location, {})
    for key, value in list(fields.items()):
        if key == "zone_id" and value in zones:
            fields[key] = zones[value]
        elif key in TEAM_REFERENCES and value in teams:
            fields[key] = teams[value]
        elif key == "location_ids" and value:
            fields[key] = [places.get(loc, loc) for loc in value]
    return fields


def _placements(
    fragment: dict[str, Any], new_ids: dict[str, str], at: tuple[float, float] | None
) -> list[tuple[str, Rect]]:
    """Where each pasted service goes: the copied layout, shifted as a group."""
    saved = {
        sid: tuple(float(v) if v is not None else None for v in rect)
        for sid, rect in fragment.get("positions", {}).items()
        if sid in new_ids
    }
    if saved:
        left = min(r[0] for r in saved.values())
        top = min(r[1] for r in saved.values())
        bottom = max(r[1] + (r[3] or SERVICE_SIZE[1]) for r in saved.values()) + 40.0
    else:
        left = top = bottom = 0.0
    dx, dy = (PASTE_OFFSET, PASTE_OFFSET) if at is None else (at[0] - left, at[1] - top)
    placed: list[tuple[str, Rect]] = []
    unplaced = 0
    for old_id, new_id in new_ids.items():
        rect = saved.get(old_id)
        if rect is None:
            # Copied from a view where it had no box yet: line such services up below.
            x, y = left + dx + (SERVICE_SIZE[0] + 40.0) * unplaced, bottom + dy
            unplaced += 1
            placed.append((new_id, (x, y, None, None)))
        else:
            placed.append((new_id, (rect[0] + dx, rect[1] + dy, rect[2], rect[3])))
    return placed


def _fields(entity: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    """The known fields of ``entity`` in a fragment entry; anything else is refused."""
    allowed = set(_plain_columns(entity))
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"unknown field {sorted(unknown)[0]!r}")
    return dict(values)


def _plain_columns(entity: type[Base]) -> list[str]:
    names = [a.key for a in sa_inspect(entity).column_attrs if a.key != "pk"]
    return [*names, "location_ids"] if entity is Service else names


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Snapshot values as JSON types: enums by word, dates as ISO text, tuples as lists."""
    return {key: _plain_value(value) for key, value in values.items()}


def _plain_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain_value(v) for v in value]
    return value
