"""What a review decided about a finding or a service, and the action that follows.

A design review is more than its findings: the board decides what to do about each one
— fix it, accept the risk (recorded as a waiver with an expiry) or defer it until a date
— and someone takes an action with a due date. Keeping those decisions in the model, next
to what they are about, means the next review starts from them: the Actions panel lists
what is still open, ACT-001 reports what is overdue, and the review PDF prints them.

A decision names its subject by id (a service, an integration, a team or a zone, like a
waiver) and, when it is about one finding, the finding's rule. It may carry one action:
what is to be done, by which team, by when, and whether it is done.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy.orm import Mapped

from models.domain.entities import Base
from models.domain.fields import Choice, Code, Day, Form, Ref, Slug, Text, field


class DecisionOutcome(StrEnum):
    """What the board decided about a finding or a service."""

    FIX = "fix"
    ACCEPT = "accept"
    DEFER = "defer"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    DecisionOutcome.FIX: "Fix",
    DecisionOutcome.ACCEPT: "Accept the risk",
    DecisionOutcome.DEFER: "Defer",
}


class ActionStatus(StrEnum):
    """Whether an action is still to be done."""

    OPEN = "open"
    DONE = "done"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Decision(Base):
    """A decision on a finding (``rule`` set) or a whole service, with its action."""

    __tablename__ = "decision"

    id: Mapped[str] = field(Slug(), "Id", primary_key=True, subject="decision id")
    subject: Mapped[str] = field(
        Slug(), "Subject", subject="decision subject",
        help="The id of the service, integration, team or zone the decision is about.",
    )
    rule: Mapped[str] = field(
        Code(length=16), "Rule", form=Form.MAIN,
        help="The rule of the finding decided on (INT-002); empty for the service as a whole.",
    )
    outcome: Mapped[DecisionOutcome | None] = field(
        Choice(DecisionOutcome), "Decision", none_label="— not decided —", form=Form.MAIN,
        help="Fix it, accept the risk (a waiver until the date below) or defer it until "
             "the date below.",
    )
    until: Mapped[dt.date | None] = field(
        Day(), "Until", form=Form.MAIN,
        help="Deferred until, or the risk accepted until (the waiver's expiry).",
    )
    decided_on: Mapped[dt.date | None] = field(
        Day(), "Decided on", form=Form.MAIN, help="The day of the review that decided it.",
    )
    decided_by: Mapped[str] = field(
        Text(), "Decided by", form=Form.MAIN, subject="decided_by",
        help="Who decided: names and roles (an accepted risk's waiver names them too).",
    )
    note: Mapped[str] = field(
        Text(lines=True), "Note", form=Form.MAIN,
        help="Why, in the words of the review: what was said, what it depends on.",
    )
    action: Mapped[str] = field(
        Text(), "Action", form=Form.MAIN, json="action.what",
        help="What is to be done, as one sentence someone can tick off.",
    )
    action_owner_id: Mapped[str | None] = field(
        Ref("team"), "Action owner", none_label="— none —", form=Form.MAIN,
        json="action.owner", subject="action owner",
        help="The team that does it.",
    )
    action_due: Mapped[dt.date | None] = field(
        Day(), "Due", form=Form.MAIN, json="action.due", subject="action due date",
        help="When it must be done; an open action past it is overdue (ACT-001).",
    )
    action_status: Mapped[ActionStatus] = field(
        Choice(ActionStatus), "Status", default=ActionStatus.OPEN, form=Form.MAIN,
        json="action.status", subject="action status",
        help="Open until it is done.",
    )

    @property
    def has_action(self) -> bool:
        return bool(self.action.strip())

    def overdue(self, as_of: dt.date) -> bool:
        """An open action whose due day has passed (ACT-001)."""
        return (self.has_action and self.action_status == ActionStatus.OPEN
                and self.action_due is not None and self.action_due < as_of)
