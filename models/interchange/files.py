"""Reading any model file by what it is, and writing interchange files safely."""

from __future__ import annotations

import os
from pathlib import Path

from models.document import Document, DocumentError
from models.document.replacement import replacement_target, replacing
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
    kind, content = _identify(path)
    if kind == "imap":
        return Document.open(path, working_path=working_path)
    if content is None:
        content = _read_bytes(path)
    if kind == "json":
        from models.interchange.json_format import import_json

        return import_json(
            content, name_hint=path.stem, working_path=working_path, source_name=path.name
        )
    return _import_dot_bytes(content, path, working_path=working_path)


def _import_dot_bytes(raw: bytes, path: Path, *, working_path: Path | None) -> Document:
    """Import Graphviz text; problems are reported under the file's name."""
    from models.interchange.dot_format import import_dot

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


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"{path} does not exist.") from None
    except OSError as exc:
        raise InterchangeError(path.name, [f"cannot be read: {exc.strerror or exc}"]) from None


def _identify(path: Path) -> tuple[str, bytes | None]:
    """What ``path`` holds — by suffix, else by its first bytes — and its bytes if read.

    A pipe (``/dev/stdin``, ``<(…)``) can be read only once, so it is read whole here and
    the content handed on; a regular file is only sniffed.
    """
    suffix = path.suffix.lower()
    if suffix == ".imap":
        return "imap", None
    if suffix in JSON_SUFFIXES:
        return "json", None
    if suffix in DOT_SUFFIXES:
        return "dot", None
    content: bytes | None = None
    try:
        if path.is_file():
            with path.open("rb") as handle:
                head = handle.read(64)
        else:
            content = _read_bytes(path)
            head = content[:64]
    except FileNotFoundError:
        raise DocumentError(f"{path} does not exist.") from None
    except OSError as exc:
        raise DocumentError(f"{path.name} cannot be read: {exc.strerror or exc}.") from None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(SQLITE_HEADER):
        if content is not None:
            raise DocumentError(
                f"{path.name} is an .imap document arriving through a pipe; "
                "open or import it from a file."
            )
        return "imap", None
    if text.startswith(b"{"):
        return "json", content
    if text.startswith((b"digraph", b"graph", b"strict", b"//", b"/*")):
        return "dot", content
    raise DocumentError(
        f"{path.name} is not a model file Integramap can read "
        f"(expected {', '.join(MODEL_SUFFIXES)})."
    )


def write_text_file(text: str, path: str | os.PathLike[str]) -> Path:
    """Write ``text`` (UTF-8) to ``path`` so it is either the old file or the complete new one
    (see :func:`~models.document.replacement.replacing`); returns the file written."""
    with replacing(path) as temporary, temporary.open("w", encoding="utf-8", newline="\n") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    return replacement_target(Path(path))
