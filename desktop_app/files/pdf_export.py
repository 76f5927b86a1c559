"""File ▸ Export PDF: the design-review report written in a worker thread.

The window stays responsive and the user may keep editing: the export works on a
snapshot. At the moment of the click the working copy is copied (SQLite backup, a few
milliseconds) to a temporary file; the worker thread opens its own document from that
copy, so the live ORM session is never touched from another thread. A progress dialog
follows the report's progress callback, and Cancel makes the report stop at its next check
(no half-written PDF is left behind).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import tempfile
import threading
import uuid
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.editing.document_editor import DocumentEditor
from models.document import Document, DocumentError, write_atomically
from models.report import ExportCancelled, export_pdf


def snapshot_of(editor: DocumentEditor) -> Path:
    """A private copy of the document as it is now, for a worker thread to open."""
    document = editor.document
    if document.working_path is None:
        raise DocumentError("this document has no working copy to export from.")
    document.commit()
    target = Path(tempfile.gettempdir()) / f"integramap-export-{uuid.uuid4().hex}.imap"
    source = sqlite3.connect(f"{document.working_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        write_atomically(source, target)
    finally:
        source.close()
    return target


class PdfExportJob(QObject):
    """Runs in the worker thread: open the snapshot, write the PDF, report back."""

    progressed = Signal(int, int, str)
    succeeded = Signal(str)
    failed = Signal(str)
    cancelled = Signal()
    done = Signal()

    def __init__(self, snapshot: Path, out: Path, as_of: dt.date) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.out = out
        self.as_of = as_of
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Thread-safe: the report stops at its next check."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            with Document.open(self.snapshot) as document:
                export_pdf(
                    document.model,
                    self.out,
                    as_of=self.as_of,
                    progress=self.progressed.emit,
                    cancelled=self.is_cancelled,
                )
        except ExportCancelled:
            self.cancelled.emit()
        except (DocumentError, OSError) as exc:
            self.failed.emit(str(exc))
        else:
            self.succeeded.emit(str(self.out))
        finally:
            with contextlib.suppress(OSError):
                self.snapshot.unlink()
            self.done.emit()


class PdfExport(QObject):
    """One export in progress: the worker thread, its job and the progress dialog."""

    finished = Signal(str)
    """``"succeeded"``, ``"cancelled"`` or ``"failed"``."""

    def __init__(
        self, editor: DocumentEditor, out: Path, *, as_of: dt.date, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.out = out
        self.outcome: str | None = None
        self.message = ""
        self.job = PdfExportJob(snapshot_of(editor), out, as_of)
        self.thread = QThread(self)
        self.job.moveToThread(self.thread)
        self.thread.started.connect(self.job.run)
        # QThread.quit is thread-safe; direct, so a GUI thread waiting in wait() is not needed.
        self.job.done.connect(self.thread.quit, Qt.ConnectionType.DirectConnection)
        self.dialog = QProgressDialog("Preparing the report…", "Cancel", 0, 100, parent)
        self.dialog.setWindowTitle("Export PDF")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        # Bound methods of this object, which lives in the GUI thread: Qt queues their calls
        # to it. A lambda has no thread, so it ran in the worker and touched the dialog
        # from there (a crash now and then when an export was cancelled).
        self.job.progressed.connect(self._progress)
        self.job.succeeded.connect(self._succeeded)
        self.job.cancelled.connect(self._cancelled)
        self.job.failed.connect(self._failed)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        self.dialog.setLabelText("Cancelling…")
        self.job.cancel()

    def wait(self, msecs: int = 60_000) -> bool:
        return self.thread.wait(msecs)

    def _progress(self, done: int, total: int, label: str) -> None:
        if self.job.is_cancelled():
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, total))
        self.dialog.setLabelText(label)

    def _succeeded(self, _path: str) -> None:
        self._finish("succeeded")

    def _cancelled(self) -> None:
        self._finish("cancelled")

    def _failed(self, message: str) -> None:
        self.message = message
        self._finish("failed")

    def _finish(self, outcome: str) -> None:
        self.outcome = outcome
        self.dialog.reset()
        self.dialog.hide()
        self.finished.emit(outcome)
