"""The layout that needs nothing but networkx: ranks by reliance, rows, zone blocks.

Always available and linear in the size of the model (a fraction of a second for 10,000
services), so it is also what fills in positions quickly when a view is shown.
"""

from __future__ import annotations

from collections import defaultdict

from models.layout.label_width import zone_width_for
from models.layout.packing import Block
from models.layout.ranking import reliance_ranks
from models.layout.rows import arrange_rows
from models.layout.zoning import ZoneGroup


def networkx_block(group: ZoneGroup, outside: dict[str, list[float]] | None = None) -> Block:
    """One zone's services ranked by the integrations inside the zone, in rows of
    ``group.columns()`` boxes at most; ``outside`` places partners in zones laid out
    before (see ``reliance_ranks``)."""
    cols = group.columns()
    ranks = reliance_ranks(group.service_ids, group.edges, cols=cols, outside=outside)
    positions, width, height = arrange_rows(ranks, cols, group.widths)
    return Block(group.zone_id, positions, width, height, zone_width_for(group.title))


def networkx_blocks(groups: list[ZoneGroup], cross_edges: list[tuple[str, str]]) -> list[Block]:
    """Blocks for every zone in trust order, each ordered after its partners before it.

    A box's place across its zone (as a fraction of the zone's width) is known as soon as
    its zone is laid out, so the next zone can put its partners on the same side.
    """
    partners: dict[str, list[str]] = defaultdict(list)
    for source, target in cross_edges:
        partners[source].append(target)
        partners[target].append(source)
    placed: dict[str, float] = {}
    blocks = []
    for group in groups:
        outside = {
            sid: [placed[p] for p in partners[sid] if p in placed]
            for sid in group.service_ids
            if sid in partners
        }
        block = networkx_block(group, outside)
        for sid, (x, _, w, _) in block.positions.items():
            placed[sid] = (x + w / 2) / block.width
        blocks.append(block)
    return blocks
