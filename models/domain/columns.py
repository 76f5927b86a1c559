"""How field values are stored in an ``.imap`` document's SQLite tables.

The column types the field declarations (:mod:`models.domain.fields`) choose from: an
enumeration stored by its word, the DTAP stages and a list of words (a team's skills) as
one comma-separated column each, and a reference to another entity's ``id``. Changing
any of these changes the file format, and needs a schema migration
(:mod:`models.document.schema`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Dialect, Enum, ForeignKey, String, TypeDecorator
from sqlalchemy import Text as TextColumn

from models.domain.enums import ENVIRONMENT_ORDER, Environment
from models.domain.errors import ModelError
from models.domain.values import check_enum, check_words, quoted


def reference(column: str, *, cascade: bool = False) -> ForeignKey:
    """A reference checked when the transaction commits, not per statement.

    The unit of work only orders inserts by ``relationship()``s, and this schema uses plain
    id columns; deferring the check lets one commit add a service and its integrations in
    any order while SQLite still refuses a dangling reference at commit.
    """
    return ForeignKey(
        column, ondelete="CASCADE" if cascade else None, deferrable=True, initially="DEFERRED"
    )


def word_enum(enum: type) -> Enum:
    """Store an enumeration by its word (``"identity_provider"``) and load it as the member."""
    return Enum(
        enum,
        native_enum=False,
        length=32,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


class EnvironmentSet(TypeDecorator[tuple[Environment, ...]]):
    """A set of DTAP stages stored as one comma-separated column, always in DTAP order.

    One column instead of a link table keeps a service a single row; the value is an
    immutable tuple so assignment is the only way to change it (and is always noticed).
    """

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return ",".join(e.value for e in normalise_environments(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[Environment, ...]:
        if not value:
            return ()
        return tuple(Environment(word) for word in value.split(","))


def normalise_environments(values: Any) -> tuple[Environment, ...]:
    """Deduplicate and order stages (development → production); refuse unknown words."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise ModelError(f"environments must be a list of stages, not {quoted(values)}")
    chosen = {check_enum(Environment, v, "environments") for v in values}
    if not chosen:
        raise ModelError("environments must name at least one stage")
    return tuple(e for e in ENVIRONMENT_ORDER if e in chosen)


class WordList(TypeDecorator[tuple[str, ...]]):
    """A list of words (``PostgreSQL, Linux``) stored as one comma-separated column.

    The words never contain a comma (:func:`~models.domain.values.check_words` refuses
    one), so the column reads back exactly; the value is a tuple, changed by assignment.
    """

    impl = TextColumn
    cache_ok = True

    def __init__(self, enum: type | None = None) -> None:
        super().__init__()
        self.enum = enum
        """Words of this vocabulary (a view's integration kinds) load as its members."""

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return ",".join(check_words(value, "words"))

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[Any, ...]:
        words = tuple(value.split(",")) if value else ()
        return words if self.enum is None else tuple(self.enum(w) for w in words)
