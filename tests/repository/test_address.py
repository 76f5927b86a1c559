"""Repository addresses: what is accepted, and that a password never shows."""

from __future__ import annotations

import pytest

from models.repository import RepositoryAddress, RepositoryError, split_model_reference
from models.repository.address import is_repository_reference


def test_an_address_keeps_the_password_out_of_sight():
    address = RepositoryAddress.parse("postgresql://ana:s3cret@db.example.org:5433/arch")
    assert address.shown == "postgresql://ana@db.example.org:5433/arch"
    assert address.where == "db.example.org:5433/arch"
    assert "s3cret" not in repr(address)
    assert address.url.password == "s3cret"  # kept in memory, for the connection only


@pytest.mark.parametrize(("text", "problem"), [
    ("mysql://db/arch", "is not a PostgreSQL URL"),
    ("arch", "is not a PostgreSQL URL"),
    ("postgresql://ana@db", "names no database"),
    ("postgresql://ana:pw@db:notaport/x", "is not a valid URL"),
])
def test_bad_addresses_say_what_to_write(text, problem):
    with pytest.raises(RepositoryError, match=problem) as caught:
        RepositoryAddress.parse(text)
    assert "pw" not in str(caught.value).replace("postgresql://", "")


def test_a_model_reference_names_repository_and_model():
    address, name = split_model_reference("postgres://ana@db/arch#Customer landscape")
    assert (address.shown, name) == ("postgresql://ana@db/arch", "Customer landscape")
    with pytest.raises(RepositoryError, match="names no model"):
        split_model_reference("postgresql://ana@db/arch")
    assert is_repository_reference("postgresql://db/x#m")
    assert not is_repository_reference("landscape.json")
