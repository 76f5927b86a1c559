"""Supporting links folded into the boxes: a row of marks per service.

A view that hides a supporting kind (monitoring, backup, admin login…) still tells, on each
box, whether the service has that capability: **present** (and from which services),
**missing** where a rule of the analysis expects it (an open finding of a rule that
declares the kind it expects, with that finding's severity), or **not needed**. The
overview then shows the runtime architecture and, at a glance, which boxes lack backup or
monitoring.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

from models.analysis import RULES, Finding
from models.domain import Model, Severity
from models.domain.enums import SUPPORTING_KINDS, IntegrationKind


class MarkState(StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    NOT_NEEDED = "not_needed"


@dataclass(frozen=True)
class Mark:
    """One supporting capability of one service, as a box shows it."""

    kind: IntegrationKind
    state: MarkState
    providers: tuple[str, ...] = ()
    """The services it relies on for ``kind`` (when present), sorted by id."""
    severity: Severity | None = None
    """The worst open finding that reports it missing (when missing)."""
    rule: str = ""

    def describe(self, model: Model) -> str:
        """One line for a tooltip: "Backup: by Backup platform", "Monitoring: missing (INT-001)"."""
        label = self.kind.label
        if self.state is MarkState.PRESENT:
            names = ", ".join(model.services[p].name or p for p in self.providers
                              if p in model.services)
            return f"{label}: by {names}"
        if self.state is MarkState.MISSING:
            return f"{label}: missing ({self.rule}, {self.severity.name.lower()})" \
                if self.severity is not None else f"{label}: missing"
        return f"{label}: not needed"


def supporting_marks(
    model: Model,
    services: Iterable[str],
    hidden_kinds: Collection[IntegrationKind],
    findings: Iterable[Finding] = (),
) -> dict[str, tuple[Mark, ...]]:
    """The marks of each service in ``services`` for the supporting kinds among
    ``hidden_kinds`` (a view folds only what it does not draw), in vocabulary order."""
    folded = [k for k in SUPPORTING_KINDS if k in set(hidden_kinds)]
    if not folded:
        return {}
    missing: dict[tuple[str, IntegrationKind], Finding] = {}
    for finding in findings:
        expects = getattr(RULES.get(finding.rule), "expects", None)
        if expects is None or finding.waived or not finding.subjects:
            continue
        key = (finding.primary_subject, expects)
        if key not in missing or finding.severity > missing[key].severity:
            missing[key] = finding
    marks: dict[str, tuple[Mark, ...]] = {}
    for sid in services:
        providers: dict[IntegrationKind, list[str]] = defaultdict(list)
        for integration in model.integrations_of(sid):
            if integration.source_id == sid:
                providers[integration.kind].append(integration.target_id)
        row = []
        for kind in folded:
            if providers.get(kind):
                row.append(Mark(kind, MarkState.PRESENT, tuple(sorted(providers[kind]))))
            elif (finding := missing.get((sid, kind))) is not None:
                row.append(Mark(kind, MarkState.MISSING, severity=finding.severity,
                                rule=finding.rule))
            else:
                row.append(Mark(kind, MarkState.NOT_NEEDED))
        marks[sid] = tuple(row)
    return marks
