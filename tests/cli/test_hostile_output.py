"""What the command line prints stays safe: escaped names, linear wrapping, exit codes."""

from __future__ import annotations

import io
import os
import signal
import sys
from pathlib import Path

import pytest

from models.analysis.report_text import wrap
from models.cli import _Termination, main


def test_a_long_word_is_cut_into_lines_of_the_width():
    lines = wrap("the " + "x" * 250 + " service", 60, "    ", "    ")
    assert all(len(line) <= 60 for line in lines)
    assert "".join(line.strip() for line in lines).count("x") == 250
    assert lines[-1].endswith("service")


def test_control_characters_in_names_are_escaped_in_text_output():
    lines = wrap("service \x1b[2J\x9b31m named\nthus", 100)
    assert lines == ["service \\x1b[2J\\x9b31m named thus"]


def test_an_unreadable_folder_is_a_message_and_exit_2(monkeypatch, capsys):
    real_stat = Path.stat

    def denied(self: Path, *args, **kwargs):
        if "locked" in str(self):
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", denied)
    assert main(["check", "/tmp/locked/model.imap"]) == 2
    err = capsys.readouterr().err
    assert "cannot read /tmp/locked/model.imap: permission denied" in err
    assert "Traceback" not in err


def test_file_names_with_escape_sequences_are_escaped(capsys, tmp_path):
    assert main(["check", str(tmp_path / "\x1b[2Jmodel.json")]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[2Jmodel.json" in err


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="POSIX")
def test_sigterm_landing_in_a_finalizer_still_ends_with_143(monkeypatch):
    """Python swallows an exception raised while an object is released ("Exception
    ignored"); the signal must still decide the exit code, silently."""
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)

    class Connection:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGTERM)

    with _Termination() as termination:
        Connection()  # released at once: the handler's SystemExit is unraisable here
        code = termination.exit_code(0)
    assert code == 128 + signal.SIGTERM
    assert "Exception ignored" not in stderr.getvalue()
