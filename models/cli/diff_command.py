"""``integramap diff OLD NEW``: what changed between two models, and their findings.

Exit codes: 0 when the models do not differ (layout aside), 1 when they do, 2 on bad
input — so a pipeline can tell "the reviewed model was changed" from "nothing to review".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import TextIO

from models.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from models.cli.arguments import input_file, parse_date

EXIT_DIFFERENT = EXIT_FINDINGS


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="compare two models: entities added, removed, changed; findings new and resolved",
        description="Compare two .imap, .json or .dot models by entity id: services, "
        "integrations, zones, teams, locations, waivers (and zone policy, settings) added, "
        "removed and changed field by field, and findings new, resolved and still open. "
        "Layout is not compared. Exit 0 when they do not differ, 1 when they do, 2 on bad "
        "input.",
    )
    parser.add_argument("old", type=input_file, metavar="OLD", help="the earlier model "
                        "(the last review)")
    parser.add_argument("new", type=input_file, metavar="NEW", help="the model now")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text",
        help="text for people (default), json for tools",
    )
    parser.add_argument(
        "--as-of", type=parse_date, default=None, metavar="DATE",
        help="the date both models are analysed on, YYYY-MM-DD (default: today)",
    )
    parser.set_defaults(func=run)


def run(
    args: argparse.Namespace,
    *,
    out: TextIO | None = None,
    today: Callable[[], dt.date] = dt.date.today,
) -> int:
    from models.comparison.comparison_text import format_comparison
    from models.comparison.reading import ComparisonInputError, compare_files

    if out is None:
        out = sys.stdout
        if hasattr(out, "reconfigure"):
            out.reconfigure(errors="replace")
    try:
        comparison = compare_files(args.old, args.new, as_of=args.as_of or today())
    except ComparisonInputError as error:
        raise UsageError(str(error)) from None
    if args.format == "json":
        json.dump(comparison.to_json(), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(format_comparison(comparison))
    return EXIT_DIFFERENT if comparison.differs else EXIT_OK
