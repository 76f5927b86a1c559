"""Reading any model file by what it is, and writing interchange files safely."""

from __future__ import annotations

import os
import select
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from models.document import Document, DocumentError
from models.document.replacement import replacement_target, replacing
from models.document.schema import SQLITE_HEADER
from models.garbage_collection import collection_paused
from models.interchange.errors import InterchangeError

if TYPE_CHECKING:
    from models.analysis.landscape import Landscape

JSON_SUFFIXES = (".json",)
DOT_SUFFIXES = (".dot", ".gv")
MODEL_SUFFIXES = (".imap", *JSON_SUFFIXES, *DOT_SUFFIXES)


MiB = 1024 * 1024
MAX_JSON_BYTES = 256 * MiB
"""JSON files larger than this are refused (a 100,000-service export is about 150 MB)."""
MAX_DOT_BYTES = 8 * MiB
"""DOT files larger than this are refused: Graphviz text that large is no diagram (a
5,000-service export is about 6.5 MB); JSON is the format for larger models."""
PIPE_IDLE_SECONDS = 30.0
"""A pipe that delivers nothing for this long is given up on, so a named pipe that no
program writes to does not keep a command (or the editor) waiting for ever."""
_HEAD_BYTES = 64


def load_model_file(path: str | os.PathLike[str], *, working_path: Path | None = None) -> Document:
    """Open an ``.imap`` document or import a ``.json`` / ``.dot`` file into a new one.

    The suffix decides; a file with another suffix is recognised by its first bytes. An
    imported document is untitled (``path`` is ``None``): saving it asks for an ``.imap``
    name instead of overwriting the interchange file. Raises :class:`DocumentError` (or its
    subclass ``InterchangeError``) with a message for the user.

    Interchange files are read with a size limit checked while reading (never more than
    the limit and one byte), only regular files and pipes are read at all, and a pipe that
    stays silent is given up on: a device such as ``/dev/zero`` or a pipe no program writes
    to cannot exhaust memory or hang the caller.
    """
    path = Path(path)
    kind, content = _identify(path)
    if kind == "imap":
        return Document.open(path, working_path=working_path)
    if content is None:
        content = read_bounded(path, _limit(kind), kind=kind)
    if kind == "json":
        from models.interchange.json_format import import_json

        return import_json(
            content, name_hint=path.stem, working_path=working_path, source_name=path.name
        )
    return _import_dot_bytes(content, path, working_path=working_path)


def read_landscape(path: str | os.PathLike[str]) -> Landscape:
    """What the analysis reads of a model file, without opening it as a document.

    The file is identified, bounded and checked exactly as :func:`load_model_file` does
    it — the same limits, the same value checks, the same messages for bad input — but
    the checked values go straight into the analysis' plain snapshots
    (:class:`~models.analysis.Landscape`) instead of a working copy and its ORM objects,
    which ``integramap check`` would build only to read once. DOT files (at most a few
    thousand services) are still imported as a document first.
    """
    path = Path(path)
    kind, content = _identify(path)
    with collection_paused():  # a large file is millions of objects, none of them in cycles
        return _landscape(path, kind, content)


def _landscape(path: Path, kind: str, content: bytes | None) -> Landscape:
    from models.analysis.landscape import Landscape

    if kind == "imap":
        from models.document.plain import read_rows

        return Landscape.of_tables(read_rows(path, only=Landscape.ENTITIES))
    if kind == "json":
        json_rows, name = _json_rows(path, content)
        return Landscape.of_rows(json_rows, name=name)
    with load_model_file(path) as document:
        return Landscape.of_model(document.model)


def import_model_file(path: str | os.PathLike[str], target: Path) -> dict[str, int]:
    """Import a ``.json`` or ``.dot`` file as the new document ``target``; how many
    services, integrations, zones and teams it holds.

    JSON is checked as :func:`load_model_file` checks it and its rows are written
    straight to the file (:meth:`Document.store`), never loaded as a model: a
    100,000-service estate imports in the time and memory the rows take. A DOT file
    (or an ``.imap``, which is copied) goes through a document.
    """
    from models.domain import Integration, Service, Team, Zone

    path = Path(path)
    kind, content = _identify(path)
    if kind == "json":
        # The rows are freed before collection resumes, or it would scan them all once.
        with collection_paused():
            rows, name = _json_rows(path, content)
            Document.store(rows, name=name, target=target)
            counted = {entity: len(rows.get(entity, ()))
                       for entity in (Service, Integration, Zone, Team)}
            del rows
    else:
        with load_model_file(path) as document:
            document.save(target)
            model = document.model
            counted = {Service: len(model.services), Integration: len(model.integrations),
                       Zone: len(model.zones), Team: len(model.teams)}
    return {entity.__tablename__: count for entity, count in counted.items()}


