"""The spacing every layout uses, in scene units (points in the PDF).

Gaps leave room for the service name under the icon, for edge labels and for arrows to
bend around boxes; zones get padding and a title band so their name never covers a box.
"""

from __future__ import annotations

from models.notation import LAYOUT_SERVICE_SIZE, SERVICE_SIZE

BOX_WIDTH, BOX_HEIGHT = LAYOUT_SERVICE_SIZE
"""Size of a box placed by a layout (wider for a long name: ``label_width.box_width_for``)."""
SAVED_WIDTH, SAVED_HEIGHT = SERVICE_SIZE
"""Size of a box a view saved without a size."""
GAP_X = 60.0
"""Horizontal space between two boxes of a row."""
GAP_Y = 64.0
"""Vertical space between rows: enough for an arrow head and an edge label."""
PITCH_X = BOX_WIDTH + GAP_X
PITCH_Y = BOX_HEIGHT + GAP_Y

ZONE_PADDING = 32.0
"""Space between a zone's border and the boxes inside it."""
ZONE_TITLE = 36.0
"""Height of the band at the top of a zone that holds its name."""
ZONE_GAP = 48.0
"""Space between two zone areas."""
