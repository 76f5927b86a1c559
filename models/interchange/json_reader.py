"""Reading ``integramap/1`` JSON: every value checked, every problem reported with its path.

The reader walks a parsed document once, converting each value with the domain's own
checks (:mod:`models.domain.values`) and resolving each reference against the entities
read before it, and collects problems instead of stopping at the first — an architect
fixing a CMDB export wants the whole list. What it produces is plain column values per
entity, ready for :meth:`Document.build`'s bulk insert; the ORM is not involved until the
document is known to be clean.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from models.domain import (
    SETTING_DEFAULTS,
    SUPPORT_LINES,
    Criticality,
    Environment,
    IdAllocator,
    Initiator,
    Integration,
    IntegrationKind,
    Location,
    ModelError,
    Service,
    ServiceKind,
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
from models.domain.entities import MAX_COORDINATE, MAX_INSTANCES, MAX_TEAM_FTE, SETTING_MAXIMA
from models.domain.links import SELF_LINK_REFUSAL, LinkKey, duplicate_refusal
from models.domain.values import (
    check_date,
    check_enum,
    check_number,
    check_slug,
    check_text,
    echo,
    name_key,
    shown,
)
from models.interchange.errors import InterchangeError

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
    "views",
)
"""The sections a document may have, in the order export writes them."""

RULE_ID = re.compile(r"^[A-Z]{2,5}-\d{3}$")
_ITEM = re.compile(r"^[a-z_]+\[\d+\]")
"""The item a problem is about: ``integrations[4]`` of ``integrations[4].kind: …``."""


def _known_rules() -> Mapping[str, object]:
    """The rule catalogue, imported when a waiver needs it (it brings in networkx)."""
    from models.analysis.catalogue import RULES

    return RULES



UNIQUE_NAME_SECTIONS = ("zones", "teams", "locations")
"""Sections whose items must have distinct names (ignoring case), as in the editor."""

Rows = dict[type[Any], list[dict[str, Any]]]
"""Column values per entity, as :meth:`Document.build` takes them."""


def read(data: Any, name_hint: str) -> tuple[Rows, str, list[str]]:
    """``(rows per entity, model name, problems)`` for a parsed document."""
    reader = _Reader()
    rows, name = reader.read(data, name_hint)
    return rows, name, reader.problems


class _JsonObject(dict[str, Any]):
    """A parsed JSON object that remembers keys written twice (plain dicts keep the last)."""

    duplicates: tuple[str, ...] = ()


def _object_with_duplicates(pairs: list[tuple[str, Any]]) -> _JsonObject:
    obj = _JsonObject(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj.duplicates = tuple(k for k, _ in pairs if k in seen or seen.add(k))
    return obj


def parse(source: str | bytes, source_name: str) -> Any:
    """JSON text (or UTF-8 bytes) → Python objects, keeping track of repeated keys."""
    if isinstance(source, bytes):
        if b"\x00" in source[:4096]:
            raise InterchangeError(source_name, ["is a binary file, not JSON text"])
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InterchangeError(
                source_name, [f"is not UTF-8 text (byte {exc.start} cannot be decoded)"]
            ) from None
    try:
        return json.loads(
            source, object_pairs_hook=_object_with_duplicates, parse_int=_integer
        )
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            source_name, [f"line {exc.lineno} column {exc.colno}: {_decode_problem(exc)}"]
        ) from None
    except RecursionError:
        raise InterchangeError(source_name, ["is nested too deeply to be a model"]) from None


class HugeInteger(float):
    """An integer literal too long to be a number of any field (``1`` followed by 5,000
    zeros). Python refuses to convert such text (it would take quadratic time), so the
    parser keeps this stand-in, infinite in value, which every number check refuses."""

    digits: int = 0

    def __repr__(self) -> str:
        return f"a number of {self.digits:,} digits"


_LONGEST_INTEGER = 30
"""Digits beyond which an integer literal is kept as :class:`HugeInteger` (no field holds
more than 16 digits)."""


def _integer(text: str) -> int | float:
    if len(text) <= _LONGEST_INTEGER:
        return int(text)
    huge = HugeInteger(float("-inf") if text.startswith("-") else float("inf"))
    huge.digits = len(text.lstrip("-"))
    return huge


class _Bad(Exception):
    """One problem with one value; the reader prefixes it with the value's path."""


