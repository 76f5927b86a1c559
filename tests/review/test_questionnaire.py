"""The review questionnaire: the shipped file, a team's own file, and clear refusals."""

from __future__ import annotations

import json

import pytest

from models.cli import main
from models.document import Document
from models.domain import Service
from models.review import (
    QUESTIONNAIRE_VARIABLE,
    AnswerState,
    QuestionnaireError,
    answer_state,
    load_questionnaire,
    model_completeness,
    parse_questionnaire,
    service_completeness,
)
from models.review.questionnaire import service_fields
from tests.fixtures.landscape_builder import build_healthy

AREAS = ["operational-support", "maintenance", "integration-design", "secure-setup",
         "robustness", "quality-assurance", "strategy", "cost"]


def test_the_shipped_questionnaire_covers_the_essays_eight_areas():
    questionnaire = load_questionnaire()
    assert [a.id for a in questionnaire.areas] == AREAS
    by_id = {q.id: q for q in questionnaire.questions}
    assert [f.json for f in by_id["restore-test"].fields] == ["last_restore_test"]
    assert by_id["restore-test"].stateful is True
    assert "LIF-004" in by_id["exit-plan"].rules


def _minimal(**question):
    return {"format": "integramap-questionnaire/1", "areas": [
        {"id": "a", "title": "A", "questions": [
            {"id": "q", "text": "Q?", "fields": ["exit_plan"], **question}]}]}


@pytest.mark.parametrize(("change", "message"), [
    ({"fields": ["vendor.slaa"]}, "areas[0].questions[0].fields[0]: 'vendor.slaa' is not a "
                                  "service field"),
    ({"rules": ["INT-999"]}, "areas[0].questions[0].rules[0]: unknown rule 'INT-999'"),
    ({"applies": {"kinds": ["mainframe"]}}, "unknown service kind 'mainframe'"),
    ({"applies": {"stateful": "yes"}}, "stateful: must be true or false, not text"),
    ({"colour": "red"}, "areas[0].questions[0].colour: unknown key"),
    ({"fields": []}, "fields: must be a non-empty list"),
])
def test_a_bad_questionnaire_is_refused_naming_each_problem(change, message):
    with pytest.raises(QuestionnaireError) as refused:
        parse_questionnaire(_minimal(**change), source="ours.json")
    text = str(refused.value)
    assert text.startswith("ours.json: 1 problem, the questionnaire was not used:")
    assert message in text


def test_a_file_that_is_not_json_names_the_line(tmp_path, monkeypatch):
    path = tmp_path / "ours.json"
    path.write_text('{"format": "integramap-questionnaire/1",\n "areas": [}')
    with pytest.raises(QuestionnaireError, match=r"not valid JSON: .* line 2"):
        load_questionnaire(path)
    monkeypatch.setenv(QUESTIONNAIRE_VARIABLE, str(tmp_path / "missing.json"))
    with pytest.raises(QuestionnaireError, match="cannot read the questionnaire"):
        load_questionnaire()


def test_a_teams_own_questionnaire_is_used(tmp_path, monkeypatch):
    path = tmp_path / "ours.json"
    path.write_text(json.dumps(_minimal()))
    monkeypatch.setenv(QUESTIONNAIRE_VARIABLE, str(path))
    assert [q.id for q in load_questionnaire().questions] == ["q"]


def test_answer_states_and_completeness_tell_unknown_from_none():
    questionnaire = load_questionnaire()
    exit_plan = service_fields()["exit_plan"]
    service = Service(id="s", name="S")
    assert answer_state(service, exit_plan) is AnswerState.UNKNOWN
    before = service_completeness(service, questionnaire)
    service.answered_none = ["exit_plan"]
    assert answer_state(service, exit_plan) is AnswerState.NONE
    after = service_completeness(service, questionnaire)
    assert after.overall.answered == before.overall.answered + 1
    assert after.areas["strategy"].answered == before.areas["strategy"].answered + 1
    service.exit_plan = "Move to the managed service"
    assert answer_state(service, exit_plan) is AnswerState.VALUE
    stateless = service_completeness(Service(id="t", name="T", stateful=False), questionnaire)
    stateful = service_completeness(Service(id="u", name="U", stateful=True), questionnaire)
    assert stateful.overall.total == stateless.overall.total + 1  # the restore question


def test_check_json_reports_completeness_and_refuses_a_bad_questionnaire(
        tmp_path, capsys, monkeypatch):
    with Document.new(name="Complete") as document:
        build_healthy(document)
        path = tmp_path / "model.imap"
        document.save(path)
        expected, per_service = model_completeness(document.model, load_questionnaire())
    main(["check", str(path), "--as-of", "2026-11-25", "--format", "json"])
    completeness = json.loads(capsys.readouterr().out)["completeness"]
    assert completeness["answered"] == expected.overall.answered
    assert completeness["total"] == expected.overall.total > 0
    assert set(completeness["areas"]) == set(AREAS)
    assert set(completeness["services"]) == set(per_service)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_minimal(fields=["nope"])))
    monkeypatch.setenv(QUESTIONNAIRE_VARIABLE, str(bad))
    assert main(["check", str(path), "--format", "json"]) == 2
    assert "'nope' is not a service field" in capsys.readouterr().err
