"""`integramap diff`: exit codes, the JSON document, the text, bad input; `export --baseline`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from models.cli import main
from models.document import Document
from models.interchange.json_format import export_document, export_json, fingerprint
from tests.fixtures.landscape_builder import Landscape, build_healthy

AS_OF = "2026-11-25"


def _write(tmp_path: Path, name: str, change=None, *, suffix: str = ".json") -> Path:
    with Document.new(name="Diff test") as document:
        landscape = build_healthy(document)
        if change is not None:
            change(landscape)
        path = tmp_path / f"{name}{suffix}"
        if suffix == ".imap":
            document.save(path)
        else:
            path.write_text(export_json(document.model), encoding="utf-8")
    return path


def _no_owner_and_renamed(b: Landscape) -> None:
    b.set("db", owner_id=None, name="Orders database")


def test_the_same_model_in_two_formats_exits_0(tmp_path, capsys):
    old = _write(tmp_path, "old", suffix=".imap")
    new = _write(tmp_path, "new", suffix=".json")
    assert main(["diff", str(old), str(new), "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().splitlines()[-1].startswith("No differences;")


def test_json_document_lists_changes_and_findings(tmp_path, capsys):
    old = _write(tmp_path, "old")
    new = _write(tmp_path, "new", _no_owner_and_renamed, suffix=".imap")
    assert main(["diff", str(old), str(new), "--as-of", AS_OF, "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert {"added", "removed", "changed", "findings"} <= set(document)
    assert set(document["findings"]) == {"new", "resolved", "unchanged"}
    assert all(v == [] for v in document["added"].values())
    assert all(v == [] for v in document["removed"].values())
    [change] = document["changed"]
    assert (change["kind"], change["id"], change["name"]) == ("service", "db", "Orders database")
    fields = {f["field"]: (f["old"], f["new"]) for f in change["fields"]}
    assert fields["owner"][1] is None and fields["owner"][0]
    assert fields["name"][1] == "Orders database"
    assert [f["rule"] for f in document["findings"]["new"]] == ["OWN-001"]
    assert document["findings"]["resolved"] == []
    assert document["findings"]["unchanged"] == 0
    old_json = json.loads(old.read_text())
    assert document["old"]["fingerprint"] == fingerprint(old_json)


def test_text_shows_fields_old_to_new_and_the_findings(tmp_path, capsys):
    old = _write(tmp_path, "old")
    new = _write(tmp_path, "new", _no_owner_and_renamed)
    assert main(["diff", str(new), str(old), "--as-of", AS_OF]) == 1
    out = capsys.readouterr().out
    assert "CHANGED (1)" in out
    assert "Name: 'Orders database' → " in out
    assert "RESOLVED FINDINGS (1)" in out and "OWN-001" in out and "(fixed)" in out
    assert out.rstrip().endswith("findings: 0 new, 1 resolved, 0 still open.")


def test_as_of_decides_the_findings_of_both_sides(tmp_path, capsys):
    def expiring(b: Landscape) -> None:
        b.set("db", owner_id=None)
        b.waive("OWN-001", "db", expires=__import__("datetime").date(2026, 12, 31))

    old = _write(tmp_path, "old")
    new = _write(tmp_path, "new", expiring)
    main(["diff", str(old), str(new), "--as-of", AS_OF, "--format", "json"])
    before_expiry = json.loads(capsys.readouterr().out)["findings"]["new"]
    main(["diff", str(old), str(new), "--as-of", "2027-02-01", "--format", "json"])
    after_expiry = json.loads(capsys.readouterr().out)["findings"]["new"]
    assert before_expiry == []
    assert {f["rule"] for f in after_expiry} == {"OWN-001", "WVR-001"}


@pytest.mark.parametrize(
    ("content", "message"),
    [('{"format": "integramap/1", "services": [{"id": "x", "zone": "nowhere"}]}',
      "unknown zone 'nowhere'"),
     ("not json at all", "the models were not compared")],
)
def test_bad_input_exits_2_with_a_message(tmp_path, capsys, content, message):
    good = _write(tmp_path, "good")
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    for args in ([str(good), str(bad)], [str(bad), str(good)]):
        assert main(["diff", *args, "--as-of", AS_OF]) == 2
        err = capsys.readouterr().err
        assert err.startswith("integramap: ") and message in err
        assert "Traceback" not in err


def test_a_missing_file_exits_2(tmp_path, capsys):
    good = _write(tmp_path, "good")
    assert main(["diff", str(good), str(tmp_path / "missing.imap")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_export_with_a_baseline_prints_the_changes_section(tmp_path):
    old = _write(tmp_path, "old")
    new = _write(tmp_path, "new", _no_owner_and_renamed, suffix=".imap")
    out = tmp_path / "review.pdf"
    assert main(["export", str(new), "--pdf", str(out), "--baseline", str(old),
                 "--as-of", AS_OF]) == 0
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    baseline = fingerprint(json.loads(old.read_text()))
    assert "Changes since the last review" in text
    assert baseline in text
    assert "Orders database" in text and "OWN-001" in text
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline.index("Changes since the last review") == outline.index(
        "Executive summary") + 1


def test_export_without_a_baseline_has_no_changes_section(tmp_path):
    new = _write(tmp_path, "new")
    out = tmp_path / "review.pdf"
    assert main(["export", str(new), "--pdf", str(out), "--as-of", AS_OF]) == 0
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Changes since the last review" not in text


def test_a_baseline_needs_a_pdf_and_a_readable_file(tmp_path, capsys):
    new = _write(tmp_path, "new")
    assert main(["export", str(new), "--json", str(tmp_path / "x.json"), "--baseline",
                 str(new)]) == 2
    assert "--baseline is for the PDF" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert main(["export", str(new), "--pdf", str(tmp_path / "r.pdf"), "--baseline",
                 str(bad)]) == 2
    assert "the baseline" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()


def test_fingerprint_is_the_one_printed_on_the_review(tmp_path):
    with Document.new(name="Fingerprint") as document:
        build_healthy(document)
        from models.report.context import content_hash

        assert content_hash(document.model) == fingerprint(export_document(document.model))
