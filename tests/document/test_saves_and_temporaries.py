"""Saves clean up after killed saves, and never silently discard someone else's save."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from models.document import ChangedOnDisk, Document, remove_stale_temporaries
from models.domain import Service


@pytest.fixture
def saved(tmp_path) -> Path:
    with Document.new(name="Saved") as doc:
        doc.model.add(Service(id="portal", name="Portal"))
        return doc.save(tmp_path / "model.imap")


def test_temporaries_of_a_killed_save_are_removed_by_the_next_save(saved):
    folder = saved.parent
    stale = folder / ".model.imap.k3x_9q2a.tmp"
    journal = folder / ".model.imap.k3x_9q2a.tmp-journal"
    orphan_journal = folder / ".model.imap.zz99yy88.tmp-journal"
    not_ours = [folder / ".model.imap.backup.tmp", folder / ".other.imap.k3x_9q2a.tmp",
                folder / "model.imap.k3x_9q2a.tmp"]
    for path in (stale, journal, orphan_journal, *not_ours):
        path.write_bytes(b"x" * 100)
    with Document.open(saved) as doc:
        doc.save()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["model.imap", *(p.name for p in not_ours)]
    )


def test_a_temporary_still_being_written_is_left_alone(saved):
    in_use = saved.parent / ".model.imap.abcdefgh.tmp"
    in_use.write_bytes(b"being written")
    fd = os.open(in_use, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert remove_stale_temporaries(saved) == []
        assert in_use.exists()
    finally:
        os.close(fd)
    assert remove_stale_temporaries(saved) == [in_use]


def test_saving_over_a_file_changed_since_it_was_opened_is_refused(saved):
    with Document.open(saved) as mine, Document.open(saved) as theirs:
        theirs.model.add(Service(id="theirs", name="Their work"))
        theirs.save()
        mine.model.add(Service(id="mine", name="My work"))
        with pytest.raises(ChangedOnDisk, match="was changed on disk since it was opened"):
            mine.save()
        with Document.open(saved) as check:
            assert "theirs" in check.model.services
        mine.save(overwrite=True)
        mine.model.add(Service(id="more", name="More"))
        mine.save()  # my own last save is what is on disk now
    with Document.open(saved) as check:
        assert set(check.model.services) == {"portal", "mine", "more"}


def test_saving_elsewhere_is_not_refused(saved, tmp_path):
    with Document.open(saved) as doc:
        saved.write_bytes(saved.read_bytes())  # touched by someone else
        assert doc.save(tmp_path / "copy.imap") == tmp_path / "copy.imap"
