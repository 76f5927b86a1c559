"""Related findings: facets of one root cause on one subject, shown under one heading.

A single-instance identity provider in one data centre is one problem with three faces —
a single point of failure (RES-001), a single instance (RES-002), a single location
(RES-003). Listed apart, among thirty findings, they read as three problems and the reader
has to put them together. The Findings panel and the PDF list such findings under one
heading instead, each facet still with its own rule id, severity and message (waivers and
pipelines keep referring to the individual findings).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.analysis.results import Finding
from models.domain.enums import Severity

ROOT_CAUSES: dict[str, frozenset[str]] = {
    "not redundant": frozenset({"RES-001", "RES-002", "RES-003", "RES-006"}),
    "recovery not proven": frozenset({"INT-002", "INT-007", "RES-007", "RES-008"}),
    "ageing product": frozenset({"LIF-001", "LIF-002", "LIF-004", "LIF-005", "LIF-006",
                                 "LIF-007"}),
    "support too thin": frozenset({"OWN-001", "OWN-003", "OWN-006", "OWN-007", "OWN-008"}),
}
"""Which rules describe the same root cause when they name the same subject first."""

_CAUSE_OF = {rule: cause for cause, rules in ROOT_CAUSES.items() for rule in rules}


@dataclass(frozen=True, slots=True)
class FindingGroup:
    """Two or more findings of one root cause whose primary subject is the same."""

    subject: str
    cause: str
    findings: tuple[Finding, ...]
    """Worst first, as the analysis orders them."""

    @property
    def severity(self) -> Severity:
        return max(f.severity for f in self.findings)

    @property
    def rules(self) -> str:
        """``RES-001, RES-002, RES-003``."""
        return ", ".join(dict.fromkeys(f.rule for f in self.findings))


Entry = Finding | FindingGroup


def grouped(findings: Iterable[Finding]) -> list[Entry]:
    """The findings in their order, with related ones gathered into a :class:`FindingGroup`
    at the place of the first (worst) of them. Waived and open findings are not mixed."""
    found = list(findings)
    members: dict[tuple[str, str, bool], list[Finding]] = {}
    for finding in found:
        cause = _CAUSE_OF.get(finding.rule)
        if cause is not None and finding.primary_subject:
            members.setdefault((finding.primary_subject, cause, finding.waived), []).append(
                finding)
    entries: list[Entry] = []
    placed: set[tuple[str, str, bool]] = set()
    for finding in found:
        cause = _CAUSE_OF.get(finding.rule)
        key = (finding.primary_subject, cause or "", finding.waived)
        group = members.get(key) if cause is not None else None
        if group is None or len(group) < 2:
            entries.append(finding)
        elif key not in placed:
            placed.add(key)
            entries.append(FindingGroup(finding.primary_subject, cause or "", tuple(group)))
    return entries
