"""How a rule family declares its rules: metadata and check function side by side."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from models.analysis.context import Context
from models.analysis.results import Finding, Rule
from models.domain.enums import IntegrationKind, Severity

CheckFunction = Callable[[Context, Rule], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """A catalogue entry and the function that finds its violations in a context."""

    rule: Rule
    check: CheckFunction


def registrar(
    family: list[RuleCheck],
) -> Callable[..., Callable[[CheckFunction], CheckFunction]]:
    """A decorator factory that appends each decorated check, with its rule, to ``family``."""

    def register(
        rule_id: str,
        title: str,
        severity: Severity,
        *,
        rationale: str,
        recommendation: str,
        expects: IntegrationKind | None = None,
    ) -> Callable[[CheckFunction], CheckFunction]:
        rule = Rule(rule_id, title, severity, rationale, recommendation, expects)

        def decorate(check: CheckFunction) -> CheckFunction:
            family.append(RuleCheck(rule, check))
            return check

        return decorate

    return register
