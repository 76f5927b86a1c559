"""Placing ranked services in rows: the geometric half of every layout engine.

An engine decides *order* — which rank (row) a service belongs to and where it sits in
that rank, to keep arrows short and uncrossed. This module turns that order into boxes on
a grid that never overlap, wrapping long ranks so a zone with hundreds of services stays
roughly square instead of becoming one endless row.
"""

from __future__ import annotations

import math

from models.layout.geometry import Rect
from models.layout.spacing import BOX_HEIGHT, BOX_WIDTH, GAP_X, GAP_Y, PITCH_X, PITCH_Y

#: Ranks are kept as rows while they make the block at most this many times (or four
#: rows) taller than a plain grid would be.
_MAX_STRETCH = 2.0
_SPARE_ROWS = 4


def columns_for(count: int) -> int:
    """How many boxes wide a block of ``count`` services is (about square on screen)."""
    if count <= 3:
        return max(count, 1)
    return max(3, math.ceil(math.sqrt(count * PITCH_Y / PITCH_X * 1.6)))


def arrange_rows(ranks: list[list[str]]) -> tuple[dict[str, Rect], float, float]:
    """Boxes for services given rank by rank, relative to the block's top-left corner.

    Returns ``(positions, width, height)``. Each rank starts a new row and wraps after
    :func:`columns_for` boxes; when there are so many small ranks that this would make a
    tall thin block, the ranks are read in order and filled into a plain grid instead.
    """
    ranks = [r for r in ranks if r]
    count = sum(len(r) for r in ranks)
    if count == 0:
        return {}, BOX_WIDTH, BOX_HEIGHT
    cols = columns_for(count)
    rows = [rank[i : i + cols] for rank in ranks for i in range(0, len(rank), cols)]
    grid_rows = math.ceil(count / cols)
    if len(rows) > max(_MAX_STRETCH * grid_rows, grid_rows + _SPARE_ROWS):
        flat = [sid for rank in ranks for sid in rank]
        rows = [flat[i : i + cols] for i in range(0, count, cols)]
    width = max(len(row) for row in rows) * PITCH_X - GAP_X
    positions: dict[str, Rect] = {}
    for r, row in enumerate(rows):
        indent = (width - (len(row) * PITCH_X - GAP_X)) / 2
        for c, sid in enumerate(row):
            positions[sid] = (indent + c * PITCH_X, r * PITCH_Y, BOX_WIDTH, BOX_HEIGHT)
    height = len(rows) * PITCH_Y - GAP_Y
    return positions, width, height
