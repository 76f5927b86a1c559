"""Which services are laid out together: one group per zone, in trust order.

Diagrams of infrastructure read from the outside in, so the internet zone comes first
(top left) and management last; services without a zone form a final "unzoned" group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.domain import Model
from models.layout.label_width import box_width_for
from models.layout.rows import columns_for
from models.layout.spacing import BOX_WIDTH


@dataclass
class ZoneGroup:
    """The services of one zone (``zone_id`` ``None``: the services without a zone)."""

    zone_id: str | None
    title: str
    service_ids: list[str] = field(default_factory=list)
    edges: list[tuple[str, str]] = field(default_factory=list)
    """Integrations inside the group as ``(source, target)``; the layout ranks by them."""
    widths: dict[str, float] = field(default_factory=dict)
    """Box widths of services whose name needs more than the layout width."""

    def columns(self) -> int:
        """How many boxes wide the zone's block is: sized to the zone alone (about
        ``rows.ASPECT`` times wider than tall), so a small zone is a small area."""
        return columns_for(len(self.service_ids))


def zone_groups(model: Model, service_ids: set[str] | None = None) -> list[ZoneGroup]:
    """Groups of ``service_ids`` (default: every service) in trust order, zones included
    even when empty so a user can still drop services into them."""
    chosen = set(model.services) if service_ids is None else service_ids
    zones = sorted(model.zones.values(), key=lambda z: (z.trust, z.name.lower(), z.id))
    groups = {z.id: ZoneGroup(z.id, z.name or z.id) for z in zones}
    unzoned = ZoneGroup(None, "Unzoned")
    for sid in sorted(chosen):
        zone_id = model.services[sid].zone_id
        group = groups.get(zone_id) if zone_id else None
        into = group or unzoned
        into.service_ids.append(sid)
        width = box_width_for(model.services[sid].name or sid)
        if width != BOX_WIDTH:
            into.widths[sid] = width
    for integration in model.integrations.values():
        source, target = integration.source_id, integration.target_id
        if source not in chosen or target not in chosen:
            continue
        zone = model.services[source].zone_id
        if zone == model.services[target].zone_id:
            (groups[zone] if zone else unzoned).edges.append((source, target))
    ordered = list(groups.values())
    if unzoned.service_ids:
        ordered.append(unzoned)
    return ordered
