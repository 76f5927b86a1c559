"""Graphics items of the canvas: service boxes, integration arrows, zone areas."""

from desktop_app.canvas.items.integration_item import IntegrationItem
from desktop_app.canvas.items.service_item import ServiceItem
from desktop_app.canvas.items.zone_item import ZoneItem

__all__ = ["IntegrationItem", "ServiceItem", "ZoneItem"]
