"""Reading any model file by what it is, and writing interchange files safely."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from models.document import Document, DocumentError
from models.document.permissions import apply_replacement_mode
from models.document.schema import SQLITE_HEADER
from models.interchange.errors import InterchangeError

JSON_SUFFIXES = (".json",)
DOT_SUFFIXES = (".dot", ".gv")
MODEL_SUFFIXES = (".imap", *JSON_SUFFIXES, *DOT_SUFFIXES)


def load_model_file(path: str | os.PathLike[str], *, working_path: Path | None = None) -> Document:
    """Open an ``.imap`` document or import a ``.json`` / ``.dot`` file into a new one.

    The suffix decides; a file with another suffix is recognised by its first bytes. An
    imported document is untitled (``path`` is ``None``): saving it asks for an ``.imap``
    name instead of overwriting the interchange file. Raises :class:`DocumentError` (or its
    subclass ``InterchangeError``) with a message for the user.
    """
    path = Path(path)
    kind = _kind_of(path)
    if kind == "imap":
        return Document.open(path, working_path=working_path)
    if kind == "json":
        from models.interchange.json_format import read_json_file

        return read_json_file(path, working_path=working_path)
    return _read_dot_file(path, working_path=working_path)


def _read_dot_file(path: Path, *, working_path: Path | None) -> Document:
    """Import a Graphviz file; problems are reported under the file's name."""
    from models.interchange.dot_format import import_dot

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InterchangeError(path.name, [f"cannot be read: {exc.strerror or exc}"]) from None
    if b"\x00" in raw[:8192]:
        raise InterchangeError(path.name, ["is a binary file, not Graphviz DOT text"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # Graphviz's other accepted charset
    try:
        return import_dot(text, name_hint=path.stem, working_path=working_path)
    except InterchangeError as exc:
        raise InterchangeError(path.name, exc.problems) from None


def _kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".imap":
        return "imap"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in DOT_SUFFIXES:
        return "dot"
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except FileNotFoundError:
        raise DocumentError(f"{path} does not exist.") from None
    except OSError as exc:
        raise DocumentError(f"{path.name} cannot be read: {exc.strerror or exc}.") from None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(SQLITE_HEADER):
        return "imap"
    if text.startswith(b"{"):
        return "json"
    if text.startswith((b"digraph", b"graph", b"strict", b"//", b"/*")):
        return "dot"
    raise DocumentError(
        f"{path.name} is not a model file Integramap can read "
        f"(expected {', '.join(MODEL_SUFFIXES)})."
    )


def write_text_file(text: str, path: str | os.PathLike[str]) -> Path:
    """Write ``text`` (UTF-8) to ``path`` so it is either the old file or the complete new one."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise DocumentError(f"cannot write {target}: {exc.strerror or exc}.") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            apply_replacement_mode(tmp_name, target)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise DocumentError(
            f"cannot write {target}: {exc.strerror or exc}. The previous file is unchanged."
        ) from None
    return target
