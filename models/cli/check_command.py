"""``integramap check FILE``: analyse a model and fail a pipeline on serious findings.

Exit codes: 0 when no unwaived finding is at or above ``--fail-on`` (default
``high``), 1 when one is, 2 on bad input. The text format groups findings by severity for a
terminal and ends with the counts; the JSON format (``findings``, ``blast_radius``,
``recovery_order``, ``completeness`` of the review's questionnaire) is for pipelines and
other tools.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import TextIO

from models.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from models.cli.arguments import model_source, open_model_source, parse_date
from models.domain.enums import Severity

DEFAULT_FAIL_ON = Severity.HIGH


def severity_word(text: str) -> Severity:
    """``--fail-on high`` → :class:`Severity`; argparse reports a bad word as exit code 2."""
    try:
        return Severity.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    words = ", ".join(s.word for s in Severity)
    parser = subparsers.add_parser(
        "check",
        help="analyse a model against the rule catalogue (exit 1 on serious findings)",
        description="Analyse a .imap, .json or .dot model, or a team repository's model "
        "(URL#MODEL). Exit 0 when no unwaived finding is at or "
        "above --fail-on, 1 when one is, 2 on bad input.",
    )
    parser.add_argument(
        "file", type=model_source, metavar="FILE",
        help="the model to analyse: a file, or URL#MODEL in a team repository",
    )
    parser.add_argument(
        "--as-of",
        type=parse_date,
        default=None,
        metavar="DATE",
        help="analysis date, YYYY-MM-DD (default: today); makes results reproducible",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default), json for tools",
    )
    parser.add_argument(
        "--fail-on",
        type=severity_word,
        default=DEFAULT_FAIL_ON,
        metavar="SEVERITY",
        help=f"exit 1 when an unwaived finding is at or above this severity ({words}; "
        f"default: {DEFAULT_FAIL_ON.word})",
    )
    parser.set_defaults(func=run)


def run(
    args: argparse.Namespace,
    *,
    out: TextIO | None = None,
    today: Callable[[], dt.date] = dt.date.today,
) -> int:
    from models.analysis import analyse
    from models.analysis.report_text import format_text
    from models.interchange import InterchangeError

    if out is None:
        out = sys.stdout
        # A pipeline may capture the report in a legacy encoding; an arrow or a name it
        # cannot encode must not turn into a traceback.
        if hasattr(out, "reconfigure"):
            out.reconfigure(errors="replace")
    as_of = args.as_of or today()
    try:
        document = open_model_source(args.file)
    except InterchangeError as error:
        raise error.with_outcome("the model was not checked") from None
    with document:
        model = document.model
        result = analyse(model, as_of=as_of)
        if args.format == "json":
            from models.review import QuestionnaireError, load_questionnaire, model_completeness

            try:
                questionnaire = load_questionnaire()
            except QuestionnaireError as error:
                raise UsageError(str(error)) from None
            overall, per_service = model_completeness(model, questionnaire)
            document = result.to_json()
            document["completeness"] = {
                **overall.to_json(),
                "services": {sid: c.to_json() for sid, c in sorted(per_service.items())},
            }
            json.dump(document, out, indent=2, ensure_ascii=False)
            out.write("\n")
        else:
            out.write(format_text(result, name=model.name, as_of=as_of, fail_on=args.fail_on))
    failing = [f for f in result.unwaived if f.severity >= args.fail_on]
    return EXIT_FINDINGS if failing else EXIT_OK
