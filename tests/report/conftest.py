"""Fixtures for the report tests: small models built from integramap/1 JSON documents.

JSON is the shortest way to state a whole model (services, integrations, zones, waivers,
view positions) in a test; ``import_json`` validates it like any user file.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPOSITORY = str(Path(__file__).resolve().parents[2])
if REPOSITORY not in sys.path:
    sys.path.insert(0, REPOSITORY)

from models.document import Document  # noqa: E402
from models.interchange.json_format import import_json  # noqa: E402

AS_OF = dt.date(2026, 11, 25)

HOSTILE_NAMES = {
    "bold-co": "<b>&Co",
    "att": "AT&T",
    "less": "a < b",
    "img": "<img src=x>",
    "greek": "Ωμέγα αποθήκη",
    "cyrillic": "Сервис платежей",
    "accents": "Café Société Zürich",
}


def review_landscape() -> dict[str, Any]:
    """A small landscape with something for every section, and hostile names everywhere."""
    services: list[dict[str, Any]] = [
        {"id": "portal", "name": "Customer portal", "kind": "portal", "zone": "internal",
         "environments": ["test", "acceptance", "production"], "locations": ["ams-a"],
         "instances": 2, "internet_facing": True, "criticality": "critical", "owner": "web",
         "support_lines": {"1": "desk", "2": "web", "3": "web", "4": "rnd"},
         "runbook": "https://wiki.example.org/portal",
         "vendor": {"name": "Acme", "contract": "C-42", "sla": "24/7, 4h",
                    "escalation": "portal@acme"},
         "lifecycle": {"version": "3.1", "end_of_support": "2026-01-31"},
         "cost": {"yearly": 12000, "currency": "EUR"}},
        {"id": "rproxy", "name": "Reverse proxy", "kind": "gateway", "zone": "dmz",
         "criticality": "high", "owner": "web"},
        {"id": "db", "name": "Orders database", "kind": "database", "zone": "internal",
         "stateful": True, "criticality": "critical", "owner": "dba",
         "cost": {"yearly": 30000, "currency": "EUR"}},
        {"id": "mon", "name": "Monitoring", "kind": "monitoring", "zone": "mgmt",
         "owner": "ops"},
        {"id": "idp", "name": "Admin directory", "kind": "identity_provider", "zone": "mgmt",
         "owner": "ops", "criticality": "critical"},
    ]
    for sid, name in HOSTILE_NAMES.items():
        services.append({"id": sid, "name": name, "kind": "application", "zone": "internal",
                         "owner": "web", "description": f"Described as {name} & more"})
    integrations = [
        {"id": "portal-gw", "source": "portal", "target": "rproxy", "kind": "gateway"},
        {"id": "portal-db", "source": "portal", "target": "db", "kind": "depends_on"},
        {"id": "portal-mon", "source": "portal", "target": "mon", "kind": "monitoring"},
        {"id": "db-mon", "source": "db", "target": "mon", "kind": "monitoring"},
        {"id": "portal-idp", "source": "portal", "target": "idp", "kind": "admin_auth"},
        {"id": "mon-db", "source": "mon", "target": "db", "kind": "data_flow"},
    ]
    for sid in HOSTILE_NAMES:
        integrations.append({"id": f"{sid}-db", "source": sid, "target": "db",
                             "kind": "depends_on"})
    return {
        "format": "integramap/1",
        "name": "Review <landscape> & friends",
        "zones": [
            {"id": "internet", "name": "Internet", "trust": 0},
            {"id": "dmz", "name": "DMZ <edge> & co", "trust": 1},
            {"id": "internal", "name": "Internal", "trust": 2},
            {"id": "mgmt", "name": "Management", "trust": 4},
        ],
        "zone_policy": [{"from": "dmz", "to": "internal"}, {"from": "internal", "to": "mgmt"}],
        "locations": [{"id": "ams-a", "name": "Amsterdam <A> & B", "region": "eu-west"}],
        "teams": [
            {"id": "web", "name": "Web team", "fte": 4},
            {"id": "dba", "name": "DBA team", "fte": 2},
            {"id": "ops", "name": "Operations", "fte": 5},
            {"id": "desk", "name": "Service desk", "fte": 12},
            {"id": "rnd", "name": "R&D <ops>", "fte": 3},
        ],
        "services": services,
        "integrations": integrations,
        "waivers": [{"rule": "CST-001", "subject": "rproxy", "reason": "Shared <cost> & fee",
                     "accepted_by": "Review board", "expires": "2027-06-30"}],
        "views": [{"id": "main", "name": "Overview", "positions": {}}],
    }


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
