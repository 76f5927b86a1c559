"""ACT: what a review decided gets done — an action past its due date is reported.

A review's conditions are only worth the paper when someone follows them up. Like an
expired waiver (WVR-001), an overdue action is not a design flaw but a promise not kept,
so the next review, the Findings panel and a pipeline see it.
"""

from __future__ import annotations

from collections.abc import Iterator

from models.analysis.context import Context
from models.analysis.results import Finding, Rule
from models.analysis.rules.base import RuleCheck, registrar
from models.domain.enums import Severity

CHECKS: list[RuleCheck] = []
rule = registrar(CHECKS)


@rule(
    "ACT-001",
    "Action overdue",
    Severity.MEDIUM,
    rationale="A review decided that something must be done by a date; an open action past "
    "it means a condition of the sign-off is not met and the risk it answered is still there.",
    recommendation="Do the action and mark it done, or record a new decision with a new due "
    "date and the reason for the delay.",
)
def overdue_actions(ctx: Context, r: Rule) -> Iterator[Finding]:
    for decision in ctx.decisions:
        if not decision.overdue(ctx.as_of):
            continue
        assert decision.action_due is not None
        days = (ctx.as_of - decision.action_due).days
        about = f" ({decision.rule})" if decision.rule else ""
        owner = (f", owner {ctx.team_label(decision.action_owner_id)}"
                 if decision.action_owner_id else ", no owner")
        yield r.finding(
            (decision.subject,),
            f"Action on {_subject(ctx, decision.subject)}{about} is overdue by {days} "
            f"day{'s' if days != 1 else ''} (due {decision.action_due.isoformat()}{owner}): "
            f"{decision.action.strip()}",
        )


def _subject(ctx: Context, subject: str) -> str:
    if subject in ctx.service:
        return ctx.label(subject)
    if subject in ctx.teams:
        return ctx.team_label(subject)
    return subject
