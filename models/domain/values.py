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
from collections.abc import Iterable
from enum import Enum
from typing import TypeVar

from models.domain.errors import ModelError

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?$")
"""Ids are lowercase slugs: letters, digits, '-', '_' and '.', starting and ending alphanumeric."""
MAX_SLUG_LENGTH = 128

E = TypeVar("E", bound=Enum)

LARGEST_NUMBER = 10**15
"""No field holds a number beyond this: far above any real cost, capacity or count, far
below what SQLite's 64-bit integers and doubles can store, so nothing overflows later."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters other than tab, line feed and carriage return: C0, DEL and C1 (the
C1 range holds the terminal's one-byte CSI and comes only from mis-decoded text)."""

ECHO_LIMIT = 80
"""How many characters of a value a message repeats before it shortens it with "…"."""

_UNSAFE_IN_MESSAGES = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
"""Every control character, the line and paragraph separators, the bidirectional
overrides (which reorder what a terminal shows) and unpaired surrogates."""


def echo(text: object, limit: int = ECHO_LIMIT) -> str:
    """``text`` made safe to repeat in a message: at most ``limit`` characters (the rest
    replaced by "…") and every control character written as an escape (``\\x1b``).

    Messages end up in terminals, CI logs and dialogs. A refused 10 MB value would make a
    10 MB "one-line" error, and an escape sequence in a key or a name would reach the
    terminal (clearing the screen, recolouring the text). Every message that repeats what
    a file or a user wrote passes it through here. Only the first ``limit`` characters are
    looked at, so a huge value costs no more than a short one.
    """
    if not isinstance(text, str):
        text = str(text)
    cut = len(text) > limit
    head = text[: max(limit - 1, 1)] if cut else text
    safe = _UNSAFE_IN_MESSAGES.sub(_escape_character, head)
    if len(safe) > limit:  # escapes take room: shorten again, never mid-escape
        safe, cut = _shorten_escaped(safe, limit), True
    return safe + "…" if cut else safe


def escaped(text: str) -> str:
    """``text`` with every control character written as an escape, nothing shortened."""
    return _UNSAFE_IN_MESSAGES.sub(_escape_character, text)


