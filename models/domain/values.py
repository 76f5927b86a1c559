"""Checks for single field values, shared by the ORM validators and the importers.

Each ``check_*`` function returns the normalised value or raises :class:`ModelError`
with a message that names the field, so every entry point (JSON, DOT, inspector) refuses
bad input with the same words.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from enum import Enum
from typing import TypeVar

from models.domain.errors import ModelError

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?$")
"""Ids are lowercase slugs: letters, digits, '-', '_' and '.', starting and ending alphanumeric."""

E = TypeVar("E", bound=Enum)

LARGEST_NUMBER = 10**15
"""No field holds a number beyond this: far above any real cost, capacity or count, far
below what SQLite's 64-bit integers and doubles can store, so nothing overflows later."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters other than tab, line feed and carriage return."""


def shown(value: object) -> str:
    """A refused value as the user wrote it: JSON spelling (``null``, ``true``, ``"2"``)."""
    if value is None or isinstance(value, (bool, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int) and abs(value) > LARGEST_NUMBER:
        digits = len(str(abs(value)))
        return f"a number of {digits} digits"
    return repr(value)


def check_slug(value: object, field: str = "id") -> str:
    """Return ``value`` when it is a valid id slug, else raise ``ModelError``."""
    if not isinstance(value, str) or not SLUG_PATTERN.match(value):
        raise ModelError(
            f"{field} must be a slug (lowercase letters, digits, '-', '_', '.'), not {value!r}"
        )
    return value


def slugify(text: str, *, fallback: str = "item") -> str:
    """Turn any name ("Web Server (EU)") into a valid slug ("web-server-eu")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9._-]+", "-", ascii_text.lower()).strip("-._")[:128].strip("-._")
    return slug or fallback


def unique_slug(base: str, taken: set[str] | frozenset[str]) -> str:
    """``base`` if free, else ``base-2``, ``base-3`` … — for new items and pasted copies."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def check_enum(enum: type[E], value: object, field: str) -> E:
    """Coerce a word or member to ``enum``; the error lists the accepted words."""
    if isinstance(value, enum):
        return value
    try:
        return enum(value)
    except ValueError:
        accepted = ", ".join(str(m.value) for m in enum)
        raise ModelError(
            f"{field}: unknown value {value!r} (expected one of: {accepted})"
        ) from None


def check_number(
    value: object,
    field: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    integer: bool = False,
) -> float | int:
    """A real number (not a bool) within bounds; integers when ``integer``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ModelError(f"{field} must be a number, not {shown(value)}")
    if value != value or value in (float("inf"), float("-inf")):
        raise ModelError(f"{field} must be a finite number, not {shown(value)}")
    maximum = LARGEST_NUMBER if maximum is None else min(maximum, LARGEST_NUMBER)
    minimum = -LARGEST_NUMBER if minimum is None else max(minimum, -LARGEST_NUMBER)
    if value < minimum:
        raise ModelError(f"{field} must be at least {minimum:g}, not {_number(value)}")
    if value > maximum:
        raise ModelError(f"{field} must be at most {maximum:g}, not {_number(value)}")
    if integer and not (isinstance(value, int) or float(value).is_integer()):
        raise ModelError(f"{field} must be a whole number, not {shown(value)}")
    return int(value) if integer else value


def _number(value: float) -> str:
    return shown(value) if abs(value) > LARGEST_NUMBER else f"{value:g}"


def check_date(value: object, field: str) -> dt.date | None:
    """``None``, a ``date``, or an ISO ``YYYY-MM-DD`` string."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ModelError(f"{field} must be a date written YYYY-MM-DD, not {shown(value)}")


def name_key(name: str | None) -> str:
    """What makes two names the same name: case and surrounding blanks do not count, so
    "Ops" and " ops " are one team (zones, teams and locations need distinct names)."""
    return (name or "").strip().casefold()


def check_text(value: object, field: str, *, required: bool = False) -> str:
    """A string; ``required`` refuses the empty (or blank) string.

    Control characters (other than tab and line breaks) and unpaired surrogates are
    refused: they cannot be stored as UTF-8, printed, or written to a DOT file that any
    reader, ours included, would accept back.
    """
    if not isinstance(value, str):
        raise ModelError(f"{field} must be text, not {shown(value)}")
    if required and not value.strip():
        raise ModelError(f"{field} must not be empty")
    control = _CONTROL.search(value)
    if control:
        raise ModelError(
            f"{field} must not contain the control character U+{ord(control.group()):04X}"
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ModelError(
            f"{field} is not valid Unicode text (an unpaired surrogate at character "
            f"{exc.start + 1})"
        ) from None
    return value
