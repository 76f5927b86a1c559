"""Typography and table looks of the review document, in one place.

Sections build their flowables from these styles only, so the document stays consistent
and a change of look is a change here.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from models.report.fonts import BOLD, ITALIC, REGULAR, register_fonts

INK = colors.HexColor("#212529")
MUTED = colors.HexColor("#6C757D")
ACCENT = colors.HexColor("#1B3A5C")
RULE = colors.HexColor("#CED4DA")
HEADER_FILL = colors.HexColor("#E9EEF4")
STRIPE = colors.HexColor("#F8F9FA")
PRESENT_HEX = "#2B8A3E"
MISSING_HEX = "#C92A2A"
ALLOWED_FILL = colors.HexColor("#EBFBEE")
DENIED_FILL = colors.HexColor("#FFF5F5")


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of the report."""

    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h2_icon: ParagraphStyle
    h3: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    cover_meta: ParagraphStyle
    toc_title: ParagraphStyle
    note: ParagraphStyle
    checklist: ParagraphStyle
    big_number: ParagraphStyle


def make_styles() -> Styles:
    """The styles, with the embedded fonts registered first."""
    register_fonts()
    body = ParagraphStyle(
        "body", fontName=REGULAR, fontSize=9.5, leading=13, textColor=INK, spaceAfter=5
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0)
    h2 = ParagraphStyle(
        "h2", parent=body, fontName=BOLD, fontSize=12.5, leading=16, textColor=ACCENT,
        spaceBefore=10, spaceAfter=5,
    )
    return Styles(
        body=body,
        h2=h2,
        h2_icon=ParagraphStyle("h2_icon", parent=h2, leftIndent=21),
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=BOLD),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        h1=ParagraphStyle(
            "h1", parent=body, fontName=BOLD, fontSize=17, leading=21, textColor=ACCENT,
            spaceBefore=4, spaceAfter=10,
        ),
        h3=ParagraphStyle(
            "h3", parent=body, fontName=BOLD, fontSize=10, leading=13, textColor=INK,
            spaceBefore=6, spaceAfter=3,
        ),
        title=ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=30, leading=36, textColor=ACCENT,
            spaceAfter=14,
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=15, leading=20, textColor=MUTED, spaceAfter=30
        ),
        cover_meta=ParagraphStyle("cover_meta", parent=body, fontSize=10.5, leading=15),
        toc_title=ParagraphStyle("toc_title", parent=body, fontName=BOLD, fontSize=17,
                                 leading=21, textColor=ACCENT, spaceAfter=14),
        note=ParagraphStyle("note", parent=body, fontName=ITALIC, textColor=MUTED),
        checklist=ParagraphStyle("checklist", parent=body, spaceBefore=5, spaceAfter=3),
        big_number=ParagraphStyle(
            "big_number", parent=body, fontName=BOLD, fontSize=20, leading=24,
            alignment=TA_CENTER, textColor=colors.white,
        ),
    )


def grid_table_style(*, header_rows: int = 1, stripes: bool = True) -> TableStyle:
    """Thin-ruled data table with a tinted header row and light zebra stripes."""
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("FONT", (0, 0), (-1, header_rows - 1), BOLD, 8.5),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, ACCENT),
        ]
    if stripes:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [None, STRIPE]))
    return TableStyle(commands)


def key_value_style() -> TableStyle:
    """Label/value columns (twice side by side) used on the fact sheets."""
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
            ("FONT", (0, 0), (0, -1), BOLD, 8),
            ("FONT", (2, 0), (2, -1), BOLD, 8),
            ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
            ("TEXTCOLOR", (2, 0), (2, -1), MUTED),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )
