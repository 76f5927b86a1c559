"""Where the shipped resources (icons, examples, fonts) are, installed or from a checkout."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """``resource_path("examples", "landscape.json")`` → the file inside ``resources/``."""
    return RESOURCES.joinpath(*parts)


def icon_path(kind: str) -> Path:
    """The SVG icon of a service kind (``resources/icons/<kind>.svg``)."""
    return RESOURCES / "icons" / f"{kind}.svg"
