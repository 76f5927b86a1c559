"""What changed between two versions of a model, entity by entity and field by field.

The repository's history ("what changed" in each revision), its conflict reports (mine
and theirs, field by field) and a comparison of any two models all read the same
answer: for each entity key, whether it was added, removed or changed, and for a change
the fields that differ with their old and new values. Fields are the ``integramap/1``
names, nested objects flattened to dotted paths (``vendor.sla``, ``support_lines.2``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from models.comparison.records import KIND_LABELS, KINDS, EntityKey, describe

WHOLE = ""
"""The field path of a record that is a single value (a box ``[x, y]``)."""


@dataclass(frozen=True)
class FieldChange:
    """One field of one entity, before and after (``None`` where absent)."""

    path: str
    before: Any
    after: Any


@dataclass(frozen=True)
class EntityChange:
    """One entity added, removed or changed, with its content before and after."""

    key: EntityKey
    before: Any
    after: Any

    @property
    def action(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"

    @property
    def fields(self) -> list[FieldChange]:
        return field_changes(self.before, self.after)

    def summary(self) -> str:
        """``changed service 'db': zone, criticality`` — one line for a history or a log."""
        text = f"{self.action} {describe(self.key)}"
        if self.action == "changed":
            names = [f.path for f in self.fields if f.path != WHOLE]
            if names:
                text += ": " + ", ".join(names)
        return text


def flatten(content: Any, prefix: str = "") -> dict[str, Any]:
    """``{"vendor": {"sla": "24/7"}}`` → ``{"vendor.sla": "24/7"}``; lists stay whole."""
    if not isinstance(content, Mapping):
        return {prefix: content}
    flat: dict[str, Any] = {}
    for key, value in content.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, Mapping) and value:
            flat.update(flatten(value, path))
        else:
            flat[path] = value
    return flat


def unflatten(flat: Mapping[str, Any], shape: Any) -> Any:
    """The inverse of :func:`flatten`, following the nesting of ``shape`` (a record of the
    same kind) so empty objects (``support_lines: {}``) keep their place."""
    if WHOLE in flat:
        return flat[WHOLE]
    result: dict[str, Any] = {}
    for path, value in flat.items():
        parts = path.split(".")
        node = result
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    if isinstance(shape, Mapping):
        for key, value in shape.items():
            if isinstance(value, Mapping) and key not in result:
                result[key] = {}
        ordered = {key: result[key] for key in shape if key in result}
        ordered.update({k: v for k, v in result.items() if k not in ordered})
        return ordered
    return result


def field_changes(before: Any, after: Any) -> list[FieldChange]:
    """The fields that differ between two contents of one entity (either may be ``None``)."""
    old = flatten(before) if before is not None else {}
    new = flatten(after) if after is not None else {}
    paths = list(dict.fromkeys([*old, *new]))
    return [FieldChange(p, old.get(p), new.get(p)) for p in paths if old.get(p) != new.get(p)]


def compare(
    before: Mapping[EntityKey, Any], after: Mapping[EntityKey, Any]
) -> list[EntityChange]:
    """Every entity that differs between two record sets, in kind order then by key."""
    keys = set(before) | set(after)
    changes = [
        EntityChange(key, before.get(key), after.get(key))
        for key in keys
        if before.get(key) != after.get(key)
    ]
    return sorted(changes, key=lambda c: (KINDS.index(c.key[0]), c.key[1]))


def summarise(changes: Iterable[EntityChange], *, detail: int = 8) -> list[str]:
    """Lines describing ``changes``: each one while there are few, else counts per kind."""
    changes = list(changes)
    if len(changes) <= detail:
        return [c.summary() for c in changes]
    counts = Counter((c.action, c.key[0]) for c in changes)
    lines = []
    for action in ("added", "changed", "removed"):
        for kind in KINDS:
            if n := counts.get((action, kind)):
                label = KIND_LABELS[kind]
                lines.append(f"{action} {n:,} {label if n == 1 else plural(label)}")
    return lines


def plural(label: str) -> str:
    """``service`` → ``services``, ``zone policy`` → ``zone policies``."""
    if label.endswith("s"):
        return label
    return label[:-1] + "ies" if label.endswith("y") else label + "s"
