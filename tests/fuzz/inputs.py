"""Seed models and seeded mutators for fuzzing the readers (JSON, DOT, ``.imap``).

Every mutation is a function of the input and a seed, so a failing case found by the
Hypothesis tests or by the campaign (:mod:`tests.fuzz.campaign`) is replayed exactly
from its seeds. The mutators lean towards what a hostile or broken file carries:
escape sequences, huge and deep values, wrong types, truncation, flipped bytes, and for
``.imap`` files the schema objects and stored values an attacker would plant.
"""

from __future__ import annotations

import json
import random
import sqlite3
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from models.document import Document
from models.interchange.dot_format import export_dot
from models.interchange.json_format import import_json

EXAMPLE = Path(__file__).resolve().parents[1] / "interchange" / "data" / "format_example.json"

HOSTILE_TEXT = (
    "\x1b[2J\x1b[31m",  # clear the screen, turn red
    "\x9b31m",  # the one-byte CSI
    "\u202egnp.exe",  # right-to-left override
    "\x00",
    "line\nbreak\ttab\r",
    "\ud800",
    "x" * 100_000,
    "é" * 3000,
    "<b>&Co",
    "",
    " ",
    "-",
    "Ω" * 129,
)
HOSTILE_JSON_LITERALS = (
    "9" * 5000,
    "-" + "9" * 5000,
    "1e999999",
    "-0.0",
    "NaN",
    "Infinity",
    "[" * 5000 + "]" * 5000,
    "[" * 100_000,
    '{"a":' * 3000 + "1" + "}" * 3000,
    "null",
    "true",
    "123456789012345678901234567890",
    '"' + "\\u001b[2J" + '"',
    '"\\ud800"',
)
HOSTILE_DOT = (
    'a -> b [kind="\x1b[2J"];',
    'subgraph cluster_x { trust="' + "7" * 5000 + '"; n1 }',
    'integramap_teams="{\\"not\\": \\"a list\\"}";',
    'integramap_locations="[1, null, [[[]]]]";',
    'integramap_views="' + "[" * 3000 + '";',
    'integramap_settings="' + "9" * 5000 + '";',
    "{" + " ".join(f"p{i}" for i in range(300)) + "} -> {" + " ".join(
        f"q{i}" for i in range(300)) + "}",
    "node [label=<<b>bold</b><br/>&amp;>]; h;",
    '"' + "long" * 5000 + '" -> x;',
    "subgraph { subgraph { subgraph { a } } }",
    "x [instances=" + "9" * 5000 + ", cost_yearly=1e999, stateful=maybe];",
    "a -- b;",
    "}}}",
    "/* never closed",
    '"never closed',
    "<",
    "\x00\x01\x02",
)


@cache
def seed_json() -> bytes:
    return EXAMPLE.read_bytes()


@cache
def seed_dot() -> bytes:
    with import_json(seed_json()) as document:
        return export_dot(document.model).encode()


@cache
def seed_imap() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "seed.imap"
        with import_json(seed_json()) as document:
            document.save(path)
        return path.read_bytes()


# ---------------------------------------------------------------------- byte level


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def cut_range(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 200):]


