"""The `integramap` entry point tells a typo of a subcommand from a file to open."""

from __future__ import annotations

import pytest

from desktop_app.launcher import main, unknown_command


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["chekc", "model.json"], "'chekc' is neither a file nor a command; did you mean 'check'?"),
        (["exprot"], "did you mean 'export'?"),
        (["frobnicate"], "'frobnicate' is neither a file nor a command; commands: check,"),
    ],
)
def test_a_word_that_is_no_file_is_reported_as_an_unknown_command(capsys, args, complaint):
    assert main(args) == 2
    assert complaint in capsys.readouterr().err


@pytest.mark.parametrize("arg", ["plan.imap", "models/plan", "-h"])
def test_file_names_are_left_for_the_editor(arg):
    assert unknown_command([arg]) is None


def test_an_existing_file_without_suffix_is_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "landscape").write_text("{}")
    assert unknown_command(["landscape"]) is None
