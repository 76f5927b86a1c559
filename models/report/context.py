"""Everything the report sections read, gathered once per export.

Sections never search the model: the lookups they need (names by id, findings per
subject, integrations per service, the diagram geometry) are built here in one pass, so
a 1,000-service report costs a handful of dictionary lookups per fact sheet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from models.analysis.results import Analysis, Finding
from models.comparison.since_review import ModelComparison
from models.domain.entities import Integration, Service
from models.domain.enums import IntegrationKind
from models.domain.model import Model
from models.report.literal import name_text
from models.report.styles import Styles
from models.review import Completeness


@dataclass
class ReportContext:
    """One model, its analysis on one date, and the derived lookups of the report."""

    model: Model
    analysis: Analysis
    as_of: dt.date
    styles: Styles
    content_hash: str
    services: list[Service] = field(default_factory=list)
    """Services in reading order (by name, then id)."""
    findings_of: dict[str, list[Finding]] = field(default_factory=dict)
    outgoing: dict[str, list[Integration]] = field(default_factory=dict)
    incoming_count: dict[str, int] = field(default_factory=dict)
    provided: set[tuple[str, IntegrationKind]] = field(default_factory=set)
    """``(service id, kind)`` for every service another service relies on for that kind."""
    completeness: Completeness | None = None
    """How much of the review's questionnaire the model answers (all services together)."""
    since_review: ModelComparison | None = None
    """The model against the last review's baseline, when the export was given one."""

    @classmethod
    def build(
        cls, model: Model, analysis: Analysis, as_of: dt.date, styles: Styles, content_hash: str
    ) -> ReportContext:
        context = cls(model, analysis, as_of, styles, content_hash)
        context.services = sorted(
            model.services.values(), key=lambda s: ((s.name or s.id).casefold(), s.id)
        )
        findings_of: dict[str, list[Finding]] = defaultdict(list)
        for finding in analysis.findings:
            for subject in dict.fromkeys(finding.subjects):
                findings_of[subject].append(finding)
        context.findings_of = dict(findings_of)
        outgoing: dict[str, list[Integration]] = defaultdict(list)
        incoming: dict[str, int] = defaultdict(int)
        for integration in sorted(model.integrations.values(), key=lambda i: i.id):
            outgoing[integration.source_id].append(integration)
            incoming[integration.target_id] += 1
            context.provided.add((integration.target_id, IntegrationKind(integration.kind)))
        context.outgoing = dict(outgoing)
        context.incoming_count = dict(incoming)
        return context

    def name_of(self, subject: str) -> str:
        """A readable name for a subject id (service, team, zone, integration…)."""
        model = self.model
        for table in (model.services, model.teams, model.zones, model.locations):
            found = table.get(subject)
            if found is not None:
                return name_text(found.name or subject)
        integration = model.integrations.get(subject)
        if integration is not None:
            source = self.name_of(integration.source_id)
            target = self.name_of(integration.target_id)
            return f"{source} → {target} ({integration.kind.label.lower()})"
        return subject

    def subjects_text(self, subjects: tuple[str, ...]) -> str:
        """The subjects of a finding, readable: an integration names its two ends itself,
        so they are not repeated after it."""
        if not subjects:
            return "the model"
        shown = list(subjects)
        integration = self.model.integrations.get(subjects[0])
        if integration is not None:
            ends = {integration.source_id, integration.target_id}
            shown = [subjects[0], *(x for x in subjects[1:] if x not in ends)]
        return ", ".join(self.name_of(x) for x in dict.fromkeys(shown))

    def team_name(self, team_id: str | None) -> str:
        if not team_id:
            return ""
        team = self.model.teams.get(team_id)
        return name_text(team.name or team.id) if team is not None else team_id


def content_hash(model: Model) -> str:
    """A short fingerprint of the model's content, printed on every page.

    Hashing the deterministic JSON export means the same model always prints the same
    fingerprint, so a reader can tell whether two printed reports describe the same model.
    """
    from models.interchange.json_format import export_document, fingerprint

    return fingerprint(export_document(model))
