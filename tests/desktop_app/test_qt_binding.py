"""Guards the Qt binding version: PySide6 6.12.0 on Python 3.11 releases ``None`` once per
call of a method returning nothing, and a long editing session then aborts with
"deallocating None". pyproject.toml keeps that release out; this fails if it comes back."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QGraphicsRectItem


def test_void_calls_leave_none_refcount_alone(qapp):
    item = QGraphicsRectItem(0, 0, 10, 10)
    before = sys.getrefcount(None)
    for _ in range(200):
        item.setZValue(1)
    # Other threads may take or drop a few references meanwhile; the bug drops 200.
    assert sys.getrefcount(None) - before > -20
