"""The File menu in a real window: New, Save As, Open and Import replace the document and
the canvas keeps its room; titles and folders are what a user expects."""

from __future__ import annotations

from pathlib import Path

from models.resource_files import resource_path
from tests.real_window.driver import Editor

EXAMPLE_JSON = resource_path("examples", "landscape.json")


def canvas_size(editor: Editor) -> tuple[int, int]:
    rect = editor.canvas()["rect"]
    return rect[2], rect[3]


def assert_canvas_kept(editor: Editor, size: tuple[int, int]) -> None:
    """The canvas is shown at the size it had (never the strip under the docks)."""
    now = editor.wait_for(lambda: editor.canvas()["visible"] and canvas_size(editor),
                          message="the canvas to show")
    assert now == size, f"canvas was {size}, now {now}"
    assert now[1] > 400


def test_new_save_as_open_and_import_keep_the_canvas(start_editor, tmp_path: Path) -> None:
    editor = start_editor()
    size = canvas_size(editor)
    assert size[0] > 600 and size[1] > 400

    editor.menu("File", "New")
    editor.wait_for(lambda: editor.model()["name"] == "Untitled model", message="a new model")
    assert_canvas_kept(editor, size)
    assert editor.model()["services"] == {}

    folder = tmp_path / "work"
    folder.mkdir()
    saved = folder / "plan.imap"
    editor.menu("File", "Save As…")
    editor.fill_file_dialog(saved)
    editor.wait_for(lambda: saved.exists(), message="the file to be saved")
    assert editor.ask("windows")[-1]["title"].startswith("Untitled model — plan.imap")

    editor.menu("File", "Import JSON or DOT…")
    editor.fill_file_dialog(EXAMPLE_JSON)
    editor.wait_for(lambda: len(editor.model()["services"]) == 35, message="the import")
    assert_canvas_kept(editor, size)
    window = editor.ask("windows")[-1]
    assert "untitled" in window["title"]
    assert window["modified"], "an imported model that was never saved is unsaved work"

    editor.menu("File", "Open…")
    editor.fill_file_dialog(saved)
    editor.press_button("Discard", editor.wait_dialog("Unsaved changes"))
    editor.wait_for(lambda: editor.model()["name"] == "Untitled model", message="the open")
    assert_canvas_kept(editor, size)
    assert not editor.ask("windows")[-1]["modified"]


def test_save_as_starts_in_the_folder_last_used(start_editor, tmp_path: Path) -> None:
    editor = start_editor()
    folder = tmp_path / "reviews"
    folder.mkdir()
    editor.menu("File", "Save As…")
    editor.fill_file_dialog(folder / "first.imap")
    editor.wait_for(lambda: (folder / "first.imap").exists(), message="the save")

    editor.menu("File", "New")
    editor.wait_for(lambda: editor.model()["name"] == "Untitled model", message="a new model")
    editor.menu("File", "Save As…")
    dialog = editor.wait_dialog()
    name = next(f for f in dialog["fields"] if f["name"] == "fileNameEdit")
    where = next(f for f in dialog["fields"] if f["name"] == "lookInCombo")
    assert where["text"] == str(folder), (where, name)
    editor.press_button("Cancel", dialog)
    editor.wait_dialog_closed()
