"""Graphviz DOT interchange: export a model as a drawable graph, import graphs from any tool.

**Export** (through pydot) draws what an architect expects — services as nodes shaped and
coloured by kind, zones as filled clusters, integrations as arrows styled by kind — and
records everything else as attributes Graphviz ignores: every service and integration
field on its node or edge, under the attribute name its declaration gives
(:mod:`models.domain.fields`: ``kind``, ``criticality``, ``owner``, ``vendor_sla``…), and the teams,
locations, zone policy, waivers, decisions and settings as JSON in ``integramap_*`` graph
attributes.
So DOT → import gives back the same model, views and their positions included.

**Import** reads hand-written DOT from other tools as well: nodes become services, edges
integrations (kind from a ``kind`` attribute, else from a label naming a kind, else
``depends_on``), clusters zones (trust from a ``trust`` attribute, else guessed from the
name). Attributes the model has no field for are kept in the notes, not dropped. The text is
checked before it is parsed (size, binary content), parsed completely, converted into an
``integramap/1`` document and handed to the JSON importer, which validates everything and
stores it in one transaction — so a bad file imports nothing.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pydot

from models.document import Document
from models.domain import (
    IdAllocator,
    Integration,
    IntegrationKind,
    Model,
    Service,
    ServiceKind,
    name_key,
    slugify,
)
from models.domain.fields import (
    Choice,
    Day,
    Field,
    Flag,
    Number,
    Ref,
    Refs,
    Stages,
    Text,
    Words,
    fields_of,
)
from models.domain.values import SLUG_PATTERN, echo
from models.interchange.dot_syntax import DotGraph, DotSyntaxError, HtmlString, parse_dot
from models.interchange.errors import InterchangeError
from models.interchange.json_format import FORMAT, export_json, import_json
from models.interchange.json_values import written
from models.notation import INTEGRATION_STYLES, SERVICE_STYLES, ZONE_BORDERS, ZONE_FILLS

SOURCE = "DOT"
MAX_TEXT_CHARS = 8 * 1024 * 1024
"""Larger files are refused before parsing. A 5,000-service export is about 6.5 MB; a
10,000-service one with every field filled about 12.5 MB — JSON is the format for those."""
MAX_CONTROL_SHARE = 0.01
"""Text with more control characters than this share of its first 64 KB is not DOT."""

MARKER = "integramap_format"
"""Graph attribute naming the format, present in files this module wrote."""
_GRAPH_JSON = (
    "settings", "locations", "teams", "zone_policy", "waivers", "decisions", "views",
)
"""Top-level ``integramap/1`` lists that travel as JSON in ``integramap_<key>`` attributes."""

_SHAPES: dict[ServiceKind, str] = {
    ServiceKind.DATABASE: "cylinder",
    ServiceKind.STORAGE: "cylinder",
    ServiceKind.GATEWAY: "hexagon",
    ServiceKind.FIREWALL: "octagon",
    ServiceKind.IDENTITY_PROVIDER: "house",
    ServiceKind.MESSAGE_BROKER: "cds",
    ServiceKind.NETWORK: "diamond",
}
_DRAWING_ONLY = {"label", "shape", "style", "fillcolor", "color", "fontcolor", "penwidth",
                 "tooltip", "labelloc", "fontsize", "fontname", "arrowsize", "margin"}
"""Attributes export writes for Graphviz's drawing; ignored when our own file comes back."""

_LEADING = ("kind", "criticality")
"""Node attributes written first, so a person reading the file sees what a node is."""
_ALWAYS_WRITTEN = ("kind",)
"""Written even when it is the default: other tools colour and shape nodes by it."""

_TRUST_WORDS = (
    (0, ("internet", "public", "external", "wan")),
    (1, ("dmz", "edge", "perimeter", "partner")),
    (3, ("restricted", "pci", "secure", "sensitive", "data")),
    (4, ("management", "mgmt", "admin", "backup", "oob")),
)


# ====================================================================== export


