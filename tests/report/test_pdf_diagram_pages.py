"""What the printed diagram pages say: names on the overview, where leaving lines lead."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import AS_OF
from pypdf import PdfReader

from models.report import export_pdf
from models.resource_files import resource_path


def _example(*, with_positions: bool) -> dict[str, Any]:
    data = json.loads(resource_path("examples", "landscape.json").read_text(encoding="utf-8"))
    if not with_positions:
        data["views"] = []
    return data


def _export(open_model, data: dict[str, Any], out: Path) -> tuple[PdfReader, Any]:
    document = open_model(data)
    export_pdf(document.model, out, as_of=AS_OF)
    return PdfReader(out), document.model


def _pages_titled(reader: PdfReader, prefix: str) -> list[str]:
    texts = [page.extract_text() for page in reader.pages]
    return [text for text in texts
            if any(line.startswith(prefix) for line in text.splitlines())]


def _letters(text: str) -> str:
    """Text without any white space: a name wrapped in its box reads as the name."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("with_positions", [True, False], ids=["saved-layout", "auto-layout"])
def test_overview_names_every_service(tmp_path, open_model, with_positions):
    reader, model = _export(open_model, _example(with_positions=with_positions),
                            tmp_path / "example.pdf")
    (overview,) = _pages_titled(reader, "Overview")
    printed = _letters(overview)
    missing = [s.name for s in model.services.values() if _letters(s.name) not in printed]
    assert not missing


@pytest.mark.parametrize("targets", [6, 40], ids=["under-the-drawing", "on-the-next-page"])
def test_leaving_lines_list_every_target_in_full(tmp_path, open_model, targets):
    """A zone whose services talk to long-named services elsewhere (in a zone big enough
    for the diagram to need zone pages): every one of them is named with its number of
    lines, none cut off, however long the list."""
    far = [{"id": f"far-{n}", "name": f"Remote reconciliation service number {n}",
            "zone": "back"} for n in range(40)]
    near = [{"id": f"near-{n}", "name": f"Edge {n}", "zone": "front"} for n in range(4)]
    integrations = [{"id": f"i{n}", "source": f"near-{n % 4}", "target": f"far-{n}"}
                    for n in range(targets)]
    integrations.append({"id": "twice", "source": "near-1", "target": "far-0"})
    reader, _model = _export(open_model, {
        "format": "integramap/1",
        "zones": [{"id": "front", "name": "Front", "trust": 1},
                  {"id": "back", "name": "Back office", "trust": 3}],
        "services": near + far,
        "integrations": integrations,
    }, tmp_path / "leaving.pdf")
    texts = [page.extract_text() for page in reader.pages]
    first = next(n for n, text in enumerate(texts) if "Diagram: Zone Front" in text)
    # The zone page, and the page after it when the list is too long to go under the drawing.
    text = _letters(" ".join(texts[first:first + 2]))
    assert _letters("Lines leaving this page lead to — Back office:") in text
    assert _letters(f"{far[0]['name']} ×2") in text
    for service in far[1:targets]:
        entry = re.escape(_letters(f"{service['name']} ×1"))
        assert re.search(entry + "[,.]", text), service["name"]
    for service in far[targets:]:
        assert _letters(f"{service['name']} ×") not in text