_FIELD = "\x00"


def _checked(check: Callable[..., Any], value: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a domain check and turn its message into one without the field name."""
    try:
        return check(value, _FIELD, *args, **kwargs)
    except ModelError as exc:
        raise _Bad(str(exc).replace(_FIELD + ": ", "").replace(_FIELD + " ", "")) from None


def _text(value: Any) -> str:
    return _checked(check_text, value)


def _name(value: Any) -> str:
    return _checked(check_text, value, required=True)


def _slug(value: Any) -> str:
    return _checked(check_slug, value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"must be true or false, not {shown(value)}")
    return value


def _date_in(value: Any) -> dt.date | None:
    return _checked(check_date, value)


def _enum(enum: type[Any]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if not isinstance(value, str):
            raise _Bad(f"must be text, not {shown(value)}")
        try:
            return check_enum(enum, value, _FIELD)
        except ModelError as exc:
            raise _Bad(str(exc).replace(_FIELD + ": ", "")) from None

    return convert


def _number_in(*, minimum: float | None = None, maximum: float | None = None,
               integer: bool = False, optional: bool = False) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if value is None and optional:
            return None
        return _checked(check_number, value, minimum=minimum, maximum=maximum, integer=integer)

    return convert


class _Reader:
    """Walks one parsed document, collecting problems and the rows to store."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.ids: dict[str, set[str]] = {}
        self.integration_paths: list[str] = []
        """Where each read integration row stands in the file (``integrations[4]``)."""

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    # -------------------------------------------------------------- structure

    def read(self, data: Any, name_hint: str) -> tuple[Rows, str]:
        rows: Rows = {}
        top = self.object(data, "(document)", TOP_LEVEL_KEYS, required=("format",))
        if top is None:
            return rows, name_hint
        if "format" in top and top["format"] != FORMAT:
            self.problem(
                "format",
                f"must be {json.dumps(FORMAT)}, not {_shown_json(top['format'])}"
                " (is this an Integramap model?)",
            )
        name = name_hint
        if "name" in top:
            name = self.value(top["name"], "name", _name) or name_hint
        rows[Zone] = self.entities(top, "zones", self.zone)
        rows[Location] = self.entities(top, "locations", self.location)
        rows[Team] = self.entities(top, "teams", self.team)
        links: list[dict[str, Any]] = []
        rows[Service] = self.entities(top, "services", lambda item, path: self.service(
            item, path, links))
        rows[ServiceLocation] = links
        rows[Integration] = self.integrations(top)
        self.links(rows[Service], rows[Integration])
        rows[ZonePolicy] = self.zone_policy(top)
        rows[Waiver] = self.waivers(top)
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
        path: str,
        allowed: Iterable[str] | None,
        required: Iterable[str] = (),
    ) -> dict[str, Any] | None:
        """``value`` when it is an object with only ``allowed`` keys (``None``: any key)."""
        if not isinstance(value, dict):
            self.problem(path, f"must be an object, not {_json_type(value)}")
            return None
        for key in getattr(value, "duplicates", ()):
            self.problem(_join(path, key), "is given twice")
        if allowed is not None and not value.keys() <= set(allowed := tuple(allowed)):
            for key in value:
                if key not in allowed:
                    hint = f" (expected one of: {', '.join(allowed)})"
                    self.problem(_join(path, key), f"unknown key{hint}")
        for key in required:
            if key not in value:
                self.problem(path, f"missing required key '{key}'")
        return value

    def value(self, raw: Any, path: str, convert: Callable[[Any], Any], default: Any = None) -> Any:
        try:
            return convert(raw)
        except _Bad as exc:
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
            self.problem(key, f"must be a list, not {_json_type(value)}")
            return []
        return [(item, f"{key}[{n}]") for n, item in enumerate(value)]

    def reference(self, raw: Any, path: str, kind: str, label: str) -> str | None:
        """An id that must exist among the already read ``kind`` entities (or null)."""
        if raw is None:
            return None
        ref = self.value(raw, path, _slug)
        if ref is not None and ref not in self.ids.get(kind, ()):
            self.problem(path, f"unknown {label} '{ref}'")
            return None
        return ref

    def required_id(self, item: dict[str, Any], path: str) -> str | None:
        if "id" not in item:
            return None  # reported by object() as a missing required key
        return self.value(item["id"], f"{path}.id", _slug)

    # -------------------------------------------------------------- entities

    def zone(self, item: Any, path: str) -> dict[str, Any] | None:
        obj = self.object(item, path, ("id", "name", "trust"), required=("id",))
        if obj is None or (zone_id := self.required_id(obj, path)) is None:
            return None
        trust = _number_in(minimum=0, maximum=4, integer=True)
        return {
            "id": zone_id,
            "name": self.value(obj.get("name", zone_id), f"{path}.name", _name, zone_id),
            "trust": self.value(obj.get("trust", 2), f"{path}.trust", trust, 2),
        }

    def location(self, item: Any, path: str) -> dict[str, Any] | None:
        obj = self.object(item, path, ("id", "name", "region"), required=("id",))
        if obj is None or (location_id := self.required_id(obj, path)) is None:
            return None
        return {
            "id": location_id,
            "name": self.value(obj.get("name", location_id), f"{path}.name", _name, ""),
            "region": self.value(obj.get("region", ""), f"{path}.region", _text, ""),
        }

    def team(self, item: Any, path: str) -> dict[str, Any] | None:
        obj = self.object(item, path, ("id", "name", "fte", "contact"), required=("id",))
        if obj is None or (team_id := self.required_id(obj, path)) is None:
            return None
        return {
            "id": team_id,
            "name": self.value(obj.get("name", team_id), f"{path}.name", _name, ""),
            "fte": float(self.value(obj.get("fte", 0), f"{path}.fte",
                                    _number_in(minimum=0, maximum=MAX_TEAM_FTE), 0)),
            "contact": self.value(obj.get("contact", ""), f"{path}.contact", _text, ""),
        }

    def service(
        self, item: Any, path: str, links: list[dict[str, Any]]
    ) -> dict[str, Any] | None:
        obj = self.object(item, path, _SERVICE_KEYS, required=("id",))
        if obj is None or (service_id := self.required_id(obj, path)) is None:
            return None
        row: dict[str, Any] = {"id": service_id, **_SERVICE_DEFAULTS}
        row["name"] = service_id
        for key, (column, convert) in _SERVICE_SCALARS.items():
            if key in obj:
                row[column] = self.value(obj[key], f"{path}.{key}", convert, row[column])
        if "zone" in obj:
            row["zone_id"] = self.reference(obj["zone"], f"{path}.zone", "zones", "zone")
        if "owner" in obj:
            row["owner_id"] = self.reference(obj["owner"], f"{path}.owner", "teams", "team")
        if "environments" in obj:
            row["environments"] = self.environments(obj["environments"], f"{path}.environments")
        if "locations" in obj:
            for position, location_id in enumerate(self.locations_of(obj["locations"], path)):
                links.append(
                    {"service_id": service_id, "location_id": location_id, "position": position}
                )
        if "support_lines" in obj:
            self.support_lines(obj["support_lines"], f"{path}.support_lines", row)
        for key, fields in _SERVICE_GROUPS.items():
            if key in obj:
                group = self.object(obj[key], f"{path}.{key}", fields)
                for field, (column, convert) in (fields.items() if group else ()):
                    if field in group:
                        row[column] = self.value(
                            group[field], f"{path}.{key}.{field}", convert, row[column]
                        )
        return row

    def environments(self, raw: Any, path: str) -> tuple[Environment, ...]:
        default = (Environment.PRODUCTION,)
        if not isinstance(raw, list):
            self.problem(path, f"must be a list of stages, not {_json_type(raw)}")
            return default
        if not raw:
            self.problem(path, "must name at least one stage")
            return default
        stages = {self.value(v, f"{path}[{n}]", _enum(Environment)) for n, v in enumerate(raw)}
        return tuple(e for e in Environment if e in stages) or default

    def locations_of(self, raw: Any, path: str) -> list[str]:
        if not isinstance(raw, list):
            self.problem(f"{path}.locations", f"must be a list of ids, not {_json_type(raw)}")
            return []
        found: list[str] = []
        for n, value in enumerate(raw):
            if value is None:
                self.problem(f"{path}.locations[{n}]", "must name a location, not null")
                continue
            ref = self.reference(value, f"{path}.locations[{n}]", "locations", "location")
            if ref is None:
                continue
            if ref in found:
                self.problem(f"{path}.locations[{n}]", f"location '{ref}' is listed twice")
                continue
            found.append(ref)
        return found

    def support_lines(self, raw: Any, path: str, row: dict[str, Any]) -> None:
        keys = tuple(str(n) for n in SUPPORT_LINES)
        lines = self.object(raw, path, keys)
        for key in keys if lines else ():
            if key in lines:
                row[f"support_line_{key}_id"] = self.reference(
                    lines[key], f"{path}.{key}", "teams", "team"
                )

    def integrations(self, top: dict[str, Any]) -> list[dict[str, Any]]:
        known = self.ids.setdefault("integrations", set())
        out: list[dict[str, Any]] = []
        unnamed: list[dict[str, Any]] = []
        for item, path in self.items(top, "integrations"):
            obj = self.object(item, path, _INTEGRATION_KEYS, required=("source", "target"))
            if obj is None:
                continue
            row: dict[str, Any] = {
                "id": None,
                "source_id": self.reference(obj.get("source"), f"{path}.source", "services",
                                            "service"),
                "target_id": self.reference(obj.get("target"), f"{path}.target", "services",
                                            "service"),
                "kind": IntegrationKind.DEPENDS_ON,
                "protocol": "",
                "encrypted": False,
                "mfa": False,
                "initiator_override": None,
                "notes": "",
            }
            for key, (column, convert) in _INTEGRATION_SCALARS.items():
                if key in obj:
                    row[column] = self.value(obj[key], f"{path}.{key}", convert, row[column])
            if "source" in obj and obj["source"] is None:
                self.problem(f"{path}.source", "must name a service")
            if "target" in obj and obj["target"] is None:
                self.problem(f"{path}.target", "must name a service")
            if "id" in obj:
                row["id"] = self.value(obj["id"], f"{path}.id", _slug)
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
                self.reference(obj["from"], f"{path}.from", "zones", "zone"),
                self.reference(obj["to"], f"{path}.to", "zones", "zone"),
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
            obj = self.object(
                item, path, ("rule", "subject", "reason", "accepted_by", "expires"),
                required=("rule", "subject"),
            )
            if obj is None or "rule" not in obj or "subject" not in obj:
                continue
            rule = self.value(obj["rule"], f"{path}.rule", _text)
            if rule is not None and not RULE_ID.match(rule):
                self.problem(f"{path}.rule", f"'{echo(rule)}' is not a rule id (like 'INT-001')")
                rule = None
            elif rule is not None and rule not in _known_rules():
                # A typo'd or retired rule id would never match a finding: the waiver
                # would sit in the model for ever, unseen.
                self.problem(f"{path}.rule", f"unknown rule '{echo(rule)}'")
                rule = None
            subject = self.value(obj["subject"], f"{path}.subject", _slug)
            if subject is not None and subject not in every_id:
                self.problem(f"{path}.subject", f"unknown subject '{subject}'")
                subject = None
            row = {
                "rule": rule,
                "subject": subject,
                "reason": self.value(obj.get("reason", ""), f"{path}.reason", _text, ""),
                "accepted_by": self.value(
                    obj.get("accepted_by", ""), f"{path}.accepted_by", _text, ""
                ),
                "expires": self.value(obj.get("expires"), f"{path}.expires", _date_in),
            }
            if rule is None or subject is None:
                continue
            if (rule, subject) in seen:
                self.problem(path, f"a waiver for {rule} on '{subject}' is listed twice")
                continue
            seen.add((rule, subject))
            out.append(row)
        return out

    def view(
        self,
        item: Any,
        path: str,
        positions: list[dict[str, Any]],
        areas: list[dict[str, Any]],
    ) -> dict[str, Any] | None:
        obj = self.object(item, path, ("id", "name", "positions", "zone_areas"), required=("id",))
        if obj is None or (view_id := self.required_id(obj, path)) is None:
            return None
        boxes = self.object(obj.get("positions", {}), f"{path}.positions", None)
        for service_id, box in (boxes or {}).items():
            where = f"{path}.positions.{echo(service_id)}"
            if service_id not in self.ids.get("services", ()):
                self.problem(where, f"unknown service '{echo(service_id)}'")
                continue
            numbers = self.box(box, where, sizes=(2, 4))
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
            numbers = self.box(box, where, sizes=(4,))
            if numbers is not None:
                x, y, w, h = numbers
                areas.append({"view_id": view_id, "zone_id": zone_id,
                              "x": x, "y": y, "width": w, "height": h})
        return {
            "id": view_id,
            "name": self.value(obj.get("name", view_id), f"{path}.name", _text, ""),
        }

    def box(self, raw: Any, path: str, *, sizes: tuple[int, ...]) -> list[float] | None:
        shape = " or ".join({2: "[x, y]", 4: "[x, y, width, height]"}[n] for n in sizes)
        if not isinstance(raw, list) or len(raw) not in sizes:
            self.problem(path, f"must be {shape}, not {_shown_json(raw)}")
            return None
        numbers: list[float] = []
        for n, value in enumerate(raw):
            convert = (
                _number_in(minimum=1, maximum=MAX_COORDINATE)
                if n >= 2
                else _number_in(minimum=-MAX_COORDINATE, maximum=MAX_COORDINATE)
            )
            number = self.value(value, f"{path}[{n}]", convert)
            if number is None:
                return None
            numbers.append(float(number))
        return numbers

    def settings(self, raw: Any) -> dict[str, Any]:
        obj = self.object(raw, "settings", SETTING_DEFAULTS)
        if obj is None:
            return {}
        out: dict[str, Any] = {}
        for key, default in SETTING_DEFAULTS.items():
            if key not in obj:
                continue
            integer = isinstance(default, int)
            convert = _number_in(minimum=0, maximum=SETTING_MAXIMA[key], integer=integer)
            value = self.value(obj[key], f"settings.{key}", convert)
            if value is not None:
                out[key] = value
        return {"id": 1, **SETTING_DEFAULTS, **out} if out else {}


