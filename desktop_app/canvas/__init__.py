"""The diagram canvas: a scene that follows the model, a view to zoom and pan, a legend."""

from desktop_app.canvas.legend import Legend
from desktop_app.canvas.scene import CanvasScene
from desktop_app.canvas.view import CanvasView

__all__ = ["CanvasScene", "CanvasView", "Legend"]
