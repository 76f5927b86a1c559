"""A model as a set of entity records: one ``integramap/1`` JSON value per entity.

Comparing two models, storing a model in the team repository and merging two people's
edits all need the same thing: the model cut into entities that have a stable identity
(their kind and id) and a content that can be compared, stored and shown. The content
is exactly what the ``integramap/1`` export writes for that entity, so there is one
serialisation of a model whether it goes to a file or to the repository, and putting
records back together gives a document the one JSON reader validates.

Keys are ``(kind, key)`` pairs of text. Most entities are keyed by their id; the others
by what makes them unique: a zone-policy pair by ``from/to``, a waiver by ``RULE/subject``,
a service's box in a view by ``view/service`` and a zone's area by ``view/zone`` (ids
are slugs and never contain ``/``). Boxes are records of their own so two people moving
different services in the same view do not touch the same record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from models.domain import Model

EntityKey = tuple[str, str]
"""``(kind, key)``: what an entity is, independent of its content."""

Records = dict[EntityKey, Any]
"""Every entity of a model by key; the value is its ``integramap/1`` JSON content."""

DOCUMENT, SETTINGS = "document", "settings"
POSITION, ZONE_AREA, VIEW = "position", "zone_area", "view"
_BOXES = ("positions", "zone_areas")
"""A view's boxes, each its own record; the rest of the view's JSON is the view's record."""

LIST_SECTIONS: tuple[tuple[str, str], ...] = (
    ("zone", "zones"),
    ("zone_policy", "zone_policy"),
    ("location", "locations"),
    ("team", "teams"),
    ("service", "services"),
    ("integration", "integrations"),
    ("waiver", "waivers"),
    ("decision", "decisions"),
    (VIEW, "views"),
)
"""Kinds kept as lists in an ``integramap/1`` document, with their section name."""

OPTIONAL_SECTIONS = frozenset({"decisions"})
"""Sections a document leaves out when they are empty (as export does)."""

KINDS: tuple[str, ...] = (
    DOCUMENT,
    SETTINGS,
    *(kind for kind, _section in LIST_SECTIONS),
    POSITION,
    ZONE_AREA,
)
"""Every kind, parents before what refers to them (the order edits are applied in)."""

KIND_LABELS: dict[str, str] = {
    DOCUMENT: "model name",
    SETTINGS: "analysis settings",
    "zone": "zone",
    "zone_policy": "zone policy",
    "location": "location",
    "team": "team",
    "service": "service",
    "integration": "integration",
    "waiver": "waiver",
    "decision": "decision",
    VIEW: "view",
    POSITION: "position",
    ZONE_AREA: "zone area",
}
"""How a kind is named to a user (history, conflicts, messages)."""

NAME_KEY = "name"
SETTINGS_KEY = "settings"


def model_records(model: Model) -> Records:
    """The records of a live model (through its ``integramap/1`` export)."""
    from models.interchange.json_format import export_document

    return document_records(export_document(model))


def document_records(document: Mapping[str, Any]) -> Records:
    """Cut an ``integramap/1`` document (as export writes it) into records."""
    records: Records = {(DOCUMENT, NAME_KEY): {"name": document["name"]}}
    records[(SETTINGS, SETTINGS_KEY)] = dict(document.get("settings") or {})
    for kind, section in LIST_SECTIONS:
        for index, item in enumerate(document.get(section, ())):
            if kind == VIEW:
                view_id = item["id"]
                records[(VIEW, view_id)] = {
                    **{k: v for k, v in item.items() if k not in _BOXES}, "order": index
                }
                for service_id, box in item.get("positions", {}).items():
                    records[(POSITION, f"{view_id}/{service_id}")] = box
                for zone_id, box in item.get("zone_areas", {}).items():
                    records[(ZONE_AREA, f"{view_id}/{zone_id}")] = box
            else:
                records[(kind, record_key(kind, item))] = item
    return records


def record_key(kind: str, content: Mapping[str, Any]) -> str:
    """The key of a list entity from its content."""
    if kind == "zone_policy":
        return f"{content['from']}/{content['to']}"
    if kind == "waiver":
        return f"{content['rule']}/{content['subject']}"
    return str(content["id"])


def describe(key: EntityKey) -> str:
    """``service 'db'``, ``position of 'db' in view 'main'``: a key as a user reads it."""
    kind, name = key
    if kind in (DOCUMENT, SETTINGS):
        return KIND_LABELS[kind]
    if kind in (POSITION, ZONE_AREA):
        view, item = name.split("/", 1)
        return f"{KIND_LABELS[kind]} of '{item}' in view '{view}'"
    if kind == "zone_policy":
        source, target = name.split("/", 1)
        return f"zone policy '{source}' → '{target}'"
    if kind == "waiver":
        rule, subject = name.split("/", 1)
        return f"waiver {rule} on '{subject}'"
    return f"{KIND_LABELS[kind]} '{name}'"


