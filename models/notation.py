"""The visual language shared by the editor canvas and the PDF diagram.

One table of colours and line styles, so a database is the same colour on the screen and
on paper and a monitoring arrow is dashed the same way in both. Qt-free: colours are
``#rrggbb`` strings and dash patterns are lists of on/off lengths in line widths.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.domain.enums import Criticality, IntegrationKind, ServiceKind


@dataclass(frozen=True, slots=True)
class KindStyle:
    """How a service kind is drawn: fill of its icon badge and a short glyph for tiny sizes."""

    colour: str
    glyph: str


@dataclass(frozen=True, slots=True)
class LineStyle:
    """How an integration kind is drawn. ``dash`` empty means a solid line."""

    colour: str
    dash: tuple[float, ...]
    width: float = 1.6


SERVICE_STYLES: dict[ServiceKind, KindStyle] = {
    ServiceKind.APPLICATION: KindStyle("#4C6EF5", "APP"),
    ServiceKind.PORTAL: KindStyle("#1C7ED6", "WEB"),
    ServiceKind.DATABASE: KindStyle("#E8590C", "DB"),
    ServiceKind.IDENTITY_PROVIDER: KindStyle("#AE3EC9", "IDP"),
    ServiceKind.MONITORING: KindStyle("#2B8A3E", "MON"),
    ServiceKind.LOGGING: KindStyle("#5C940D", "LOG"),
    ServiceKind.BACKUP: KindStyle("#C2255C", "BAK"),
    ServiceKind.GATEWAY: KindStyle("#0B7285", "GW"),
    ServiceKind.FIREWALL: KindStyle("#C92A2A", "FW"),
    ServiceKind.MESSAGE_BROKER: KindStyle("#E67700", "MQ"),
    ServiceKind.STORAGE: KindStyle("#795548", "STO"),
    ServiceKind.COMPUTE: KindStyle("#495057", "CPU"),
    ServiceKind.NETWORK: KindStyle("#1864AB", "NET"),
    ServiceKind.DNS: KindStyle("#087F5B", "DNS"),
    ServiceKind.CI_CD: KindStyle("#6741D9", "CI"),
    ServiceKind.OTHER: KindStyle("#868E96", "•"),
}

INTEGRATION_STYLES: dict[IntegrationKind, LineStyle] = {
    IntegrationKind.DEPENDS_ON: LineStyle("#343A40", (), 2.0),
    IntegrationKind.ADMIN_AUTH: LineStyle("#AE3EC9", (6, 3)),
    IntegrationKind.USER_AUTH: LineStyle("#D6336C", (6, 3)),
    IntegrationKind.MONITORING: LineStyle("#2B8A3E", (2, 3)),
    IntegrationKind.LOGGING: LineStyle("#5C940D", (2, 3)),
    IntegrationKind.BACKUP: LineStyle("#C2255C", (8, 3, 2, 3)),
    IntegrationKind.GATEWAY: LineStyle("#0B7285", (), 2.6),
    IntegrationKind.DEPLOYS_VIA: LineStyle("#6741D9", (4, 4)),
    IntegrationKind.ASSET_TRACKING: LineStyle("#868E96", (1, 3)),
    IntegrationKind.DATA_FLOW: LineStyle("#E67700", (10, 4)),
}

ZONE_FILLS: dict[int, str] = {
    0: "#FFF0F0",  # internet
    1: "#FFF8E6",  # DMZ
    2: "#EEF6FF",  # internal
    3: "#F1EEFF",  # restricted
    4: "#EEF8F1",  # management
}
ZONE_BORDERS: dict[int, str] = {
    0: "#E03131",
    1: "#F08C00",
    2: "#1C7ED6",
    3: "#7048E8",
    4: "#2F9E44",
}
UNZONED_FILL, UNZONED_BORDER = "#F8F9FA", "#868E96"
"""Neutral fill and border: the PDF's band over services in no zone, and any trust level
the two tables above lack."""

SEVERITY_COLOURS: dict[str, str] = {
    "critical": "#C92A2A",
    "high": "#E8590C",
    "medium": "#F59F00",
    "low": "#1C7ED6",
    "info": "#868E96",
}

CRITICALITY_STRIPES: dict[Criticality, str] = {
    Criticality.CRITICAL: SEVERITY_COLOURS["critical"],
    Criticality.HIGH: SEVERITY_COLOURS["high"],
}
"""The stripe on the left edge of a high or critical service's box."""
SERVICE_BORDER = "#495057"
"""Outline of a service box."""
SERVICE_CORNER = 8.0
"""Corner radius of a service box, in scene units."""
SERVICE_ICON_SIZE = 32.0
"""Side of the kind icon in a service box, in scene units."""

SERVICE_SIZE = (180.0, 64.0)
"""Width and height of a service box saved without a size of its own, in scene units
(points in the PDF). Views saved so far mean this size by a box without one, so it stays:
a file opens exactly as it was saved."""

LAYOUT_SERVICE_SIZE = (220.0, 64.0)
"""Size auto-layout gives a service box (wider still for a long name, see
``models.layout.label_width``): room for a typical name such as "Container platform" at
the canvas' name font. Boxes of this size are saved with their size."""

SERVICE_NAME_PIXELS = 15.0
"""Height in scene pixels of the bold font a service's name is drawn in on the canvas."""
SERVICE_TEXT_INSET = 58.0
"""Width of a service box not available to its name: the kind icon and the margins."""
ZONE_TITLE_PIXELS = 25.0
"""Largest height in scene pixels of a zone's bold title on the canvas (zoomed out)."""
ZONE_TITLE_INSET = 28.0
"""Width of a zone area not available to its title: the margins of the title band."""
