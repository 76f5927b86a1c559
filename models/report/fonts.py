"""The report's typeface: DejaVu Sans, shipped in ``resources/fonts`` and embedded in the PDF.

The PDF standard fonts (Helvetica…) only cover Latin-1, so a Greek or Cyrillic service name
would print as missing-glyph boxes. DejaVu covers Latin, Greek and Cyrillic; reportlab
embeds only the glyphs a document uses, so the cost per PDF stays small.
"""

from __future__ import annotations

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from models.resource_files import resource_path

REGULAR = "IntegramapSans"
BOLD = "IntegramapSans-Bold"
ITALIC = "IntegramapSans-Oblique"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
}


def register_fonts() -> None:
    """Register the report fonts with reportlab once per process (later calls are free)."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file_name in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file_name))))
    # Lets <b>/<i> inside Paragraph markup pick the matching face of the family.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)
