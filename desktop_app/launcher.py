"""The ``integramap`` entry point: subcommands go to the Qt-free CLI, the rest to the editor."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

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
    problem = missing_display(os.environ, sys.platform)
    if problem:
        print(f"integramap: {problem}", file=sys.stderr)
        return 2
    from desktop_app.application import run_editor

    return run_editor(args)


def missing_display(environment: Mapping[str, str], platform: str) -> str | None:
    """Why the editor cannot open a window here, or ``None`` when it can try.

    Started over SSH or in a container, Qt aborts with a core dump and a page about
    platform plugins; the user needs one line saying there is no screen and what still
    works. Windows and macOS always have a screen; elsewhere X11 or Wayland must be
    named in the environment, unless a Qt platform (``offscreen``, ``vnc``…) is chosen.
    """
    if platform.startswith(("win", "darwin")) or environment.get("QT_QPA_PLATFORM"):
        return None
    if environment.get("DISPLAY") or environment.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display to open the editor on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
        "The command line works without one: integramap check FILE, integramap export FILE "
        "--pdf OUT.pdf; see integramap --help."
    )


if __name__ == "__main__":
    sys.exit(main())
