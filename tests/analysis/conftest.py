"""Fixtures for the analysis tests: an empty document and the healthy landscape.

The repository root is put on ``sys.path`` so test modules import the builder as
``tests.analysis.builder`` however pytest is started.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPOSITORY = str(Path(__file__).resolve().parents[2])
if REPOSITORY not in sys.path:
    sys.path.insert(0, REPOSITORY)

from models.document import Document  # noqa: E402
from tests.analysis.builder import Landscape, build_healthy  # noqa: E402


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
