"""``integramap import IN OUT.imap``: turn a JSON or DOT file into a new ``.imap`` document."""

from __future__ import annotations

import argparse
from pathlib import Path

from models.cli import EXIT_OK, UsageError
from models.cli.arguments import input_file
from models.document import SUFFIX
from models.interchange.files import import_model_file


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import a .json or .dot file into a new .imap document",
        description="Validate IN completely and write it as the document OUT. "
        "On any problem nothing is written and every problem is listed. An existing OUT "
        "is only replaced with --force.",
    )
    parser.add_argument("input", type=input_file, metavar="IN", help="a .json or .dot file")
    parser.add_argument("output", type=Path, metavar="OUT.imap", help="the document to write")
    parser.add_argument(
        "--force", action="store_true", help="replace OUT if it exists (it is never merged)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    output: Path = args.output
    if output.suffix.lower() != SUFFIX:
        raise UsageError(f"the output must be an {SUFFIX} document, not {output.name}")
    if output.resolve() == args.input.resolve():
        raise UsageError("the output would overwrite the input; choose another name")
    if output.exists() and not args.force:
        raise UsageError(
            f"{output} already exists; nothing was imported (add --force to replace it)"
        )
    counts = import_model_file(args.input, output)
    contents = (_counted(count, noun) for noun, count in counts.items())
    print(f"{output}: {', '.join(contents)}")
    return EXIT_OK


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