def export_dot(model: Model) -> str:
    """The model as a Graphviz ``digraph`` (text ending with a newline)."""
    document = json.loads(export_json(model))
    graph = pydot.Dot(_quote(document["name"]), graph_type="digraph", strict=False)
    graph.set(MARKER, _quote(FORMAT))
    graph.set("label", _quote(document["name"]))
    graph.set("labelloc", "t")
    graph.set("fontname", _quote("Helvetica"))
    graph.set("compound", "true")
    for key in _GRAPH_JSON:
        if document.get(key):
            graph.set(f"integramap_{key}", _quote(json.dumps(document[key], ensure_ascii=False)))
    graph.set_node_defaults(fontname=_quote("Helvetica"), fontcolor=_quote("#ffffff"))
    graph.set_edge_defaults(arrowsize="0.7")
    by_zone: dict[str | None, list[dict[str, Any]]] = {}
    for service in document["services"]:
        by_zone.setdefault(service["zone"], []).append(service)
    for zone in document["zones"]:
        cluster = pydot.Subgraph(_quote(f"cluster_{zone['id']}"))
        cluster.set("label", _quote(zone["name"]))
        cluster.set("trust", str(zone["trust"]))
        cluster.set("style", _quote("filled,rounded"))
        cluster.set("fillcolor", _quote(ZONE_FILLS.get(zone["trust"], "#ffffff")))
        cluster.set("color", _quote(ZONE_BORDERS.get(zone["trust"], "#888888")))
        for service in by_zone.get(zone["id"], []):
            cluster.add_node(_service_node(service))
        graph.add_subgraph(cluster)
    for service in by_zone.get(None, []):
        graph.add_node(_service_node(service))
    for integration in document["integrations"]:
        graph.add_edge(_integration_edge(integration))
    return graph.to_string().rstrip("\n") + "\n"


def _service_node(service: dict[str, Any]) -> pydot.Node:
    kind = ServiceKind(service["kind"])
    attrs = {
        "label": _quote(service["name"]),
        "shape": _SHAPES.get(kind, "box"),
        "style": _quote("filled" if kind in _SHAPES else "filled,rounded"),
        "fillcolor": _quote(SERVICE_STYLES[kind].colour),
    }
    for key, value in _flatten_service(service).items():
        attrs[key] = _quote(value)
    return pydot.Node(_quote(service["id"]), **attrs)


def _integration_edge(integration: dict[str, Any]) -> pydot.Edge:
    kind = IntegrationKind(integration["kind"])
    style = INTEGRATION_STYLES[kind]
    line = "solid" if not style.dash else "dotted" if style.dash[0] <= 2 else "dashed"
    # No edge labels: on a real landscape they push dot into a wide, tangled drawing.
    # The kind shows as colour and line style (as on the canvas) and as a hover tooltip.
    attrs = {
        "tooltip": _quote(kind.label),
        "color": _quote(style.colour),
        "style": line,
        "penwidth": f"{style.width:g}",
    }
    for f in _attributes(Integration).values():
        value = _at(integration, f)
        if not _is_empty(value):
            attrs[f.dot] = _quote(_text(value))
    return pydot.Edge(_quote(integration["source"]), _quote(integration["target"]), **attrs)


def _flatten_service(service: dict[str, Any]) -> dict[str, str]:
    """The service's fields as flat text attributes, leaving out empty and default values."""
    fields = _attributes(Service)
    flat: dict[str, str] = {}
    for f in sorted(fields.values(), key=lambda f: f.key not in _LEADING):
        value = _at(service, f)
        if isinstance(value, list):
            value = ",".join(value)
        if _is_empty(value) or (f.key not in _ALWAYS_WRITTEN and value == _default(f)):
            continue
        flat[f.dot] = _text(value)  # type: ignore[index]
    return flat


@cache
def _attributes(entity: type) -> dict[str, Field]:
    """``{DOT attribute: field}`` of the fields that travel as attributes of their own
    (a node's label, its cluster and an edge's ends are written by the graph itself)."""
    return {f.dot: f for f in fields_of(entity) if f.dot not in (None, "label")}


def _at(entity: dict[str, Any], f: Field) -> Any:
    """The value at ``f``'s JSON path in an exported entity (``None`` when not written)."""
    head, _, tail = f.json.partition(".")  # type: ignore[union-attr]
    value = entity.get(head)
    return value.get(tail) if tail and isinstance(value, dict) else value


def _default(f: Field) -> Any:
    """``f``'s default as its attribute would spell it (stages as ``production``)."""
    value = written(f, f.default)
    return ",".join(value) if isinstance(value, list) else value


