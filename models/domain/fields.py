"""Every field of every entity, declared once.

A declaration says what a field holds (its value type, bounds, vocabulary, default), how a
person reads it (label, help, an example), where it shows (the Inspector section, the
fact-sheet part) and how each file format spells it (JSON path, DOT attribute, CSV
column). It sits on the entity's column — ``field(...)`` returns the ``mapped_column`` —
so there is no second list to keep in step, and everything that handles fields reads
:func:`fields_of`: the entities' validation (one generic check), the JSON reader and
writer, the DOT attributes, the Inspector's forms and the PDF fact sheet.

Adding a plain field is therefore one declaration plus a schema migration
(:mod:`models.document.schema`). ``tests/domain/test_field_table.py`` walks every mapped
column and fails when one is not declared, or when a declared value does not survive the
JSON or DOT round trip, or is missing from the Inspector or the fact sheet.

Growing the table:

* A date, a yes/no, a whole number, a word of a new vocabulary (a ``StrEnum`` in
  :mod:`models.domain.enums`, optional through ``Mapped[... | None]``) or free text is
  one declaration; ``json_if_set`` keeps it out of files that never use it.
* A new *kind* of value is a new :class:`Value` subclass (:class:`Words`, a team's
  skills, was the first added that way: its column type, the JSON list, the DOT and
  Inspector text, the fact-sheet line); every format and form dispatches on the value
  type and refuses one it does not know, so the same test names each place that has to
  learn it.
* A new file format (CSV tables, ArchiMate properties) reads the spellings: ``csv`` is
  declared already; another is one more attribute of :class:`Field` with its derivation
  in :func:`_bind`.
* Telling "not asked yet" from "asked: there is none" belongs beside the value, not in
  it: a flag on the declarations of the fields a review asks about, and one place that
  stores the answer state per entity and field, which the formats then carry for every
  flagged field at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, String
from sqlalchemy import Text as TextColumn
from sqlalchemy import text as sql_text
from sqlalchemy.orm import MappedColumn, mapped_column

from models.domain.columns import (
    EnvironmentSet,
    WordList,
    normalise_environments,
    reference,
    word_enum,
)
from models.domain.enums import Environment
from models.domain.errors import ModelError
from models.domain.values import (
    check_date,
    check_enum,
    check_number,
    check_slug,
    check_text,
    check_words,
    quoted,
)

FIELD_INFO = "integramap.field"
"""Key of a :class:`Field` in a column's (or relationship's) ``info``."""
NOT_A_FIELD = "integramap.not_a_field"
"""Key of the reason a column is storage rather than a field (a surrogate key, a link)."""

_DERIVED: Any = "<derived>"
"""Default of a spelling: worked out from the key when the entity is bound (see below)."""


# ====================================================================== value types


class Value:
    """What a field holds: how a value is checked, stored and defaulted."""

    default: Any = None
    """What a new entity holds when nothing else is declared."""

    def check(self, value: Any, subject: str) -> Any:
        """The normalised value, or :class:`ModelError` naming the field by ``subject``."""
        raise NotImplementedError

    def column(self) -> tuple[Any, ...]:
        """The positional arguments of the column that stores it (a type, a foreign key)."""
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class Text(Value):
    """Free text; ``required`` refuses blank (names), ``lines`` allows several lines."""

    required: bool = False
    lines: bool = False
    length: int | None = None
    """Stored as ``VARCHAR(length)`` (the schema's spelling; SQLite does not enforce it)."""

    default = ""

    def check(self, value: Any, subject: str) -> str:
        return check_text(value, subject, required=self.required)

    def column(self) -> tuple[Any, ...]:
        return (String(self.length) if self.length else TextColumn,)


@dataclass(frozen=True, eq=False)
class Code(Text):
    """A code people type, stored trimmed and in capitals (a rule id: ``int-001`` → ``INT-001``)."""

    def check(self, value: Any, subject: str) -> str:
        return super().check(value, subject).strip().upper()


@dataclass(frozen=True, eq=False)
class Slug(Value):
    """An id: lowercase letters, digits, ``-``, ``_`` and ``.`` (see :data:`SLUG_PATTERN`)."""

    def check(self, value: Any, subject: str) -> str:
        return check_slug(value, subject)

    def column(self) -> tuple[Any, ...]:
        return (String(128),)


@dataclass(frozen=True, eq=False)
class Number(Value):
    """A number within bounds; ``whole`` for counts; ``words`` names each value (trust)."""

    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False
    words: Mapping[int, str] | None = None

    def check(self, value: Any, subject: str) -> int | float:
        number = check_number(value, subject, minimum=self.minimum, maximum=self.maximum,
                              integer=self.whole)
        return int(number) if self.whole else float(number)

    def column(self) -> tuple[Any, ...]:
        return (Integer if self.whole else Float,)


@dataclass(frozen=True, eq=False)
class Count(Number):
    """How many of something (instances): a whole number, stepped up and down by one."""

    whole: bool = True


@dataclass(frozen=True, eq=False)
class Flag(Value):
    """Yes or no."""

    default = False

    def check(self, value: Any, subject: str) -> bool:
        if not isinstance(value, bool):
            raise ModelError(f"{subject} must be true or false, not {quoted(value)}")
        return value

    def column(self) -> tuple[Any, ...]:
        return (Boolean,)


@dataclass(frozen=True, eq=False)
class Day(Value):
    """A calendar date, written ``YYYY-MM-DD`` everywhere a person types or reads it."""

    def check(self, value: Any, subject: str) -> dt.date | None:
        return check_date(value, subject)

    def column(self) -> tuple[Any, ...]:
        return (Date,)


@dataclass(frozen=True, eq=False)
class Choice(Value):
    """One word of a closed vocabulary (an enumeration of :mod:`models.domain.enums`)."""

    enum: type[StrEnum]

    def check(self, value: Any, subject: str) -> Enum:
        return check_enum(self.enum, value, subject)

    def column(self) -> tuple[Any, ...]:
        return (word_enum(self.enum),)

    @staticmethod
    def label_of(member: Any) -> str:
        """How a word reads in lists and reports: its label (``Identity provider``) where
        the vocabulary has labels, else the word itself (``critical``)."""
        return str(getattr(member, "label", member.value))


@dataclass(frozen=True, eq=False)
class Stages(Value):
    """A set of DTAP stages, kept in lifecycle order."""

    default = (Environment.PRODUCTION,)

    def check(self, value: Any, subject: str) -> tuple[Environment, ...]:
        return normalise_environments(value)

    def column(self) -> tuple[Any, ...]:
        return (EnvironmentSet,)


@dataclass(frozen=True, eq=False)
class Words(Value):
    """A list of short words or phrases in the user's order (a team's skills), each once.

    Files write it as a JSON list; the Inspector, DOT and CSV as text separated by commas.
    """

    default = ()

    def check(self, value: Any, subject: str) -> tuple[str, ...]:
        return check_words(value, subject)

    def column(self) -> tuple[Any, ...]:
        return (WordList,)


@dataclass(frozen=True, eq=False)
class WordChoices(Words):
    """Several words of one vocabulary (the integration kinds a view draws), each once, in
    the vocabulary's order; stored and written like any list of words."""

    enum: type[StrEnum] | None = None
    chosen: tuple[Any, ...] = ()
    """The default choice."""

    @property
    def default(self) -> tuple[Any, ...]:  # type: ignore[override]
        return self.chosen

    def check(self, value: Any, subject: str) -> tuple[Any, ...]:
        assert self.enum is not None
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise ModelError(f"{subject} must be a list, not {quoted(value)}")
        chosen = {check_enum(self.enum, v, subject) for v in value}
        return tuple(member for member in self.enum if member in chosen)

    def column(self) -> tuple[Any, ...]:
        return (WordList(self.enum),)


@dataclass(frozen=True, eq=False)
class IdList(Words):
    """Ids of other entities in the user's order (the zones a view collapses), each once.

    Not references the model enforces: a collapsed zone that is deleted is simply no longer
    collapsed, and the deletion's cascade takes it out of the list.
    """

    def check(self, value: Any, subject: str) -> tuple[str, ...]:
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise ModelError(f"{subject} must be a list of ids, not {quoted(value)}")
        return tuple(dict.fromkeys(check_slug(v, subject) for v in value))


@dataclass(frozen=True, eq=False)
class FieldPaths(Words):
    """Fields of the same entity named by their JSON paths (``exit_plan``, ``vendor.sla``):
    which fields a review asked about and was told there is none."""

    def check(self, value: Any, subject: str) -> tuple[str, ...]:
        paths = check_words(value, subject)
        for path in paths:
            if not _FIELD_PATH.match(path):
                raise ModelError(f"{subject}: {quoted(path)} is not a field name (like "
                                 "'exit_plan' or 'vendor.sla')")
        return paths


_FIELD_PATH = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)?$")


