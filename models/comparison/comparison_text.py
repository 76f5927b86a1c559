"""The terminal rendering of a comparison, as ``integramap diff`` prints it.

Added, removed and changed entities first (a changed one with each field ``old → new``,
named as the Inspector names it), then the findings: new ones, resolved ones, and how
many are still open. The last line counts everything, so a pipeline log ends with it.
"""

from __future__ import annotations

from typing import Any

from models.analysis.results import Finding
from models.comparison.difference import WHOLE, EntityChange
from models.comparison.records import describe
from models.comparison.since_review import (
    ModelComparison,
    ModelReading,
    entity_name,
    field_label,
    value_text,
)
from models.domain.values import echo

WIDTH = 100
VALUE_WIDTH = 60
"""How much of a value a line repeats (a long note is cut, marked "…")."""


def format_comparison(comparison: ModelComparison, width: int = WIDTH) -> str:
    """The whole comparison as one string ending in a newline."""
    lines = [
        f"Integramap diff as of {comparison.as_of.isoformat()}",
        f"  old: {_side(comparison.baseline, width)}",
        f"  new: {_side(comparison.current, width)}",
        "",
    ]
    for action in ("added", "removed", "changed"):
        group = comparison.of_action(action)
        if not group:
            continue
        lines.append(f"{action.upper()} ({len(group):,})")
        for change in group:
            lines.extend(_change_lines(change, width))
        lines.append("")
    findings = comparison.findings
    for title, group in (("NEW FINDINGS", findings.new), ("RESOLVED FINDINGS", findings.resolved)):
        if group:
            lines.append(f"{title} ({len(group):,})")
            for finding in group:
                tag = f" ({findings.how_resolved(finding)})" if group is findings.resolved else ""
                lines.append(_finding_line(finding, tag, width))
            lines.append("")
    counts = comparison.counts()
    entity_counts = ", ".join(
        f"{sum(counts[action].values()):,} {action}" for action in ("added", "removed", "changed")
    )
    if comparison.differs:
        verdict = (f"{entity_counts}; findings: {len(findings.new):,} new, "
                   f"{len(findings.resolved):,} resolved, {findings.unchanged:,} still open.")
    else:
        verdict = f"No differences; {findings.unchanged:,} findings still open."
    lines.append(verdict)
    return "\n".join(lines) + "\n"


def _side(reading: ModelReading, width: int) -> str:
    day = f", {reading.date.isoformat()}" if reading.date else ""
    return (f"{echo(repr(reading.name), width // 2)} ({echo(reading.source, width // 2)}{day}, "
            f"fingerprint {reading.fingerprint})")


def _change_lines(change: EntityChange, width: int) -> list[str]:
    head = f"  {echo(describe(change.key), width)}"
    name = entity_name(change)
    if name != change.key[1]:
        head += f" {echo(repr(name), width // 2)}"
    lines = [head]
    if change.action == "changed":
        kind = change.key[0]
        for f in change.fields:
            label = field_label(kind, f.path) if f.path != WHOLE else "value"
            lines.append(f"      {echo(label, 40)}: {_value(f.before)} → {_value(f.after)}")
    return lines


def _value(value: Any) -> str:
    """A value as a line shows it, text quoted so a trailing space can be seen."""
    if isinstance(value, str) and value:
        return echo(repr(value), VALUE_WIDTH)
    return echo(value_text(value), VALUE_WIDTH)


def _finding_line(finding: Finding, tag: str, width: int) -> str:
    subject = finding.primary_subject or "the model"
    return (f"  {finding.severity.word.upper():<8} {finding.rule} {echo(subject, 40)}: "
            f"{echo(finding.message, width)}{tag}")
