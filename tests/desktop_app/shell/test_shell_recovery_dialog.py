"""The start-up recovery dialog acts on the ticked leftovers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop_app.files.recovery import Leftover
from desktop_app.files.recovery_dialog import RecoveryChoice, RecoveryDialog


def _leftover(name: str) -> Leftover:
    return Leftover(Path(f"/tmp/{name}.imap"), Path(f"/work/{name}.imap"), name, 0,
                    dt.datetime(2026, 11, 25, 20, 0, tzinfo=dt.UTC))


def _button(dialog: RecoveryDialog, text: str) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == text)


def test_recover_only_the_ticked_ones(qtbot):
    first, second = _leftover("plan"), _leftover("draft")
    dialog = RecoveryDialog([first, second])
    qtbot.addWidget(dialog)
    label = dialog.items.item(0).text()
    assert "plan" in label and "/work/plan.imap" in label
    dialog.items.item(1).setCheckState(Qt.CheckState.Unchecked)
    _button(dialog, "&Recover").click()
    assert dialog.choice is RecoveryChoice.RECOVER
    assert dialog.chosen() == [first]


def test_later_is_the_default_answer(qtbot):
    dialog = RecoveryDialog([_leftover("plan")])
    qtbot.addWidget(dialog)
    assert dialog.choice is RecoveryChoice.LATER
    _button(dialog, "&Discard").click()
    assert dialog.choice is RecoveryChoice.DISCARD


def test_rows_show_the_whole_name_file_and_time(qtbot):
    long = Leftover(Path("/tmp/x.imap"),
                    Path("/home/architect/Documents/Design reviews/2026/Northwind Assurance"
                         " — customer portal landscape.imap"),
                    "Northwind Assurance — customer portal landscape", 0,
                    dt.datetime(2026, 11, 25, 20, 0, tzinfo=dt.UTC))
    dialog = RecoveryDialog([long, _leftover("plan")])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    metrics = dialog.items.fontMetrics()
    for row in range(dialog.items.count()):
        item = dialog.items.item(row)
        lines = item.text().splitlines()
        assert any("2026-11-25 20:00" in line for line in lines)
        shown = dialog.items.visualItemRect(item)
        assert shown.height() >= len(lines) * metrics.lineSpacing()
        widest = max(metrics.horizontalAdvance(line) for line in lines)
        assert dialog.items.viewport().width() >= widest + 24  # + the check box
    assert dialog.items.horizontalScrollBar().maximum() == 0
    assert str(long.original) in dialog.items.item(0).text()
