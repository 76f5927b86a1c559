"""What a view draws: its boxes, its collapsed zones and its arrows.

An integration is drawn when the view shows both its ends and draws its kind. A zone the
view collapses becomes one box: integrations inside it are not drawn, and those between it
and the rest are aggregated per other end and kind into one arrow carrying their count.
Collapsed zones are named ``zone:<id>`` among the boxes (a service id never holds a colon).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from models.domain import Model, View
from models.domain.enums import IntegrationKind
from models.views.membership import shown_services

ZONE_NODE = "zone:"
"""Prefix of a collapsed zone among a view's boxes."""


def zone_node(zone_id: str) -> str:
    """The box name of a collapsed zone."""
    return f"{ZONE_NODE}{zone_id}"


def collapsed_zone_of(node: str) -> str | None:
    """The zone id of a collapsed zone's box name, ``None`` for a service."""
    return node[len(ZONE_NODE):] if node.startswith(ZONE_NODE) else None


@dataclass(frozen=True)
class DrawnLink:
    """One arrow: ``source`` relies on ``target`` for ``kind``; several integrations when
    an end is a collapsed zone."""

    source: str
    target: str
    kind: IntegrationKind
    integration_ids: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.integration_ids)

    @property
    def aggregated(self) -> bool:
        """Whether an end is a collapsed zone (the arrow shows a count)."""
        return self.source.startswith(ZONE_NODE) or self.target.startswith(ZONE_NODE)


@dataclass
class ViewContent:
    """Everything one view draws, worked out from the model on demand."""

    view_id: str
    name: str
    kinds: frozenset[IntegrationKind]
    """The integration kinds drawn as arrows."""
    shown: set[str]
    """Every service the view shows, collapsed or not."""
    services: set[str]
    """The services drawn as boxes of their own (not inside a collapsed zone)."""
    collapsed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Collapsed zone id → the shown services folded into its box, sorted."""
    links: list[DrawnLink] = field(default_factory=list)
    hidden_links: int = 0
    """Integrations between shown services that are not drawn: their kind is hidden."""

    def node_of(self, service_id: str) -> str | None:
        """The box a shown service is drawn in (its own, or its collapsed zone's)."""
        if service_id in self.services:
            return service_id
        for zone_id, members in self.collapsed.items():
            if service_id in members:
                return zone_node(zone_id)
        return None


def view_content(model: Model, view: View | str) -> ViewContent:
    """What ``view`` (a view or its id) draws now."""
    if isinstance(view, str):
        view = model.views[view]
    shown = shown_services(model, view)
    kinds = frozenset(view.kinds)
    collapsed_zones = [z for z in view.collapsed if z in model.zones]
    members: dict[str, list[str]] = {z: [] for z in collapsed_zones}
    node: dict[str, str] = {}
    for sid in shown:
        zone_id = model.services[sid].zone_id
        if zone_id in members:
            members[zone_id].append(sid)
            node[sid] = zone_node(zone_id)
        else:
            node[sid] = sid
    content = ViewContent(
        view_id=view.id,
        name=view.name,
        kinds=kinds,
        shown=shown,
        services={sid for sid, n in node.items() if n == sid},
        collapsed={z: tuple(sorted(m)) for z, m in members.items() if m},
    )
    content.links, content.hidden_links = _links(model, node, kinds, _candidates(model, shown))
    return content


def _candidates(model: Model, shown: set[str]) -> Iterable[str]:
    """Integration ids with an end among ``shown``, each once (all of them for a full view)."""
    if len(shown) == len(model.services):
        return model.integrations.keys()
    ids: set[str] = set()
    for sid in shown:
        ids.update(i.id for i in model.integrations_of(sid))
    return sorted(ids)


def _links(
    model: Model, node: dict[str, str], kinds: frozenset[IntegrationKind], ids: Iterable[str]
) -> tuple[list[DrawnLink], int]:
    single: list[DrawnLink] = []
    grouped: dict[tuple[str, str, IntegrationKind], list[str]] = defaultdict(list)
    hidden = 0
    integrations = model.integrations
    for iid in ids:
        integration = integrations[iid]
        source = node.get(integration.source_id)
        target = node.get(integration.target_id)
        if source is None or target is None:
            continue
        if integration.kind not in kinds:
            hidden += 1
            continue
        if source == target:
            continue  # inside one collapsed zone
        if source == integration.source_id and target == integration.target_id:
            single.append(DrawnLink(source, target, integration.kind, (iid,)))
        else:
            grouped[(source, target, integration.kind)].append(iid)
    aggregated = [
        DrawnLink(s, t, k, tuple(sorted(ids))) for (s, t, k), ids in sorted(grouped.items())
    ]
    return single + aggregated, hidden
