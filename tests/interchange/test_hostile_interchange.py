"""Hostile JSON and DOT: huge values, floods of problems, bad shapes, endless inputs."""

from __future__ import annotations

import json
import os
import stat
import tracemalloc
from pathlib import Path

import pytest

from models.document import DocumentError
from models.domain import IntegrationKind
from models.interchange import InterchangeError, load_model_file
from models.interchange import files as interchange_files
from models.interchange.dot_format import import_dot
from models.interchange.errors import LISTED_PROBLEMS, PROBLEM_LIMIT, SHOWN_PROBLEMS
from models.interchange.json_format import import_json


def _base() -> dict:
    return {
        "format": "integramap/1",
        "locations": [{"id": "l1", "name": "L1"}],
        "services": [{"id": "a"}, {"id": "b"}],
    }


def _problems(document: dict) -> list[str]:
    with pytest.raises(InterchangeError) as error:
        import_json(json.dumps(document))
    return error.value.problems


def test_integrations_without_ids_named_from_one_base_get_distinct_ids():
    # A generated id is cut to 120 characters, so sources whose long ids share those all
    # name their integrations from one base: 20,000 of them (the same link twice is refused).
    base = "s" * 120
    sources = [f"{base}-{n:03d}" for n in range(1000)]
    document = _base()
    document["services"] += [{"id": sid} for sid in sources]
    document["integrations"] = [
        {"source": sid, "target": target, "kind": kind}
        for sid in sources
        for target in ("a", "b")
        for kind in IntegrationKind
    ][:19_999]
    document["integrations"].append({"id": f"{base}-7", "source": "b", "target": "a"})
    with import_json(json.dumps(document)) as doc:
        ids = set(doc.model.integrations)
    assert len(ids) == 20_000
    assert {base, f"{base}-2", f"{base}-20000"} <= ids


def test_an_integer_of_thousands_of_digits_is_a_message_not_a_crash():
    huge = '{"id": "a", "instances": ' + "9" * 5000 + "}"
    text = json.dumps(_base()).replace('{"id": "a"}', huge)
    with pytest.raises(InterchangeError) as error:
        import_json(text)
    assert error.value.problems == [
        "services[0].instances: must be a finite number, not a number of 5,000 digits"
    ]


def test_null_among_location_references_is_refused():
    document = _base()
    document["services"][0]["locations"] = [None, "l1"]
    assert _problems(document) == ["services[0].locations[0]: must name a location, not null"]


def test_a_flood_of_unknown_keys_is_summarised():
    document = _base()
    document["services"][0].update({f"\x1b[2Jk{n}": 1 for n in range(100_000)})
    with pytest.raises(InterchangeError) as error:
        import_json(json.dumps(document))
    listed = error.value.describe()
    assert "… and 99,900 more" in listed
    assert len(listed) < LISTED_PROBLEMS * (PROBLEM_LIMIT + 4) + 200
    assert "\x1b" not in listed and "\x1b" not in str(error.value)
    assert f"… and {100_000 - SHOWN_PROBLEMS:,} more" in str(error.value)


def test_a_refused_ten_megabyte_value_is_echoed_short():
    document = _base()
    document["services"][0]["kind"] = "\x9b" + "k" * 10_000_000
    problems = _problems(document)
    assert len(problems) == 1 and len(problems[0]) < PROBLEM_LIMIT
    assert "\x9b" not in problems[0] and "…" in problems[0]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("name", ["zero.json", "zero.dot", "zero"])
def test_a_device_is_refused_without_reading_it(tmp_path, name):
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    with pytest.raises(DocumentError, match="device or special file"):
        load_model_file(link)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("name", ["waiting.json", "waiting"])
def test_a_named_pipe_nobody_writes_to_does_not_block(tmp_path, name):
    pipe = tmp_path / name
    os.mkfifo(pipe)
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    with pytest.raises(DocumentError):
        load_model_file(pipe)


def test_the_size_limit_is_checked_while_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(interchange_files, "MAX_JSON_BYTES", 1000)
    reads: list[int] = []
    real_read = os.read

    def counting_read(fd: int, size: int) -> bytes:
        reads.append(size)
        return real_read(fd, size)

    path = tmp_path / "big.json"
    path.write_text(json.dumps({**_base(), "name": "n" * 100_000}))
    with pytest.raises(InterchangeError, match="larger than"):
        load_model_file(path)
    read_end, write_end = os.pipe()
    with os.fdopen(write_end, "wb") as writer:
        writer.write(b"{" + b" " * 5000)
    monkeypatch.setattr(os, "read", counting_read)
    try:
        with pytest.raises(InterchangeError, match="larger than"):
            load_model_file(f"/dev/fd/{read_end}")
    finally:
        os.close(read_end)
    assert sum(reads) <= 1001


def test_memory_follows_the_file_not_the_limit(tmp_path):
    path = tmp_path / "small.json"
    path.write_bytes(b'{"format": "integramap/1"}')
    tracemalloc.start()
    try:
        assert interchange_files.read_bounded(path, interchange_files.MAX_JSON_BYTES)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024  # the limit is 256 MB


def test_dot_graph_json_of_the_wrong_shape_is_a_problem():
    cases = {
        'integramap_teams="{\\"a\\": 1}"': "integramap_teams: must be a list, not an object",
        'integramap_locations="3"': "integramap_locations: must be a list, not a number",
        'integramap_teams="[1, {\\"id\\": \\"t\\", \\"name\\": \\"T\\"}]"':
            "integramap_teams[0]: must be an object, not a number",
        'integramap_settings="[]"': "integramap_settings: must be an object, not a list",
        'integramap_teams="' + "[" * 100_000 + '"': "integramap_teams:",
    }
    for attribute, expected in cases.items():
        with pytest.raises(InterchangeError) as error:
            import_dot(f"digraph {{ {attribute}; a -> b }}")
        assert any(expected in p for p in error.value.problems), (attribute, error.value.problems)


def test_a_dot_trust_of_thousands_of_digits_is_not_a_trust_level():
    text = 'digraph { subgraph cluster_dmz { trust="' + "1" * 5000 + '"; a } }'
    with import_dot(text) as doc:
        assert doc.model.zones["dmz"].trust == 1  # guessed from the name instead
