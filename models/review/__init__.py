"""The workshop: the review's questionnaire, and how complete a service's answers are.

A design review sits with a service's owners and goes through the essay's areas of
responsibility question by question. The questions come from one data file
(:mod:`questionnaire`), each tied to the fields it fills and the rules it answers; what
has been answered — a value, or "asked: there is none" — makes the completeness score
(:mod:`completeness`) shown in the editor, the review PDF and ``check --format json``.
"""

from models.review.completeness import (
    AnswerState,
    Completeness,
    Score,
    answer_state,
    model_completeness,
    service_completeness,
)
from models.review.questionnaire import (
    QUESTIONNAIRE_VARIABLE,
    Area,
    Question,
    Questionnaire,
    QuestionnaireError,
    load_questionnaire,
    parse_questionnaire,
    shipped_questionnaire,
)

__all__ = [
    "QUESTIONNAIRE_VARIABLE",
    "AnswerState",
    "Area",
    "Completeness",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Score",
    "answer_state",
    "load_questionnaire",
    "model_completeness",
    "parse_questionnaire",
    "service_completeness",
    "shipped_questionnaire",
]
