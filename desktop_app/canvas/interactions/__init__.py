"""The gestures of an editable canvas, one module each, apart from the scene's bookkeeping.

A gesture is offered the scene's input events before Qt handles them (see
:class:`desktop_app.canvas.scene.Gesture`), keeps the state of one drag, and ends in one
call to the editor. The view installs them when it shows a scene, in this order:

* :class:`ZoneResizing` — a zone's corner handle;
* :class:`LinkDrawing` — a box's connect handle, or Shift+drag from a box;
* :class:`BoxDragging` — moving the selection or a zone by its title (Qt moves the items;
  the gesture commits the move as one undo step);
* :class:`PaletteDrop` — a kind dragged from the palette.

Rubber-band selection is Qt's own (the view's drag mode): a press that no item takes
starts it, and a zone's body lets presses through so it can start inside a zone.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.canvas.interactions.box_dragging import BoxDragging
from desktop_app.canvas.interactions.link_drawing import LinkDrawing
from desktop_app.canvas.interactions.palette_drop import PaletteDrop
from desktop_app.canvas.interactions.zone_resizing import ZoneResizing
from desktop_app.canvas.scene import CanvasScene


@dataclass(frozen=True)
class Gestures:
    """The gestures installed on one scene (tests and menus reach them here)."""

    zone_resizing: ZoneResizing
    link_drawing: LinkDrawing
    box_dragging: BoxDragging
    palette_drop: PaletteDrop

    @classmethod
    def install(cls, scene: CanvasScene) -> Gestures:
        """Make the gestures of ``scene`` and offer them its events, in the order above."""
        gestures = cls(ZoneResizing(scene), LinkDrawing(scene), BoxDragging(scene),
                       PaletteDrop(scene))
        for gesture in (gestures.zone_resizing, gestures.link_drawing,
                        gestures.box_dragging, gestures.palette_drop):
            scene.add_gesture(gesture)
        return gestures


__all__ = ["BoxDragging", "Gestures", "LinkDrawing", "PaletteDrop", "ZoneResizing"]
