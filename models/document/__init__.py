"""``.imap`` documents: open, save atomically, recover, migrate."""

from models.document.document import SUFFIX, Document, write_atomically
from models.document.errors import ChangedOnDisk, DocumentError
from models.document.replacement import remove_stale_temporaries
from models.document.schema import APPLICATION_ID, SCHEMA_VERSION
from models.document.untrusted import inspect_file

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "SUFFIX",
    "ChangedOnDisk",
    "Document",
    "DocumentError",
    "inspect_file",
    "remove_stale_temporaries",
    "write_atomically",
]
