"""Files replaced atomically keep their permissions; new ones get what the umask allows."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

from models.document import Document
from models.interchange import write_text_file

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_new_document_is_as_readable_as_any_new_file(tmp_path):
    target = tmp_path / "shared.imap"
    with Document.new(name="Shared") as doc:
        doc.save(target)
    assert _mode(target) == 0o666 & ~_umask()


def test_saving_over_a_document_keeps_its_permissions(tmp_path):
    target = tmp_path / "team.imap"
    with Document.new(name="Team") as doc:
        doc.save(target)
        target.chmod(0o640)
        doc.save(target)
    assert _mode(target) == 0o640


def test_text_exports_keep_or_get_ordinary_permissions(tmp_path):
    fresh = tmp_path / "fresh.json"
    write_text_file("{}", fresh)
    assert _mode(fresh) == 0o666 & ~_umask()
    kept = tmp_path / "kept.json"
    kept.write_text("old")
    kept.chmod(0o604)
    write_text_file("{}", kept)
    assert _mode(kept) == 0o604
    assert kept.read_text() == "{}"


def test_a_re_exported_review_pdf_keeps_its_restricted_permissions(tmp_path):
    from models.report import export_pdf

    target = tmp_path / "review.pdf"
    target.write_bytes(b"old review")
    target.chmod(0o600)
    with Document.new(name="Reviewed") as doc:
        export_pdf(doc.model, target, as_of=dt.date(2026, 11, 26))
    assert _mode(target) == 0o600
    assert target.read_bytes().startswith(b"%PDF")
