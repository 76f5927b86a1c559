"""Placing ranked services in rows: the geometric half of every layout engine.

An engine decides *order* — which rank (row) a service belongs to and where it sits in
that rank, to keep arrows short and uncrossed. This module turns that order into boxes on
a grid that never overlap, wrapping long ranks so a zone with hundreds of services stays
roughly square instead of becoming one endless row.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from models.layout.geometry import Rect
from models.layout.spacing import (
    BOX_HEIGHT,
    BOX_WIDTH,
    GAP_X,
    GAP_Y,
    PITCH_X,
    PITCH_Y,
    ZONE_GAP,
    ZONE_PADDING,
    ZONE_TITLE,
)

ASPECT = 1.6
"""Width over height a laid-out diagram aims for (between a 16:9 screen and A4 landscape)."""

#: Ranks stay one per row while that makes a block at most this many times (or two rows)
#: taller than a plain grid; beyond that, consecutive ranks share rows.
_MAX_STRETCH = 1.5
_SPARE_ROWS = 2


def columns_for(count: int, bands: int = 1) -> int:
    """How many boxes wide a diagram of ``count`` services in ``bands`` zone bands is.

    Solves width = ASPECT × height for the column count, counting each band's title and
    padding in the height, so a model with a handful of services in five zones is not a
    tall tower on a wide projector screen.
    """
    if count <= 3:
        return max(count, 1)
    band = bands * (ZONE_TITLE + 2 * ZONE_PADDING + ZONE_GAP)
    linear = ASPECT * band
    cols = (linear + math.sqrt(linear**2 + 4 * PITCH_X * ASPECT * count * PITCH_Y)) / (
        2 * PITCH_X
    )
    return max(3, math.ceil(cols))


def arrange_rows(
    ranks: list[list[str]], cols: int, widths: Mapping[str, float] | None = None
) -> tuple[dict[str, Rect], float, float]:
    """Boxes for services given rank by rank, relative to the block's top-left corner.

    Returns ``(positions, width, height)``. Each rank starts a new row, wrapping after
    ``cols`` boxes. When many small ranks would make a tall, sparse block, consecutive
    ranks share a row instead (in rank order, so what relies on something still comes
    before it in reading order). ``widths`` gives boxes wider than :data:`BOX_WIDTH`
    (long names); each row is as wide as its boxes and centred in the block.
    """
    ranks = [r for r in ranks if r]
    count = sum(len(r) for r in ranks)
    if count == 0:
        return {}, BOX_WIDTH, BOX_HEIGHT
    cols = max(cols, 1)
    rows = [rank[i : i + cols] for rank in ranks for i in range(0, len(rank), cols)]
    grid_rows = math.ceil(count / cols)
    if len(rows) > max(_MAX_STRETCH * grid_rows, grid_rows + _SPARE_ROWS):
        rows = _shared_rows(rows, cols)
    sizes = widths or {}
    row_widths = [sum(sizes.get(sid, BOX_WIDTH) for sid in row) + GAP_X * (len(row) - 1)
                  for row in rows]
    width = max(row_widths)
    positions: dict[str, Rect] = {}
    for r, row in enumerate(rows):
        x = (width - row_widths[r]) / 2
        for sid in row:
            box_width = sizes.get(sid, BOX_WIDTH)
            positions[sid] = (x, r * PITCH_Y, box_width, BOX_HEIGHT)
            x += box_width + GAP_X
    height = len(rows) * PITCH_Y - GAP_Y
    return positions, width, height


def _shared_rows(rows: list[list[str]], cols: int) -> list[list[str]]:
    """Put consecutive rows side by side while they fit in ``cols``."""
    merged: list[list[str]] = []
    for row in rows:
        if merged and len(merged[-1]) + len(row) <= cols:
            merged[-1] = merged[-1] + row
        else:
            merged.append(list(row))
    return merged
