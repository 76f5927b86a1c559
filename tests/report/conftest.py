"""Fixtures for the report tests: models imported from integramap/1 JSON documents (the
landscape most tests use is :func:`tests.fixtures.review.review_landscape`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from models.document import Document
from models.interchange.json_format import import_json


@pytest.fixture
def open_model() -> Iterator[Callable[[dict[str, Any]], Document]]:
    """Import JSON documents into models, closing them after the test."""
    documents: list[Document] = []

    def load(data: dict[str, Any]) -> Document:
        document = import_json(data)
        documents.append(document)
        return document

    yield load
    for document in documents:
        document.close()
