"""What messages repeat from a file, and ids made for many items from one base."""

from __future__ import annotations

import pytest

from models.domain import IdAllocator, unique_slug
from models.domain.errors import ModelError
from models.domain.values import ECHO_LIMIT, SLUG_PATTERN, check_slug, check_text, echo, shown


def test_a_huge_value_is_shortened_with_an_ellipsis():
    text = "x" * 10_000_000
    out = echo(text)
    assert len(out) <= ECHO_LIMIT and out.endswith("…")
    assert len(shown(text)) <= ECHO_LIMIT + 2


@pytest.mark.parametrize(
    "character", ["\x1b", "\x07", "\x00", "\x7f", "\x9b", "\u202e", "\u2028", "\n", "\r"]
)
def test_every_control_character_is_escaped(character):
    out = echo(f"a{character}[2J b")
    assert character not in out
    assert "\\x" in out or "\\u" in out


def test_a_cut_never_splits_an_escape():
    out = echo("\x1b" * 200)
    assert out.endswith("…")
    assert out[:-1].replace("\\x1b", "") == "", out


def test_a_refused_slug_is_repeated_short_and_escaped():
    with pytest.raises(ModelError) as error:
        check_slug("\x1b[31m" + "A" * 5_000, "service id")
    message = str(error.value)
    assert "\x1b" not in message and len(message) < 200


def test_c1_controls_are_refused_in_text():
    with pytest.raises(ModelError, match="U\\+009B"):
        check_text("name\x9b2J", "name")


def test_ids_for_thousands_of_items_of_one_base_are_distinct_and_valid():
    allocator = IdAllocator({"a-depends_on-b", "a-depends_on-b-3"})
    ids = [allocator.allocate("a-depends_on-b") for _ in range(20_000)]
    assert len(set(ids)) == 20_000
    assert "a-depends_on-b-3" not in ids and ids[:2] == ["a-depends_on-b-2", "a-depends_on-b-4"]
    long_base = "x" * 128
    more = IdAllocator({long_base})
    for _ in range(50):
        made = more.allocate(long_base)
        assert SLUG_PATTERN.match(made) and len(made) <= 128


def test_unique_slug_still_names_one_item():
    assert unique_slug("db", {"db", "db-2"}) == "db-3"
    assert unique_slug("web", set()) == "web"
