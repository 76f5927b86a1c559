"""The terminal rendering of an analysis, as ``integramap check`` prints it.

Findings are grouped by severity, worst first; each shows its rule, primary subject and
message, with the recommendation underneath. Waived findings follow in their own group so
they stay visible without drowning the live ones. The last line counts everything, so the
verdict is where a pipeline log ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from models.analysis.results import Analysis, Finding
from models.domain.enums import Severity
from models.domain.values import echo, escaped

WIDTH = 100
INDENT = " " * 4


def format_text(
    result: Analysis, *, name: str, as_of: dt.date, fail_on: Severity, width: int = WIDTH
) -> str:
    """The whole report as one string ending in a newline."""
    lines = [f"Integramap check of {echo(repr(name), width)} as of {as_of.isoformat()}", ""]
    live = result.unwaived
    for severity in sorted(Severity, reverse=True):
        group = [f for f in live if f.severity is severity]
        if group:
            lines.append(f"{severity.word.upper()} ({len(group)})")
            for finding in group:
                lines.extend(_finding_lines(finding, width))
            lines.append("")
    waived = [f for f in result.findings if f.waived]
    if waived:
        lines.append(f"WAIVED ({len(waived)})")
        for finding in waived:
            lines.extend(_finding_lines(finding, width, tag=f"[{finding.severity.word}] "))
        lines.append("")
    if not result.findings:
        lines += ["No findings.", ""]
    lines.extend(_structure_lines(result, width))
    counts = result.counts()
    summary = ", ".join(f"{n} {s.word}" for s, n in counts.items())
    failing = sum(n for s, n in counts.items() if s >= fail_on)
    verdict = (
        f"{failing} at or above {fail_on.word}: FAIL"
        if failing
        else f"none at or above {fail_on.word}: pass"
    )
    lines.append(f"{len(live)} findings ({summary}); {len(waived)} waived; {verdict}.")
    return "\n".join(lines) + "\n"


def _structure_lines(result: Analysis, width: int) -> list[str]:
    """Recovery waves, reliance cycles and the largest blast radii, in two or three lines."""
    if not result.blast_radius:
        return []
    waves = len(result.recovery_waves)
    cycles = len(result.cycles)
    text = (
        f"Recovery order: {waves} wave{'s' if waves != 1 else ''}; "
        + (f"{cycles} reliance cycle{'s' if cycles != 1 else ''}. " if cycles else
           "no reliance cycles. ")
    )
    largest = sorted(
        ((n, sid) for sid, n in result.blast_radius.items() if n > 0), key=lambda x: (-x[0], x[1])
    )[:3]
    if largest:
        text += "Largest blast radius: " + ", ".join(f"{sid} ({n})" for n, sid in largest) + "."
    return [*wrap(text, width), ""]


def _finding_lines(finding: Finding, width: int, tag: str = "") -> list[str]:
    head = f"  {finding.rule:<8} {finding.primary_subject}  {tag}"
    body = wrap(finding.message, width, INDENT, INDENT)
    advice = wrap(finding.recommendation, width, INDENT + "→ ", INDENT + "  ")
    return [escaped(head.rstrip()), *body, *advice]


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` filled into lines of at most ``width`` characters, in linear time.

    Words longer than a line are cut into pieces of the line's width (``textwrap`` does the
    same in quadratic time: a 2 MB name without spaces took 6 s). Control characters in
    names are written as escapes so a finding can never move the terminal's cursor.
    """
    lines: list[str] = []
    line: list[str] = []
    used = 0
    prefix = first
    for word in _pieces(text, max(width - max(len(first), len(rest)), 1)):
        room = width - len(prefix)
        if line and used + 1 + len(word) > room:
            lines.append(prefix + " ".join(line))
            line, used, prefix = [], 0, rest
        used += len(word) + (1 if line else 0)
        line.append(word)
    if line:
        lines.append(prefix + " ".join(line))
    return lines


def _pieces(text: str, size: int) -> Iterator[str]:
    """The words of ``text`` (escaped), each cut into pieces of at most ``size``."""
    for word in text.split():
        word = escaped(word)
        if len(word) <= size:
            yield word
        else:
            yield from (word[i : i + size] for i in range(0, len(word), size))
