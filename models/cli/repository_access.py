"""Reaching a team repository from the command line: the address given, and a password
asked on the terminal when PostgreSQL needs one (``check`` and ``repo`` both connect)."""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.repository import Repository, RepositoryAddress


def password_prompt(question: str) -> str | None:
    """Ask on the terminal (never when input is a pipe or a CI job: it would hang)."""
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(f"{question}: ")
    except (EOFError, KeyboardInterrupt):
        return None


def connect(url: str | RepositoryAddress, *, check: bool = True) -> Repository:
    """The repository at ``url``, asking for a password on a terminal when needed."""
    from models.repository import Repository, RepositoryAddress

    address = url if isinstance(url, RepositoryAddress) else RepositoryAddress.parse(url)
    return Repository(address, prompt=password_prompt, check=check)
