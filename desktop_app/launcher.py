"""The ``integramap`` entry point: subcommands go to the Qt-free CLI, the rest to the editor."""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

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
    problem = unknown_command(args) or missing_display(os.environ, sys.platform)
    if problem:
        print(f"integramap: {problem}", file=sys.stderr)
        return 2
    from desktop_app.application import run_editor

    return run_editor(args)


def run() -> NoReturn:
    """The ``integramap`` command: :func:`main`, then the process ends.

    After a subcommand, the process ends as soon as its output is flushed, without
    Python's interpreter shutdown: that would free every object of a large model one by
    one (a tenth of ``integramap check`` on 10,000 services) only for the operating
    system to take the memory back anyway. Subcommands release what they hold outside the
    process (temporary files, connections) before they return. The editor exits normally.
    """
    args = sys.argv[1:]
    code = main(args)
    if not (args and (args[0] in SUBCOMMANDS or args[0] in ("-h", "--help", "--version"))):
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: what Python's own shutdown reports as status 120
        code = code or 120
    os._exit(code)


def unknown_command(args: list[str]) -> str | None:
    """A first argument that is neither a file nor a subcommand: most likely a typo of one.

    Taken as a file, ``integramap chekc model.json`` would open an editor with an error
    dialog — or, headless, complain about the display — instead of saying what is wrong.
    """
    if not args or args[0].startswith("-"):
        return None
    word = args[0]
    if Path(word).exists() or Path(word).suffix or os.sep in word or "/" in word:
        return None
    close = difflib.get_close_matches(word, SUBCOMMANDS, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return (
        f"'{word}' is neither a file nor a command; {hint}"
        f"commands: {', '.join(SUBCOMMANDS)} (see integramap --help)."
    )


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
    run()
