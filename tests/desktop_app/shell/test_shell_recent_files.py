"""Recent files: most recent first, at most eight, missing files dropped."""

from __future__ import annotations

from pathlib import Path

from desktop_app.files.recent import MAX_RECENT, forget_file, recent_files, remember_file


def _files(tmp_path: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        path = tmp_path / f"m{i}.imap"
        path.write_bytes(b"x")
        paths.append(path.resolve())
    return paths


def test_most_recent_first_without_duplicates(settings_dir, tmp_path: Path):
    a, b = _files(tmp_path, 2)
    remember_file(a)
    remember_file(b)
    remember_file(a)
    assert recent_files() == [a, b]


def test_at_most_eight(settings_dir, tmp_path: Path):
    paths = _files(tmp_path, MAX_RECENT + 3)
    for path in paths:
        remember_file(path)
    assert recent_files() == list(reversed(paths))[:MAX_RECENT]


def test_missing_and_forgotten_files_are_dropped(settings_dir, tmp_path: Path):
    a, b, c = _files(tmp_path, 3)
    for path in (a, b, c):
        remember_file(path)
    b.unlink()
    forget_file(c)
    assert recent_files() == [a]
