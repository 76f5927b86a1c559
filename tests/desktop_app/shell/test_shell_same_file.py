"""One file, one window: a second window on the same file would overwrite the first's work."""

from __future__ import annotations

from desktop_app.windows import open_windows
from models.domain import Service


def test_opening_a_file_already_open_brings_its_window_forward(make_window, prompts, tmp_path):
    window = make_window()
    prompts.save_path = tmp_path / "plan.imap"
    assert window.files.save()
    other = make_window()
    assert other.files.open(tmp_path / "plan.imap", new_window=True)
    assert open_windows() == [window, other]  # no third window on plan.imap
    assert other.files.open(tmp_path / "plan.imap")
    assert other.editor.document.path != tmp_path / "plan.imap"
    assert not prompts.unsaved_asked, "nothing was replaced, so nothing to ask"


def test_save_as_onto_a_file_open_in_another_window_is_refused(make_window, prompts, tmp_path):
    first = make_window()
    prompts.save_path = tmp_path / "plan.imap"
    assert first.files.save()
    second = make_window()
    second.editor.update(Service, "db", vendor_name="Other")
    assert not second.files.save_as()
    (title, message) = prompts.errors[-1]
    assert title == "Cannot save"
    assert "plan.imap is open in another window" in message
    assert first.editor.document.path == tmp_path / "plan.imap"
