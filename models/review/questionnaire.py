"""The review's questions, read from one data file a team can adapt.

``resources/review/questionnaire.json`` holds the essay's areas (operational support,
maintenance, integration design, secure setup, robustness, quality assurance, strategy,
cost), each with its questions. A question names the service fields it fills (by their
``integramap/1`` names: ``exit_plan``, ``vendor.sla``, ``support_lines.1``), the rules
it answers, and optionally which services it applies to::

    {"id": "restore-test", "text": "When was a restore last tested?",
     "fields": ["last_restore_test"], "rules": ["INT-007"], "applies": {"stateful": true}}

``applies`` may hold ``kinds`` (service kinds), ``stateful``, ``production`` and
``vendor`` (a vendor is named). A team's own file is used when ``INTEGRAMAP_QUESTIONNAIRE``
names it. A file that is not a questionnaire is refused with every problem and where it
is (``areas[2].questions[0].fields[1]: 'vendor.slaa' is not a service field``), never
half read.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from models.analysis.catalogue import RULES
from models.domain import Service, ServiceKind
from models.domain.fields import Field, fields_of
from models.domain.values import echo
from models.resource_files import resource_path

FORMAT = "integramap-questionnaire/1"
QUESTIONNAIRE_VARIABLE = "INTEGRAMAP_QUESTIONNAIRE"
"""Names a team's own questionnaire file, used instead of the shipped one."""
MAX_BYTES = 1024 * 1024
"""A questionnaire is a page of text; anything larger is not one."""
LISTED_PROBLEMS = 20
APPLIES_KEYS = ("kinds", "stateful", "production", "vendor")


class QuestionnaireError(Exception):
    """The questionnaire file cannot be used; the message names the file and each problem."""


@dataclass(frozen=True)
class Question:
    """One question: the fields its answer fills, the rules it answers, where it applies."""

    id: str
    text: str
    area: str
    fields: tuple[Field, ...]
    rules: tuple[str, ...] = ()
    help: str = ""
    kinds: frozenset[ServiceKind] | None = None
    stateful: bool | None = None
    production: bool | None = None
    vendor: bool | None = None

    def applies_to(self, service: Service) -> bool:
        """Whether the question is asked about ``service`` (its kind, data, stage, vendor)."""
        if self.kinds is not None and ServiceKind(service.kind) not in self.kinds:
            return False
        if self.stateful is not None and bool(service.stateful) != self.stateful:
            return False
        if self.production is not None and service.is_production != self.production:
            return False
        return self.vendor is None or bool(service.vendor_name.strip()) == self.vendor


@dataclass(frozen=True)
class Area:
    id: str
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    name: str
    areas: tuple[Area, ...]
    source: str = ""
    questions: tuple[Question, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "questions",
                           tuple(q for area in self.areas for q in area.questions))

    def area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)

    def applicable(self, service: Service) -> list[Question]:
        return [q for q in self.questions if q.applies_to(service)]


def shipped_questionnaire() -> Path:
    return resource_path("review", "questionnaire.json")


def load_questionnaire(path: str | os.PathLike[str] | None = None) -> Questionnaire:
    """The questionnaire in ``path``, else the one ``INTEGRAMAP_QUESTIONNAIRE`` names, else
    the shipped one. Raises :class:`QuestionnaireError`."""
    chosen = Path(path or os.environ.get(QUESTIONNAIRE_VARIABLE) or shipped_questionnaire())
    return _load(str(chosen.resolve()), _stamp(chosen))


def _stamp(path: Path) -> tuple[float, int]:
    try:
        status = path.stat()
    except OSError:
        return (0.0, -1)
    return (status.st_mtime, status.st_size)


