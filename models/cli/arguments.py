"""Argument types shared by the subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
import stat
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.document import Document

from models.domain.values import echo

FIRST_YEAR, LAST_YEAR = 1900, 2999


def parse_date(text: str) -> dt.date:
    """``--as-of 2026-11-25`` → a date; argparse turns the error into exit code 2.

    Years outside 1900–2999 are refused: they are typos, and no lifecycle date or
    waiver in a real model means anything against them.
    """
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date (use YYYY-MM-DD): {echo(repr(text))}"
        ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"{echo(text)} is outside the years {FIRST_YEAR}–{LAST_YEAR} an analysis date can have"
        )
    return day


def input_file(text: str) -> Path:
    """A model file that must exist (checked before anything is loaded)."""
    path = Path(text)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise argparse.ArgumentTypeError(f"no such file: {echo(text)}") from None
    except OSError as exc:  # a folder on the way the user may not enter, a loop of links
        raise argparse.ArgumentTypeError(
            f"cannot read {echo(text)}: {(exc.strerror or str(exc)).lower()}"
        ) from None
    if stat.S_ISDIR(mode):
        raise argparse.ArgumentTypeError(f"{echo(text)} is a folder, not a model file")
    return path


def model_source(text: str) -> Path | str:
    """A model file that must exist, or a repository model written ``URL#MODEL``."""
    if "://" not in text:  # a file: the repository package (and what it loads) is not needed
        return input_file(text)
    from models.repository.address import is_repository_reference

    if is_repository_reference(text):
        return text
    return input_file(text)


def open_model_source(source: Path | str) -> Document:
    """Open a file (any format) or pull a repository model's latest revision, in memory."""
    if isinstance(source, str):
        from models.cli.repository_access import connect
        from models.repository import open_revision, split_model_reference

        address, name = split_model_reference(source)
        with connect(address) as repository:
            return open_revision(repository, name)
    from models.interchange import load_model_file

    return load_model_file(source)
