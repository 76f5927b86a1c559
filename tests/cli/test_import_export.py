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

EXAMPLE = Path(__file__).resolve().parent.parent / "interchange" / "data" / "format_example.json"


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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pdf", "-"], "the PDF cannot go to standard output"),
        (["--json", "-", "--dot", "-"], "--json and --dot both write to standard output"),
        (["--json", "{tmp}"], "is a folder; give a file name"),
    ],
)
def test_export_refuses_outputs_that_cannot_work(tmp_path, capsys, args, message):
    assert main(["export", str(EXAMPLE), *[a.format(tmp=tmp_path) for a in args]]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""
    assert not (tmp_path / "-").exists()


def test_every_import_problem_is_listed_on_the_command_line(tmp_path, capsys):
    bad = json.loads(EXAMPLE.read_text())
    bad["services"] = [{"id": f"s{n}", "zone": "nowhere"} for n in range(30)]
    bad["integrations"], bad["views"], bad["waivers"] = [], [], []
    source = tmp_path / "many.json"
    source.write_text(json.dumps(bad))
    assert main(["import", str(source), str(tmp_path / "many.imap")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("integramap: many.json: 30 problems, nothing was imported:")
    assert all(f"services[{n}].zone: unknown zone 'nowhere'" in err for n in range(30))
    assert "more" not in err


def test_an_unexpected_error_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("the disk spoke in tongues")

    monkeypatch.setattr("models.interchange.json_format.export_json", broken)
    monkeypatch.delenv("INTEGRAMAP_DEBUG", raising=False)
    assert main(["export", str(EXAMPLE), "--json", str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("integramap: unexpected error (RuntimeError: the disk spoke in tongues)")
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_sigterm_during_a_command_leaves_no_temporary_file(tmp_path):
    """A CI timeout sends SIGTERM: the command ends, the old output stays, nothing is left."""
    out = tmp_path / "review.json"
    out.write_text("previous")
    script = (
        "import os, signal, sys\n"
        "import models.interchange.files as files\n"
        "real = files.os.replace\n"
        "def slow(*a):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    real(*a)\n"
        "files.os.replace = slow\n"
        "from models.cli import main\n"
        f"sys.exit(main(['export', {str(EXAMPLE)!r}, '--json', {str(out)!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 128 + 15, result.stderr
    assert out.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["review.json"]


def test_writing_through_a_symbolic_link_replaces_the_file_it_points_to(tmp_path):
    real = tmp_path / "shared" / "model.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "model.json"
    link.symlink_to(real)
    assert main(["export", str(EXAMPLE), "--json", str(link)]) == 0
    assert link.is_symlink()
    assert json.loads(real.read_text())["format"] == "integramap/1"


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_an_as_of_outside_sensible_years_is_refused(capsys, as_of):
    assert main(["check", str(EXAMPLE), "--as-of", as_of]) == 2
    assert "outside the years 1900–2999" in capsys.readouterr().err


@pytest.mark.parametrize("with_views", [True, False])
def test_import_stores_exactly_the_document_opening_the_file_gives(tmp_path, with_views):
    from models.interchange import load_model_file
    from models.interchange.json_format import export_json
    from tests.fixtures.every_field import every_field_document

    with every_field_document() as document:
        data = json.loads(export_json(document.model))
    if not with_views:
        data.pop("views")
    source = tmp_path / "every-field.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "every-field.imap"
    assert main(["import", str(source), str(out)]) == 0
    with load_model_file(source) as opened, Document.open(out) as imported:
        assert export_json(imported.model) == export_json(opened.model)
        assert [v.name for v in imported.model.views.values()] == (
            [v.name for v in opened.model.views.values()])
        assert imported.model.views, "a model without views gets the overview"
