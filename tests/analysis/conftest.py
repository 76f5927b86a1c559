"""Fixtures for the analysis tests: an empty document and the healthy landscape
(built by :mod:`tests.fixtures.landscape_builder`, which rule tests import too)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models.document import Document
from tests.fixtures.landscape_builder import Landscape, build_healthy


@pytest.fixture
def empty() -> Iterator[Landscape]:
    document = Document.new(name="Test landscape")
    try:
        yield Landscape(document)
    finally:
        document.close()


@pytest.fixture
def healthy(empty: Landscape) -> Landscape:
    return build_healthy(empty.document)
