"""Which services a view shows.

A hand-made view holds the services placed on it; every other scope is worked out from the
model each time it is asked, so a generated view never goes stale: a service moved into
the zone, handed to the team or given the stage appears in it, and a neighbourhood follows
the integrations as they are drawn. A subject that no longer exists (a deleted zone) shows
nothing rather than failing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection

from models.domain import TEAM_REFERENCES, Environment, Model, View
from models.domain.enums import RUNTIME_KINDS, IntegrationKind, ViewScope


def shown_services(model: Model, view: View) -> set[str]:
    """The ids of the services ``view`` shows."""
    scope = view.scope
    services = model.services
    subject = view.subject
    if scope is ViewScope.EVERYTHING:
        return set(services)
    if scope is ViewScope.HAND_MADE:
        return {sid for sid in view.positions if sid in services}
    if scope is ViewScope.ZONE:
        return {sid for sid, s in services.items() if s.zone_id == subject}
    if scope is ViewScope.TEAM:
        return {
            sid for sid, s in services.items()
            if any(getattr(s, ref) == subject for ref in TEAM_REFERENCES)
        }
    if scope is ViewScope.LOCATION:
        return {sid for sid, s in services.items() if subject in s.location_ids}
    if scope is ViewScope.REGION:
        wanted = subject.strip().lower()
        places = {lid for lid, loc in model.locations.items()
                  if loc.region.strip().lower() == wanted}
        return {sid for sid, s in services.items() if places.intersection(s.location_ids)}
    if scope is ViewScope.STAGE:
        if subject not in Environment._value2member_map_:
            return set()
        stage = Environment(subject)
        return {sid for sid, s in services.items() if stage in s.environments}
    if scope is ViewScope.NEIGHBOURHOOD:
        return neighbourhood(model, subject, view.depth, view.kinds)
    if scope is ViewScope.RUNTIME:
        return {
            sid for sid in services
            if any(i.kind in RUNTIME_KINDS for i in model.integrations_of(sid))
        }
    raise ValueError(f"unknown view scope {scope!r}")


def neighbourhood(
    model: Model, service_id: str, depth: int, kinds: Collection[IntegrationKind]
) -> set[str]:
    """``service_id`` with what it relies on and what relies on it, up to ``depth``
    integrations of ``kinds`` away, in both directions (a breadth-first walk)."""
    if service_id not in model.services:
        return set()
    wanted = set(kinds)
    found = {service_id}
    frontier: deque[tuple[str, int]] = deque([(service_id, 0)])
    while frontier:
        sid, distance = frontier.popleft()
        if distance >= depth:
            continue
        for integration in model.integrations_of(sid):
            if integration.kind not in wanted:
                continue
            other = integration.target_id if integration.source_id == sid else integration.source_id
            if other not in found:
                found.add(other)
                frontier.append((other, distance + 1))
    return found
