"""The layout that needs nothing but networkx: ranks by reliance, rows, zone blocks.

Always available and linear in the size of the model (a fraction of a second for 10,000
services), so it is also what fills in positions quickly when a view is shown.
"""

from __future__ import annotations

from collections import defaultdict

from models.layout.packing import Block
from models.layout.ranking import reliance_ranks
from models.layout.rows import arrange_rows
from models.layout.spacing import GAP_X, PITCH_X
from models.layout.zoning import ZoneGroup


def networkx_block(
    group: ZoneGroup, cols: int, outside: dict[str, list[float]] | None = None
) -> Block:
    """One zone's services ranked by the integrations inside the zone, in rows of at most
    ``cols`` boxes; ``outside`` places partners in zones above (see ``reliance_ranks``)."""
    ranks = reliance_ranks(group.service_ids, group.edges, cols=cols, outside=outside)
    positions, width, height = arrange_rows(ranks, cols)
    return Block(group.zone_id, positions, width, height)


def networkx_blocks(
    groups: list[ZoneGroup], cross_edges: list[tuple[str, str]], cols: int
) -> list[Block]:
    """Blocks for every zone, top band first, each ordered under its partners above.

    Blocks are centred in bands of ``cols`` columns, so a box's place across the diagram
    is known as soon as its zone is laid out and the next zone can line up beneath it.
    """
    partners: dict[str, list[str]] = defaultdict(list)
    for source, target in cross_edges:
        partners[source].append(target)
        partners[target].append(source)
    band = cols * PITCH_X - GAP_X
    placed: dict[str, float] = {}
    blocks = []
    for group in groups:
        outside = {
            sid: [placed[p] for p in partners[sid] if p in placed]
            for sid in group.service_ids
            if sid in partners
        }
        block = networkx_block(group, cols, outside)
        left = (band - block.width) / 2
        for sid, (x, _, w, _) in block.positions.items():
            placed[sid] = (left + x + w / 2) / band
        blocks.append(block)
    return blocks