class Assembly:
    """An ``integramap/1`` document put together from records, and where each record went.

    ``locate(path)`` answers which record a problem the JSON reader reports belongs to
    (``services[3].zone`` → the fourth service placed), so a merge can tell whose change
    made the document invalid.
    """

    def __init__(self, records: Mapping[EntityKey, Any], *, last: Iterable[EntityKey] = ()) -> None:
        late = set(last)
        self._places: dict[str, EntityKey] = {}
        by_kind: dict[str, list[tuple[EntityKey, Any]]] = {kind: [] for kind in KINDS}
        for key, content in records.items():
            if content is not None:
                by_kind[key[0]].append((key, content))
        name = records.get((DOCUMENT, NAME_KEY)) or {"name": "Untitled model"}
        document: dict[str, Any] = {"format": "integramap/1", "name": name["name"]}
        settings = records.get((SETTINGS, SETTINGS_KEY))
        if settings:
            document["settings"] = settings
        for kind, section in LIST_SECTIONS:
            # Records named in ``last`` go last in their list: the reader reports the later
            # of two clashing names, so a clash is reported against the newcomer.
            entries = sorted(by_kind[kind], key=lambda e: (e[0] in late, _order(kind, e)))
            items: list[Any] = []
            for index, (key, content) in enumerate(entries):
                self._places[f"{section}[{index}]"] = key
                if kind == VIEW:
                    content = {k: v for k, v in content.items() if k != "order"}
                items.append(content)
            if items or section not in OPTIONAL_SECTIONS:
                document[section] = items
        self._nest_boxes(document, by_kind)
        self.document = document

    def _nest_boxes(self, document: dict[str, Any], by_kind: dict[str, list[Any]]) -> None:
        views = {view["id"]: (index, view) for index, view in enumerate(document["views"])}
        for kind, field in ((POSITION, "positions"), (ZONE_AREA, "zone_areas")):
            for key, box in sorted(by_kind[kind]):
                view_id, item = key[1].split("/", 1)
                if view_id not in views:
                    # The view is gone: the box is reported against itself.
                    self._places[f"{key[0]}:{key[1]}"] = key
                    continue
                index, view = views[view_id]
                view.setdefault(field, {})[item] = box
                self._places[f"views[{index}].{field}.{item}"] = key

    def locate(self, path: str) -> EntityKey | None:
        """The record a reader problem path points into, or ``None`` (a document problem)."""
        head = path.split(": ", 1)[0]
        best: EntityKey | None = None
        best_length = -1
        for place, key in self._places.items():
            if (head == place or head.startswith((place + ".", place + "["))) and len(
                place
            ) > best_length:
                best, best_length = key, len(place)
        return best

    def orphan_boxes(self) -> list[EntityKey]:
        """Boxes whose view is not in the records (the reader cannot see them)."""
        return [key for place, key in self._places.items() if ":" in place]


def _order(kind: str, entry: tuple[EntityKey, Any]) -> tuple[Any, ...]:
    key, content = entry
    if kind == VIEW:
        return (content.get("order", 0), key[1])
    return tuple(key[1].split("/"))


REFERENCE_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "service": (
        ("zone", "zone"),
        ("owner", "team"),
        ("support_lines.*", "team"),
        ("locations[]", "location"),
    ),
    "integration": (("source", "service"), ("target", "service")),
    "zone_policy": (("from", "zone"), ("to", "zone")),
}
"""Which fields of a record name another entity, and of which kind."""


def references(key: EntityKey, content: Any) -> set[EntityKey]:
    """The entities ``content`` (the record of ``key``) refers to and cannot exist without."""
    kind, name = key
    found: set[EntityKey] = set()
    if content is None:
        return found
    if kind in (POSITION, ZONE_AREA):
        view_id, item = name.split("/", 1)
        return {(VIEW, view_id), ("service" if kind == POSITION else "zone", item)}
    if kind in ("waiver", "decision"):
        subject = content.get("subject")
        found = {(k, subject) for k in ("zone", "location", "team", "service", "integration",
                                        VIEW)}
        owner = (content.get("action") or {}).get("owner") if kind == "decision" else None
        if isinstance(owner, str):
            found.add(("team", owner))
        return found
    for field, target in REFERENCE_FIELDS.get(kind, ()):
        if field.endswith(".*"):
            values = list((content.get(field[:-2]) or {}).values())
        elif field.endswith("[]"):
            values = list(content.get(field[:-2]) or [])
        else:
            values = [content.get(field)]
        found.update((target, value) for value in values if isinstance(value, str))
    return found