def _is_empty(value: Any) -> bool:
    """Nothing worth writing: no value, empty text or false (but 0 is a value)."""
    return value is None or value is False or value == ""


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _quote(text: str) -> str:
    """A DOT quoted string whose text reads back exactly (see :func:`_unescape`)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return f'"{escaped}"'


# ====================================================================== import


def import_dot(
    text: str, *, name_hint: str = "Imported model", working_path: Path | None = None
) -> Document:
    """Import DOT text as a new document; raises :class:`InterchangeError`, importing
    nothing, when the text is not a graph or the model it describes is invalid."""
    _refuse_non_text(text)
    try:
        graph = parse_dot(text)
    except DotSyntaxError as exc:
        raise InterchangeError(SOURCE, [str(exc)]) from None
    problems: list[str] = []
    document = _Converter(graph, problems).document(name_hint)
    if problems:
        raise InterchangeError(SOURCE, problems)
    try:
        return import_json(
            document, name_hint=name_hint, working_path=working_path, source_name=SOURCE
        )
    except InterchangeError as exc:
        raise InterchangeError(SOURCE, [_in_dot_terms(p, document) for p in exc.problems]) from None


_JSON_PLACE = re.compile(r"^(services|integrations|zones|teams|locations)\[(\d+)\]")


def _in_dot_terms(problem: str, document: dict[str, Any]) -> str:
    """``services[1].instances: …`` → ``node "b": instances: …``: the DOT author never saw
    the JSON the converter made, only their nodes, edges and clusters."""
    match = _JSON_PLACE.match(problem)
    if not match:
        return problem
    section, index = match.group(1), int(match.group(2))
    items = document.get(section) or []
    if index >= len(items):
        return problem
    item = items[index]
    if section == "services":
        place = f'node "{item.get("id")}"'
    elif section == "integrations":
        place = f'edge "{item.get("source")}" -> "{item.get("target")}"'
    elif section == "zones":
        place = f'cluster "{item.get("id")}"'
    else:
        place = f'{section[:-1]} "{item.get("id")}"'
    rest = problem[match.end():].lstrip(".")
    return f"{place}: {rest}" if rest and not rest.startswith(":") else f"{place}{rest}"


def _refuse_non_text(text: str) -> None:
    """Fail fast on what cannot be a DOT file, before any parsing."""
    if len(text) > MAX_TEXT_CHARS:
        size = len(text.encode("utf-8", "surrogatepass")) / (1024 * 1024)
        limit = MAX_TEXT_CHARS // (1024 * 1024)
        raise InterchangeError(
            SOURCE,
            [
                f"is {size:.1f} MB; DOT files larger than {limit} MB are not imported "
                "(use the JSON format for models this large)"
            ],
        )
    head = text[:65536]
    if "\x00" in head:
        raise InterchangeError(SOURCE, ["is a binary file, not Graphviz DOT text"])
    controls = sum(1 for ch in head if ch < " " and ch not in "\t\n\r\f\v")
    if head and controls / len(head) > MAX_CONTROL_SHARE:
        raise InterchangeError(SOURCE, ["contains binary data, not Graphviz DOT text"])
    if not text.strip():
        raise InterchangeError(SOURCE, ["is empty"])


class _Converter:
    """Turns a parsed graph into an ``integramap/1`` document (a dict)."""

    def __init__(self, graph: DotGraph, problems: list[str]) -> None:
        self.graph = graph
        self.problems = problems
        self.ours = graph.attrs.get(MARKER) == FORMAT
        self.service_ids: dict[str, str] = {}
        self.service_allocator = IdAllocator()
        self.zone_ids: dict[str, str] = {}
        self.teams: dict[str, dict[str, Any]] = {}
        self.locations: dict[str, dict[str, Any]] = {}

    def document(self, name_hint: str) -> dict[str, Any]:
        graph = self.graph
        name = _plain(graph.attrs.get("label", "")) or _plain(graph.name) or name_hint
        document: dict[str, Any] = {"format": FORMAT, "name": name}
        for key in _GRAPH_JSON:
            raw = graph.attrs.get(f"integramap_{key}")
            if raw is not None:
                document[key] = self.graph_json(key, raw)
        for key, known in (("teams", self.teams), ("locations", self.locations)):
            for n, entry in enumerate(document.get(key, [])):
                if not isinstance(entry, dict):
                    self.problems.append(
                        f"graph attribute integramap_{key}[{n}]: must be an object, "
                        f"not {_json_kind(entry)}"
                    )
                elif not isinstance(entry.get("id"), str):
                    self.problems.append(
                        f"graph attribute integramap_{key}[{n}]: must have a text 'id'"
                    )
                else:
                    known[entry["id"]] = entry
        document["zones"] = self.zones()
        document["services"] = [self.service(name) for name in graph.nodes]
        document["integrations"] = self.integrations()
        document["teams"] = list(self.teams.values())
        document["locations"] = list(self.locations.values())
        return document

    def graph_json(self, key: str, raw: str) -> Any:
        """The JSON of an ``integramap_<key>`` attribute: an object for ``settings``, a list
        for the others; anything else is a problem, reported, never a crash."""
        empty: Any = {} if key == "settings" else []
        try:
            value = json.loads(_unescape(raw), parse_int=_json_integer)
        except ValueError as exc:
            self.problems.append(
                f"graph attribute integramap_{key}: not valid JSON ({echo(exc)})"
            )
            return empty
        except RecursionError:
            self.problems.append(f"graph attribute integramap_{key}: nested too deeply")
            return empty
        if not isinstance(value, type(empty)):
            shape = "an object" if key == "settings" else "a list"
            self.problems.append(
                f"graph attribute integramap_{key}: must be {shape}, not {_json_kind(value)}"
            )
            return empty
        return value

    # -- zones -------------------------------------------------------------------

    def zones(self) -> list[dict[str, Any]]:
        zones = []
        allocator = IdAllocator()
        used_titles: set[str] = set()
        for cluster in self.graph.clusters.values():
            bare = re.sub(r"^cluster[_\-. ]?", "", cluster.name, flags=re.IGNORECASE)
            keep = self.ours and SLUG_PATTERN.match(bare)
            base = bare if keep else slugify(bare, fallback="zone")
            zone_id = allocator.allocate(base)
            self.zone_ids[cluster.name] = zone_id
            title = _plain(cluster.attrs.get("label", "")) or bare or zone_id
            trust = self.trust(cluster.attrs, title)
            if name_key(title) in used_titles:  # zones need distinct names
                title = f"{title} ({zone_id})"
            used_titles.add(name_key(title))
            zones.append({"id": zone_id, "name": title, "trust": trust})
        return zones

    def trust(self, attrs: dict[str, str], title: str) -> int:
        raw = attrs.get("trust", "").strip()
        if raw in ("0", "1", "2", "3", "4"):
            return int(raw)
        words = set(re.findall(r"[a-z]+", title.lower()))
        for level, keys in _TRUST_WORDS:
            if words & set(keys):
                return level
        return 2

    # -- services ----------------------------------------------------------------

    def service(self, node_name: str) -> dict[str, Any]:
        node = self.graph.nodes[node_name]
        if self.ours and SLUG_PATTERN.match(node_name):
            base = node_name
        else:
            base = slugify(_plain(node_name), fallback="service")
        service_id = self.service_allocator.allocate(base)
        self.service_ids[node_name] = service_id
        label = node.attrs.get("label")
        if self.ours and label is not None and not isinstance(label, HtmlString):
            name = _unescape(label)
        elif label not in (None, "", "\\N"):
            record = node.attrs.get("shape", "").lower() in ("record", "mrecord")
            name = _record_text(label) if record else _plain(label, node_name)
        else:
            name = _plain(node_name)
        service: dict[str, Any] = {"id": service_id, "name": name or service_id}
        if node.cluster is not None:
            service["zone"] = self.zone_ids[node.cluster]
        leftovers: dict[str, str] = {}
        fields: dict[str, str] = {}
        for key, raw in node.attrs.items():
            if key in _attributes(Service):
                if raw.strip():
                    fields[key] = _unescape(raw)
            elif key == "label" or (self.ours and key in _DRAWING_ONLY):
                continue
            else:
                leftovers[key] = raw
        if "kind" not in fields and node.attrs.get("shape", "").lower() == "cylinder":
            service["kind"] = ServiceKind.DATABASE.value
        self.read_service_fields(service, fields, leftovers)
        service["notes"] = _with_leftovers(service.get("notes", ""), leftovers)
        return service

    def read_service_fields(
        self, service: dict[str, Any], fields: dict[str, str], leftovers: dict[str, str]
    ) -> None:
        """Typed service fields from text; a value that does not fit goes to the notes."""
        self.read_fields(Service, service, fields, leftovers)

    def read_fields(
        self, entity: type, into: dict[str, Any], fields: dict[str, str],
        leftovers: dict[str, str],
    ) -> None:
        """Attribute texts into ``into`` at each field's JSON path (``vendor_sla`` →
        ``vendor.sla``); a reference to a team or location not listed creates it."""
        known = _attributes(entity)
        for key, text in fields.items():
            f = known[key]
            try:
                value = _typed(f, text)
            except ValueError:
                leftovers[key] = text
                continue
            if isinstance(f.value, Ref):
                value = self.refer(f.value.target, value)
            elif isinstance(f.value, Refs):
                value = [self.refer(f.value.target, v) for v in value]
            head, _, tail = f.json.partition(".")  # type: ignore[union-attr]
            if tail:
                into.setdefault(head, {})[tail] = value
            else:
                into[head] = value

    def refer(self, target: str, ref: str) -> str:
        """The id of the ``target`` entity an attribute names, created when not listed."""
        if target == "team":
            return self.team(ref)
        if target == "location":
            return self.location(ref)
        raise TypeError(f"DOT cannot refer to a {target} from an attribute yet")

    def team(self, ref: str) -> str:
        """A team id for an ``owner``/support-line value, creating the team if unknown."""
        if ref in self.teams:
            return ref
        team_id = slugify(ref, fallback="team")
        self.teams.setdefault(team_id, {"id": team_id, "name": ref})
        return team_id

    def location(self, ref: str) -> str:
        if ref in self.locations:
            return ref
        location_id = slugify(ref, fallback="location")
        self.locations.setdefault(location_id, {"id": location_id, "name": ref})
        return location_id

    # -- integrations ------------------------------------------------------------

    def integrations(self) -> list[dict[str, Any]]:
        """One integration per edge; edges repeating another's ends and kind are one.

        Other tools draw parallel edges (one per port or protocol); the model holds one
        integration per source, target and kind (:mod:`models.domain.links`), so a repeat
        is merged into the first edge's integration (see :func:`_merge_parallel`). A
        self-loop is left to the model's own check, which refuses it naming the edge.
        """
        integrations = []
        allocator = IdAllocator()
        seen: set[tuple[str, str]] = set()
        first: dict[tuple[str, str, str], dict[str, Any]] = {}
        for edge in self.graph.edges:
            if self.graph.strict:
                # A strict graph has at most one edge per pair: repeats merge into the first.
                pair = (edge.source, edge.target)
                if pair in seen:
                    continue
                seen.add(pair)
            leftovers: dict[str, str] = {}
            fields: dict[str, str] = {}
            for key, raw in edge.attrs.items():
                if key in _attributes(Integration):
                    if raw.strip():
                        fields[key] = _unescape(raw)
                elif self.ours and key in _DRAWING_ONLY:
                    continue
                elif key != "label":
                    leftovers[key] = raw
            source = self.service_ids[edge.source]
            target = self.service_ids[edge.target]
            kind = self.edge_kind(fields.pop("kind", None), edge.attrs.get("label"), leftovers)
            wanted = fields.pop("id", "")
            integration: dict[str, Any] = {"source": source, "target": target, "kind": kind}
            self.read_fields(Integration, integration, fields, leftovers)
            integration["notes"] = _with_leftovers(integration.get("notes", ""), leftovers)
            kept = first.get((source, target, kind))
            if kept is not None:
                _merge_parallel(kept, integration)
                continue
            base = wanted if SLUG_PATTERN.match(wanted) else slugify(
                f"{source}-{kind}-{target}"[:120], fallback="integration"
            )
            integration = {"id": allocator.allocate(base), **integration}
            first[(source, target, kind)] = integration
            integrations.append(integration)
        return integrations

    def edge_kind(self, kind: str | None, label: str | None, leftovers: dict[str, str]) -> str:
        """The ``kind`` attribute, else a label that names a kind, else ``depends_on``."""
        if kind is not None:
            word = _kind_word(kind)
            if word is not None:
                if label is not None and not self.ours and _kind_word(_plain(label)) != word:
                    leftovers["label"] = label
                return word
            leftovers["kind"] = kind
        if label is not None:
            word = _kind_word(_plain(label))
            if word is not None:
                return word
            leftovers["label"] = label
        return IntegrationKind.DEPENDS_ON.value


# ---------------------------------------------------------------------- values


def _unescape(value: str) -> str:
    """Read back a quoted value: ``\\\\`` is a backslash, ``\\n``/``\\l``/``\\r`` line
    breaks (Graphviz's label escapes), ``\\ `` a space; other pairs stay as written."""
    if "\\" not in value:
        return value
    return re.sub(
        r"\\(.)",
        lambda m: {"\\": "\\", "n": "\n", "l": "\n", "r": "\n", '"': '"', " ": " "}.get(
            m.group(1), m.group(0)
        ),
        value,
        flags=re.DOTALL,
    )


def _plain(value: str | None, node_name: str = "") -> str:
    """Display text of a label: HTML markup stripped, escapes read, one line."""
    if not value:
        return ""
    if isinstance(value, HtmlString):
        text = re.sub(r"<br\s*/?>", " ", value, flags=re.IGNORECASE)
        text = html.unescape(re.sub(r"<[^>]*>", "", text))
    else:
        text = _unescape(value.replace("\\N", node_name))
    return " ".join(text.split())


def _record_text(label: str) -> str:
    """Display text of a record label (``<f0> left|{a|b}``): the fields joined by ``|``."""
    text = re.sub(r"<[^>]*>", "", label)
    fields = [_plain(f) for f in re.split(r"(?<!\\)[|{}]", text)]
    return " | ".join(f for f in fields if f)


def _json_kind(value: Any) -> str:
    """How a refused JSON value is named: its kind, never its (possibly huge) text."""
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "text"}.get(type(value), "a number")


