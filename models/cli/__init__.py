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

from models.garbage_collection import collection_paused

SUBCOMMANDS = ("check", "diff", "export", "import", "repo")
_MODULES = {
    "check": "check_command",
    "diff": "diff_command",
    "export": "export_command",
    "import": "import_command",
    "repo": "repo_command",
}

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
        from models.document.errors import safe_message

        message = safe_message(message)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n(see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The full parser; subcommand modules are imported here so ``--help`` lists them all."""
    parser = _Parser(
        prog="integramap",
        description="Map infrastructure services, their integrations and who is responsible.",
        epilog="Run `integramap FILE` (or with no arguments) to open the editor.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        import_module(f"models.cli.{_MODULES[name]}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand and return its exit code (argparse errors also exit 2)."""
    # The subcommands and what they import (SQLAlchemy, the domain) are loaded here, not
    # when this package is: the launcher needs only the names above to decide where to go.
    # Importing them makes some 100,000 objects the cyclic collector would rescan.
    with collection_paused():
        from models.document import DocumentError
        from models.document.errors import safe_message
        from models.domain.values import echo
        from models.interchange.errors import InterchangeError

        parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exit_:  # --help, --version, or a usage error already printed
        return int(exit_.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    termination = _Termination()
    with termination:
        try:
            code = int(args.func(args))
        except (DocumentError, UsageError) as exc:
            text = exc.describe() if isinstance(exc, InterchangeError) else str(exc)
            print(f"integramap: {safe_message(text, LONGEST_MESSAGE)}", file=sys.stderr)
            code = EXIT_BAD_INPUT
        except KeyboardInterrupt:
            code = 130
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else EXIT_BAD_INPUT
        except Exception as exc:  # a defect, not the user's doing: still one line, exit 2
            print(
                f"integramap: unexpected error ({type(exc).__name__}: {echo(exc)}); this is a "
                f"defect in Integramap. Set {DEBUG_VARIABLE}=1 to see where it happened.",
                file=sys.stderr,
            )
            if os.environ.get(DEBUG_VARIABLE):
                traceback.print_exc()
            code = EXIT_BAD_INPUT
    return termination.exit_code(code)


LONGEST_MESSAGE = 40_000
"""The most the command line prints about one failure (100 problems of 300 characters)."""


class _Termination:
    """SIGTERM (a CI timeout, ``kill``) during a command: clean up, then exit 128 + 15.

    The signal becomes ``SystemExit`` so half-written temporary files are removed on the
    way out. A signal can also land while Python runs a finalizer (a database connection
    being released), where an exception cannot propagate: Python would print "Exception
    ignored … SystemExit" and carry on as if nothing happened, ending with exit code 0.
    So the signal is also remembered, such reports are silenced, and :meth:`exit_code`
    answers 128 + the signal whatever the command returned.
    """

    def __init__(self) -> None:
        self.signal: int | None = None
        self._previous_handler: Any = None
        self._previous_hook: Any = None

    def __enter__(self) -> _Termination:
        self._previous_hook = sys.unraisablehook
        sys.unraisablehook = self._unraisable
        if threading.current_thread() is threading.main_thread():
            self._previous_handler = signal.signal(signal.SIGTERM, self._terminate)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous_handler is not None:
            signal.signal(signal.SIGTERM, self._previous_handler)
        sys.unraisablehook = self._previous_hook

    def _terminate(self, signum: int, _frame: Any) -> None:
        self.signal = signum
        raise SystemExit(128 + signum)

    def _unraisable(self, unraisable: Any) -> None:
        if self.signal is not None and isinstance(
            unraisable.exc_value, (SystemExit, KeyboardInterrupt)
        ):
            return
        self._previous_hook(unraisable)

    def exit_code(self, code: int) -> int:
        return 128 + self.signal if self.signal is not None else code


class _Version(argparse.Action):
    """``--version``, looked up only when asked for (the package metadata is a search of
    the installed packages that every other command would pay for)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        sys.stdout.write(f"{parser.prog} {_version()}\n")
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("integramap")
    except PackageNotFoundError:
        return "development"
