"""The review PDF's "Decisions and actions" section and the sign-off page's conditions."""

from __future__ import annotations

import datetime as dt
import re

from pypdf import PdfReader

from models.analysis import analyse
from models.domain.enums import Severity
from models.editing import decision_steps, run
from models.interchange.json_format import import_json
from models.report import export_pdf
from tests.fixtures.review import AS_OF, review_landscape


def _text(path) -> str:
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(path).pages))


def test_decisions_and_sign_off_conditions_are_printed(tmp_path):
    with import_json(review_landscape()) as document:
        model = document.model
        serious = [f for f in analyse(model, as_of=AS_OF).unwaived
                   if f.severity >= Severity.HIGH]
        target = serious[0]
        run(model, decision_steps(model, {
            "subject": target.primary_subject, "rule": target.rule, "outcome": "fix",
            "decided_by": "Review board", "note": "Before go-live",
            "action": "Fix it before go-live", "action_due": AS_OF - dt.timedelta(days=3),
        }))
        run(model, decision_steps(model, {
            "subject": target.primary_subject, "action": "Write the runbook",
            "action_due": AS_OF + dt.timedelta(days=30), "action_status": "done",
        }))
        out = tmp_path / "review.pdf"
        export_pdf(model, out, as_of=AS_OF)
    text = _text(out)
    assert "Decisions and actions" in text
    assert "1 open, 1 done." in text
    assert "Fix it before go-live" in text and "overdue" in text
    assert "ACT-001" in text  # the overdue action is a finding of its own
    sign_off = text[text.rindex("Sign-off"):]
    for role in ("Service owner", "Security", "Operations", "Architecture"):
        assert role in sign_off
    assert f"{target.rule} ({target.severity.word})" in sign_off
    assert "Fix: Fix it before go-live" in sign_off
    assert "no decision yet" in sign_off  # the other serious findings


def test_without_decisions_there_is_no_section(tmp_path):
    with import_json(review_landscape()) as document:
        out = tmp_path / "review.pdf"
        export_pdf(document.model, out, as_of=AS_OF)
    outline = [item.title for item in PdfReader(out).outline if not isinstance(item, list)]
    assert "Decisions and actions" not in outline
    assert "Sign-off" in outline
