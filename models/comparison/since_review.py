"""What changed since the last review: two models compared by meaning, with their findings.

A review board compares the model it signed off (the *baseline*) with the model in front
of it: which services, integrations, zones, teams, locations and waivers were added,
removed or changed — field by field — and which findings are new, which were resolved
and how many are still open. Identity is the entity id, so renaming a service is a
change of its name, not a removal and an addition.

Both models are analysed on the same date, so a finding differs only because the model
did (an expiring waiver or a passing end-of-support date is not a "change since the
review" of the design). Layout — views, positions, zone areas — is not part of the
comparison: moving a box changes nothing a board decides on.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from models.analysis.results import Finding
from models.comparison.difference import EntityChange, compare
from models.comparison.records import (
    KIND_LABELS,
    LIST_SECTIONS,
    POSITION,
    VIEW,
    ZONE_AREA,
    EntityKey,
    Records,
)

LAYOUT_KINDS = frozenset({VIEW, POSITION, ZONE_AREA})
"""Kinds a semantic comparison leaves out: where boxes are drawn decides nothing."""

SECTION_OF: dict[str, str] = dict(LIST_SECTIONS)
"""``service`` → ``services``: the name of a kind's list in JSON output."""


@dataclass(frozen=True)
class ModelReading:
    """One side of a comparison: a model's name, fingerprint, records and findings."""

    name: str
    fingerprint: str
    records: Records
    findings: list[Finding]
    source: str = ""
    """Where it was read from (a file name), for headings."""
    date: dt.date | None = None
    """When this version was made (a file's modification day), if known."""


@dataclass(frozen=True)
class FindingChanges:
    """Open (unwaived) findings of the baseline against those of the model now."""

    new: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    """Open in the baseline and no longer open: fixed, or now waived (see ``waived_now``)."""
    unchanged: int = 0
    waived_now: frozenset[tuple[str, tuple[str, ...]]] = frozenset()
    """``(rule, subjects)`` of the resolved findings that are waived now rather than fixed."""

    def how_resolved(self, finding: Finding) -> str:
        """``waived`` when a waiver now covers it, else ``fixed``."""
        return "waived" if (finding.rule, finding.subjects) in self.waived_now else "fixed"


@dataclass(frozen=True)
class ModelComparison:
    """The baseline and the model now, what differs between them and their findings."""

    baseline: ModelReading
    current: ModelReading
    as_of: dt.date
    changes: list[EntityChange]
    findings: FindingChanges

    @property
    def differs(self) -> bool:
        return bool(self.changes or self.findings.new or self.findings.resolved)

    def of_action(self, action: str) -> list[EntityChange]:
        """The changes that are ``added``, ``removed`` or ``changed``, in kind order."""
        return [c for c in self.changes if c.action == action]

    def counts(self) -> dict[str, Counter[str]]:
        """``{"added": Counter({"service": 3}), …}``: how many of each kind."""
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for change in self.changes:
            counts[change.action][change.key[0]] += 1
        return counts

    def to_json(self) -> dict[str, Any]:
        """The document ``integramap diff --format json`` prints.

        ``added`` and ``removed`` hold every kind's list (empty when nothing), each entry
        the entity's ``integramap/1`` content; ``changed`` lists entities with their
        changed fields (dotted JSON paths) old and new; ``findings`` as ``check`` writes them.
        """
        added: dict[str, list[Any]] = {section: [] for section in _sections()}
        removed: dict[str, list[Any]] = {section: [] for section in _sections()}
        changed: list[dict[str, Any]] = []
        for change in self.changes:
            kind, key = change.key
            if change.action == "added":
                added[_section(kind)].append(change.after)
            elif change.action == "removed":
                removed[_section(kind)].append(change.before)
            else:
                changed.append({
                    "kind": kind,
                    "id": key,
                    "name": entity_name(change),
                    "fields": [
                        {"field": f.path, "label": field_label(kind, f.path),
                         "old": f.before, "new": f.after}
                        for f in change.fields
                    ],
                })
        return {
            "as_of": self.as_of.isoformat(),
            "old": _side_json(self.baseline),
            "new": _side_json(self.current),
            "added": added,
            "removed": removed,
            "changed": changed,
            "findings": {
                "new": [f.to_json() for f in self.findings.new],
                "resolved": [
                    {**f.to_json(), "resolved": self.findings.how_resolved(f)}
                    for f in self.findings.resolved
                ],
                "unchanged": self.findings.unchanged,
            },
        }