@dataclass(frozen=True, eq=False)
class Ref(Value):
    """The id of another entity (``target`` is its table: ``"team"``, ``"zone"``…)."""

    target: str

    def check(self, value: Any, subject: str) -> str:
        return check_slug(value, subject)

    def column(self) -> tuple[Any, ...]:
        return (reference(f"{self.target}.id"),)


@dataclass(frozen=True, eq=False)
class Refs(Value):
    """Ids of other entities, in the user's order; kept in link rows, not a column."""

    target: str

    def check(self, value: Any, subject: str) -> list[str]:
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise ModelError(f"{subject} must be a list of ids, not {quoted(value)}")
        return [check_slug(v, subject) for v in value]

    def column(self) -> tuple[Any, ...]:
        raise TypeError("a list of references is stored in link rows, not in a column")


# ====================================================================== where fields show


class Form(StrEnum):
    """The Inspector's sections, in the order the forms show them."""

    MAIN = ""
    """Untitled, at the top: what the thing is."""
    WHERE = "Where it runs"
    RESPONSIBILITY = "Responsibility"
    VENDOR = "Vendor"
    LIFECYCLE = "Lifecycle"
    MAINTENANCE = "Maintenance"
    COST = "Cost and licences"
    RECOVERY = "Recovery and notes"
    THRESHOLDS = "Analysis thresholds"


