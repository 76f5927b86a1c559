"""Packing zone blocks into one diagram, in trust order, without overlaps.

Each zone is laid out on its own (a block of boxes); packing wraps the blocks into
shelves read left to right, top to bottom — internet first, management last — then
stretches every block of a shelf to the shelf's height and the last one to the common
right edge, so the zones form a tidy mosaic a projector shows well.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from models.layout.geometry import Geometry, Rect
from models.layout.spacing import BOX_WIDTH, ZONE_GAP, ZONE_PADDING, ZONE_TITLE

#: Diagram width over height the shelves aim for (a slide is 16:9, paper 1.41).
_ASPECT = 1.6


@dataclass
class Block:
    """One zone's boxes relative to the block's top-left corner (before framing)."""

    zone_id: str | None
    positions: dict[str, Rect]
    width: float
    height: float

    @property
    def outer_width(self) -> float:
        return max(self.width, BOX_WIDTH) + 2 * ZONE_PADDING

    @property
    def outer_height(self) -> float:
        return self.height + ZONE_TITLE + 2 * ZONE_PADDING


def pack_blocks(blocks: list[Block]) -> Geometry:
    """Frame every block as a zone area and place the areas in shelves; origin (0, 0)."""
    if not blocks:
        return Geometry()
    area = sum(b.outer_width * b.outer_height for b in blocks)
    target = max(max(b.outer_width for b in blocks), math.sqrt(area * _ASPECT))
    shelves: list[list[Block]] = [[]]
    x = 0.0
    for block in blocks:
        if shelves[-1] and x + block.outer_width > target:
            shelves.append([])
            x = 0.0
        shelves[-1].append(block)
        x += block.outer_width + ZONE_GAP
    right = max(sum(b.outer_width for b in s) + ZONE_GAP * (len(s) - 1) for s in shelves)
    geometry = Geometry()
    y = 0.0
    for shelf in shelves:
        height = max(b.outer_height for b in shelf)
        x = 0.0
        for i, block in enumerate(shelf):
            width = right - x if i == len(shelf) - 1 else block.outer_width
            frame = (x, y, width, height)
            _place(geometry, block, frame)
            x += width + ZONE_GAP
        y += height + ZONE_GAP
    return geometry


def _place(geometry: Geometry, block: Block, frame: Rect) -> None:
    """Put a block's boxes into its frame: centred horizontally, under the title band."""
    inner_left = frame[0] + (frame[2] - block.width) / 2
    inner_top = frame[1] + ZONE_TITLE + ZONE_PADDING
    for sid, (x, y, w, h) in block.positions.items():
        geometry.positions[sid] = (inner_left + x, inner_top + y, w, h)
    if block.zone_id is None:
        geometry.unzoned_area = frame
    else:
        geometry.zone_areas[block.zone_id] = frame
