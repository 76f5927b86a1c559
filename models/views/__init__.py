"""Views: which services a diagram shows, which links it draws and what it folds away.

One model has many views. A view shows every service, the services placed on it, or a
selection generated from the model (a zone, a team, a location or region, a stage, the
neighbourhood of a service, the runtime architecture) that follows the model as it
changes. It draws the integration kinds it chooses (the runtime layer by default); the
supporting kinds it hides are folded into marks on each box, and a zone it collapses is
drawn as one box whose links to the rest are aggregated with a count.

The canvas, the PDF and every diagram export read :func:`view_content`, so they show the
same picture of the same view.
"""

from models.views.content import DrawnLink, ViewContent, view_content
from models.views.folding import Mark, MarkState, supporting_marks
from models.views.membership import neighbourhood, shown_services

__all__ = [
    "DrawnLink",
    "Mark",
    "MarkState",
    "ViewContent",
    "neighbourhood",
    "shown_services",
    "supporting_marks",
    "view_content",
]
