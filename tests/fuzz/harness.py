"""Running ``integramap check`` on one input and judging what the user would see.

The contract for any input whatever: exit code 0, 1 or 2; never a traceback nor an
"unexpected error" (a defect); a message of bounded length with no control character
but line breaks; output without control characters either (names are escaped); and
bounded time and memory.
"""

from __future__ import annotations

import contextlib
import io
import re
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from models.cli import main

LONGEST_MESSAGE = 45_000
"""Characters of stderr allowed for one input: 100 problems of 300 characters and more."""
SLOWEST_SECONDS = 20.0
"""One small input must be judged well within this (most take a tenth of a second)."""
LARGEST_PEAK_BYTES = 300 * 1024 * 1024
"""Peak memory Python allocates for one input (traced)."""

_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    seconds: float
    peak_bytes: int

    def violations(self) -> list[str]:
        """What breaks the contract (empty when the outcome is acceptable)."""
        found = []
        if self.code not in (0, 1, 2):
            found.append(f"exit code {self.code}")
        if "Traceback" in self.err or "Traceback" in self.out:
            found.append("traceback")
        if "unexpected error" in self.err:
            found.append("defect: " + self.err[:300])
        if len(self.err) > LONGEST_MESSAGE:
            found.append(f"message of {len(self.err):,} characters")
        if _CONTROL.search(self.err):
            found.append("control character in the message")
        if _CONTROL.search(self.out):
            found.append("control character in the output")
        if self.code == 2 and not self.err.strip():
            found.append("exit 2 without a message")
        if self.seconds > SLOWEST_SECONDS:
            found.append(f"slow: {self.seconds:.1f} s")
        if self.peak_bytes > LARGEST_PEAK_BYTES:
            found.append(f"memory: {self.peak_bytes / 2**20:.0f} MB")
        return found


def check(data: bytes, suffix: str, folder: Path, *, trace_memory: bool = True) -> Outcome:
    """``integramap check`` (in this process) on ``data`` saved as ``case<suffix>``."""
    path = folder / f"case{suffix}"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    if trace_memory:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", str(path), "--as-of", "2026-11-25", "--fail-on", "critical"])
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] if trace_memory else 0
        if trace_memory:
            tracemalloc.stop()
        for leftover in folder.iterdir():
            leftover.unlink()
    return Outcome(code, out.getvalue(), err.getvalue(), seconds, peak)
