"""Argument types shared by the subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path


def parse_date(text: str) -> dt.date:
    """``--as-of 2026-11-25`` → a date; argparse turns the error into exit code 2."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (use YYYY-MM-DD): {text!r}") from None


def input_file(text: str) -> Path:
    """A model file that must exist (checked before anything is loaded)."""
    path = Path(text)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such file: {text}")
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder, not a model file")
    return path
