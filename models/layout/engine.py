"""Choosing and running a layout engine for a whole model."""

from __future__ import annotations

from typing import Literal

from models.domain import Model
from models.layout.geometry import Geometry
from models.layout.networkx_engine import networkx_block
from models.layout.packing import pack_blocks
from models.layout.zoning import zone_groups

Engine = Literal["auto", "graphviz", "networkx"]


def compute_layout(
    model: Model,
    *,
    engine: Engine = "auto",
    timeout: float = 20.0,
    service_ids: set[str] | None = None,
) -> Geometry:
    """Place every service (or only ``service_ids``) grouped by zone, zones in trust order.

    Each zone becomes an area enclosing its services with padding and a title band; the
    areas never overlap and no two boxes overlap. Services without a zone share an
    "unzoned" area (``Geometry.unzoned_area``).
    """
    if engine not in ("auto", "graphviz", "networkx"):
        raise ValueError(f"unknown layout engine {engine!r}")
    groups = zone_groups(model, service_ids)
    return pack_blocks([networkx_block(g) for g in groups])
