"""The ``integramap`` command line (check, export, import), without Qt.

Each subcommand lives in its own module exposing ``register(subparsers)``, which adds its
parser and sets ``func`` to a function taking the parsed arguments and returning the exit
code. Exit codes: 0 success, 1 the check found something at or above ``--fail-on``,
2 bad input (the message goes to stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import traceback
from collections.abc import Sequence
from importlib import import_module
from typing import Any, NoReturn

from models.document import DocumentError
from models.interchange.errors import InterchangeError

SUBCOMMANDS = ("check", "export", "import")
_MODULES = {"check": "check_command", "export": "export_command", "import": "import_command"}

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2

DEBUG_VARIABLE = "INTEGRAMAP_DEBUG"
"""Set to print the traceback of an unexpected error after its one-line message."""


class UsageError(Exception):
    """Bad arguments or input detected by a command; printed as ``integramap: <message>``."""


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors in the same one-line form as every other message.

    The stock parser prints the whole usage block before the error, which buries the one
    line that says what is wrong; ``--help`` still shows the usage. Subparsers inherit this
    class.
    """

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n(see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The full parser; subcommand modules are imported here so ``--help`` lists them all."""
    parser = _Parser(
        prog="integramap",
        description="Map infrastructure services, their integrations and who is responsible.",
        epilog="Run `integramap FILE` (or with no arguments) to open the editor.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        import_module(f"models.cli.{_MODULES[name]}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand and return its exit code (argparse errors also exit 2)."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exit_:  # --help, --version, or a usage error already printed
        return int(exit_.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    previous = _end_cleanly_on_sigterm()
    try:
        return int(args.func(args))
    except (DocumentError, UsageError) as exc:
        text = exc.describe() if isinstance(exc, InterchangeError) else str(exc)
        print(f"integramap: {text}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a defect, not the user's doing: still one line, exit 2
        print(
            f"integramap: unexpected error ({type(exc).__name__}: {exc}); this is a defect in "
            f"Integramap. Set {DEBUG_VARIABLE}=1 to see where it happened.",
            file=sys.stderr,
        )
        if os.environ.get(DEBUG_VARIABLE):
            traceback.print_exc()
        return EXIT_BAD_INPUT
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _end_cleanly_on_sigterm() -> Any:
    """Turn SIGTERM (a CI timeout, ``kill``) into ``SystemExit`` so half-written temporary
    files are removed on the way out; returns the handler to restore (``None`` when not
    in the main thread, where handlers cannot be set)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def terminate(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, terminate)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("integramap")
    except PackageNotFoundError:
        return "development"