def _join(path: str, key: str) -> str:
    key = echo(key)
    return key if path == "(document)" else f"{path}.{key}"


def _shown_json(value: Any) -> str:
    """A refused JSON value in JSON spelling, shortened: a list or object is described by
    its size instead of being written out (it may hold megabytes)."""
    if isinstance(value, list):
        return f"a list of {len(value):,} item{'s' if len(value) != 1 else ''}" if len(
            value) > 4 else echo(json.dumps(value, ensure_ascii=False, default=repr))
    if isinstance(value, dict):
        return f"an object with {len(value):,} key{'s' if len(value) != 1 else ''}"
    return shown(value)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "text", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def _optional_text(value: Any) -> str:
    return "" if value is None else _text(value)


_SERVICE_SCALARS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "name": ("name", _name),
    "kind": ("kind", _enum(ServiceKind)),
    "description": ("description", _optional_text),
    "instances": ("instances", _number_in(minimum=1, maximum=MAX_INSTANCES, integer=True)),
    "stateful": ("stateful", _bool),
    "internet_facing": ("internet_facing", _bool),
    "criticality": ("criticality", _enum(Criticality)),
    "runbook": ("runbook", _optional_text),
    "exit_plan": ("exit_plan", _optional_text),
    "last_restore_test": ("last_restore_test", _date_in),
    "notes": ("notes", _optional_text),
}
_SERVICE_GROUPS: dict[str, dict[str, tuple[str, Callable[[Any], Any]]]] = {
    "vendor": {
        "name": ("vendor_name", _optional_text),
        "contract": ("vendor_contract", _optional_text),
        "sla": ("vendor_sla", _optional_text),
        "escalation": ("vendor_escalation", _optional_text),
    },
    "lifecycle": {
        "version": ("lifecycle_version", _optional_text),
        "end_of_sale": ("end_of_sale", _date_in),
        "end_of_support": ("end_of_support", _date_in),
        "end_of_life": ("end_of_life", _date_in),
    },
    "cost": {
        "yearly": ("cost_yearly", _number_in(minimum=0, optional=True)),
        "currency": ("cost_currency", _optional_text),
    },
    "license": {
        "capacity": ("license_capacity", _number_in(minimum=0, integer=True, optional=True)),
        "usage": ("license_usage", _number_in(minimum=0, integer=True, optional=True)),
    },
}
_SERVICE_KEYS = (
    "id", *_SERVICE_SCALARS, "zone", "environments", "locations", "owner", "support_lines",
    *_SERVICE_GROUPS,
)
_SERVICE_DEFAULTS: dict[str, Any] = {
    "name": "",
    "kind": ServiceKind.APPLICATION,
    "description": "",
    "zone_id": None,
    "environments": (Environment.PRODUCTION,),
    "instances": 1,
    "stateful": False,
    "internet_facing": False,
    "criticality": Criticality.MEDIUM,
    "owner_id": None,
    **{f"support_line_{n}_id": None for n in SUPPORT_LINES},
    "runbook": "",
    "vendor_name": "",
    "vendor_contract": "",
    "vendor_sla": "",
    "vendor_escalation": "",
    "lifecycle_version": "",
    "end_of_sale": None,
    "end_of_support": None,
    "end_of_life": None,
    "exit_plan": "",
    "cost_yearly": None,
    "cost_currency": "",
    "license_capacity": None,
    "license_usage": None,
    "last_restore_test": None,
    "notes": "",
}
_INTEGRATION_SCALARS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "kind": ("kind", _enum(IntegrationKind)),
    "protocol": ("protocol", _optional_text),
    "encrypted": ("encrypted", _bool),
    "mfa": ("mfa", _bool),
    "initiator": ("initiator_override", lambda v: None if v is None else _enum(Initiator)(v)),
    "notes": ("notes", _optional_text),
}
_INTEGRATION_KEYS = ("id", "source", "target", *_INTEGRATION_SCALARS)


def _decode_problem(error: json.JSONDecodeError) -> str:
    """The parser's message made whole: ``Unterminated string starting at`` names no place.

    The line and column already say where; the message says what, and which character
    stopped the parser (a raw tab or line break inside a string is the usual culprit in
    hand-edited files).
    """
    if error.msg.startswith("Unterminated string"):
        return "a string starts here and is never closed"
    found = error.doc[error.pos : error.pos + 1] if error.pos < len(error.doc) else ""
    if error.msg.startswith("Invalid control character"):
        return f"a raw control character {found!r} inside a string (write it as an escape)"
    message = error.msg.removesuffix(" at")
    message = message[:1].lower() + message[1:]
    return f"{message}, found {found!r}" if found else f"{message}, but the file ends here"
