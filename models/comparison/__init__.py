"""Models as entity records, and what changed between two of them (entity and field level)."""

from models.comparison.difference import (
    EntityChange,
    FieldChange,
    compare,
    field_changes,
    flatten,
    summarise,
    unflatten,
)
from models.comparison.records import (
    KINDS,
    Assembly,
    EntityKey,
    Records,
    describe,
    document_records,
    model_records,
    references,
)

__all__ = [
    "KINDS",
    "Assembly",
    "EntityChange",
    "EntityKey",
    "FieldChange",
    "Records",
    "compare",
    "describe",
    "document_records",
    "field_changes",
    "flatten",
    "model_records",
    "references",
    "summarise",
    "unflatten",
]
