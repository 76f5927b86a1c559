"""``.imap`` documents: open, save atomically, recover, migrate."""

from models.document.document import SUFFIX, Document, inspect_file, write_atomically
from models.document.errors import DocumentError
from models.document.schema import APPLICATION_ID, SCHEMA_VERSION

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "SUFFIX",
    "Document",
    "DocumentError",
    "inspect_file",
    "write_atomically",
]
