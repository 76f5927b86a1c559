"""`integramap import` and `integramap export --json`: results, messages and exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from models.cli import main
from models.document import Document

EXAMPLE = Path(__file__).resolve().parent.parent / "interchange" / "data" / "brief_example.json"


def test_import_writes_a_document(tmp_path, capsys):
    out = tmp_path / "portal.imap"
    assert main(["import", str(EXAMPLE), str(out)]) == 0
    assert "2 services, 1 integration, 2 zones, 1 team" in capsys.readouterr().out
    with Document.open(out) as doc:
        assert doc.model.services["portal"].name == "Customer portal"


def test_export_json_to_stdout_matches_the_source(tmp_path, capsys):
    out = tmp_path / "portal.imap"
    main(["import", str(EXAMPLE), str(out)])
    capsys.readouterr()
    assert main(["export", str(out), "--json", "-"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["services"][0]["id"] == "portal"
    assert exported["integrations"][0]["kind"] == "gateway"


def test_export_json_to_file_then_import_round_trips(tmp_path):
    first = tmp_path / "first.imap"
    main(["import", str(EXAMPLE), str(first)])
    exported = tmp_path / "model.json"
    assert main(["export", str(first), "--json", str(exported)]) == 0
    second = tmp_path / "second.imap"
    assert main(["import", str(exported), str(second)]) == 0
    again = tmp_path / "again.json"
    main(["export", str(second), "--json", str(again)])
    assert again.read_bytes() == exported.read_bytes()


def test_bad_json_exits_2_with_every_problem_and_writes_nothing(tmp_path, capsys):
    bad = json.loads(EXAMPLE.read_text())
    bad["services"][1]["zone"] = "dmz2"
    bad["teams"][0]["fte"] = -1
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(bad))
    out = tmp_path / "bad.imap"
    assert main(["import", str(source), str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("integramap: bad.json: 2 problems, nothing was imported:")
    assert "services[1].zone: unknown zone 'dmz2'" in err
    assert "teams[0].fte: must be at least 0, not -1" in err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "{missing}", "{out}"], "no such file"),
        (["import", "{example}", "{tmp}/out.json"], "the output must be an .imap document"),
        (["export", "{example}"], "nothing to export"),
        (["export", "{text}", "--json", "-"], "not a model file Integramap can read"),
        (["export", "{fake_imap}", "--json", "-"], "is not an Integramap document"),
        (["export", "{example}", "--json", "{tmp}/a", "--dot", "{tmp}/a"],
         "--json and --dot both write"),
        (["export", "{example}", "--pdf", "{example}"], "would overwrite the model being exported"),
    ],
)
def test_bad_input_exits_2_with_a_message(tmp_path, capsys, args, message):
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "fake.imap").write_text("hello")
    names = {
        "missing": str(tmp_path / "missing.json"),
        "out": str(tmp_path / "out.imap"),
        "example": str(EXAMPLE),
        "tmp": str(tmp_path),
        "text": str(tmp_path / "notes.txt"),
        "fake_imap": str(tmp_path / "fake.imap"),
    }
    assert main([a.format(**names) for a in args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_import_never_replaces_an_existing_document_unless_forced(tmp_path, capsys):
    out = tmp_path / "plan.imap"
    out.write_bytes(b"the architect's work")
    assert main(["import", str(EXAMPLE), str(out)]) == 2
    assert "plan.imap already exists; nothing was imported (add --force" in capsys.readouterr().err
    assert out.read_bytes() == b"the architect's work"
    assert main(["import", str(EXAMPLE), str(out), "--force"]) == 0
    with Document.open(out) as doc:
        assert "portal" in doc.model.services


def test_usage_errors_are_one_line_not_the_usage_block(capsys):
    assert main(["import", "only-one-argument.json"]) == 2
    err = capsys.readouterr().err
    first_line = err.splitlines()[0]
    assert first_line == "integramap import: argument IN: no such file: only-one-argument.json"
    assert "usage:" not in err
    assert "integramap import --help" in err


def test_console_script_runs_without_qt(tmp_path):
    """The installed `integramap` entry point; a pipeline never loads Qt for subcommands."""
    exe = shutil.which("integramap", path=str(Path(sys.executable).parent))
    assert exe, "the package is installed with its console script"
    out = tmp_path / "portal.imap"
    result = subprocess.run([exe, "import", str(EXAMPLE), str(out)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    probe = subprocess.run(
        [sys.executable, "-c",
         "import sys; from desktop_app.launcher import main; "
         f"code = main(['export', {str(out)!r}, '--json', '-']); "
         "assert 'PySide6' not in sys.modules, 'Qt was loaded'; sys.exit(code)"],
        capture_output=True, text=True, timeout=60)
    assert probe.returncode == 0, probe.stderr
    assert '"format": "integramap/1"' in probe.stdout