def _json_rows(path: Path, content: bytes | None) -> tuple[dict[type, list[dict]], str]:
    """The checked rows and name of a JSON model file (see :func:`load_model_file`)."""
    from models.interchange import json_reader
    from models.interchange.json_values import parse

    if content is None:
        content = read_bounded(path, MAX_JSON_BYTES, kind="json")
    data = parse(content, path.name)
    del content  # the text is not needed once parsed (150 MB at 100,000 services)
    rows, name, problems = json_reader.read(data, path.stem)
    if problems:
        raise InterchangeError(path.name, problems)
    return rows, name


def _limit(kind: str) -> int:
    return MAX_JSON_BYTES if kind == "json" else MAX_DOT_BYTES


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


def read_bounded(path: Path, limit: int, *, kind: str = "model") -> bytes:
    """The bytes of ``path``, refusing more than ``limit`` of them, without ever reading
    more than ``limit + 1``; only a regular file or a pipe is read (see
    :func:`load_model_file`)."""
    fd = _open_readable(path)
    try:
        info = os.fstat(fd)
        if stat.S_ISFIFO(info.st_mode):
            data = _read_pipe(fd, path, limit)
        elif info.st_size > limit:
            data = b""  # refused below without reading
        else:
            data = _read_file(fd, limit, info.st_size)
    except OSError as exc:
        raise InterchangeError(path.name, [f"cannot be read: {exc.strerror or exc}"]) from None
    finally:
        os.close(fd)
    if len(data) > limit or (not data and info.st_size > limit):
        raise _too_large(path, limit, kind)
    return data


def _read_file(fd: int, limit: int, size: int) -> bytes:
    """A regular file's bytes, reading no more than ``limit + 1`` of them. It may grow
    while it is read, so the size is only a first guess; memory follows what was read,
    not the limit (a buffer of the limit's size would be 256 MB for every file)."""
    chunks: list[bytes] = []
    wanted = min(size, limit) + 1
    total = 0
    while total <= limit:
        chunk = os.read(fd, min(max(wanted - total, 1 << 20), limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _too_large(path: Path, limit: int, kind: str) -> InterchangeError:
    label = {"json": "JSON", "dot": "DOT"}.get(kind, "model")
    hint = " (use the JSON format for models this large)" if kind == "dot" else ""
    return InterchangeError(
        path.name,
        [f"is larger than {limit // MiB} MB; {label} files larger than that are not "
         f"imported{hint}"],
    )


def _open_readable(path: Path) -> int:
    """A descriptor on ``path`` when it is a regular file or a pipe, else a clear refusal.

    ``O_NONBLOCK`` keeps the open itself from waiting for a writer on a named pipe, and
    :func:`_read_pipe` waits for data only a bounded time.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise DocumentError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise DocumentError(f"{path} is a folder, not a model file.") from None
    except OSError as exc:
        raise DocumentError(f"{path.name} cannot be read: {exc.strerror or exc}.") from None
    mode = os.fstat(fd).st_mode
    if stat.S_ISREG(mode) or stat.S_ISFIFO(mode):
        return fd
    os.close(fd)
    what = "a folder" if stat.S_ISDIR(mode) else "a device or special file"
    raise DocumentError(f"{path} is {what}, not a model file.")


def _read_pipe(fd: int, path: Path, limit: int) -> bytes:
    """Everything a pipe delivers, up to ``limit + 1`` bytes; silence is given up on."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        try:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
        except BlockingIOError:  # a writer is there but has sent nothing yet
            if not select.select([fd], [], [], PIPE_IDLE_SECONDS)[0]:
                raise InterchangeError(
                    path.name,
                    [f"is a pipe that delivered nothing for {PIPE_IDLE_SECONDS:g} seconds"],
                ) from None
            continue
        if not chunk:  # end of the data, or a named pipe nobody has opened for writing
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _identify(path: Path) -> tuple[str, bytes | None]:
    """What ``path`` holds — by suffix, else by its first bytes — and its bytes if read.

    A pipe (``/dev/stdin``, ``<(…)``) can be read only once, so it is read whole (bounded)
    here and the content handed on; a regular file is only sniffed.
    """
    suffix = path.suffix.lower()
    if suffix == ".imap":
        return "imap", None
    if suffix in JSON_SUFFIXES:
        return "json", None
    if suffix in DOT_SUFFIXES:
        return "dot", None
    content: bytes | None = None
    fd = _open_readable(path)
    try:
        if stat.S_ISFIFO(os.fstat(fd).st_mode):
            os.close(fd)
            fd = -1
            content = read_bounded(path, MAX_JSON_BYTES)
            head = content[:_HEAD_BYTES]
        else:
            head = os.read(fd, _HEAD_BYTES)
    except OSError as exc:
        raise DocumentError(f"{path.name} cannot be read: {exc.strerror or exc}.") from None
    finally:
        if fd >= 0:
            os.close(fd)
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
        if content is not None and len(content) > MAX_DOT_BYTES:
            raise _too_large(path, MAX_DOT_BYTES, "dot")
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
