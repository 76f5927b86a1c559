"""Reading the model's tables: by entity type, the same tables as the named properties."""

from __future__ import annotations

import pytest

from models.document import Document
from models.domain import Integration, Location, Service, Team, View, Zone


def test_entities_of_a_type_is_the_table_of_that_type_and_read_only():
    with Document.new(name="Tables") as document:
        model = document.model
        model.add(Zone(id="dmz", name="DMZ", trust=1))
        model.add(Team(id="ops", name="Ops", fte=3))
        model.add(Location(id="ams", name="Amsterdam", region="eu"))
        model.add(Service(id="portal", name="Portal", zone_id="dmz"))
        model.add(Service(id="db", name="Database"))
        model.add(Integration(id="portal-db", source_id="portal", target_id="db"))
        named = {Zone: model.zones, Team: model.teams, Location: model.locations,
                 Service: model.services, Integration: model.integrations, View: model.views}
        for entity, table in named.items():
            assert dict(model.entities(entity)) == dict(table)
        assert sorted(model.entities(Service)) == ["db", "portal"]
        with pytest.raises(TypeError):
            model.entities(Team)["dev"] = Team(id="dev", name="Dev")  # type: ignore[index]
        model.remove(model.teams["ops"])
        assert dict(model.entities(Team)) == {}
