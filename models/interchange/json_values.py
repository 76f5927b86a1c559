"""How a field's value is spelled in ``integramap/1`` JSON, in both directions.

The reader and the writer walk the field declarations (:mod:`models.domain.fields`);
this module turns one value of one field into JSON and back by its value type. Reading
runs the domain's own checks (:mod:`models.domain.values`) with the field's bounds and
vocabulary, so a file is refused with the same words as a value typed in the Inspector,
only without the field's name — the reader puts the value's path in front instead
(``services[3].instances: must be at least 1, not 0``).

A value type this module does not know raises :class:`TypeError` naming the field: the
field-table test then shows that JSON has to learn it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from models.domain.errors import ModelError
from models.domain.fields import (
    Choice,
    Day,
    Field,
    Flag,
    Number,
    Ref,
    Refs,
    Slug,
    Stages,
    Text,
    Words,
)
from models.domain.values import (
    check_date,
    check_enum,
    check_number,
    check_slug,
    check_text,
    check_words,
    echo,
    is_plain_text,
    shown,
)
from models.interchange.errors import InterchangeError

# ====================================================================== parsing


class _JsonObject(dict[str, Any]):
    """A parsed JSON object that remembers keys written twice (plain dicts keep the last)."""

    duplicates: tuple[str, ...] = ()


def _object_with_duplicates(pairs: list[tuple[str, Any]]) -> _JsonObject:
    obj = _JsonObject(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj.duplicates = tuple(k for k, _ in pairs if k in seen or seen.add(k))
    return obj


def parse(source: str | bytes, source_name: str) -> Any:
    """JSON text (or UTF-8 bytes) → Python objects, keeping track of repeated keys."""
    if isinstance(source, bytes):
        if b"\x00" in source[:4096]:
            raise InterchangeError(source_name, ["is a binary file, not JSON text"])
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InterchangeError(
                source_name, [f"is not UTF-8 text (byte {exc.start} cannot be decoded)"]
            ) from None
    try:
        return json.loads(
            source, object_pairs_hook=_object_with_duplicates, parse_int=_integer
        )
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            source_name, [f"line {exc.lineno} column {exc.colno}: {_decode_problem(exc)}"]
        ) from None
    except RecursionError:
        raise InterchangeError(source_name, ["is nested too deeply to be a model"]) from None


class HugeInteger(float):
    """An integer literal too long to be a number of any field (``1`` followed by 5,000
    zeros). Python refuses to convert such text (it would take quadratic time), so the
    parser keeps this stand-in, infinite in value, which every number check refuses."""

    digits: int = 0

    def __repr__(self) -> str:
        return f"a number of {self.digits:,} digits"


_LONGEST_INTEGER = 30
"""Digits beyond which an integer literal is kept as :class:`HugeInteger` (no field holds
more than 16 digits)."""


def _integer(text: str) -> int | float:
    if len(text) <= _LONGEST_INTEGER:
        return int(text)
    huge = HugeInteger(float("-inf") if text.startswith("-") else float("inf"))
    huge.digits = len(text.lstrip("-"))
    return huge


def _decode_problem(error: json.JSONDecodeError) -> str:
    """The parser's message made whole: ``Unterminated string starting at`` names no place.

    The line and column already say where; the message says what, and which character
    stopped the parser (a raw tab or line break inside a string is the usual culprit in
    hand-edited files).
    """
    if error.msg.startswith("Unterminated string"):
        return "a string starts here and is never closed"
    found = error.doc[error.pos : error.pos + 1] if error.pos < len(error.doc) else ""
    if error.msg.startswith("Invalid control character"):
        return f"a raw control character {found!r} inside a string (write it as an escape)"
    message = error.msg.removesuffix(" at")
    message = message[:1].lower() + message[1:]
    return f"{message}, found {found!r}" if found else f"{message}, but the file ends here"


def shown_json(value: Any) -> str:
    """A refused JSON value in JSON spelling, shortened: a list or object is described by
    its size instead of being written out (it may hold megabytes)."""
    if isinstance(value, list):
        if len(value) > 4:
            return f"a list of {len(value):,} items"
        try:
            return echo(json.dumps(value, ensure_ascii=False, default=repr))
        except (RecursionError, ValueError):
            return "a nested list"
    if isinstance(value, dict):
        return f"an object with {len(value):,} key{'s' if len(value) != 1 else ''}"
    return shown(value)


def json_type(value: Any) -> str:
    """What a JSON value is, as a problem names it ("a list", "true/false")."""
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "text", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


# ====================================================================== reading


class Bad(Exception):
    """One problem with one value; the reader prefixes it with the value's path."""


