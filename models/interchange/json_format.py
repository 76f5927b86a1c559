"""The ``integramap/1`` JSON interchange format, both directions.

JSON is how models move between Integramap, a CMDB export script and version control, so
both directions are strict and predictable:

Both directions follow the field declarations (:mod:`models.domain.fields`): a field's
``json`` path says where it is written and read, its value type how
(:mod:`models.interchange.json_values`).

* **Import** (:mod:`models.interchange.json_reader`) reads the whole document, checks
  every value with the same checks the domain uses (:mod:`models.domain.values`) and
  every reference between entities, and collects
  *every* problem with its JSON path (``services[3].zone: unknown zone 'dmz2'``). Only a
  document without problems is stored, in one bulk transaction
  (:meth:`Document.build`), so a bad file never leaves half a model behind.
* **Export** writes every field in a fixed order with entities sorted by id, small objects
  on one line and one entity per line group, so export → import → export is byte-for-byte
  identical and a change to the model is a small, readable diff.

Extensions beyond the core format, all optional: a top-level ``settings`` object (the
analysis thresholds that differ from their defaults), an integration's ``initiator``
(``source`` or ``target``, when it differs from its kind's default), view positions written
``[x, y]`` or ``[x, y, width, height]`` and a view's ``zone_areas``
(``{"zone_id": [x, y, width, height]}``). An integration without an ``id`` gets one made from
its ends and kind.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from models.document import Document
from models.domain import Model, View, ViewPosition
from models.domain.fields import fields_of
from models.interchange import json_reader
from models.interchange.errors import InterchangeError
from models.interchange.json_reader import FORMAT, TOP_LEVEL_KEYS
from models.interchange.json_values import exact, parse, written

__all__ = [
    "FORMAT", "TOP_LEVEL_KEYS", "document_text", "export_json", "fingerprint", "import_json",
]


# ====================================================================== export


def export_json(model: Model) -> str:
    """The model as ``integramap/1`` text (UTF-8, ends with a newline), deterministic."""
    return document_text(export_document(model))


def document_text(document: Mapping[str, Any]) -> str:
    """An exported document (:func:`export_document`) as the text :func:`export_json` writes."""
    return _dump(document) + "\n"


def fingerprint(document: Mapping[str, Any]) -> str:
    """A short fingerprint of an exported document: the same model always gives the same
    one, so a printed review and the file it came from can be matched."""
    return hashlib.sha256(document_text(document).encode("utf-8")).hexdigest()[:12]


def export_document(model: Model) -> dict[str, Any]:
    """The model as an ``integramap/1`` document of plain JSON values, before it is written.

    The team repository stores each entity of this document as its own row, so a model
    is serialised one way whether it goes to a file or to the repository.
    """
    document: dict[str, Any] = {"format": FORMAT, "name": model.name}
    settings = fields_out(model.settings)
    if settings:
        document["settings"] = settings
    document["zones"] = [fields_out(z) for z in _by_id(model.zones.values())]
    document["zone_policy"] = [fields_out(p) for _key, p in sorted(model.zone_policy.items())]
    document["locations"] = [fields_out(loc) for loc in _by_id(model.locations.values())]
    document["teams"] = [fields_out(t) for t in _by_id(model.teams.values())]
    document["services"] = [fields_out(s) for s in _by_id(model.services.values())]
    document["integrations"] = [fields_out(i) for i in _by_id(model.integrations.values())]
    document["waivers"] = [fields_out(w) for _key, w in sorted(model.waivers.items())]
    if model.decisions:  # files of models without decisions stay as they were
        document["decisions"] = [fields_out(d) for d in _by_id(model.decisions.values())]
    document["views"] = [
        _view_out(v) for v in sorted(model.views.values(), key=lambda v: (v.order, v.id))
    ]
    return document


def fields_out(obj: Any) -> dict[str, Any]:
    """The declared fields of ``obj`` as its JSON object, in declaration order.

    A dotted path (``vendor.sla``) nests; a field written only when set leaves its key out
    while it holds its default (its group, such as ``support_lines``, stays).
    """
    out: dict[str, Any] = {}
    for f in fields_of(type(obj)):
        if f.json is None:
            continue
        head, _, tail = f.json.partition(".")
        place = out.setdefault(head, {}) if tail else out
        value = getattr(obj, f.key)
        if f.json_if_set and value == f.default:
            continue
        place[tail or head] = written(f, value)
    return out


def _view_out(v: View) -> dict[str, Any]:
    out: dict[str, Any] = {
        **fields_out(v),
        "positions": {sid: _box(p) for sid, p in sorted(v.positions.items())},
    }
    if v.zone_areas:
        out["zone_areas"] = {
            zid: [exact(a.x), exact(a.y), exact(a.width), exact(a.height)]
            for zid, a in sorted(v.zone_areas.items())
        }
    return out


def _box(p: ViewPosition) -> list[float | int | None]:
    point = [exact(p.x), exact(p.y)]
    if p.width is None and p.height is None:
        return point
    return [*point, exact(p.width), exact(p.height)]


def _by_id(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda item: item.id)


def _dump(value: Any, indent: int = 0, key_width: int = 0) -> str:
    """JSON with small flat objects and lists of scalars on one line, the rest indented.

    Only a flat value is ever written on one line, so only a flat value is tried inline:
    trying the whole document first (and each service list) made exporting a 10,000-service
    model take several times as long as building it.
    """
    if not isinstance(value, (dict, list)):
        return _scalar(value)
    if _is_flat(value):
        inline = json.dumps(value, ensure_ascii=False)
        if len(inline) + 2 * indent + key_width <= 100:
            return inline
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        body = ",\n".join(
            f"{inner}{encode_basestring(k)}: {_dump(v, indent + 1, len(k) + 4)}"
            for k, v in value.items()
        )
        return "{\n" + body + "\n" + pad + "}"
    if not value:
        return "[]"
    body = ",\n".join(f"{inner}{_dump(v, indent + 1)}" for v in value)
    return "[\n" + body + "\n" + pad + "]"


def _scalar(value: Any) -> str:
    """One JSON scalar, exactly as ``json.dumps(value, ensure_ascii=False)`` writes it."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


def _is_flat(value: dict[str, Any] | list[Any]) -> bool:
    items = value.values() if isinstance(value, dict) else value
    return all(not isinstance(v, (dict, list)) or (isinstance(v, list) and _is_flat(v))
               for v in items)


# ====================================================================== import


def import_json(
    source: str | bytes | Mapping[str, Any],
    *,
    name_hint: str = "Imported model",
    working_path: Path | None = None,
    source_name: str = "JSON",
) -> Document:
    """Validate an ``integramap/1`` document completely, then store it as a new document.

    ``source`` is JSON text (or bytes) or an already parsed object. ``name_hint`` names the
    model when the document has no ``name``. Raises :class:`InterchangeError` listing every
    problem; nothing is stored unless there are none.
    """
    data = source if isinstance(source, Mapping) else parse(source, source_name)
    rows, name, problems = json_reader.read(data, name_hint)
    if problems:
        raise InterchangeError(source_name, problems)
    return Document.build(rows, name=name, working_path=working_path)

