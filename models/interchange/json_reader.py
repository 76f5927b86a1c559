"""Reading ``integramap/1`` JSON: every value checked, every problem reported with its path.

The reader walks a parsed document once, reading each entity's fields where their
declarations (:mod:`models.domain.fields`) say they are spelled, converting each value
with the domain's own checks (:mod:`models.interchange.json_values`) and resolving each
reference against the entities read before it. It collects problems instead of stopping
at the first — an architect fixing a CMDB export wants the whole list. What it produces
is plain column values per entity, ready for :meth:`Document.build`'s bulk insert; the
ORM is not involved until the document is known to be clean.

The rules that belong to the format rather than to a field live here: a missing name is
the entity's id, an integration without an id gets one from its ends and kind, a waiver
must name a rule of the catalogue, and view geometry is written as boxes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from models.domain import (
    Decision,
    DocumentInfo,
    Environment,
    IdAllocator,
    Integration,
    Location,
    Service,
    ServiceLocation,
    Settings,
    Team,
    View,
    ViewPosition,
    ViewZoneArea,
    Waiver,
    Zone,
    ZonePolicy,
)
from models.domain.fields import (
    Choice,
    Day,
    Field,
    IdList,
    Number,
    Ref,
    Refs,
    Stages,
    WordChoices,
    field_of,
    fields_of,
)
from models.domain.links import SELF_LINK_REFUSAL, LinkKey, duplicate_refusal
from models.domain.values import echo, name_key
from models.interchange.json_values import (
    Bad,
    converter,
    json_type,
    number,
    parse,
    shown_json,
    slug,
    text,
    word,
)

__all__ = ["FORMAT", "TOP_LEVEL_KEYS", "Rows", "parse", "read"]

FORMAT = "integramap/1"
"""The ``format`` every document names; a file without it is not read as a model."""

TOP_LEVEL_KEYS = (
    "format",
    "name",
    "settings",
    "zones",
    "zone_policy",
    "locations",
    "teams",
    "services",
    "integrations",
    "waivers",
    "decisions",
    "views",
)
"""The sections a document may have, in the order export writes them."""

SECTIONS: dict[str, str] = {
    "zone": "zones",
    "location": "locations",
    "team": "teams",
    "service": "services",
    "integration": "integrations",
    "view": "views",
}
"""The section listing each kind of entity a reference can name."""

RULE_ID = re.compile(r"^[A-Z]{2,5}-\d{3}$")
_ITEM = re.compile(r"^[a-z_]+\[\d+\]")
"""The item a problem is about: ``integrations[4]`` of ``integrations[4].kind: …``."""

UNIQUE_NAME_SECTIONS = ("zones", "teams", "locations")
"""Sections whose items must have distinct names (ignoring case), as in the editor."""

Rows = dict[type[Any], list[dict[str, Any]]]
"""Column values per entity, as :meth:`Document.build` takes them."""


def _known_rules() -> Mapping[str, object]:
    """The rule catalogue, imported when a waiver needs it (it brings in networkx)."""
    from models.analysis.catalogue import RULES

    return RULES


def read(data: Any, name_hint: str) -> tuple[Rows, str, list[str]]:
    """``(rows per entity, model name, problems)`` for a parsed document."""
    reader = _Reader()
    rows, name = reader.read(data, name_hint)
    return rows, name, reader.problems


# ---------------------------------------------------------------------- the spelling


@cache
def _spelled(entity: type) -> tuple[Field, ...]:
    """The fields of ``entity`` that are keys of its JSON object."""
    return tuple(f for f in fields_of(entity) if f.json is not None)


@cache
def keys_of(entity: type) -> tuple[str, ...]:
    """The keys an object of ``entity`` may have, in the order export writes them."""
    return tuple(dict.fromkeys(f.json.partition(".")[0] for f in _spelled(entity)))  # type: ignore[union-attr]


@cache
def _group_keys(entity: type, group: str) -> tuple[str, ...]:
    """The keys of a nested object (``vendor``: ``name``, ``contract``…)."""
    return tuple(
        f.json.partition(".")[2] for f in _spelled(entity)  # type: ignore[union-attr]
        if f.json.partition(".")[0] == group and "." in f.json  # type: ignore[union-attr]
    )


@cache
def _new_row(entity: type) -> dict[str, Any]:
    """Column values of an entity that names nothing but its id."""
    return {f.key: f.default for f in fields_of(entity) if f.stored and f.key != "id"}


_Step = tuple[Field, str, str, str, Callable[[Any], Any] | None, bool]


@cache
def _plan(entity: type) -> tuple[_Step, ...]:
    """Per spelled field of ``entity``: the field, its key, the JSON key and the key inside
    a nested object (or ""), the reading of a plain value (``None`` for references and
    stages, which the reader resolves itself) and whether its values repeat (choices and
    dates: each distinct text is read once). Worked out once, not per object read."""
    plan = []
    for f in _spelled(entity):
        head, _, tail = f.json.partition(".")  # type: ignore[union-attr]
        plain = not isinstance(f.value, (Ref, Refs, Stages, WordChoices, IdList))
        repeats = isinstance(f.value, (Choice, Day))
        plan.append((f, f.key, head, tail, converter(f) if plain else None, repeats))
    return tuple(plan)


@cache
def _key_set(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(keys)


def _join(path: str | _Where, key: str) -> str:
    key = echo(key)
    return key if path == "(document)" else f"{path}.{key}"


class _Where:
    """Where a value stands (``services[3].vendor.sla``), spelled out only when a problem
    is reported: a large file has hundreds of thousands of values and few problems."""

    __slots__ = ("key", "path")

    def __init__(self, path: str | _Where, key: str | int) -> None:
        self.path, self.key = path, key

    def __str__(self) -> str:
        return _join(self.path, self.key)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class _At(_Where):
    """The ``n``-th item of a list value (``services[3].locations[1]``), spelled lazily."""

    __slots__ = ()

    def __str__(self) -> str:
        return f"{self.path}[{self.key}]"


_STAGE = word(Environment)


# ---------------------------------------------------------------------- the walk


class _Reader:
    """Walks one parsed document, collecting problems and the rows to store."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.ids: dict[str, set[str]] = {}
        self.integration_paths: list[str] = []
        """Where each read integration row stands in the file (``integrations[4]``)."""
        self.read_stages: dict[tuple[Any, ...] | None, tuple[Environment, ...]] = {}
        """Stage lists already read without a problem, and what they read as."""
        self.read_words: dict[tuple[Field, str], Any] = {}
        """``(field, text)`` of choices and dates already read without a problem."""

    def problem(self, path: str | _Where, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def read(self, data: Any, name_hint: str) -> tuple[Rows, str]:
        rows: Rows = {}
        top = self.object(data, "(document)", TOP_LEVEL_KEYS, required=("format",))
        if top is None:
            return rows, name_hint
        if "format" in top and top["format"] != FORMAT:
            self.problem(
                "format",
                f"must be {json.dumps(FORMAT)}, not {shown_json(top['format'])}"
                " (is this an Integramap model?)",
            )
        name = name_hint
        if "name" in top:
            model_name = converter(field_of(DocumentInfo, "name"))
            name = self.value(top["name"], "name", model_name) or name_hint
        rows[Zone] = self.entities(top, "zones", lambda item, path: self.entity(Zone, item, path))
        rows[Location] = self.entities(
            top, "locations", lambda item, path: self.entity(Location, item, path))
        rows[Team] = self.entities(top, "teams", lambda item, path: self.entity(Team, item, path))
        links: list[dict[str, Any]] = []
        rows[Service] = self.entities(top, "services", lambda item, path: self.service(
            item, path, links))
        rows[ServiceLocation] = links
        rows[Integration] = self.integrations(top)
        self.links(rows[Service], rows[Integration])
        rows[ZonePolicy] = self.zone_policy(top)
        rows[Waiver] = self.waivers(top)
        rows[Decision] = self.entities(top, "decisions", self.decision)
        positions: list[dict[str, Any]] = []
        areas: list[dict[str, Any]] = []
        rows[View] = self.entities(
            top, "views", lambda item, path: self.view(item, path, positions, areas)
        )
        for index, view in enumerate(rows[View]):
            view["order"] = index
        rows[ViewPosition] = positions
        rows[ViewZoneArea] = areas
        if "settings" in top:
            settings = self.settings(top["settings"])
            if settings:
                rows[Settings] = [settings]
        return rows, name

    def object(
        self,
        value: Any,
        path: str | _Where,
        allowed: Iterable[str] | None,
        required: Iterable[str] = (),
    ) -> dict[str, Any] | None:
        """``value`` when it is an object with only ``allowed`` keys (``None``: any key)."""
        if not isinstance(value, dict):
            self.problem(path, f"must be an object, not {json_type(value)}")
            return None
        for key in getattr(value, "duplicates", ()):
            self.problem(_join(path, key), "is given twice")
        if allowed is not None and not value.keys() <= _key_set(allowed := tuple(allowed)):
            for key in value:
                if key not in allowed:
                    hint = f" (expected one of: {', '.join(allowed)})"
                    self.problem(_join(path, key), f"unknown key{hint}")
        for key in required:
            if key not in value:
                self.problem(path, f"missing required key '{key}'")
        return value

    def value(
        self, raw: Any, path: str | _Where, convert: Callable[[Any], Any], default: Any = None
    ) -> Any:
        try:
            return convert(raw)
        except Bad as exc:
            self.problem(path, str(exc))
            return default

    def entities(
        self,
        top: dict[str, Any],
        key: str,
        read_one: Callable[[dict[str, Any], str], dict[str, Any] | None],
    ) -> list[dict[str, Any]]:
        """Read a list of entities with unique ``id``s, remembering the ids for references."""
        known = self.ids.setdefault(key, set())
        names: dict[str, str] = {}
        out: list[dict[str, Any]] = []
        for item, path in self.items(top, key):
            row = read_one(item, path)
            if row is None:
                continue
            if row["id"] in known:
                self.problem(f"{path}.id", f"duplicate id '{row['id']}'")
                continue
            if key in UNIQUE_NAME_SECTIONS and isinstance(row.get("name"), str):
                # As the editor insists: these are chosen by name, so names must differ.
                folded = name_key(row["name"])
                if folded and folded in names:
                    self.problem(f"{path}.name", f"'{echo(row['name'])}' is also the name of "
                                 f"'{names[folded]}'")
                    continue
                names.setdefault(folded, row["id"])
            known.add(row["id"])
            out.append(row)
        return out

    def items(self, top: dict[str, Any], key: str) -> Iterable[tuple[Any, str]]:
        value = top.get(key, [])
        if not isinstance(value, list):
            self.problem(key, f"must be a list, not {json_type(value)}")
            return []
        return [(item, f"{key}[{n}]") for n, item in enumerate(value)]

    def reference(self, raw: Any, path: str | _Where, target: str) -> str | None:
        """An id that must exist among the already read ``target`` entities (or null)."""
        if raw is None:
            return None
        known = self.ids.get(SECTIONS[target], ())
        if type(raw) is str and raw in known:  # an id read before: a valid slug already
            return raw
        ref = self.value(raw, path, slug)
        if ref is not None and ref not in known:
            self.problem(path, f"unknown {target} '{ref}'")
            return None
        return ref

    def references(self, raw: Any, path: str | _Where, target: str) -> list[str]:
        """A list of distinct ids of already read ``target`` entities, in the file's order."""
        if not isinstance(raw, list):
            self.problem(path, f"must be a list of ids, not {json_type(raw)}")
            return []
        found: list[str] = []
        for n, value in enumerate(raw):
            if value is None:
                self.problem(_At(path, n), f"must name a {target}, not null")
                continue
            ref = self.reference(value, _At(path, n), target)
            if ref is None:
                continue
            if ref in found:
                self.problem(_At(path, n), f"{target} '{ref}' is listed twice")
                continue
            found.append(ref)
        return found

    def stages(self, raw: Any, path: str | _Where) -> tuple[Environment, ...]:
        default = (Environment.PRODUCTION,)
        if not isinstance(raw, list):
            self.problem(path, f"must be a list of stages, not {json_type(raw)}")
            return default
        if not raw:
            self.problem(path, "must name at least one stage")
            return default
        try:
            same: tuple[Any, ...] | None = tuple(raw)
            known = self.read_stages.get(same)  # most services list one of a few combinations
        except TypeError:  # a list or an object among the stages
            same = known = None
        if known is not None:
            return known
        before = len(self.problems)
        stages = {self.value(v, _At(path, n), _STAGE) for n, v in enumerate(raw)}
        found = tuple(e for e in Environment if e in stages) or default
        if same is not None and len(self.problems) == before:
            self.read_stages[same] = found
        return found

    def choices(
        self, kind: WordChoices | IdList, raw: Any, path: str, default: Any
    ) -> tuple[Any, ...]:
        """A list of vocabulary words or ids, each checked; duplicates are dropped."""
        if not isinstance(raw, list):
            self.problem(path, f"must be a list, not {json_type(raw)}")
            return default
        each = word(kind.enum) if isinstance(kind, WordChoices) and kind.enum else slug
        read = [self.value(v, f"{path}[{n}]", each) for n, v in enumerate(raw)]
        return kind.check([v for v in read if v is not None], path)

    def required_id(self, item: dict[str, Any], path: str) -> str | None:
        if "id" not in item:
            return None  # reported by object() as a missing required key
        return self.value(item["id"], f"{path}.id", slug)

    # -------------------------------------------------------------- fields

    def fields(
        self, entity: type, obj: dict[str, Any], path: str, row: dict[str, Any],
        skip: Iterable[str] = ("id",),
    ) -> None:
        """Read each declared field of ``entity`` that ``obj`` has into ``row``."""
        groups: dict[str, dict[str, Any] | None] = {}
        for f, key, head, tail, convert, repeats in _plan(entity):
            if head not in obj or key in skip:
                continue
            raw = obj[head]
            if tail:
                if head not in groups:
                    groups[head] = self.object(raw, _Where(path, head), _group_keys(entity, head))
                group = groups[head]
                if group is None or tail not in group:
                    continue
                raw = group[tail]
            if convert is None:
                row[key] = self.field(f, raw, _Where(path, f.json), row.get(key))  # type: ignore[arg-type]
                continue
            if repeats and type(raw) is str and (f, raw) in self.read_words:
                row[key] = self.read_words[f, raw]
                continue
            try:
                row[key] = convert(raw)
            except Bad as exc:
                self.problem(_Where(path, f.json), str(exc))  # type: ignore[arg-type]
                continue
            if repeats and type(raw) is str:
                self.read_words[f, raw] = row[key]

    def field(self, f: Field, raw: Any, path: str | _Where, default: Any) -> Any:
        """One value of ``f`` read from ``raw`` (``default`` when it is refused)."""
        if isinstance(f.value, Ref):
            return self.reference(raw, path, f.value.target)
        if isinstance(f.value, Refs):
            return self.references(raw, path, f.value.target)
        if isinstance(f.value, Stages):
            return self.stages(raw, path)
        if isinstance(f.value, (WordChoices, IdList)):
            return self.choices(f.value, raw, path, default)
        return self.value(raw, path, converter(f), default)

    def entity(self, entity: type, item: Any, path: str) -> dict[str, Any] | None:
        """An entity with an ``id``; a name left out is the id."""
        obj = self.object(item, path, keys_of(entity), required=("id",))
        if obj is None or (key := self.required_id(obj, path)) is None:
            return None
        row = {"id": key, **_new_row(entity)}
        if "name" in row:
            row["name"] = key
        self.fields(entity, obj, path, row)
        return row

    # -------------------------------------------------------------- entities

    def service(
        self, item: Any, path: str, links: list[dict[str, Any]]
    ) -> dict[str, Any] | None:
        row = self.entity(Service, item, path)
        if row is None:
            return None
        for position, location_id in enumerate(row.pop("location_ids", ())):
            links.append(
                {"service_id": row["id"], "location_id": location_id, "position": position}
            )
        return row

    def integrations(self, top: dict[str, Any]) -> list[dict[str, Any]]:
        known = self.ids.setdefault("integrations", set())
        out: list[dict[str, Any]] = []
        unnamed: list[dict[str, Any]] = []
        for item, path in self.items(top, "integrations"):
            obj = self.object(item, path, keys_of(Integration), required=("source", "target"))
            if obj is None:
                continue
            row: dict[str, Any] = {
                "id": None,
                **_new_row(Integration),
                "source_id": self.reference(obj.get("source"), _Where(path, "source"), "service"),
                "target_id": self.reference(obj.get("target"), _Where(path, "target"), "service"),
            }
            self.fields(Integration, obj, path, row, skip=("id", "source_id", "target_id"))
            if "source" in obj and obj["source"] is None:
                self.problem(f"{path}.source", "must name a service")
            if "target" in obj and obj["target"] is None:
                self.problem(f"{path}.target", "must name a service")
            if "id" in obj:
                row["id"] = self.value(obj["id"], f"{path}.id", slug)
                if row["id"] is None:
                    continue
                if row["id"] in known:
                    self.problem(f"{path}.id", f"duplicate id '{row['id']}'")
                    continue
                known.add(row["id"])
            else:
                unnamed.append(row)
            out.append(row)
            self.integration_paths.append(path)
        allocator = IdAllocator(known)  # the ids written in the file are taken
        for row in unnamed:
            if row["source_id"] and row["target_id"]:
                base = f"{row['source_id']}-{row['kind'].value}-{row['target_id']}"[:120]
                row["id"] = allocator.allocate(base.strip("-._"))
        known.update(allocator.taken)
        return out

    def links(self, services: list[dict[str, Any]], integrations: list[dict[str, Any]]) -> None:
        """The model's link rules (:mod:`models.domain.links`): no service relies on
        itself, and no two integrations share source, target and kind. An integration
        already reported for another problem is not judged again."""
        flawed = {m.group() for p in self.problems if (m := _ITEM.match(p))}
        names = {row["id"]: row["name"] or row["id"] for row in services}
        first: dict[LinkKey, str] = {}
        for row, path in zip(integrations, self.integration_paths, strict=True):
            source, target = row["source_id"], row["target_id"]
            if path in flawed or source is None or target is None:
                continue
            if source == target:
                self.problem(path, SELF_LINK_REFUSAL)
                continue
            key = (source, target, row["kind"])
            if key in first:
                refusal = duplicate_refusal(names[source], names[target], row["kind"])
                self.problem(path, f"duplicate of {first[key]}: {refusal}")
                continue
            first[key] = path

    def zone_policy(self, top: dict[str, Any]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        for item, path in self.items(top, "zone_policy"):
            obj = self.object(item, path, ("from", "to"), required=("from", "to"))
            if obj is None or "from" not in obj or "to" not in obj:
                continue
            pair = (
                self.reference(obj["from"], f"{path}.from", "zone"),
                self.reference(obj["to"], f"{path}.to", "zone"),
            )
            if None in pair:
                if obj["from"] is None or obj["to"] is None:
                    self.problem(path, "must name two zones")
                continue
            if pair in seen:
                self.problem(path, f"the pair '{pair[0]}' → '{pair[1]}' is listed twice")
                continue
            seen.add(pair)  # type: ignore[arg-type]
            out.append({"from_zone_id": pair[0], "to_zone_id": pair[1]})
        return out

    def waivers(self, top: dict[str, Any]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        every_id = set().union(*self.ids.values()) if self.ids else set()
        for item, path in self.items(top, "waivers"):
            obj = self.object(item, path, keys_of(Waiver), required=("rule", "subject"))
            if obj is None or "rule" not in obj or "subject" not in obj:
                continue
            rule = self.value(obj["rule"], f"{path}.rule", text)
            if rule is not None and not RULE_ID.match(rule):
                self.problem(f"{path}.rule", f"'{echo(rule)}' is not a rule id (like 'INT-001')")
                rule = None
            elif rule is not None and rule not in _known_rules():
                # A typo'd or retired rule id would never match a finding: the waiver
                # would sit in the model for ever, unseen.
                self.problem(f"{path}.rule", f"unknown rule '{echo(rule)}'")
                rule = None
            subject = self.value(obj["subject"], f"{path}.subject", slug)
            if subject is not None and subject not in every_id:
                self.problem(f"{path}.subject", f"unknown subject '{subject}'")
                subject = None
            row = {**_new_row(Waiver), "rule": rule, "subject": subject}
            self.fields(Waiver, obj, path, row, skip=("rule", "subject"))
            if rule is None or subject is None:
                continue
            if (rule, subject) in seen:
                self.problem(path, f"a waiver for {rule} on '{subject}' is listed twice")
                continue
            seen.add((rule, subject))
            out.append(row)
        return out

    def decision(self, item: Any, path: str) -> dict[str, Any] | None:
        """A decision names something the model has and, when it is about a finding, a
        rule that exists (as a waiver does)."""
        obj = self.object(item, path, keys_of(Decision), required=("id", "subject"))
        if obj is None or "subject" not in obj:
            return None
        row = self.entity(Decision, obj, path)
        if row is None:
            return None
        every_id = set().union(*(self.ids.get(section, set()) for section in (
            "services", "integrations", "teams", "zones", "locations")))
        if row["subject"] not in every_id:
            self.problem(f"{path}.subject", f"unknown subject '{echo(row['subject'])}'")
            return None
        rule = row["rule"]
        if rule and not RULE_ID.match(rule):
            self.problem(f"{path}.rule", f"'{echo(rule)}' is not a rule id (like 'INT-001')")
            return None
        if rule and rule not in _known_rules():
            self.problem(f"{path}.rule", f"unknown rule '{echo(rule)}'")
            return None
        return row

    def view(
        self,
        item: Any,
        path: str,
        positions: list[dict[str, Any]],
        areas: list[dict[str, Any]],
    ) -> dict[str, Any] | None:
        obj = self.object(item, path, (*keys_of(View), "positions", "zone_areas"),
                          required=("id",))
        if obj is None or (view_id := self.required_id(obj, path)) is None:
            return None
        boxes = self.object(obj.get("positions", {}), f"{path}.positions", None)
        for service_id, box in (boxes or {}).items():
            where = f"{path}.positions.{echo(service_id)}"
            if service_id not in self.ids.get("services", ()):
                self.problem(where, f"unknown service '{echo(service_id)}'")
                continue
            numbers = self.box(ViewPosition, box, where, sizes=(2, 4))
            if numbers is not None:
                x, y, *size = numbers
                w, h = size or (None, None)
                positions.append({"view_id": view_id, "service_id": service_id,
                                  "x": x, "y": y, "width": w, "height": h})
        zone_boxes = self.object(obj.get("zone_areas", {}), f"{path}.zone_areas", None)
        for zone_id, box in (zone_boxes or {}).items():
            where = f"{path}.zone_areas.{echo(zone_id)}"
            if zone_id not in self.ids.get("zones", ()):
                self.problem(where, f"unknown zone '{echo(zone_id)}'")
                continue
            numbers = self.box(ViewZoneArea, box, where, sizes=(4,))
            if numbers is not None:
                x, y, w, h = numbers
                areas.append({"view_id": view_id, "zone_id": zone_id,
                              "x": x, "y": y, "width": w, "height": h})
        row = {"id": view_id, **_new_row(View), "name": view_id}
        self.fields(View, obj, path, row)
        for zone_id in row.get("collapsed") or ():
            if zone_id not in self.ids.get("zones", ()):
                self.problem(f"{path}.collapsed", f"unknown zone '{echo(zone_id)}'")
        return row

    def box(
        self, entity: type, raw: Any, path: str, *, sizes: tuple[int, ...]
    ) -> list[float] | None:
        """``[x, y]`` or ``[x, y, width, height]``, each checked as ``entity`` declares it."""
        shape = " or ".join({2: "[x, y]", 4: "[x, y, width, height]"}[n] for n in sizes)
        if not isinstance(raw, list) or len(raw) not in sizes:
            self.problem(path, f"must be {shape}, not {shown_json(raw)}")
            return None
        numbers: list[float] = []
        for n, (value, key) in enumerate(zip(raw, ("x", "y", "width", "height"), strict=False)):
            bounds = field_of(entity, key).value
            assert isinstance(bounds, Number)
            convert = number(minimum=bounds.minimum, maximum=bounds.maximum)
            found = self.value(value, f"{path}[{n}]", convert)
            if found is None:
                return None
            numbers.append(float(found))
        return numbers

    def settings(self, raw: Any) -> dict[str, Any]:
        obj = self.object(raw, "settings", keys_of(Settings))
        if obj is None or not obj.keys() & set(keys_of(Settings)):
            return {}
        row = {"id": 1, **_new_row(Settings)}
        self.fields(Settings, obj, "settings", row)
        return row