def _json_integer(text: str) -> int | float:
    """An integer literal, or infinity for one too long to be any field's value (Python
    refuses to convert 4,300 digits and more; the JSON reader then names the field)."""
    return int(text) if len(text) <= 30 else float("inf")


def _kind_word(text: str) -> str | None:
    """The integration kind a word or label names ("Admin auth", "admin-auth"), if any."""
    word = re.sub(r"[\s\-/]+", "_", text.strip().lower())
    if word in IntegrationKind._value2member_map_:
        return word
    return None


def _typed(f: Field, text: str) -> Any:
    """An attribute's text as the JSON value of ``f``; ``ValueError`` when it does not fit
    (the importer then keeps the text in the notes)."""
    kind = f.value
    if isinstance(kind, Choice):
        word = text.strip().lower()
        if word not in kind.enum._value2member_map_:
            raise ValueError(text)
        return word
    if isinstance(kind, (Stages, Refs, Words)):
        return [w.strip() for w in text.split(",") if w.strip()]
    if isinstance(kind, Number) and kind.whole:
        return int(text.strip())
    if isinstance(kind, Number):
        number = float(text.strip())
        return int(number) if number.is_integer() else number
    if isinstance(kind, Flag):
        return _flag(text)
    if isinstance(kind, (Text, Day, Ref)):
        return text
    raise TypeError(f"DOT cannot read {type(kind).__name__} values yet ({f.name})")