def _escape_character(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _shorten_escaped(safe: str, limit: int) -> str:
    """``safe`` cut to about ``limit - 1`` characters, not inside a ``\\x..``/``\\u....``."""
    cut = safe[: max(limit - 1, 1)]
    slash = cut.rfind("\\", max(len(cut) - 6, 0))
    return cut[:slash] if slash >= 0 else cut


def shown(value: object) -> str:
    """A refused value as the user wrote it: JSON spelling (``null``, ``true``, ``"2"``),
    shortened and with control characters escaped (see :func:`echo`)."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, str):
        return '"' + echo(value).replace('"', '\\"') + '"'
    if isinstance(value, int) and abs(value) > LARGEST_NUMBER:
        return f"a number of {_digit_count(value)} digits"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"binary data ({len(value):,} bytes)"
    if isinstance(value, (list, tuple, dict)):
        return _shown_container(value)
    return echo(repr(value))


def _shown_container(value: list[object] | tuple[object, ...] | dict[object, object]) -> str:
    """A short list or object as written; a long or deeply nested one by its size only."""
    size = len(value)
    summary = (f"an object with {size:,} keys" if isinstance(value, dict)
               else f"a list of {size:,} items")
    if size > 4:
        return summary
    try:
        return echo(repr(value))
    except RecursionError:
        return summary


def _digit_count(value: int) -> str:
    """How many digits ``value`` has, without converting a huge one to text (quadratic)."""
    bits = abs(value).bit_length()
    if bits > 14_000:  # about 4,300 digits: Python refuses to print those anyway
        return f"about {int(bits * 0.30103):,}"
    return f"{len(str(abs(value))):,}"


def check_slug(value: object, field: str = "id") -> str:
    """Return ``value`` when it is a valid id slug, else raise ``ModelError``."""
    if not isinstance(value, str) or not SLUG_PATTERN.match(value):
        raise ModelError(
            f"{field} must be a slug (lowercase letters, digits, '-', '_', '.'), "
            f"not {quoted(value)}"
        )
    return value


def quoted(value: object) -> str:
    """A refused value in Python's spelling (``'Web Server'``, ``None``), shortened and
    escaped: the words the domain's messages have always used."""
    return echo(repr(value))


def slugify(text: str, *, fallback: str = "item") -> str:
    """Turn any name ("Web Server (EU)") into a valid slug ("web-server-eu")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9._-]+", "-", ascii_text.lower()).strip("-._")[:128].strip("-._")
    return slug or fallback


def unique_slug(base: str, taken: set[str] | frozenset[str]) -> str:
    """``base`` if free, else ``base-2``, ``base-3`` … — for one new item or pasted copy.

    Each call tries the suffixes from 2 again; to name many items, use :class:`IdAllocator`.
    """
    if base not in taken:
        return base
    n = 2
    while (candidate := _suffixed(base, n)) in taken:
        n += 1
    return candidate


def _suffixed(base: str, n: int) -> str:
    """``base-n``, the base shortened so the whole stays a valid slug."""
    suffix = f"-{n}"
    return base[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-._") + suffix


class IdAllocator:
    """Hands out ids ``base``, ``base-2``, ``base-3`` … that are not yet taken, in linear time.

    Importers name thousands of items from the same base (20,000 integrations from services
    whose long ids share the 120 characters a generated id keeps); trying ``base-2``,
    ``base-3`` … from the start for each would be quadratic. The allocator remembers, per
    base, the next suffix to try. Every id it hands out is a valid slug (the base is
    shortened to make room for the suffix).
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken: set[str] = set(taken)
        self._next: dict[str, int] = {}

    def allocate(self, base: str) -> str:
        """A free id made from ``base``; it is taken from now on."""
        if base not in self.taken:
            self.taken.add(base)
            return base
        n = self._next.get(base, 2)
        while (candidate := _suffixed(base, n)) in self.taken:
            n += 1
        self._next[base] = n + 1
        self.taken.add(candidate)
        return candidate

    def take(self, value: str) -> None:
        """Mark an id chosen elsewhere (written in the file) as taken."""
        self.taken.add(value)


def check_enum(enum: type[E], value: object, field: str) -> E:
    """Coerce a word or member to ``enum``; the error lists the accepted words."""
    if isinstance(value, enum):
        return value
    try:
        return enum(value)
    except ValueError:
        accepted = ", ".join(str(m.value) for m in enum)
        raise ModelError(
            f"{field}: unknown value {quoted(value)} (expected one of: {accepted})"
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


def is_plain_text(value: object) -> bool:
    """Whether ``value`` is text :func:`check_text` accepts at a glance: ASCII without a
    control character (most of what a large file holds; readers skip the full check)."""
    return type(value) is str and value.isascii() and _CONTROL.search(value) is None


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


MAX_WORDS = 200
MAX_WORD_LENGTH = 100
"""A list of words (a team's skills) holds at most this many, each at most this long:
beyond that it is a pasted document, not a list of technologies."""


def check_words(value: object, field: str) -> tuple[str, ...]:
    """A list of short words or phrases (``["PostgreSQL", "Red Hat Linux"]``), trimmed,
    each once whatever its case (the first spelling kept), in the user's order.

    Text is split at commas (``"PostgreSQL, Linux"``), which is how the Inspector, DOT and
    CSV write such a list; a word may therefore not contain a comma or a line break.
    """
    if isinstance(value, str):
        value = value.split(",")
    if isinstance(value, (bytes, dict)) or not hasattr(value, "__iter__"):
        raise ModelError(f"{field} must be a list of words, not {shown(value)}")
    items = list(value)
    if len(items) > MAX_WORDS:
        raise ModelError(f"{field} must list at most {MAX_WORDS} words, not {len(items):,}")
    found: dict[str, str] = {}
    for item in items:
        if not isinstance(item, str):
            raise ModelError(f"{field} must be a list of words, not {shown(item)} in it")
        word = check_text(item, field).strip()
        if not word:
            continue
        if "," in word or "\n" in word or "\r" in word:
            raise ModelError(
                f"{field}: a word may not contain a comma or a line break ({shown(word)})"
            )
        if len(word) > MAX_WORD_LENGTH:
            raise ModelError(
                f"{field}: a word must be at most {MAX_WORD_LENGTH} characters, not "
                f"{len(word):,}"
            )
        found.setdefault(word.casefold(), word)
    return tuple(found.values())