def duplicate_range(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    piece = data[start : start + rng.randint(1, 300)]
    return data[:start] + piece * rng.randint(2, 50) + data[start:]


def overwrite_page(data: bytes, rng: random.Random) -> bytes:
    """A whole 4 KB page of an ``.imap`` file overwritten with one byte value."""
    pages = max(len(data) // 4096, 1)
    page = rng.randrange(pages)
    fill = bytes([rng.randrange(256)]) * 4096
    return data[: page * 4096] + fill + data[(page + 1) * 4096 :]


def insert_snippet(snippets: tuple[str, ...]) -> Callable[[bytes, random.Random], bytes]:
    def insert(data: bytes, rng: random.Random) -> bytes:
        at = rng.randrange(len(data) + 1)
        snippet = rng.choice(snippets).encode("utf-8", "surrogatepass")
        return data[:at] + snippet + data[at:]

    return insert


# ---------------------------------------------------------------------- JSON structure


def json_structure(data: bytes, rng: random.Random) -> bytes:
    """Replace a random value of the document with a hostile one, drop or add a key,
    or repeat an entity; huge numbers and deep nesting are spliced in as text."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return insert_snippet(HOSTILE_JSON_LITERALS)(data, rng)
    nodes = list(_walk(document))
    parent, key = rng.choice(nodes) if nodes else (None, None)
    action = rng.randrange(6)
    marker = "\x00MARK\x00"
    if parent is None:
        return json.dumps(rng.choice([None, [], 3, "x", {}])).encode()
    if action == 0:
        parent[key] = rng.choice(HOSTILE_TEXT)
    elif action == 1:
        parent[key] = rng.choice([None, True, 0, -1, 1.5, [], {}, [None], {"id": None}])
    elif action == 2 and isinstance(parent, dict):
        parent.pop(key, None)
    elif action == 3 and isinstance(parent, dict):
        parent[rng.choice(HOSTILE_TEXT)] = rng.choice([1, "x", None])
    elif action == 4 and isinstance(parent, list):
        parent.extend([parent[key]] * rng.randint(1, 300))
    else:
        parent[key] = marker
    text = json.dumps(document, ensure_ascii=rng.random() < 0.5)
    return text.replace(json.dumps(marker), rng.choice(HOSTILE_JSON_LITERALS)).encode(
        "utf-8", "surrogatepass"
    )


def _walk(node: Any) -> list[tuple[Any, Any]]:
    found: list[tuple[Any, Any]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        items = current.items() if isinstance(current, dict) else (
            enumerate(current) if isinstance(current, list) else ())
        for key, value in items:
            found.append((current, key))
            stack.append(value)
    return found


# ---------------------------------------------------------------------- .imap content

_TAMPERING = (
    "CREATE TRIGGER t{n} AFTER INSERT ON settings BEGIN DELETE FROM integration; END",
    "CREATE TRIGGER t{n} BEFORE UPDATE ON service BEGIN SELECT 1; END",
    "CREATE VIEW v{n} AS SELECT * FROM service",
    "DROP TABLE view_position",
    "CREATE VIEW view_position AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM r)"
    " SELECT i AS view_id, i AS service_id, i AS x, i AS y, i AS width, i AS height FROM r",
    "CREATE TABLE extra{n} (x)",
    "CREATE INDEX ix{n} ON service (lower(name))",
    "ALTER TABLE team ADD COLUMN c{n} TEXT",
    "ALTER TABLE team DROP COLUMN contact",
    "DROP TABLE waiver",
    "PRAGMA user_version = {big}",
    "PRAGMA application_id = {big}",
    "PRAGMA journal_mode = WAL",
    "DELETE FROM team",
    "DELETE FROM zone",
    "INSERT INTO team (id, name, fte, contact) SELECT id || '-2', upper(name), fte, contact "
    "FROM team",
    "INSERT INTO waiver (rule, subject, reason, accepted_by) VALUES ('NOPE-1', 'x', '', '')",
)
_VALUES = (
    "NULL", "0", "-1", "1e308", "'\x1b[2J'", "x'ff00fe'", "'" + "y" * 70_000 + "'",
    "'2026-02-30'", "'teleport'", "9223372036854775807", "0.5", "'production,nowhere'",
    "''", "' '", "'a b'", "char(155)",
)


def imap_content(data: bytes, rng: random.Random) -> bytes:
    """Plant a schema object or store a hostile value in a random column."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.imap"
        path.write_bytes(data)
        try:
            with sqlite3.connect(path) as con:
                con.execute("PRAGMA foreign_keys = OFF")
                con.execute("PRAGMA ignore_check_constraints = ON")
                if rng.random() < 0.5:
                    statement = rng.choice(_TAMPERING).format(
                        n=rng.randrange(1000), big=rng.choice([0, 2, 99, -5, 2**31 - 1]))
                else:
                    table = rng.choice(["service", "integration", "team", "zone", "location",
                                        "view_position", "settings", "document_info",
                                        "service_location", "waiver", "zone_policy"])
                    columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
                    column = rng.choice(columns) if columns else "rowid"
                    statement = f'UPDATE {table} SET "{column}" = {rng.choice(_VALUES)}'
                con.execute(statement)
            con.close()
        except sqlite3.Error:
            pass
        return path.read_bytes()


BYTE_MUTATORS = (flip_bytes, truncate, cut_range, duplicate_range)
MUTATORS: dict[str, tuple[Callable[[bytes, random.Random], bytes], ...]] = {
    "json": (*BYTE_MUTATORS, json_structure, json_structure,
             insert_snippet(HOSTILE_JSON_LITERALS)),
    "dot": (*BYTE_MUTATORS, insert_snippet(HOSTILE_DOT), insert_snippet(HOSTILE_DOT)),
    "imap": (flip_bytes, truncate, overwrite_page, imap_content, imap_content),
}
SEEDS: dict[str, Callable[[], bytes]] = {"json": seed_json, "dot": seed_dot, "imap": seed_imap}
SUFFIXES = {"json": ".json", "dot": ".dot", "imap": ".imap"}


def mutated(kind: str, steps: list[tuple[int, int]]) -> tuple[bytes, str]:
    """The seed of ``kind`` after ``steps`` of (mutator number, seed); and a description."""
    data = SEEDS[kind]()
    names = []
    for number, seed in steps:
        mutator = MUTATORS[kind][number % len(MUTATORS[kind])]
        data = mutator(data, random.Random(seed))
        names.append(getattr(mutator, "__name__", "insert"))
    return data, "+".join(names) or "seed"


def document_from(data: bytes) -> Document:  # pragma: no cover - a helper for debugging
    """Open mutated ``.imap`` bytes directly (for replaying a case by hand)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.imap"
        path.write_bytes(data)
        return Document.open(path)
