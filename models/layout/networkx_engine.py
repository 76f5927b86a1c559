"""The layout that needs nothing but networkx: ranks by reliance, rows, zone blocks.

Always available and linear in the size of the model (about half a second for 10,000
services), so it is also what fills in positions quickly when a view is shown.
"""

from __future__ import annotations

from models.layout.packing import Block
from models.layout.ranking import reliance_ranks
from models.layout.rows import arrange_rows
from models.layout.zoning import ZoneGroup


def networkx_block(group: ZoneGroup, cols: int) -> Block:
    """One zone's services ranked by the integrations inside the zone, in rows of at most
    ``cols`` boxes."""
    ranks = reliance_ranks(group.service_ids, group.edges)
    positions, width, height = arrange_rows(ranks, cols)
    return Block(group.zone_id, positions, width, height)
