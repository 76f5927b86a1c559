"""``integramap export FILE --pdf/--json/--dot OUT``: write the review PDF or an interchange file.

Several outputs may be asked for at once (one load, several files); ``-`` as the JSON or
DOT output writes to standard output, so a pipeline can diff the model's JSON directly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from models.cli import EXIT_OK, UsageError
from models.cli.arguments import input_file, parse_date
from models.interchange import load_model_file, write_text_file


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the design-review PDF, JSON or Graphviz DOT of a model",
        description="Export a .imap (or .json/.dot) model. Give at least one of --pdf, "
        "--json, --dot.",
    )
    parser.add_argument("file", type=input_file, metavar="FILE", help="the model to export")
    parser.add_argument("--pdf", type=Path, metavar="OUT", help="design-review PDF")
    parser.add_argument("--json", metavar="OUT", help="integramap/1 JSON ('-' for stdout)")
    parser.add_argument("--dot", metavar="OUT", help="Graphviz DOT ('-' for stdout)")
    parser.add_argument(
        "--as-of",
        type=parse_date,
        default=None,
        metavar="DATE",
        help="analysis date for the PDF, YYYY-MM-DD (default: today)",
    )
    parser.add_argument(
        "--baseline", type=input_file, metavar="OLD",
        help="the model of the last review: the PDF adds \"Changes since the last review\"",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not (args.pdf or args.json or args.dot):
        raise UsageError("nothing to export: give --pdf OUT, --json OUT or --dot OUT")
    _check_destinations(args)
    as_of = args.as_of or dt.date.today()
    baseline = None
    if args.baseline is not None:
        if not args.pdf:
            raise UsageError("--baseline is for the PDF: give --pdf OUT as well")
        from models.comparison.reading import ComparisonInputError, read_model

        try:
            baseline = read_model(args.baseline, as_of=as_of)
        except ComparisonInputError as error:
            raise UsageError(f"the baseline {error}") from None
    with load_model_file(args.file) as document:
        model = document.model
        if args.json:
            from models.interchange.json_format import export_json

            _write(export_json(model), args.json)
        if args.dot:
            from models.interchange.dot_format import export_dot

            _write(export_dot(model), args.dot)
        if args.pdf:
            from models.report import export_pdf

            export_pdf(model, args.pdf, as_of=as_of, baseline=baseline)
            print(f"wrote {args.pdf}", file=sys.stderr)
    return EXIT_OK


def _check_destinations(args: argparse.Namespace) -> None:
    """Refuse, before anything is loaded, outputs that would overwrite each other or FILE."""
    source = args.file.resolve()
    if args.pdf is not None and str(args.pdf) == "-":
        raise UsageError("the PDF cannot go to standard output; give --pdf a file name")
    to_stdout = [f"--{o}" for o in ("json", "dot") if getattr(args, o) == "-"]
    if len(to_stdout) > 1:
        raise UsageError(f"{' and '.join(to_stdout)} both write to standard output; "
                         "give one of them a file name")
    seen: dict[Path, str] = {}
    for option in ("pdf", "json", "dot"):
        destination = getattr(args, option)
        if not destination or str(destination) == "-":
            continue
        if Path(destination).is_dir():
            raise UsageError(f"--{option} {destination} is a folder; give a file name")
        resolved = Path(destination).resolve()
        if resolved == source:
            raise UsageError(f"--{option} {destination} would overwrite the model being exported")
        if resolved in seen:
            raise UsageError(
                f"--{seen[resolved]} and --{option} both write {destination}; "
                "give each its own file"
            )
        seen[resolved] = option


def _write(text: str, destination: str) -> None:
    if destination == "-":
        sys.stdout.write(text)
        return
    write_text_file(text, destination)
    print(f"wrote {destination}", file=sys.stderr)
