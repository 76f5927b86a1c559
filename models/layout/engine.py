"""Choosing and running a layout engine for a whole model."""

from __future__ import annotations

import logging
from typing import Literal

from models.domain import Model
from models.layout.geometry import Geometry
from models.layout.graphviz_engine import GraphvizUnavailable, graphviz_blocks
from models.layout.networkx_engine import networkx_blocks
from models.layout.packing import pack_blocks
from models.layout.zoning import ZoneGroup, zone_groups

Engine = Literal["auto", "graphviz", "networkx"]

DEFAULT_TIMEOUT = 10.0
"""Seconds dot may run before the layout falls back to networkx."""

log = logging.getLogger(__name__)


def compute_layout(
    model: Model,
    *,
    engine: Engine = "auto",
    timeout: float = DEFAULT_TIMEOUT,
    service_ids: set[str] | None = None,
) -> Geometry:
    """Place every service (or only ``service_ids``) grouped by zone, zones in trust order.

    Each zone becomes an area enclosing its services with padding and a title band; the
    areas never overlap and no two boxes overlap. Services without a zone share an
    "unzoned" area (``Geometry.unzoned_area``). ``"auto"`` and ``"graphviz"`` use Graphviz
    when ``dot`` is installed and fall back to networkx when it is missing, fails or runs
    longer than ``timeout`` seconds; ``Geometry.engine`` tells which one placed the boxes.
    """
    if engine not in ("auto", "graphviz", "networkx"):
        raise ValueError(f"unknown layout engine {engine!r}")
    groups = zone_groups(model, service_ids)
    if engine != "networkx":
        try:
            blocks = graphviz_blocks(groups, _cross_zone_edges(model, groups), timeout=timeout)
        except GraphvizUnavailable as exc:
            log.info("layout falls back to networkx: %s", exc)
        else:
            geometry = pack_blocks(blocks)
            geometry.engine = "graphviz"
            return geometry
    geometry = pack_blocks(networkx_blocks(groups, _cross_zone_edges(model, groups)))
    geometry.engine = "networkx"
    return geometry


def _cross_zone_edges(model: Model, groups: list[ZoneGroup]) -> list[tuple[str, str]]:
    """Integrations between services of different groups (they shape dot's ordering)."""
    group_of = {sid: i for i, g in enumerate(groups) for sid in g.service_ids}
    edges = []
    for integration in model.integrations.values():
        a = group_of.get(integration.source_id)
        b = group_of.get(integration.target_id)
        if a is not None and b is not None and a != b:
            edges.append((integration.source_id, integration.target_id))
    return edges
