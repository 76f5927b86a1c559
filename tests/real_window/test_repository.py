"""The team repository in a real window: a model opened with a typed URL and password,
and a colleague's save brought in with F5 as one undo step."""

from __future__ import annotations

from models.interchange import load_model_file
from models.repository import Checkout
from models.resource_files import resource_path
from tests.real_window.driver import Editor, centre

EXAMPLE_JSON = resource_path("examples", "landscape.json")


def title(editor: Editor) -> str:
    return editor.ask("windows")[-1]["title"]


def test_open_from_repository_then_refresh_and_undo_it(start_editor, team_repo) -> None:
    with team_repo.connect("ana") as repository, load_model_file(EXAMPLE_JSON) as document:
        Checkout.attach(repository, document, "northwind").save("First version")
    editor = start_editor()

    editor.menu("File", "Open from Repository…")
    dialog = editor.wait_dialog("Open from Repository")
    url = next(f for f in dialog["fields"] if f["name"] == "repository-url")
    editor.click(centre(url["rect"]))
    editor.key("ctrl+a")
    editor.type_text(team_repo.url("ana"))
    editor.key("Return")
    password = editor.wait_dialog("Repository password")
    assert any("Password for ana at 127.0.0.1" in label for label in password["labels"])
    editor.type_text(team_repo.server.password("ana"))
    editor.key("Return")

    def opened() -> bool:
        if "northwind r1 @" in title(editor):
            return True
        still = editor.ask("dialog")
        if still and still["title"] == "Open from Repository":
            editor.press_button("Open", still)
        return False

    editor.wait_for(opened, message="the model from the repository")
    assert len(editor.model()["services"]) == 35
    assert team_repo.server.password("ana") not in title(editor)

    with team_repo.connect("ben") as repository:
        colleague = Checkout.open(repository, "northwind")
        model = colleague.document.model
        model.update(model.services["portal-db"], name="Portal database (replicated)")
        assert colleague.save("Replicated").revision == 2
        colleague.document.close()

    editor.click(centre(editor.canvas()["rect"]))
    editor.key("F5")
    editor.wait_for(lambda: editor.model()["services"]["portal-db"]["name"]
                    == "Portal database (replicated)", message="the colleague's change")
    assert "northwind r2 @" in title(editor)

    editor.key("ctrl+z")
    editor.wait_for(lambda: editor.model()["services"]["portal-db"]["name"]
                    != "Portal database (replicated)", message="the refresh to be undone")
    editor.wait_for(lambda: "northwind r1 @" in title(editor), message="the base put back")
