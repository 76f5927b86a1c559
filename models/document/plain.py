"""Reading a document's checked rows as plain values, without a working copy or the ORM.

``integramap check`` only reads a model once: building a working copy of it and tens of
thousands of ORM objects, only for the analysis to copy their values out again, took most
of its time. This reader goes the same way as :meth:`Document.open` up to the values —
the file is read as untrusted data (:mod:`models.document.untrusted`: header, integrity
check, vetted schema, time limit) and every value is checked (:mod:`models.document.rows`)
— and then hands the values over instead of storing them, converted to the Python values
the ORM would load (dates, enumeration members, flags, stage tuples) with SQLAlchemy's own
conversions for each column type. Older schemas are migrated in memory first, as on open.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect

from models.document import schema
from models.document.rows import checked_tables
from models.document.untrusted import open_untrusted
from models.domain import Base

Tables = dict[type[Base], tuple[tuple[str, ...], list[tuple[Any, ...]]]]
"""Python values per entity: the attribute names, and per row a tuple of their values."""

_DIALECT = sqlite_dialect()
_ENTITY_BY_TABLE = {mapper.local_table.name: mapper.class_ for mapper in Base.registry.mappers}


def read_rows(
    path: str | os.PathLike[str], *, only: Collection[type[Base]] | None = None
) -> Tables:
    """The rows of the ``.imap`` document at ``path``, checked, as Python values: of every
    entity, or of those in ``only`` (every table is still read and checked).

    Raises :class:`~models.document.DocumentError` exactly when :meth:`Document.open`
    would, with the same message.
    """
    with open_untrusted(Path(path)) as source:
        if source.version < schema.SCHEMA_VERSION:
            source.migrate_in_memory()
        tables = checked_tables(source)
    loaded: Tables = {}
    for table, rows in tables.items():
        entity = _ENTITY_BY_TABLE[table.name]
        if only is None or entity in only:
            loaded[entity] = _loaded(table, rows)
    return loaded


def _loaded(
    table: Table, rows: list[tuple[Any, ...]]
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """Stored values → what the ORM would load, converting each distinct value once
    (most columns repeat a handful of values)."""
    keys = tuple(column.key for column in table.columns)
    if not rows:
        return keys, []
    columns = []
    for column, values in zip(table.columns, zip(*rows, strict=True), strict=True):
        convert = _conversion(column.type)
        if convert is None:
            columns.append(values)
            continue
        known = {value: convert(value) for value in set(values)}
        columns.append(tuple(map(known.__getitem__, values)))
    return keys, list(zip(*columns, strict=True))


def _conversion(kind: Any) -> Callable[[Any], Any] | None:
    """SQLAlchemy's conversion of a stored value of this column type on SQLite."""
    return kind.dialect_impl(_DIALECT).result_processor(_DIALECT, None)
