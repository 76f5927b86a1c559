"""File ▸ Export PDF: worker thread on a snapshot, progress, cancel leaves no file."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from desktop_app.editing import DocumentEditor
from desktop_app.files.pdf_export import PdfExport, snapshot_of
from models.domain import Service
from tests.fixtures.shop import small_document

AS_OF = dt.date(2026, 11, 25)


@pytest.fixture
def filed_editor(qapp, store):
    editor = DocumentEditor(small_document(store))
    yield editor
    editor.close()
    editor.document.close()


def test_export_runs_in_a_worker_and_writes_the_pdf(qtbot, filed_editor, tmp_path):
    out = tmp_path / "review.pdf"
    export = PdfExport(filed_editor, out, as_of=AS_OF, parent=None)
    steps = []
    export.job.progressed.connect(lambda done, total, _label: steps.append((done, total)))
    snapshot = export.job.snapshot
    with qtbot.waitSignal(export.finished, timeout=60_000) as outcome:
        export.start()
    assert outcome.args == ["succeeded"]
    assert export.wait()
    assert out.read_bytes().startswith(b"%PDF")
    assert steps and all(done <= total for done, total in steps)
    assert not snapshot.exists()


def test_cancel_stops_the_export_and_leaves_no_file(qtbot, filed_editor, tmp_path):
    out = tmp_path / "review.pdf"
    export = PdfExport(filed_editor, out, as_of=AS_OF, parent=None)
    export.job.progressed.connect(lambda *_: export.cancel())
    with qtbot.waitSignal(export.finished, timeout=60_000) as outcome:
        export.start()
    assert outcome.args == ["cancelled"]
    assert export.wait()
    assert not out.exists()


@pytest.mark.parametrize("cancel", [False, True], ids=["finished", "cancelled"])
def test_the_outcome_reaches_the_dialog_on_the_gui_thread(qtbot, filed_editor, tmp_path,
                                                          cancel):
    export = PdfExport(filed_editor, tmp_path / "review.pdf", as_of=AS_OF, parent=None)
    if cancel:
        export.job.progressed.connect(lambda *_: export.job.cancel())  # thread-safe
    on_gui_thread: list[bool] = []
    main = threading.main_thread()
    export.finished.connect(
        lambda _outcome: on_gui_thread.append(threading.current_thread() is main))
    with qtbot.waitSignal(export.finished, timeout=60_000) as outcome:
        export.start()
    assert outcome.args == ["cancelled" if cancel else "succeeded"]
    assert export.wait()
    assert on_gui_thread == [True]  # widgets are only touched from the GUI thread


def test_snapshot_holds_the_state_at_the_click(qtbot, filed_editor):
    from models.document import Document

    filed_editor.update(Service, "db", name="Before export")
    snapshot = snapshot_of(filed_editor)
    filed_editor.update(Service, "db", name="Edited during export")
    try:
        with Document.open(snapshot) as copy:
            assert copy.model.services["db"].name == "Before export"
    finally:
        snapshot.unlink()


def test_file_menu_export_pdf(make_window, prompts, qtbot, tmp_path):
    window = make_window()
    prompts.save_path = tmp_path / "board"
    export = window.files.export_pdf()
    assert export is not None
    qtbot.waitUntil(lambda: not window.files.exports, timeout=60_000)
    assert (tmp_path / "board.pdf").read_bytes().startswith(b"%PDF")
    assert "Exported board.pdf" in window.statusBar().currentMessage()
