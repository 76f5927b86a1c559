"""`integramap check`: JSON schema, text layout, exit codes and bad-input messages."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import re
import sys
from pathlib import Path

import pytest

from models.cli import build_parser, main
from models.cli.check_command import run, severity_word
from models.document import Document
from models.domain.enums import Severity
from models.interchange.json_format import export_json
from tests.fixtures.landscape_builder import Landscape, build_healthy

REPOSITORY = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-25"
FINDING_KEYS = {"rule", "severity", "subjects", "message", "recommendation", "waived"}
SEVERITIES = {"critical", "high", "medium", "low", "info"}


def _write(tmp_path: Path, change=None, *, suffix: str = ".imap") -> Path:
    """The healthy landscape (optionally changed), saved as .imap or exported as .json."""
    with Document.new(name="Check test") as document:
        landscape = build_healthy(document)
        if change is not None:
            change(landscape)
        path = tmp_path / f"model{suffix}"
        if suffix == ".imap":
            document.save(path)
        else:
            path.write_text(export_json(document.model), encoding="utf-8")
    return path


def _no_owner(b: Landscape) -> None:
    # OWN-001: high for a medium database; the critical portal relying on it is RES-009
    # (medium)
    b.set("db", owner_id=None, criticality="medium")


def _check(*args: str) -> int:
    return main(["check", *args])


@pytest.mark.parametrize("suffix", [".imap", ".json"])
def test_clean_model_exits_0(tmp_path, capsys, suffix):
    path = _write(tmp_path, suffix=suffix)
    assert _check(str(path), "--as-of", AS_OF) == 0
    out = capsys.readouterr().out
    assert "No findings." in out
    assert out.rstrip().endswith("none at or above high: pass.")


def test_json_document_has_exactly_the_documented_keys(tmp_path, capsys):
    path = _write(tmp_path, _no_owner, suffix=".json")
    assert _check(str(path), "--as-of", AS_OF, "--format", "json") == 1
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"findings", "blast_radius", "recovery_order", "completeness"}
    assert document["findings"], "the changed model has findings"
    for finding in document["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] in SEVERITIES
        assert isinstance(finding["subjects"], list)
        assert all(isinstance(s, str) for s in finding["subjects"])
        assert isinstance(finding["waived"], bool)
    assert {"rule": "OWN-001", "severity": "high", "subjects": ["db"]}.items() <= (
        document["findings"][0].items()
    )
    assert document["blast_radius"]["db"] == 1
    assert all(isinstance(n, int) for n in document["blast_radius"].values())
    assert document["recovery_order"][0] == ["idp", "pam"]  # everyone's admin login
    assert document["recovery_order"][-1] == ["portal"]


def test_fail_on_sets_the_threshold(tmp_path, capsys):
    path = str(_write(tmp_path, _no_owner))
    assert _check(path, "--as-of", AS_OF) == 1  # default: high
    assert _check(path, "--as-of", AS_OF, "--fail-on", "critical") == 0
    assert _check(path, "--as-of", AS_OF, "--fail-on", "HIGH") == 1
    capsys.readouterr()


def test_low_findings_fail_only_when_asked(tmp_path, capsys):
    path = str(_write(tmp_path, lambda b: b.set("db", cost_yearly=None)))  # CST-001: low
    assert _check(path, "--as-of", AS_OF) == 0
    assert _check(path, "--as-of", AS_OF, "--fail-on", "low") == 1
    assert _check(path, "--as-of", AS_OF, "--fail-on", "info") == 1
    capsys.readouterr()


def test_waived_findings_do_not_fail_the_check(tmp_path, capsys):
    def waived(b: Landscape) -> None:
        _no_owner(b)
        b.waive("OWN-001", "db", expires=dt.date(2027, 1, 31))

    path = str(_write(tmp_path, waived))
    assert _check(path, "--as-of", AS_OF) == 0
    out = capsys.readouterr().out
    assert "WAIVED (1)" in out
    assert "[high]" in out
    assert _check(path, "--as-of", "2027-02-01") == 1  # expired
    out = capsys.readouterr().out
    assert "WVR-001" in out


def test_text_output_groups_by_severity_worst_first(tmp_path, capsys):
    def several(b: Landscape) -> None:
        _no_owner(b)  # high
        b.set("db", cost_yearly=None)  # low
        b.set_link("portal--admin-auth--idp", mfa=False)  # critical (critical portal)

    path = str(_write(tmp_path, several))
    assert _check(path, "--as-of", AS_OF) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Integramap check of 'Check test' as of 2026-11-25"
    headers = [line for line in lines if re.fullmatch(r"[A-Z]+ \(\d+\)", line)]
    assert headers == ["CRITICAL (1)", "HIGH (1)", "MEDIUM (1)", "LOW (1)"]
    assert lines[-3] == (
        "Recovery order: 4 waves; no reliance cycles. Largest blast radius: db (1), gw (1), "
        "idp (1)."
    )
    assert "  INT-004  portal--admin-auth--idp" in lines
    assert any(line.startswith("    → ") for line in lines)
    assert lines[-1] == (
        "4 findings (1 critical, 1 high, 1 medium, 1 low, 0 info); 0 waived; "
        "2 at or above high: FAIL."
    )
    assert max(len(line) for line in lines) <= 100


def test_as_of_defaults_to_today(tmp_path):
    path = _write(tmp_path, lambda b: b.set("db", end_of_support=dt.date(2030, 1, 1),
                                            criticality="medium"))
    args = build_parser().parse_args(["check", str(path), "--format", "json"])
    out = io.StringIO()
    assert run(args, out=out, today=lambda: dt.date(2029, 6, 1)) == 0
    assert "LIF-002" in {f["rule"] for f in json.loads(out.getvalue())["findings"]}
    out = io.StringIO()
    assert run(args, out=out, today=lambda: dt.date(2030, 1, 1)) == 1
    assert "LIF-001" in {f["rule"] for f in json.loads(out.getvalue())["findings"]}


def test_missing_file_exits_2(tmp_path, capsys):
    assert _check(str(tmp_path / "nope.imap")) == 2
    assert "no such file" in capsys.readouterr().err


def test_malformed_json_exits_2_with_one_clear_message(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "integramap/1", "services": [', encoding="utf-8")
    assert _check(str(bad), "--as-of", AS_OF) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("integramap: ")
    assert captured.err.startswith("integramap: bad.json: 1 problem, the model was not checked:")
    assert "expecting value, but the file ends here" in captured.err
    assert "Traceback" not in captured.err


def test_not_a_model_exits_2(tmp_path, capsys):
    junk = tmp_path / "junk.imap"
    junk.write_bytes(b"this is not a database at all")
    assert _check(str(junk)) == 2
    err = capsys.readouterr().err
    assert err.startswith("integramap: ")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--as-of", "25/11/2026", "not a date"), ("--fail-on", "severe", "unknown severity")],
)
def test_bad_option_exits_2(tmp_path, capsys, option, value, message):
    path = _write(tmp_path)
    assert _check(str(path), option, value) == 2
    assert message in capsys.readouterr().err


def test_help_documents_the_default_threshold(capsys):
    assert main(["check", "--help"]) == 0
    assert "default: high" in " ".join(capsys.readouterr().out.split())


def test_severity_words_are_parsed_for_argparse():
    assert severity_word(" Medium ") is Severity.MEDIUM
    with pytest.raises(argparse.ArgumentTypeError, match="expected one of: info, low"):
        severity_word("loud")


def test_report_survives_an_output_encoding_without_arrows(tmp_path):
    import os
    import subprocess

    path = _write(tmp_path, _no_owner)
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from models.cli import main; sys.exit(main())",
         "check", str(path), "--as-of", AS_OF],
        capture_output=True, text=True, encoding="ascii", errors="replace", env=env,
        cwd=REPOSITORY, timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "OWN-001" in result.stdout


def test_check_through_the_launcher_never_loads_qt(tmp_path):
    import subprocess

    path = _write(tmp_path)
    script = (
        "import sys; from desktop_app.launcher import main; "
        f"code = main(['check', {str(path)!r}, '--as-of', '{AS_OF}']); "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'; "
        "sys.exit(code)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=REPOSITORY, timeout=60)
    assert result.returncode == 0, result.stderr


def test_json_is_compact_by_default_and_indented_with_pretty(tmp_path, capsys):
    path = str(_write(tmp_path, _no_owner))
    assert _check(path, "--as-of", AS_OF, "--format", "json") == 1
    compact = capsys.readouterr().out
    assert _check(path, "--as-of", AS_OF, "--format", "json", "--pretty") == 1
    pretty = capsys.readouterr().out
    assert compact.count("\n") == 1 and compact.endswith("}\n")
    assert pretty.startswith('{\n  "findings": [\n    {\n      "rule": "OWN-001",')
    assert json.loads(compact) == json.loads(pretty)
