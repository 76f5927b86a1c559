"""Editing a document: undoable commands, the per-document editor, copy/paste fragments."""

from desktop_app.editing.document_editor import DocumentEditor
from desktop_app.editing.fragments import FRAGMENT_MIME, fragment_from_mime, fragment_to_mime

__all__ = ["FRAGMENT_MIME", "DocumentEditor", "fragment_from_mime", "fragment_to_mime"]
