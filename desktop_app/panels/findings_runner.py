"""When and where the analysis runs for the findings panel.

Edits restart a short single-shot timer (debounce), so typing a name does not analyse the
model at every keystroke. Small models are analysed right away in the GUI thread (a few
milliseconds). Large ones are analysed in a worker thread on a *snapshot*: the ORM session
is not thread-safe, so the worker opens its own in-memory copy of the document's working
copy (which the editor commits after every edit) and never touches the live model. One run
is in flight at a time; edits made meanwhile cause one more run when it ends.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from desktop_app.editing.document_editor import DocumentEditor
from models.analysis import Analysis, analyse
from models.document import Document, DocumentError
from models.domain import Change, ViewPosition, ViewZoneArea
from models.garbage_collection import collection_paused

DEBOUNCE_MS = 400
SYNC_LIMIT = 1500
"""Up to this many services the GUI thread analyses directly (measured ~100 ms at 1,000)."""
_LAYOUT_ONLY = (ViewPosition, ViewZoneArea)


def failure_text(exc: BaseException) -> str:
    """One readable line for the panel: the error's message, or its kind when it has none."""
    text = str(exc).strip()
    return text[:1].upper() + text[1:] if text else type(exc).__name__


class _Signals(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)


class _SnapshotJob(QRunnable):
    """Analyse a private copy of the working copy, entirely inside the worker thread.

    The copy is read like recovered work (its write-ahead log included), into memory.
    """

    def __init__(self, working: Path, as_of: dt.date, generation: int, signals: _Signals):
        super().__init__()
        self.working = working
        self.as_of = as_of
        self.generation = generation
        self.signals = signals

    def run(self) -> None:
        try:
            # A full collection here would scan the whole snapshot while holding the GIL,
            # freezing the window; the snapshot is dropped by reference counting anyway.
            with collection_paused(), Document.recover(self.working) as snapshot:
                result = analyse(snapshot.model, as_of=self.as_of)
        except Exception as exc:  # any failure must reach the panel, not stderr
            self.signals.failed.emit(self.generation, failure_text(exc))
            return
        self.signals.done.emit(self.generation, result)


class FindingsRunner(QObject):
    """Keeps an up-to-date :class:`Analysis` of one editor's model."""

    analysed = Signal(object)
    """A fresh :class:`Analysis`."""
    failed = Signal(str)
    started = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        delay_ms: int = DEBOUNCE_MS,
        sync_limit: int = SYNC_LIMIT,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.editor: DocumentEditor | None = None
        self.sync_limit = sync_limit
        self.today = today
        self.latest: Analysis | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.run_now)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.done.connect(self._finished)
        self._signals.failed.connect(self._failed)
        self._generation = 0
        self._running = False
        self._again = False

    @property
    def busy(self) -> bool:
        return self._running or self.timer.isActive()

    def set_editor(self, editor: DocumentEditor | None) -> None:
        if self.editor is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.editor.changed.disconnect(self._on_changed)
        self.editor = editor
        self._generation += 1
        self._running = self._again = False
        self.latest = None
        self.timer.stop()
        if editor is not None:
            editor.changed.connect(self._on_changed)
            self.schedule()

    def schedule(self) -> None:
        """(Re)start the debounce timer."""
        self.timer.start()

    def _on_changed(self, changes: Iterable[Change]) -> None:
        if any(not issubclass(c.entity, _LAYOUT_ONLY) for c in changes):
            self.schedule()

    def run_now(self) -> None:
        """Analyse now: directly for small models, else on a snapshot in the worker."""
        self.timer.stop()
        editor = self.editor
        if editor is None:
            return
        if self._running:
            self._again = True
            return
        self.started.emit()
        as_of = self.today()
        working = editor.document.working_path
        if len(editor.model.services) <= self.sync_limit or working is None:
            try:
                result = analyse(editor.model, as_of=as_of)
            except Exception as exc:  # a bad threshold must not stall the panel
                self.latest = None
                self.failed.emit(failure_text(exc))
                return
            self._publish(result)
            return
        try:
            editor.document.commit()
        except DocumentError as exc:
            self.failed.emit(failure_text(exc))
            return
        self._running = True
        self.pool.start(_SnapshotJob(working, as_of, self._generation, self._signals))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the worker is idle (tests, closing)."""
        return self.pool.waitForDone(msecs)

    def _finished(self, generation: int, result: Analysis) -> None:
        if generation != self._generation:
            return
        self._running = False
        self._publish(result)
        if self._again:
            self._again = False
            self.run_now()

    def _failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._running = False
        self.failed.emit(message)

    def _publish(self, result: Analysis) -> None:
        self.latest = result
        self.analysed.emit(result)
