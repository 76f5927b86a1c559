"""The team repository: models shared on a PostgreSQL server, with history and
optimistic concurrency per entity (see :mod:`models.repository.store`)."""

from models.repository.address import (
    RepositoryAddress,
    is_repository_reference,
    split_model_reference,
)
from models.repository.checkout import Checkout, RefreshPlan, build_document, open_revision
from models.repository.connection import PasswordPrompt
from models.repository.errors import ReadOnlyError, RepositoryError
from models.repository.merge import Entry
from models.repository.store import (
    BaseState,
    Conflict,
    ModelSummary,
    Repository,
    RevisionInfo,
    SaveResult,
    Snapshot,
)

__all__ = [
    "BaseState",
    "Checkout",
    "Conflict",
    "Entry",
    "ModelSummary",
    "PasswordPrompt",
    "ReadOnlyError",
    "RefreshPlan",
    "Repository",
    "RepositoryAddress",
    "RepositoryError",
    "RevisionInfo",
    "SaveResult",
    "Snapshot",
    "build_document",
    "is_repository_reference",
    "open_revision",
    "split_model_reference",
]