@cache
def _load(path: str, _stamp: tuple[float, int]) -> Questionnaire:
    """Read once per file version (the editor asks for it on every refresh)."""
    name = Path(path).name
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise QuestionnaireError(
            f"cannot read the questionnaire {echo(path)}: {(exc.strerror or str(exc)).lower()}"
        ) from None
    if len(raw) > MAX_BYTES:
        raise QuestionnaireError(f"{name} is larger than 1 MB: it is not a questionnaire")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise QuestionnaireError(f"{name} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise QuestionnaireError(
            f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    return parse_questionnaire(data, source=name)


def parse_questionnaire(data: Any, *, source: str = "questionnaire") -> Questionnaire:
    """Check a parsed questionnaire completely; raise with every problem, or return it."""
    problems: list[str] = []
    reader = _Reader(problems)
    result = reader.questionnaire(data, source)
    if problems or result is None:
        shown = "\n".join(f"  {p}" for p in problems[:LISTED_PROBLEMS])
        more = len(problems) - LISTED_PROBLEMS
        tail = f"\n  … and {more:,} more" if more > 0 else ""
        count = len(problems)
        raise QuestionnaireError(
            f"{source}: {count:,} problem{'s' if count != 1 else ''}, the questionnaire "
            f"was not used:\n{shown}{tail}")
    return result


@cache
def service_fields() -> dict[str, Field]:
    """Service fields a question may name, by file name (not the id or the answer list)."""
    return {f.json: f for f in fields_of(Service)
            if f.json and f.key not in ("id", "name", "answered_none")}


class _Reader:
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def object(self, value: Any, path: str, allowed: tuple[str, ...],
               required: tuple[str, ...]) -> Mapping[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(path, f"must be an object, not {_kind(value)}")
            return None
        for key in value:
            if key not in allowed:
                self.problem(f"{path}.{echo(key, 40)}", "unknown key (expected one of: "
                             f"{', '.join(allowed)})")
        for key in required:
            if key not in value:
                self.problem(path, f"missing required key '{key}'")
        return value

    def text(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.problem(path, f"must be non-empty text, not {_kind(value)}")
            return ""
        return value.strip()

    def questionnaire(self, data: Any, source: str) -> Questionnaire | None:
        top = self.object(data, "(file)", ("format", "name", "areas"), ("format", "areas"))
        if top is None:
            return None
        if "format" in top and top["format"] != FORMAT:
            self.problem("format", f"must be \"{FORMAT}\", not {echo(repr(top.get('format')))}"
                         " (is this an Integramap questionnaire?)")
        areas_data = top.get("areas")
        if not isinstance(areas_data, list) or not areas_data:
            if "areas" in top:
                self.problem("areas", "must be a non-empty list of areas")
            return None
        seen_areas: set[str] = set()
        seen_questions: set[str] = set()
        areas = []
        for n, item in enumerate(areas_data):
            area = self.area(item, f"areas[{n}]", seen_areas, seen_questions)
            if area is not None:
                areas.append(area)
        name = top.get("name") if isinstance(top.get("name"), str) else "Questionnaire"
        return Questionnaire(name, tuple(areas), source)

    def area(self, item: Any, path: str, seen: set[str], questions_seen: set[str]
             ) -> Area | None:
        obj = self.object(item, path, ("id", "title", "questions"), ("id", "title",
                                                                     "questions"))
        if obj is None:
            return None
        area_id = self.text(obj.get("id"), f"{path}.id")
        if area_id in seen:
            self.problem(f"{path}.id", f"the area '{echo(area_id)}' is listed twice")
        seen.add(area_id)
        title = self.text(obj.get("title"), f"{path}.title")
        items = obj.get("questions")
        if not isinstance(items, list) or not items:
            self.problem(f"{path}.questions", "must be a non-empty list of questions")
            return None
        read = (self.question(item, f"{path}.questions[{n}]", area_id, questions_seen)
                for n, item in enumerate(items))
        questions = [question for question in read if question is not None]
        return Area(area_id, title, tuple(questions))

    def question(self, item: Any, path: str, area: str, seen: set[str]) -> Question | None:
        obj = self.object(item, path, ("id", "text", "help", "fields", "rules", "applies"),
                          ("id", "text", "fields"))
        if obj is None:
            return None
        question_id = self.text(obj.get("id"), f"{path}.id")
        if question_id in seen:
            self.problem(f"{path}.id", f"the question '{echo(question_id)}' is listed twice")
        seen.add(question_id)
        text = self.text(obj.get("text"), f"{path}.text")
        known = service_fields()
        fields: list[Field] = []
        names = obj.get("fields")
        if not isinstance(names, list) or not names:
            self.problem(f"{path}.fields", "must be a non-empty list of service fields")
            names = []
        for n, name in enumerate(names):
            if not isinstance(name, str) or name not in known:
                self.problem(f"{path}.fields[{n}]", f"{echo(repr(name), 60)} is not a service "
                             f"field (such as: {', '.join(list(known)[:6])}, …)")
            else:
                fields.append(known[name])
        rules = obj.get("rules", [])
        if not isinstance(rules, list):
            self.problem(f"{path}.rules", "must be a list of rule ids")
            rules = []
        for n, rule in enumerate(rules):
            if rule not in RULES:
                self.problem(f"{path}.rules[{n}]", f"unknown rule {echo(repr(rule), 40)}")
        help_text = obj.get("help", "")
        if not isinstance(help_text, str):
            self.problem(f"{path}.help", "must be text")
            help_text = ""
        applies = self.applies(obj.get("applies", {}), f"{path}.applies")
        return Question(question_id, text, area, tuple(fields),
                        tuple(r for r in rules if r in RULES), help_text, **applies)

    def applies(self, value: Any, path: str) -> dict[str, Any]:
        obj = self.object(value, path, APPLIES_KEYS, ())
        if obj is None:
            return {}
        found: dict[str, Any] = {}
        if "kinds" in obj:
            kinds = obj["kinds"]
            if not isinstance(kinds, list) or not kinds:
                self.problem(f"{path}.kinds", "must be a non-empty list of service kinds")
            else:
                chosen = set()
                for n, kind in enumerate(kinds):
                    try:
                        chosen.add(ServiceKind(kind))
                    except ValueError:
                        self.problem(f"{path}.kinds[{n}]", f"unknown service kind "
                                     f"{echo(repr(kind), 40)}")
                found["kinds"] = frozenset(chosen)
        for key in ("stateful", "production", "vendor"):
            if key in obj:
                if isinstance(obj[key], bool):
                    found[key] = obj[key]
                else:
                    self.problem(f"{path}.{key}", f"must be true or false, not "
                                 f"{_kind(obj[key])}")
        return found


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return {dict: "an object", list: "a list", str: "text"}.get(type(value), "a number")
