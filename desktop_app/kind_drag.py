"""What a palette drag carries to the canvas: a service kind's word under one MIME type.

The palette makes the drag and the canvas takes the drop; both read this module, so the
two ends cannot disagree on the format.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData

from models.domain import ServiceKind

SERVICE_KIND_MIME = "application/x-integramap-service-kind"
"""Palette drags carry a service kind's word (utf-8) under this type."""


def kind_drag_data(kind: ServiceKind | str) -> QMimeData:
    """The drag data of one kind (its word as plain text too, for other programs)."""
    word = ServiceKind(kind).value
    mime = QMimeData()
    mime.setData(SERVICE_KIND_MIME, word.encode("utf-8"))
    mime.setText(word)
    return mime


def dragged_kind(mime: QMimeData) -> ServiceKind | None:
    """The kind a drag carries; ``None`` for other drags and for words that name no kind."""
    if not mime.hasFormat(SERVICE_KIND_MIME):
        return None
    word = bytes(mime.data(SERVICE_KIND_MIME).data()).decode("utf-8", "replace").strip()
    try:
        return ServiceKind(word)
    except ValueError:
        return None
