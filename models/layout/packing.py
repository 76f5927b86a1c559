"""Arranging zone blocks into one diagram: shelves in trust order, without overlaps.

Each zone is laid out on its own (a block of boxes about as wide as it needs to be) and
framed tightly, so a zone with two services is a small area, not a band across the whole
diagram with a clump in its middle. The frames are then put on shelves, left to right and
top to bottom in trust order — internet first, then DMZ, internal, restricted and
management, the order architects read a whiteboard in — with the shelf width chosen so the
whole diagram is about as wide as a screen is (``rows.ASPECT``). Services without a zone
come last.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from models.layout.geometry import Geometry, Rect
from models.layout.rows import ASPECT
from models.layout.spacing import BOX_WIDTH, ZONE_GAP, ZONE_PADDING, ZONE_TITLE

_MAX_CANDIDATES = 200


@dataclass
class Block:
    """One zone's boxes relative to the block's top-left corner (before framing)."""

    zone_id: str | None
    positions: dict[str, tuple[float, float, float, float]]
    width: float
    height: float
    title_width: float = 0.0
    """The width the zone's area needs for its name to show whole."""

    @property
    def outer_width(self) -> float:
        return max(self.width + 2 * ZONE_PADDING, BOX_WIDTH + 2 * ZONE_PADDING, self.title_width)

    @property
    def outer_height(self) -> float:
        return self.height + ZONE_TITLE + 2 * ZONE_PADDING


def pack_blocks(blocks: list[Block]) -> Geometry:
    """Frame every block and put the frames on shelves in the given order (a shelf's
    frames top-aligned, the next shelf under its tallest one). Starts at (0, 0).

    Of the shelf widths that change where a shelf breaks, the one whose diagram comes
    closest to ``ASPECT`` wins (a few dozen zones: a few thousand cheap steps).
    """
    geometry = Geometry()
    if not blocks:
        return geometry
    best_limit, best_score = 0.0, math.inf
    for limit in _candidate_widths(blocks):
        width, height = _shelve(blocks, limit, None)
        score = abs(math.log((width / height) / ASPECT))
        if score < best_score - 1e-9:
            best_limit, best_score = limit, score
    _shelve(blocks, best_limit, geometry)
    return geometry


def _candidate_widths(blocks: list[Block]) -> list[float]:
    """Every width at which some run of consecutive frames just fits on one shelf."""
    widest = max(b.outer_width for b in blocks)
    found = {widest}
    for start in range(len(blocks)):
        width = -ZONE_GAP
        for block in blocks[start:]:
            width += block.outer_width + ZONE_GAP
            if width >= widest:
                found.add(width)
    ordered = sorted(found)
    if len(ordered) > _MAX_CANDIDATES:  # hundreds of zones: an even sample is as good
        step = len(ordered) / _MAX_CANDIDATES
        ordered = [ordered[int(i * step)] for i in range(_MAX_CANDIDATES)] + [ordered[-1]]
    return ordered


def _shelve(blocks: list[Block], limit: float, geometry: Geometry | None) -> tuple[float, float]:
    """Put frames on shelves at most ``limit`` wide; returns the diagram's size, and
    fills ``geometry`` when given."""
    x = y = shelf_height = right = 0.0
    for block in blocks:
        if x > 0 and x + block.outer_width > limit + 0.5:
            x, y, shelf_height = 0.0, y + shelf_height + ZONE_GAP, 0.0
        frame = (x, y, block.outer_width, block.outer_height)
        if geometry is not None:
            _frame_block(geometry, block, frame)
        x += frame[2] + ZONE_GAP
        right = max(right, x - ZONE_GAP)
        shelf_height = max(shelf_height, frame[3])
    return right, y + shelf_height


def _frame_block(geometry: Geometry, block: Block, frame: Rect) -> None:
    left = frame[0] + (frame[2] - block.width) / 2
    top = frame[1] + ZONE_TITLE + ZONE_PADDING
    for sid, (bx, by, bw, bh) in block.positions.items():
        geometry.positions[sid] = (left + bx, top + by, bw, bh)
    if block.zone_id is None:
        geometry.unzoned_area = frame
    else:
        geometry.zone_areas[block.zone_id] = frame