class Sheet(StrEnum):
    """The parts of a service's fact sheet in the review PDF."""

    TITLE = "title"
    """The sheet's heading."""
    HEADLINE = "headline"
    """The line under the heading."""
    OWNERSHIP = "ownership"
    """Left column, first: who owns and supports it."""
    OPERATION = "operation"
    """Left column, then: where and how it runs."""
    VENDOR = "vendor"
    """Right column, first: the vendor's terms."""
    LIFECYCLE = "lifecycle"
    """Right column, then: versions and dates."""
    COST = "cost"
    """Right column, last: what it costs."""
    TEXT = "text"
    """Paragraphs under the table."""


# ====================================================================== declarations


@dataclass(frozen=True, eq=False, kw_only=True)
class Field:
    """One field of one entity; see the module docstring for who reads what.

    Declared with :func:`field` (or :func:`declaration` on a relationship); the spellings
    left out are derived when the entity is bound: the key is ``owner_id``, the JSON path
    ``owner`` (a reference is named by what it refers to), the DOT attribute and the CSV
    column the JSON path with dots as underscores (``vendor.sla`` → ``vendor_sla``).
    """

    value: Value
    label: str
    """How the Inspector, the fact sheet and the README name it ("End of support")."""
    help: str = ""
    """One or two sentences: what to record and why it matters (the Inspector's tooltip)."""
    hint: str = ""
    """An example value, shown greyed in an empty box ("EUR", "https/443")."""
    subject: str = _DERIVED
    """How the model's messages name it (``cost must be at least 0``); default: the key."""
    none_label: str = ""
    """What "none" reads as in a list to choose from ("— no zone —", "Kind default")."""
    form: Form | None = None
    """The Inspector section; ``None``: not edited in the Inspector."""
    sheet: Sheet | None = None
    """The fact-sheet part of a service field; ``None``: not on the fact sheet."""
    sheet_label: str = _DERIVED
    """The fact sheet's name for it, where it differs from ``label``."""
    json: str | None = _DERIVED
    """Path inside the entity's JSON object (``lifecycle.end_of_sale``); ``None``: not a
    key of its own (view geometry travels as ``[x, y, width, height]``)."""
    json_if_set: bool = False
    """Written only when it differs from its default, so files that never used it do not
    change (an integration's ``initiator``, the analysis settings)."""
    dot: str | None = _DERIVED
    """DOT node or edge attribute."""
    csv: str | None = _DERIVED
    """Column of the CSV table of its entity."""
    key: str = ""
    """The attribute the model reads and writes (filled in from the class attribute)."""
    entity: type | None = None
    optional: bool = False
    """``None`` is a value ("not recorded"); from the column's ``Mapped[... | None]``."""
    default: Any = None
    stored: bool = True
    """A column of its own; ``False`` for values kept in link rows (a service's locations)."""

    def check(self, value: Any) -> Any:
        """The value normalised for the entity, or :class:`ModelError` naming the field."""
        if value is None and self.optional:
            return None
        return self.value.check(value, self.subject)

    @property
    def name(self) -> str:
        """``Service.vendor_sla``: the field in messages meant for developers."""
        return f"{getattr(self.entity, '__name__', '?')}.{self.key}"


def field(
    value: Value,
    label: str,
    *,
    default: Any = _DERIVED,
    primary_key: bool = False,
    index: bool = False,
    stored_default: str | None = None,
    **declared: Any,
) -> MappedColumn[Any]:
    """A column of an entity and its declaration (see :class:`Field` for ``declared``).

    ``stored_default`` is the column's SQL ``DEFAULT`` (``"''"``, ``"0"``): a column that a
    schema migration adds to existing rows needs one, and declaring the same default here
    makes a new document's table the same as a migrated one's.
    """
    default = value.default if default is _DERIVED else default
    column: dict[str, Any] = {"primary_key": primary_key, "index": index}
    if default is not None:
        column["default"] = default
    if stored_default is not None:
        column["server_default"] = sql_text(stored_default)
    return mapped_column(
        *value.column(), **column, info=declaration(value, label, **declared)
    )


