"""The ``integramap`` entry point: subcommands go to the Qt-free CLI, the rest to the editor."""

from __future__ import annotations

import sys

from models.cli import SUBCOMMANDS
from models.cli import main as cli_main


def main(argv: list[str] | None = None) -> int:
    """Dispatch ``integramap [FILE]`` to the editor and ``integramap SUBCOMMAND …`` to the CLI.

    The editor module is imported only when needed, so pipelines that run
    ``integramap check`` never load Qt.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if args and (args[0] in SUBCOMMANDS or args[0] in ("-h", "--help", "--version")):
        return cli_main(args)
    from desktop_app.application import run_editor

    return run_editor(args)


if __name__ == "__main__":
    sys.exit(main())
