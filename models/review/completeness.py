"""How complete a review is: answered questions out of those that apply.

A field holds one of three answers. **Unknown**: empty and not marked — nobody asked
yet. **None**: empty, and the review was told there is none (the service's
``answered_none`` lists it: "no exit plan"). **Value**: anything else — a field that
always holds a value (a count, a flag, a kind with a default) is always answered. A
question is answered when every field it names is. The score of a service is its
answered questions over the questions that apply to it (its kind, whether it holds data,
whether it is in production, whether a vendor is named); an area's and the model's are
the same sums over their questions and services.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from models.domain import Model, Service
from models.domain.fields import Field
from models.garbage_collection import collection_paused
from models.review.questionnaire import Question, Questionnaire


class AnswerState(StrEnum):
    UNKNOWN = "unknown"
    NONE = "none"
    VALUE = "value"


_UNREAD = object()


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value == []


def answer_state(service: Service, f: Field) -> AnswerState:
    """What ``service`` holds in ``f``: a value, "there is none", or nothing asked yet."""
    # The loaded state first: a plain dictionary read instead of the ORM's instrumented
    # attribute (completeness is worked out for every service when a model opens).
    value = service.__dict__.get(f.key, _UNREAD)
    if value is _UNREAD:
        value = getattr(service, f.key)
    if isinstance(value, str):
        value = value.strip()
    if not is_empty(value):
        return AnswerState.VALUE
    return AnswerState.NONE if f.json in service.answered_none else AnswerState.UNKNOWN


def is_answered(service: Service, question: Question) -> bool:
    return all(answer_state(service, f) is not AnswerState.UNKNOWN for f in question.fields)


@dataclass(frozen=True)
class Score:
    """``answered`` of ``total`` questions; ``percent`` rounds down (100 only when all are)."""

    answered: int = 0
    total: int = 0

    @property
    def percent(self) -> int | None:
        return None if not self.total else self.answered * 100 // self.total

    def __add__(self, other: Score) -> Score:
        return Score(self.answered + other.answered, self.total + other.total)

    def text(self) -> str:
        """``7/9 (77%)``, or ``—`` when no question applies."""
        return "—" if not self.total else f"{self.answered}/{self.total} ({self.percent}%)"

    def to_json(self) -> dict[str, Any]:
        return {"answered": self.answered, "total": self.total, "percent": self.percent}


@dataclass(frozen=True)
class Completeness:
    """Scores of one service (or a whole model): overall and per area."""

    overall: Score
    areas: Mapping[str, Score] = field(default_factory=dict)
    unanswered: tuple[Question, ...] = ()
    """The applicable questions still open, in questionnaire order (one service only)."""

    def to_json(self) -> dict[str, Any]:
        return {**self.overall.to_json(),
                "areas": {area: score.to_json() for area, score in self.areas.items()}}


def service_completeness(service: Service, questionnaire: Questionnaire) -> Completeness:
    answered = dict.fromkeys((area.id for area in questionnaire.areas), 0)
    total = dict(answered)
    unanswered = []
    for question in questionnaire.applicable(service):
        total[question.area] += 1
        if is_answered(service, question):
            answered[question.area] += 1
        else:
            unanswered.append(question)
    areas = {area: Score(answered[area], total[area]) for area in total}
    overall = Score(sum(answered.values()), sum(total.values()))
    return Completeness(overall, areas, tuple(unanswered))


def model_completeness(model: Model, questionnaire: Questionnaire,
                       services: Iterable[Service] | None = None,
                       ) -> tuple[Completeness, dict[str, Completeness]]:
    """The model's completeness (all its services together) and each service's.

    Tens of thousands of small results next to a loaded model: the collector is paused
    (see :mod:`models.garbage_collection`), or it rescans the model's objects over and over.
    """
    with collection_paused():
        per_service = {s.id: service_completeness(s, questionnaire) for s in (
            services if services is not None else model.services.values())}
        answered = dict.fromkeys((area.id for area in questionnaire.areas), 0)
        total = dict(answered)
        for result in per_service.values():
            for area, score in result.areas.items():
                answered[area] += score.answered
                total[area] += score.total
    areas = {area: Score(answered[area], total[area]) for area in total}
    overall = Score(sum(answered.values()), sum(total.values()))
    return Completeness(overall, areas), per_service