def declaration(value: Value, label: str, **declared: Any) -> dict[str, Field]:
    """The ``info`` of a relationship that stores a field (a service's locations)."""
    return {FIELD_INFO: Field(value=value, label=label, **declared)}


def not_a_field(reason: str) -> dict[str, str]:
    """The ``info`` of a column that is storage, not a field, saying why it needs none."""
    return {NOT_A_FIELD: reason}


def declared_in(namespace: Mapping[str, Any]) -> list[tuple[str, Field, bool]]:
    """``(attribute, declaration, is a column)`` for a class body, in declaration order."""
    found = []
    for attribute, value in namespace.items():
        if isinstance(value, MappedColumn):
            info = value.column.info
            if FIELD_INFO in info:
                found.append((attribute, info[FIELD_INFO], True))
        elif isinstance(getattr(value, "info", None), dict) and FIELD_INFO in value.info:
            found.append((attribute, value.info[FIELD_INFO], False))
    return found


# ====================================================================== the table


def fields_of(entity: type) -> tuple[Field, ...]:
    """The declared fields of ``entity`` in declaration order, bound to it."""
    bound = _BOUND.get(entity)
    if bound is None:
        bound = _BOUND[entity] = tuple(
            _bind(entity, attribute, declared, column)
            for attribute, declared, column in getattr(entity, "__declared_fields__", ())
        )
        _BY_KEY[entity] = {f.key: f for f in bound}
    return bound


def field_of(entity: type, key: str) -> Field:
    """The declared field ``key`` of ``entity`` (``KeyError`` if there is none)."""
    if entity not in _BY_KEY:
        fields_of(entity)
    return _BY_KEY[entity][key]


def check_assigned(obj: Any, key: str, value: Any) -> Any:
    """The validator of every declared column: what ``obj.key = value`` stores."""
    return field_of(type(obj), key).check(value)


def column_defaults(entity: type) -> dict[str, Any]:
    """``{attribute: default}`` for the columns of ``entity`` with a plain default value.

    The one reading of the declared defaults: new entities, undo snapshots, analysis
    facts and importers fill in a value not given from here. Surrogate keys the database
    numbers (``pk``) have none.
    """
    cached = _DEFAULTS.get(entity)
    if cached is None:
        cached = {}
        for prop in entity.__mapper__.column_attrs:  # type: ignore[attr-defined]
            column = prop.columns[0]
            if column.primary_key and column.autoincrement is True:
                continue
            if column.default is not None and column.default.is_scalar:
                cached[prop.key] = column.default.arg
        _DEFAULTS[entity] = cached
    return cached


def references_to(entity: type, target: str) -> tuple[str, ...]:
    """The keys of ``entity``'s fields that refer to ``target`` (``"team"``), in order."""
    return tuple(
        f.key for f in fields_of(entity)
        if isinstance(f.value, (Ref, Refs)) and f.value.target == target
    )


def target_entity(f: Field) -> type:
    """The entity a reference field refers to."""
    assert isinstance(f.value, (Ref, Refs)), f.name
    for mapper in f.entity.registry.mappers:  # type: ignore[union-attr]
        if mapper.local_table.name == f.value.target:
            return mapper.class_
    raise LookupError(f"{f.name} refers to {f.value.target!r}, which is not an entity")


def _bind(entity: type, attribute: str, declared: Field, column: bool) -> Field:
    key = declared.key or attribute
    base = key.removesuffix("_ids") + "s" if key.endswith("_ids") else key.removesuffix("_id")
    json = base if declared.json is _DERIVED else declared.json
    flat = json.replace(".", "_") if json is not None else None
    dot = flat if declared.dot is _DERIVED else declared.dot
    optional = bool(column and entity.__table__.c[attribute].nullable)  # type: ignore[attr-defined]
    if column:
        default = column_defaults(entity).get(attribute)
    else:
        default = [] if isinstance(declared.value, Refs) else declared.value.default
    return dataclasses.replace(
        declared,
        key=key,
        entity=entity,
        subject=base.replace("_", " ") if declared.subject is _DERIVED else declared.subject,
        sheet_label=declared.label if declared.sheet_label is _DERIVED else declared.sheet_label,
        json=json,
        dot=dot,
        csv=flat if declared.csv is _DERIVED else declared.csv,
        optional=optional,
        default=default,
        stored=column,
    )


_BOUND: dict[type, tuple[Field, ...]] = {}
_BY_KEY: dict[type, dict[str, Field]] = {}
_DEFAULTS: dict[type, dict[str, Any]] = {}
