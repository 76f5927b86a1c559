"""Recording a review's decision as reversible steps, with the waiver an acceptance makes.

Accepting a finding's risk *is* a waiver: the finding counts as waived until the date the
board gave, and WVR-001 reports it once that passes. So a decision to accept, on a
finding (a rule and a subject), also adds that waiver — or updates the one already there —
in the same steps, and undo takes both back together. Deciding to fix or defer leaves an
existing waiver alone: whether to withdraw an accepted risk is a decision of its own.
"""

from __future__ import annotations

from typing import Any

from models.domain import Decision, DecisionOutcome, Model, ModelError, Waiver, slugify, unique_slug
from models.editing.steps import AddEntity, Step, UpdateFields, snapshot


def new_decision_id(model: Model, subject: str, rule: str) -> str:
    """A readable, free id: ``claims-db-int-002``, ``claims-db-int-002-2``…"""
    base = slugify(f"{subject}-{rule}" if rule else subject, fallback="decision")[:100]
    return unique_slug(base, model.taken_ids(Decision))


def decision_steps(model: Model, values: dict[str, Any]) -> list[Step]:
    """Steps recording a decision: a new one when ``values`` has no id the model knows,
    else a change of it; plus the waiver of an accepted finding.

    ``values`` are :class:`Decision` fields (``subject`` required); a refused value (an
    unknown subject or team, a date that is no date) raises :class:`ModelError` before
    any step is made.
    """
    values = dict(values)
    existing = model.decisions.get(values.get("id") or "")
    probe = Decision(**{k: v for k, v in values.items() if k != "id"})  # checks every value
    subject = probe.subject if "subject" in values else getattr(existing, "subject", None)
    if not subject or not model.is_subject(subject):
        raise ModelError(f"a decision needs a subject the model has, not {subject!r}")
    steps: list[Step] = []
    if existing is None:
        decision_id = values.get("id") or new_decision_id(model, subject, probe.rule)
        new = snapshot(Decision(id=decision_id, **{k: v for k, v in values.items()
                                                    if k != "id"}))
        steps.append(AddEntity(Decision, new))
        merged = new
    else:
        current = snapshot(existing)
        changed = {k: getattr(probe, k) for k in values if k != "id"
                   and current.get(k) != getattr(probe, k)}
        if changed:
            steps.append(UpdateFields(Decision, existing.id,
                                      {k: current.get(k) for k in changed}, changed))
        merged = {**current, **changed}
    steps += _acceptance_steps(model, merged)
    return steps


def _acceptance_steps(model: Model, decision: dict[str, Any]) -> list[Step]:
    """The waiver an accepted finding needs: added, or brought in line with the decision."""
    if decision.get("outcome") != DecisionOutcome.ACCEPT or not decision.get("rule"):
        return []
    key = (decision["rule"], decision["subject"])
    accepted_by = decision.get("decided_by") or "design review"
    wanted = {"reason": decision.get("note") or decision.get("action") or "Accepted in review",
              "accepted_by": accepted_by, "expires": decision.get("until")}
    waiver = model.waivers.get(key)
    if waiver is None:
        return [AddEntity(Waiver, snapshot(Waiver(rule=key[0], subject=key[1], **wanted)))]
    current = snapshot(waiver)
    changed = {k: v for k, v in wanted.items() if current.get(k) != v}
    if not changed:
        return []
    return [UpdateFields(Waiver, key, {k: current[k] for k in changed}, changed)]
