"""Finding free room for new boxes among boxes that are already placed.

Used when a view has saved positions for most services and a few are missing (added by
an import or a script): they are put in free cells of their zone instead of on top of
what the user arranged. A spatial hash keeps each test local, so placing a handful of
boxes in a 10,000-service view costs microseconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from models.layout.geometry import Rect, overlaps
from models.layout.spacing import GAP_X, GAP_Y

_CELL = 256.0


class Occupancy:
    """The set of rectangles already taken, queryable by area."""

    def __init__(self, rects: Iterable[Rect] = ()) -> None:
        self._cells: dict[tuple[int, int], list[Rect]] = defaultdict(list)
        for rect in rects:
            self.take(rect)

    def take(self, rect: Rect) -> None:
        for key in _cells_of(rect):
            self._cells[key].append(rect)

    def is_free(self, rect: Rect) -> bool:
        """Whether ``rect`` plus a margin of half the layout gaps touches nothing taken."""
        halo = (rect[0] - GAP_X / 2, rect[1] - GAP_Y / 2, rect[2] + GAP_X, rect[3] + GAP_Y)
        return not any(
            overlaps(halo, other) for key in _cells_of(halo) for other in self._cells.get(key, ())
        )


def _cells_of(rect: Rect) -> Iterator[tuple[int, int]]:
    x0, y0 = int(rect[0] // _CELL), int(rect[1] // _CELL)
    x1, y1 = int((rect[0] + rect[2]) // _CELL), int((rect[1] + rect[3]) // _CELL)
    for i in range(x0, x1 + 1):
        for j in range(y0, y1 + 1):
            yield (i, j)
