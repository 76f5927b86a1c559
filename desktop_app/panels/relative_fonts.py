"""Text sizes relative to the application font, so View ▸ Larger Text scales them too.

Style sheets only know fixed sizes: a title at 12 pt becomes smaller than body text once
the body grows to 14 pt for a projector, and error lines stayed at 9 pt. Labels named
below get a size scaled from the application font instead, again after each change.

The size goes into the label's own style sheet, not ``setFont``: under an application
style sheet a widget whose rules name no font simply takes its parent's font.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QWidget

RELATIVE_SIZES: dict[str, tuple[float, bool]] = {
    "inspector-title": (1.2, True),
    "field-error": (0.9, False),
}
"""Object name → (size as a share of the application font, bold)."""


def scaled_style(name: str) -> str | None:
    """The font rule for labels called ``name``, or ``None`` when they use the normal font."""
    found = RELATIVE_SIZES.get(name)
    if found is None:
        return None
    scale, bold = found
    size = max(1.0, QApplication.font().pointSizeF() * scale)
    return f"font-size: {size:.1f}pt;" + (" font-weight: 600;" if bold else "")


def apply_relative_fonts(root: QWidget) -> None:
    """Give every named label under ``root`` (and ``root`` itself) its scaled font."""
    labels = root.findChildren(QLabel)
    if isinstance(root, QLabel):
        labels.append(root)
    for label in labels:
        style = scaled_style(label.objectName())
        if style is not None and label.styleSheet() != style:
            label.setStyleSheet(style)