def _flag(text: str) -> bool:
    word = text.strip().lower()
    if word in ("true", "yes", "1"):
        return True
    if word in ("false", "no", "0"):
        return False
    raise ValueError(text)


def _merge_parallel(kept: dict[str, Any], repeat: dict[str, Any]) -> None:
    """Fold a repeated edge (same ends and kind) into the integration of the first one.

    A field only the repeat sets is taken; a value that differs from the kept one, and
    note lines the kept integration does not already hold, are added to its notes — so
    ``a -> b [protocol=https]; a -> b [protocol=ldaps]`` is one integration whose notes
    still say that it was also drawn for ldaps. Nothing drawn is lost, and an edge drawn
    twice exactly alike leaves no trace.
    """
    differing: dict[str, str] = {}
    for key, value in repeat.items():
        if key in ("source", "target", "kind", "notes"):
            continue
        if key not in kept:
            kept[key] = value
        elif kept[key] != value:
            differing[key] = json.dumps(value) if isinstance(value, bool) else str(value)
    lines = kept["notes"].splitlines() if kept.get("notes") else []
    if differing:
        lines.append("Also drawn with: " + "; ".join(f"{k}={v}" for k, v in differing.items()))
    lines += [line for line in repeat.get("notes", "").splitlines() if line not in lines]
    kept["notes"] = "\n".join(lines)


def _with_leftovers(notes: str, leftovers: dict[str, str]) -> str:
    """Notes with the attributes the model has no field for appended, so none is lost."""
    if not leftovers:
        return notes
    kept = "; ".join(
        f"{k}=<{v}>" if isinstance(v, HtmlString) else f"{k}={_unescape(v)}"
        for k, v in sorted(leftovers.items())
    )
    line = f"DOT attributes: {kept}"
    return f"{notes}\n{line}" if notes else line