_FIELD = "\x00"


def _checked(check: Callable[..., Any], value: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a domain check and turn its message into one without the field name."""
    try:
        return check(value, _FIELD, *args, **kwargs)
    except ModelError as exc:
        raise Bad(str(exc).replace(_FIELD + ": ", "").replace(_FIELD + " ", "")) from None


def text(value: Any) -> str:
    if is_plain_text(value):
        return value
    return _checked(check_text, value)


def name(value: Any) -> str:
    """A required name: text that is not blank."""
    return _checked(check_text, value, required=True)


def optional_text(value: Any) -> str:
    """Free text; ``null`` (what CMDB exports write for "nothing") reads as empty."""
    if is_plain_text(value):
        return value
    return "" if value is None else text(value)


def slug(value: Any) -> str:
    return _checked(check_slug, value)


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Bad(f"must be true or false, not {shown(value)}")
    return value


def day(value: Any) -> dt.date | None:
    return _checked(check_date, value)


def word(enum: type[Any], *, optional: bool = False) -> Callable[[Any], Any]:
    """A word of ``enum`` (``null`` too when ``optional``)."""
    def convert(value: Any) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise Bad(f"must be text, not {shown(value)}")
        try:
            return check_enum(enum, value, _FIELD)
        except ModelError as exc:
            raise Bad(str(exc).replace(_FIELD + ": ", "")) from None

    return convert


def number(*, minimum: float | None = None, maximum: float | None = None,
           whole: bool = False, optional: bool = False) -> Callable[[Any], Any]:
    """A number within bounds (``null`` too when ``optional``)."""
    def convert(value: Any) -> Any:
        if value is None and optional:
            return None
        found = _checked(check_number, value, minimum=minimum, maximum=maximum, integer=whole)
        return int(found) if whole else float(found)

    return convert


def words(value: Any) -> tuple[str, ...]:
    """A list of words written as a JSON list of strings (``["PostgreSQL", "Linux"]``)."""
    if not isinstance(value, list):
        raise Bad(f"must be a list of words, not {json_type(value)}")
    return _checked(check_words, value)


def converter(field: Field) -> Callable[[Any], Any]:
    """The reading of a single JSON value of ``field`` (references are the reader's job:
    they must name an entity read before)."""
    value = field.value
    if isinstance(value, Text):
        return name if value.required else optional_text
    if isinstance(value, Slug):
        return slug
    if isinstance(value, Number):
        return number(minimum=value.minimum, maximum=value.maximum, whole=value.whole,
                      optional=field.optional)
    if isinstance(value, Flag):
        return flag
    if isinstance(value, Day):
        return day
    if isinstance(value, Choice):
        return word(value.enum, optional=field.optional)
    if isinstance(value, Words):
        return words
    raise TypeError(f"JSON cannot read {type(value).__name__} values yet ({field.name})")


# ====================================================================== writing


def written(field: Field, value: Any) -> Any:
    """``value`` of ``field`` as JSON: words for choices, ISO dates, whole numbers as
    integers (``240`` not ``240.0``), so files read as people write them."""
    kind = field.value
    if value is None or isinstance(kind, (Text, Slug, Flag, Ref)):
        return value
    if isinstance(kind, Number):
        return exact(value)
    if isinstance(kind, Day):
        return value.isoformat()
    if isinstance(kind, Choice):
        return value.value
    if isinstance(kind, Stages):
        return [stage.value for stage in value]
    if isinstance(kind, (Refs, Words)):
        return list(value)
    raise TypeError(f"JSON cannot write {type(kind).__name__} values yet ({field.name})")


def exact(value: float | int | None) -> float | int | None:
    """Whole numbers as integers (``240`` not ``240.0``)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
