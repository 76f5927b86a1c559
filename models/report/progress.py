"""Progress reporting and cancellation for a long export, without any GUI dependency.

The editor runs the export in a worker thread and passes two plain callables: ``progress``
to move its dialog's bar and ``cancelled`` to learn that the user pressed Cancel. The
report checks ``cancelled`` between flowables and gives up with :class:`ExportCancelled`.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[int, int, str], None]
CancelledCallback = Callable[[], bool]


class ExportCancelled(Exception):
    """The user cancelled the export; no output file was written."""

    def __init__(self) -> None:
        super().__init__("PDF export cancelled")


class Progress:
    """Turns report milestones into ``progress(done, total, label)`` calls and cancel checks.

    ``total`` is fixed up front (preparation steps plus one unit per flowable milestone of
    each layout pass), so the bar only ever moves forward; ``done`` never exceeds ``total``.
    """

    def __init__(
        self,
        total: int,
        progress: ProgressCallback | None = None,
        cancelled: CancelledCallback | None = None,
    ) -> None:
        self.total = max(1, total)
        self.done = 0
        self._progress = progress
        self._cancelled = cancelled

    def check(self) -> None:
        """Raise :class:`ExportCancelled` if the caller asked to stop."""
        if self._cancelled is not None and self._cancelled():
            raise ExportCancelled()

    def step(self, label: str, units: int = 1) -> None:
        """Record ``units`` of finished work, report it, and honour a pending cancel."""
        self.done = min(self.total, self.done + units)
        if self._progress is not None:
            self._progress(self.done, self.total, label)
        self.check()

    def finish(self, label: str) -> None:
        """Report completion (the bar reaches the end exactly once the file exists)."""
        self.done = self.total
        if self._progress is not None:
            self._progress(self.done, self.total, label)
