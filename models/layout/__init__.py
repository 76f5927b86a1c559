"""Automatic layout of a model's diagram, and the geometry of saved views.

``compute_layout`` arranges every service, grouped by zone with the zones in trust order;
``view_geometry`` reads what a view saved and fills in whatever is missing;
``apply_geometry`` writes a geometry back into a view as one batch of edits.
"""

from models.layout.engine import compute_layout
from models.layout.geometry import Geometry, Rect
from models.layout.saved_view import apply_geometry, view_geometry

__all__ = ["Geometry", "Rect", "apply_geometry", "compute_layout", "view_geometry"]
