"""Where things are drawn in one view: service boxes and zone rectangles.

A :class:`Geometry` is plain data (scene units, top-left origin, y grows downwards) so the
canvas, the PDF and the layout engines can exchange it without touching the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Rect = tuple[float, float, float, float]
"""``(x, y, width, height)`` of a rectangle, top-left corner first."""


@dataclass
class Geometry:
    """Boxes of services and zone areas of one view.

    ``unzoned_area`` encloses the services without a zone when a layout placed them in a
    block of their own; it is drawn as a plain frame (it is no zone of the model).
    """

    positions: dict[str, Rect] = field(default_factory=dict)
    zone_areas: dict[str, Rect] = field(default_factory=dict)
    unzoned_area: Rect | None = None
    engine: str = ""
    """Which engine placed the services ("graphviz", "networkx"; empty when all were saved)."""

    def bounds(self) -> Rect:
        """The rectangle enclosing every box and area; ``(0, 0, 0, 0)`` when empty."""
        rects = [*self.positions.values(), *self.zone_areas.values()]
        if self.unzoned_area is not None:
            rects.append(self.unzoned_area)
        if not rects:
            return (0.0, 0.0, 0.0, 0.0)
        return enclosing(rects)

    def translated(self, dx: float, dy: float) -> Geometry:
        """The same geometry moved by ``(dx, dy)``."""
        return Geometry(
            {k: _shift(r, dx, dy) for k, r in self.positions.items()},
            {k: _shift(r, dx, dy) for k, r in self.zone_areas.items()},
            None if self.unzoned_area is None else _shift(self.unzoned_area, dx, dy),
            self.engine,
        )


def enclosing(rects: list[Rect]) -> Rect:
    """The smallest rectangle containing every rectangle of a non-empty list."""
    left = min(r[0] for r in rects)
    top = min(r[1] for r in rects)
    right = max(r[0] + r[2] for r in rects)
    bottom = max(r[1] + r[3] for r in rects)
    return (left, top, right - left, bottom - top)


def contains(outer: Rect, inner: Rect, tolerance: float = 0.01) -> bool:
    """Whether ``inner`` lies completely inside ``outer``."""
    return (
        inner[0] >= outer[0] - tolerance
        and inner[1] >= outer[1] - tolerance
        and inner[0] + inner[2] <= outer[0] + outer[2] + tolerance
        and inner[1] + inner[3] <= outer[1] + outer[3] + tolerance
    )


def overlaps(a: Rect, b: Rect) -> bool:
    """Whether two rectangles share interior area (touching edges do not count)."""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _shift(r: Rect, dx: float, dy: float) -> Rect:
    return (r[0] + dx, r[1] + dy, r[2], r[3])
