"""Saves of many entities at once go through PostgreSQL's COPY: what comes back must be
exactly what was saved, in the current model and in the history.

The threshold is lowered so the example model (about 250 entities) takes the bulk path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models.comparison import model_records
from models.interchange import load_model_file
from models.repository import Checkout, store

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "landscape.json"
AWKWARD = 'tab\there, new\nline, back\\slash, "quoted", \\N, Zürich → 東京 ✓'
"""Text that COPY's own format has to escape (tab, newline, backslash, its NULL marker)."""


@pytest.fixture
def bulk(monkeypatch):
    monkeypatch.setattr(store, "WRITE_BATCH", 20)


def test_a_bulk_first_push_and_a_bulk_edit_come_back_exactly(team_repo, bulk):
    with team_repo.connect("ana") as repository, load_model_file(EXAMPLE) as document:
        model = document.model
        model.update(model.services["claims-db"], notes=AWKWARD)
        first = model_records(model)
        checkout = Checkout.attach(repository, document, "big")
        result = checkout.save("First version")
        assert result.revision == 1 and len(result.saved) == len(first) > store.WRITE_BATCH

        for service in sorted(model.services.values(), key=lambda s: s.id):
            model.update(service, notes=f"{service.id}: {AWKWARD}")
        changed = len(model.services)
        assert changed > store.WRITE_BATCH
        assert checkout.save("Notes everywhere").revision == 2
        second = model_records(model)

        assert repository.snapshot("big").records == second
        assert repository.snapshot("big", 1).records == first
        pulled = Checkout.open(repository, "big")
        assert model_records(pulled.document.model) == second
        pulled.document.close()

        changes = repository.changes("big", 2)
        assert len(changes) == changed
        claims = next(c for c in changes if c.key == ("service", "claims-db"))
        assert claims.before["notes"] == AWKWARD
        assert claims.after["notes"] == f"claims-db: {AWKWARD}"
        versions = repository.snapshot("big").entries
        assert versions[("service", "claims-db")].version == 2
        assert versions[("zone", next(iter(model.zones)))].version == 1
        [latest, earliest] = repository.history("big")
        assert earliest.counts[("added", "service")] == changed
        assert latest.counts == {("changed", "service"): changed}
