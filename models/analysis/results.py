"""What an analysis produces: rules, findings and the derived tables.

These are plain frozen values with no reference to the model or the ORM, so the editor can
hand them across threads, the PDF can print them and the command line can serialise them
without knowing how they were computed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from models.domain.enums import IntegrationKind, Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """One entry of the catalogue: a stable id that CI and waivers refer to, and why it matters."""

    id: str
    title: str
    severity: Severity
    """The default severity; a rule may raise it for high or critical services."""
    rationale: str
    """Why the rule exists, in one or two sentences (shown as the rule's explanation)."""
    recommendation: str
    """What to do about a finding, unless the finding says something more specific."""
    expects: IntegrationKind | None = None
    """The supporting integration kind whose absence on the primary subject the rule
    reports (INT-001: monitoring): a diagram marks that capability as missing."""

    def finding(
        self,
        subjects: tuple[str, ...],
        message: str,
        *,
        severity: Severity | None = None,
        recommendation: str | None = None,
    ) -> Finding:
        """A finding of this rule, with the rule's default severity and recommendation."""
        return Finding(
            rule=self.id,
            severity=self.severity if severity is None else severity,
            subjects=tuple(subjects),
            message=message,
            recommendation=self.recommendation if recommendation is None else recommendation,
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the analysis wants a person to look at.

    ``subjects`` lists ids of services, integrations or teams; the first one is the
    *primary subject*, the one a waiver names. Findings about an integration list the
    integration first, then its source and target services.
    """

    rule: str
    severity: Severity
    subjects: tuple[str, ...]
    message: str
    recommendation: str
    waived: bool = False

    @property
    def primary_subject(self) -> str:
        """The id a waiver must name to waive this finding ("" for a finding about nothing)."""
        return self.subjects[0] if self.subjects else ""

    def sort_key(self) -> tuple[Any, ...]:
        """Worst first, then by rule id, then by subjects and message (fully deterministic)."""
        return (-int(self.severity), self.rule, self.subjects, self.message)

    def as_waived(self) -> Finding:
        return replace(self, waived=True)

    def to_json(self) -> dict[str, Any]:
        """The finding as in ``integramap check --format json``."""
        return {
            "rule": self.rule,
            "severity": self.severity.word,
            "subjects": list(self.subjects),
            "message": self.message,
            "recommendation": self.recommendation,
            "waived": self.waived,
        }


@dataclass(frozen=True, slots=True)
class ShowbackRow:
    """The yearly cost one team carries, per currency (costs are never converted).

    ``owned`` is the cost of the services the team owns. ``allocated`` is what the team's
    services consume: every service's cost is shared equally among the services that rely on
    it at runtime (its direct consumers); a service nobody relies on carries its own cost.
    Summed over all teams, ``owned`` and ``allocated`` are the same total. ``team`` is ""
    for services without an owner; ``services`` counts all the team owns, whatever currency.
    """

    team: str
    currency: str
    services: int
    owned: float
    allocated: float


@dataclass(frozen=True, slots=True)
class RecoveryStep:
    """One service in the disaster-recovery order, with what its restore needs to know."""

    wave: int
    """0 for the first wave."""
    service: str
    owner: str | None
    """The owning team's id: who restores it."""
    restore_from: tuple[str, ...]
    """The services it is backed up to (its restore sources), by id."""
    last_restore_test: dt.date | None
    last_dr_test: dt.date | None
    rto_hours: float | None
    rpo_hours: float | None


@dataclass(frozen=True, slots=True)
class Analysis:
    """The result of :func:`models.analysis.analyse` for one model on one date."""

    findings: list[Finding]
    """Sorted worst first (see :meth:`Finding.sort_key`); waived findings included."""
    blast_radius: dict[str, int]
    """For every service: how many other services rely on it, directly or transitively."""
    recovery_waves: list[list[str]]
    """Disaster-recovery order: restore wave 0 first; services within a wave in parallel.
    A service comes after what it relies on at runtime, the backup it is restored from and
    the identity provider its administrators log in through."""
    cycles: list[list[str]]
    """Reliance cycles (each sorted); their members share one recovery wave."""
    showback: list[ShowbackRow] = field(default_factory=list)
    allocated_cost: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per service and currency: its shares of what it uses, plus its own cost when
    nothing uses it (the "per consumer" side of showback)."""
    recovery_plan: list[RecoveryStep] = field(default_factory=list)
    """Every service in recovery order (wave, then id), with owner, restore source,
    last restore and DR test, RTO and RPO."""
    restored_together: list[list[str]] = field(default_factory=list)
    """Groups that must be restored in the same wave because each needs the other back
    first — at runtime, or to be restored or administered (a backup platform whose
    administrators log in through the directory it backs up)."""

    @property
    def unwaived(self) -> list[Finding]:
        return [f for f in self.findings if not f.waived]

    def worst(self, *, include_waived: bool = False) -> Severity | None:
        """The worst severity among (unwaived) findings, ``None`` when there are none."""
        pool = self.findings if include_waived else self.unwaived
        return max((f.severity for f in pool), default=None)

    def findings_for(self, subject: str) -> list[Finding]:
        """Findings naming ``subject`` anywhere in their subjects (for badges and panels)."""
        return [f for f in self.findings if subject in f.subjects]

    def by_subject(self) -> dict[str, list[Finding]]:
        """Every subject id with the findings naming it, worst first (one pass; for badges)."""
        index: dict[str, list[Finding]] = {}
        for finding in self.findings:
            for subject in dict.fromkeys(finding.subjects):
                index.setdefault(subject, []).append(finding)
        return index

    def counts(self, *, include_waived: bool = False) -> dict[Severity, int]:
        """Number of findings per severity, worst first, every severity present."""
        pool = self.findings if include_waived else self.unwaived
        counts = {s: 0 for s in sorted(Severity, reverse=True)}
        for finding in pool:
            counts[finding.severity] += 1
        return counts

    def to_json(self) -> dict[str, Any]:
        """Exactly the document of ``integramap check --format json``."""
        return {
            "findings": [f.to_json() for f in self.findings],
            "blast_radius": dict(sorted(self.blast_radius.items())),
            "recovery_order": [list(wave) for wave in self.recovery_waves],
        }
