"""``.imap`` documents: open, save atomically, recover, migrate."""

from models.document.document import SUFFIX, Document, write_atomically
from models.document.errors import DocumentError
from models.document.schema import APPLICATION_ID, SCHEMA_VERSION
from models.document.untrusted import inspect_file

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "SUFFIX",
    "Document",
    "DocumentError",
    "inspect_file",
    "write_atomically",
]
