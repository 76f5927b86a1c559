"""Copying a vetted document's rows into a fresh working copy, every value checked.

A document's tables are data from outside: a stored value may be of the wrong type, out
of range, carry control characters or point at an entity that does not exist — none of
which the ORM would notice when loading (it trusts its database) and all of which the
JSON importer refuses. So each value goes through the same checks the entities apply to
every assignment (the field declarations of :mod:`models.domain.fields`, which the JSON
reader uses too), each reference is looked up, ids and the names of zones, teams
and locations must be distinct and waivers must name a rule id, as on import.
Every problem is collected; only a document without any is stored, with plain INSERTs into
a schema Integramap created itself.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable
from typing import Any

from sqlalchemy import Boolean, Column, Date, Enum, Float, Integer, Table

from models.document.errors import DocumentError
from models.document.untrusted import OUR_TABLES, UntrustedDatabase
from models.domain import Base, ModelError
from models.domain.columns import EnvironmentSet, WordList, normalise_environments
from models.domain.fields import fields_of
from models.domain.values import (
    check_number,
    check_slug,
    check_text,
    check_words,
    echo,
    name_key,
    shown,
)
from models.garbage_collection import collection_paused

SHOWN_PROBLEMS = 20
_RULE_ID = re.compile(r"^[A-Z]{2,5}-\d{3}$")
_ENTITY_BY_TABLE = {mapper.local_table.name: mapper.class_ for mapper in Base.registry.mappers}
_UNIQUE_NAMES = ("zone", "team", "location")
_SINGLE_ROW = ("document_info", "settings")

Check = Callable[[Any], Any]
"""Raw stored value → the value to store again; raises ``ModelError`` when refused."""


def copy_rows(source: UntrustedDatabase, target: sqlite3.Connection) -> None:
    """Check every row of ``source`` and insert it into ``target`` (same schema, empty).

    Raises :class:`DocumentError` listing the problems; ``target`` is then left without
    a commit (the caller discards it).
    """
    for table, checked in checked_tables(source).items():
        if checked:
            columns = OUR_TABLES[table.name]
            marks = ", ".join("?" * len(columns))
            names = ", ".join(f'"{c}"' for c in columns)
            target.executemany(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', checked)


def checked_tables(source: UntrustedDatabase) -> dict[Table, list[tuple[Any, ...]]]:
    """Every row of ``source`` with each value checked and in its stored form, per table
    in dependency order (a table's columns in the order of :data:`OUR_TABLES`).

    Raises :class:`DocumentError` listing the problems, so nothing of a document with a
    refused value is ever used, whether it is copied into a working copy or read for
    an analysis.
    """
    with collection_paused():  # millions of values: the collector would rescan them
        return _checked_tables(source)


def _checked_tables(source: UntrustedDatabase) -> dict[Table, list[tuple[Any, ...]]]:
    problems: list[str] = []
    ids: dict[str, set[Any]] = {}
    tables: dict[Table, list[tuple[Any, ...]]] = {}
    for table in Base.metadata.sorted_tables:
        columns = OUR_TABLES[table.name]
        checks = [_check_for(table, column) for column in table.columns]
        tables[table] = _checked_rows(
            table, source.rows(table.name, columns), checks, ids, problems
        )
    _check_waiver_subjects(tables, ids, problems)
    if problems:
        count = len(problems)
        listed = "\n".join(f"  {p}" for p in problems[:SHOWN_PROBLEMS])
        more = f"\n  … and {count - SHOWN_PROBLEMS:,} more" if count > SHOWN_PROBLEMS else ""
        raise DocumentError(
            f"{source.name} holds {count:,} value{'s' if count != 1 else ''} Integramap does "
            f"not accept, so it was not opened:\n{listed}{more}",
            limit=(SHOWN_PROBLEMS + 3) * 320,
        )
    return tables


def _checked_rows(
    table: Table,
    rows: list[tuple[Any, ...]],
    checks: list[tuple[str, Check]],
    ids: dict[str, set[Any]],
    problems: list[str],
) -> list[tuple[Any, ...]]:
    """The rows with every value checked and in its stored form; problems are appended.

    Checks run per distinct value of a column, not per cell: most columns repeat a few
    values (empty text, a kind, a date), so 10,000 services cost a few hundred checks per
    column instead of 10,000, and the rows are rebuilt column-wise at C speed.
    """
    name = table.name
    label = name.replace("_", " ")
    if not rows:
        ids[name] = set()
        return []
    refused: set[int] = set()
    converted: list[list[Any]] = []
    columns = zip(table.columns, checks, zip(*rows, strict=True), strict=True)
    for column, (_field, check), values in columns:
        results: dict[Any, Any] = {}
        failures: dict[Any, str] = {}
        distinct = set(values)
        if column.foreign_keys:  # ids of rows already checked need no second look
            parent = next(iter(column.foreign_keys)).column.table.name
            known = distinct & ids.get(parent, set())
            results = dict(zip(known, known, strict=True))
            distinct -= known
        for value in distinct:
            try:
                results[value] = check(value)
            except ModelError as exc:
                failures[value] = str(exc)
        if failures:
            for row, value in enumerate(values):
                if value in failures:
                    problems.append(f"{_where(label, table, rows[row])}: {failures[value]}")
                    refused.add(row)
            results.update(dict.fromkeys(failures))
        converted.append(list(map(results.__getitem__, values)))
    for n, column in enumerate(table.columns):
        if column.foreign_keys:
            _check_references(table, n, rows, converted[n], ids, refused, problems)
    checked = list(zip(*converted, strict=True))
    keys = [n for n, column in enumerate(table.columns) if column.primary_key]
    ids[name] = _distinct_keys(name, label, table, rows, checked, keys, refused, problems)
    if name in _UNIQUE_NAMES:
        _distinct_names(label, table, rows, checked, refused, problems)
    if name == "waiver":
        for row, values in enumerate(checked):
            if row not in refused and not _known_rule(values[1], label, problems):
                refused.add(row)
    if name == "decision":
        rule_column = [c.name for c in table.columns].index("rule")
        for row, values in enumerate(checked):
            rule = values[rule_column]
            if row not in refused and rule and not _known_rule(rule, label, problems):
                refused.add(row)
    if refused:
        return [values for row, values in enumerate(checked) if row not in refused]
    return checked


def _check_references(
    table: Table, n: int, rows: list[tuple[Any, ...]], refs: list[Any],
    ids: dict[str, set[Any]], refused: set[int], problems: list[str],
) -> None:
    """Every id in column ``n`` must be among the ids of the table it refers to."""
    column = table.columns[n]
    parent = next(iter(column.foreign_keys)).column.table.name
    known = ids.get(parent, set())
    if not set(refs) - known - {None}:
        return
    label = table.name.replace("_", " ")
    field = column.name.removesuffix("_id")
    for row, ref in enumerate(refs):
        if ref is not None and ref not in known and row not in refused:
            problems.append(f"{_where(label, table, rows[row])}: {field} refers to a "
                            f"{parent.replace('_', ' ')} '{echo(ref)}' that is not in the "
                            "document")
            refused.add(row)


def _distinct_keys(
    name: str, label: str, table: Table, rows: list[tuple[Any, ...]],
    checked: list[tuple[Any, ...]], keys: list[int], refused: set[int], problems: list[str],
) -> set[Any]:
    """The ids of the table's rows; a key stored twice (or a second settings row) is a
    problem."""
    seen: set[Any] = set()
    for row, values in enumerate(checked):
        if row in refused:
            continue
        key = tuple(values[n] for n in keys)
        if name in _SINGLE_ROW and key != (1,):
            problems.append(f"{label}: the table must hold one row (id 1)")
            refused.add(row)
        elif key in seen:
            problems.append(f"{_where(label, table, rows[row])}: is stored twice")
            refused.add(row)
        seen.add(key)
    return {key[0] for key in seen} if len(keys) == 1 else set()


def _distinct_names(
    label: str, table: Table, rows: list[tuple[Any, ...]], checked: list[tuple[Any, ...]],
    refused: set[int], problems: list[str],
) -> None:
    """Zones, teams and locations are picked by name: two of one name are refused."""
    names: dict[str, Any] = {}
    for row, values in enumerate(checked):
        if row in refused:
            continue
        folded = name_key(values[1])
        if folded in names:
            problems.append(f"{_where(label, table, rows[row])}: the name '{echo(values[1])}' "
                            f"is also the name of '{echo(names[folded])}'")
            refused.add(row)
        names.setdefault(folded, values[0])


def _where(label: str, table: Table, raw: tuple[Any, ...]) -> str:
    """How a row is named in a message: ``service 'portal'``, or its table for the rest."""
    if "id" in table.columns and table.columns[0].name == "id" and isinstance(raw[0], str):
        return f"{label} '{echo(raw[0])}'"
    return label


def _known_rule(rule: str, where: str, problems: list[str]) -> bool:
    """A waiver names a rule id (``INT-001``). Which ids exist is the analysis' business,
    a layer above documents; a well-formed id the catalogue lacks only never matches."""
    if not _RULE_ID.match(rule):
        problems.append(f"{where}: '{echo(rule)}' is not a rule id (like 'INT-001')")
        return False
    return True


def _check_waiver_subjects(
    tables: dict[Table, list[tuple[Any, ...]]], ids: dict[str, set[Any]], problems: list[str]
) -> None:
    every_id = set().union(*(ids.get(t, set()) for t in ("zone", "location", "team",
                                                         "service", "integration", "view")))
    waiver = Base.metadata.tables["waiver"]
    names = OUR_TABLES["waiver"]
    rule_at, subject_at = names.index("rule"), names.index("subject")
    for row in tables.get(waiver, ()):
        if row[subject_at] not in every_id:
            problems.append(f"waiver {row[rule_at]}: unknown subject '{echo(row[subject_at])}'")
    decision = Base.metadata.tables["decision"]
    names = OUR_TABLES["decision"]
    id_at, subject_at = names.index("id"), names.index("subject")
    for row in tables.get(decision, ()):
        if row[subject_at] not in every_id:
            problems.append(
                f"decision '{echo(row[id_at])}': unknown subject '{echo(row[subject_at])}'"
            )


# ---------------------------------------------------------------------- value checks


def _check_for(table: Table, column: Column[Any]) -> tuple[str, Check]:
    """The check of one column: its storage type, then the field's declared check (the
    one every assignment and the JSON reader apply)."""
    entity = _ENTITY_BY_TABLE[table.name]
    declared = {f.key: f for f in fields_of(entity)}.get(column.key)
    validate: Check | None = declared.check if declared is not None else None
    field = column.name.removesuffix("_id").replace("_", " ")
    stored = _storage_check(column, field, validate)
    if column.nullable:
        def check(value: Any) -> Any:
            return None if value is None else stored(value)

        return field, check
    return field, stored


def _storage_check(column: Column[Any], field: str, validate: Check | None) -> Check:
    kind = column.type
    if isinstance(kind, Boolean):
        def flag(value: Any) -> int:
            if value not in (0, 1) or isinstance(value, float):
                raise ModelError(f"{field} must be true or false, not {shown(value)}")
            return int(value)

        return flag
    if isinstance(kind, Date):
        def date(value: Any) -> str:
            if not isinstance(value, str):
                raise ModelError(f"{field} must be a date written YYYY-MM-DD, not {shown(value)}")
            day: dt.date = (validate or _no_check)(value)
            return day.isoformat()

        return date
    if isinstance(kind, EnvironmentSet):
        def stages(value: Any) -> str:
            if not isinstance(value, str):
                raise ModelError(f"{field} must be a list of stages, not {shown(value)}")
            words = value.split(",") if value else []
            return ",".join(e.value for e in normalise_environments(words))

        return stages
    if isinstance(kind, WordList):
        def words(value: Any) -> str:
            if not isinstance(value, str):
                raise ModelError(f"{field} must be a list of words, not {shown(value)}")
            words = check_words(value, field)
            # A vocabulary or id list checks each word as its declaration says.
            listed = validate(list(words)) if validate is not None else words
            return ",".join(str(getattr(w, "value", w)) for w in listed)

        return words
    if isinstance(kind, Enum):
        enum = kind.enum_class

        def word(value: Any) -> str:
            if not isinstance(value, str):
                raise ModelError(f"{field} must be text, not {shown(value)}")
            member = (validate or (lambda v: enum(v)))(value)
            return member.value

        return word
    if isinstance(kind, (Integer, Float)):
        integer = isinstance(kind, Integer)

        def number(value: Any) -> Any:
            if validate is not None:
                return validate(value)
            return check_number(value, field, integer=integer,
                                minimum=0 if column.name in ("position", "pk") else None)

        return number
    if column.foreign_keys or column.primary_key:
        return validate or (lambda value: check_slug(value, field))
    return validate or (lambda value: check_text(value, field))


def _no_check(value: Any) -> Any:
    return value