def compare_readings(
    baseline: ModelReading, current: ModelReading, *, as_of: dt.date
) -> ModelComparison:
    """Compare two models read on the same analysis date."""
    return ModelComparison(
        baseline,
        current,
        as_of,
        compare(semantic(baseline.records), semantic(current.records)),
        compare_findings(baseline.findings, current.findings),
    )


def semantic(records: Mapping[EntityKey, Any]) -> Records:
    """The records without layout (views, boxes, zone areas)."""
    return {key: value for key, value in records.items() if key[0] not in LAYOUT_KINDS}


def compare_findings(before: list[Finding], after: list[Finding]) -> FindingChanges:
    """Match open findings by rule and subjects (a message that only re-words a count is
    the same finding); several findings of one rule on the same subjects match one to one."""
    open_before = Counter(_identity(f) for f in before if not f.waived)
    open_after = Counter(_identity(f) for f in after if not f.waived)
    waived_after = {_identity(f) for f in after if f.waived}
    still = open_before & open_after
    new = _beyond(after, still)
    resolved = _beyond(before, still)
    return FindingChanges(
        new=new,
        resolved=resolved,
        unchanged=sum(still.values()),
        waived_now=frozenset(_identity(f) for f in resolved if _identity(f) in waived_after),
    )


def _identity(finding: Finding) -> tuple[str, tuple[str, ...]]:
    return (finding.rule, finding.subjects)


def _beyond(findings: list[Finding], shared: Counter[tuple[str, tuple[str, ...]]]) -> list[
    Finding
]:
    """The open findings left over once ``shared`` (a count per identity) is taken out."""
    left = Counter(shared)
    result = []
    for finding in findings:
        if finding.waived:
            continue
        identity = _identity(finding)
        if left[identity]:
            left[identity] -= 1
        else:
            result.append(finding)
    return result


def entity_name(change: EntityChange) -> str:
    """The entity's name as it is now (or was, when removed); its key when it has none."""
    content = change.after if change.after is not None else change.before
    if isinstance(content, Mapping):
        if isinstance(content.get("name"), str):
            return content["name"]
        if change.key[0] == "integration":
            return f"{content.get('source')} → {content.get('target')} ({content.get('kind')})"
    return change.key[1]


def field_label(kind: str, path: str) -> str:
    """How the field table names a JSON path of a kind (``vendor.sla`` → ``Vendor SLA``);
    the path itself for what is not a declared field."""
    return _labels().get(kind, {}).get(path, path)


_LABELS: dict[str, dict[str, str]] = {}


def _labels() -> dict[str, dict[str, str]]:
    """Labels per kind and JSON path, read once from the field declarations."""
    if not _LABELS:
        from models.domain import entities
        from models.domain.fields import fields_of

        for kind, entity in (
            ("document", entities.DocumentInfo), ("settings", entities.Settings),
            ("zone", entities.Zone), ("zone_policy", entities.ZonePolicy),
            ("location", entities.Location), ("team", entities.Team),
            ("service", entities.Service), ("integration", entities.Integration),
            ("waiver", entities.Waiver),
        ):
            _LABELS[kind] = {f.json: f.label for f in fields_of(entity) if f.json}
    return _LABELS


def _sections() -> list[str]:
    return [section for kind, section in LIST_SECTIONS if kind not in LAYOUT_KINDS]


def _section(kind: str) -> str:
    return SECTION_OF.get(kind, kind)


def _side_json(reading: ModelReading) -> dict[str, Any]:
    return {
        "name": reading.name,
        "fingerprint": reading.fingerprint,
        "file": reading.source,
        "date": reading.date.isoformat() if reading.date else None,
    }


def value_text(value: Any) -> str:
    """A field value as a person reads it: ``—`` for nothing, yes/no, lists joined."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def kind_label(kind: str) -> str:
    """``zone_policy`` → ``zone policy``."""
    return KIND_LABELS.get(kind, kind)
