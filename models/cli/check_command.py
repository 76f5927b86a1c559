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
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from models.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from models.cli.arguments import model_source, open_model_source, parse_date
from models.domain.enums import Severity
from models.garbage_collection import collection_paused, settle_until_exit

if TYPE_CHECKING:
    from models.analysis import Analysis

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
        "--pretty",
        action="store_true",
        help="with --format json: indent the document for reading (default: compact)",
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
    from models.analysis.report_text import format_text

    if out is None:
        out = sys.stdout
        # A pipeline may capture the report in a legacy encoding; an arrow or a name it
        # cannot encode must not turn into a traceback.
        if hasattr(out, "reconfigure"):
            out.reconfigure(errors="replace")
    as_of = args.as_of or today()
    # Reading, analysing and reporting allocate millions of objects and free none that form
    # cycles; the cyclic collector would rescan them again and again (a sixth of the run).
    with collection_paused():
        if args.format == "json":
            result, report = _json_report(args.file, as_of)
            # Compact text comes from the json module's C encoder (a third of the run time
            # at 10,000 services with the indenting one, which is pure Python).
            indent = 2 if args.pretty else None
            out.write(json.dumps(report, indent=indent, ensure_ascii=False))
            out.write("\n")
        else:
            result, name = _analysed(args.file, as_of)
            out.write(format_text(result, name=name, as_of=as_of, fail_on=args.fail_on))
        settle_until_exit()
    failing = [f for f in result.unwaived if f.severity >= args.fail_on]
    return EXIT_FINDINGS if failing else EXIT_OK


def _json_report(source: Path | str, as_of: dt.date) -> tuple[Analysis, dict[str, Any]]:
    """The analysis and the JSON document of ``--format json``.

    Its completeness scores read the services' answers from the model, so the model is
    opened as a document (the text report reads the file straight into the analysis).
    """
    from models.analysis import analyse
    from models.interchange import InterchangeError
    from models.review import QuestionnaireError, load_questionnaire, model_completeness

    try:
        questionnaire = load_questionnaire()
    except QuestionnaireError as error:
        raise UsageError(str(error)) from None
    try:
        document = open_model_source(source)
    except InterchangeError as error:
        raise error.with_outcome("the model was not checked") from None
    with document:
        model = document.model
        result = analyse(model, as_of=as_of)
        overall, per_service = model_completeness(model, questionnaire)
        report = result.to_json()
        report["completeness"] = {
            **overall.to_json(),
            "services": {sid: c.to_json() for sid, c in sorted(per_service.items())},
        }
    return result, report


def _analysed(source: Path | str, as_of: dt.date) -> tuple[Analysis, str]:
    """The analysis of a model file or repository model, and the model's name.

    A file is read straight into the analysis' snapshots (:func:`read_landscape`: the
    same checks and messages as opening it, without a document or ORM objects); a
    repository model is pulled into a document.
    """
    from models.analysis import analyse, analyse_landscape
    from models.interchange import InterchangeError
    from models.interchange.files import read_landscape

    try:
        if isinstance(source, Path):
            landscape = read_landscape(source)
            # Neither report shows the cost tables.
            return analyse_landscape(landscape, as_of=as_of, showback=False), landscape.name
        document = open_model_source(source)
    except InterchangeError as error:
        raise error.with_outcome("the model was not checked") from None
    with document:
        return analyse(document.model, as_of=as_of), document.model.name
