"""How wide a service box must be for its name, without Qt.

The canvas draws a name in a bold sans font of :data:`~models.notation.SERVICE_NAME_PIXELS`
next to the kind icon; a box narrower than that text cuts the name ("Payme…"). The core
cannot ask Qt for font metrics, so it uses the advance widths of DejaVu Sans Bold — the
widest of the usual desktop sans fonts — which over-estimates the fonts of Windows and
macOS a little and never under-estimates the one on Linux.
"""

from __future__ import annotations

import math

from models.notation import (
    LAYOUT_SERVICE_SIZE,
    SERVICE_NAME_PIXELS,
    SERVICE_TEXT_INSET,
    ZONE_TITLE_INSET,
    ZONE_TITLE_PIXELS,
)

#: Advance widths in em (rounded up to 1/100 em) of DejaVu Sans Bold, by character.
_ADVANCES: dict[str, float] = {
    ch: width
    for width, chars in (
        (0.31, "'"),
        (0.35, " ijl"),
        (0.38, "/\\|,.IJ"),
        (0.42, ":;-"),
        (0.48, "f!()[]t"),
        (0.53, '_`r"*'),
        (0.60, "?zcs"),
        (0.69, "LxvykaeEFTo"),
        (0.73, "$0123456789bdghnpqu{}SYZ"),
        (0.78, "CPBRAKVX"),
        (0.85, "UDG#+<=>HN^~OQ"),
        (0.93, "&w"),
        (1.05, "@M%m"),
        (1.11, "W"),
    )
    for ch in chars
}
_OTHER = 1.0
"""Any other character (accented letters are narrower, CJK ideographs are 1 em)."""

MAX_WIDTH_FACTOR = 2.0
"""A box grows for a long name up to this many times the layout width; beyond that the
canvas breaks the name over two lines when zoomed out and elides it when close."""
WIDTH_STEP = 20.0
"""Widened boxes are rounded up to a multiple of this, so rows keep a calm rhythm."""


def name_width(name: str, pixels: float = SERVICE_NAME_PIXELS) -> float:
    """The width ``name`` takes in the canvas' name font at ``pixels`` (an upper bound)."""
    return sum(_ADVANCES.get(ch, _OTHER) for ch in name) * pixels


def box_width_for(name: str) -> float:
    """The width auto-layout gives a service named ``name``: the layout width, or wider
    (in steps of :data:`WIDTH_STEP`, at most :data:`MAX_WIDTH_FACTOR` times) when the name
    would not fit."""
    default = LAYOUT_SERVICE_SIZE[0]
    needed = name_width(name) + SERVICE_TEXT_INSET + 2.0
    if needed <= default:
        return default
    stepped = math.ceil(needed / WIDTH_STEP) * WIDTH_STEP
    return min(stepped, default * MAX_WIDTH_FACTOR)


def zone_width_for(name: str) -> float:
    """The narrowest zone area that shows the zone's ``name`` whole in its title band."""
    return name_width(name, ZONE_TITLE_PIXELS) + ZONE_TITLE_INSET + 2.0
