"""Stacking zone blocks into one diagram: bands in trust order, without overlaps.

Each zone is laid out on its own (a block of boxes, all blocks sharing one column count)
and framed as a band across the whole diagram: internet at the top, then DMZ, internal,
restricted and management — the picture architects draw on a whiteboard, with traffic
from outside flowing downwards. Services without a zone form the last band.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.layout.geometry import Geometry
from models.layout.spacing import BOX_WIDTH, ZONE_GAP, ZONE_PADDING, ZONE_TITLE


@dataclass
class Block:
    """One zone's boxes relative to the block's top-left corner (before framing)."""

    zone_id: str | None
    positions: dict[str, tuple[float, float, float, float]]
    width: float
    height: float

    @property
    def outer_width(self) -> float:
        return max(self.width, BOX_WIDTH) + 2 * ZONE_PADDING

    @property
    def outer_height(self) -> float:
        return self.height + ZONE_TITLE + 2 * ZONE_PADDING


def pack_blocks(blocks: list[Block]) -> Geometry:
    """Frame every block as a full-width band, top to bottom in the given order; the
    boxes of a band are centred under its title band. The diagram starts at (0, 0)."""
    geometry = Geometry()
    if not blocks:
        return geometry
    width = max(b.outer_width for b in blocks)
    y = 0.0
    for block in blocks:
        frame = (0.0, y, width, block.outer_height)
        left = (width - block.width) / 2
        top = y + ZONE_TITLE + ZONE_PADDING
        for sid, (bx, by, bw, bh) in block.positions.items():
            geometry.positions[sid] = (left + bx, top + by, bw, bh)
        if block.zone_id is None:
            geometry.unzoned_area = frame
        else:
            geometry.zone_areas[block.zone_id] = frame
        y += block.outer_height + ZONE_GAP
    return geometry
