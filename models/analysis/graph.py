"""The reliance graph: which services a service needs *at runtime*, and which way traffic goes.

Every integration reads "SOURCE relies on TARGET for KIND", so every edge of the
graph points from the consumer to its provider. Not every kind of reliance makes a service
stop when the other end is down, though, and single-point-of-failure analysis, blast radius
and the recovery order must only follow the kinds that do:

Runtime reliance (edges of :func:`reliance_graph`)
    ``depends_on``
        the definition of a runtime dependency.
    ``gateway``
        users reach the source through the gateway; without it the service is unreachable.
    ``user_auth``
        users cannot sign in without the identity provider, so the service is down for them.
    ``data_flow``
        the source's function consumes the flow; when the other end stops, the business
        process the source serves stops, even if its processes stay up. Not a *batch* flow
        (``mode`` batch: a nightly file drop): the source works on the last delivery until
        the next one, so a batch link of any kind is no edge of the graph.

Supporting capabilities (not in the graph)
    ``admin_auth``
        only administrators are locked out; the service keeps serving its users. Counting it
        would make the administrators' identity provider the "single point of failure" of
        every service, burying the real ones. Whether admins can log in is checked by
        INT-003/INT-004 instead.
    ``monitoring``, ``logging``, ``backup``, ``deploys_via``, ``asset_tracking``
        losing them makes a service blind, unrecoverable or unmanaged, which the INT rules
        report, but it keeps running.

Zone policy is about network connections, not reliance, so its direction follows the
integration's *initiator* (:attr:`Integration.initiator`): the source opens the connection
for every kind except ``gateway``, where the gateway (the target) connects to the service
behind it — unless the integration overrides it. :func:`connection` gives that direction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import networkx as nx

from models.domain import enums as domain_enums
from models.domain.enums import Initiator, IntegrationKind, IntegrationMode
from models.domain.model import Model


class IntegrationLike(Protocol):
    """An integration entity, or the analysis' snapshot of one."""

    @property
    def id(self) -> str: ...
    @property
    def source_id(self) -> str: ...
    @property
    def target_id(self) -> str: ...
    @property
    def kind(self) -> IntegrationKind: ...
    @property
    def initiator(self) -> Initiator: ...
    @property
    def mode(self) -> IntegrationMode: ...

RUNTIME_KINDS: frozenset[IntegrationKind] = frozenset(domain_enums.RUNTIME_KINDS)
"""Integration kinds that make the source stop serving its users when the target is down
(the runtime layer, declared with the vocabulary in :mod:`models.domain.enums`)."""

SUPPORTING_KINDS: frozenset[IntegrationKind] = frozenset(domain_enums.SUPPORTING_KINDS)
"""Integration kinds that add a capability (monitoring, backup…) without runtime reliance."""


RECOVERY_KINDS: frozenset[IntegrationKind] = RUNTIME_KINDS | {
    IntegrationKind.BACKUP,
    IntegrationKind.ADMIN_AUTH,
}
"""What a service needs back before it can be restored: what it relies on at runtime, the
backup it is restored from and the identity provider its administrators log in through."""


def is_runtime(integration: IntegrationLike) -> bool:
    """Whether the integration is an edge of the reliance graph."""
    return integration.kind in RUNTIME_KINDS and integration.mode is not IntegrationMode.BATCH


def connection(integration: IntegrationLike) -> tuple[str, str]:
    """``(initiating service, responding service)``: the direction a firewall sees."""
    if integration.initiator is Initiator.TARGET:
        return integration.target_id, integration.source_id
    return integration.source_id, integration.target_id


def reliance_graph(model: Model) -> nx.DiGraph:
    """Every service as a node; an edge consumer → provider per runtime reliance.

    Edges carry ``integrations`` (the ids behind the edge, sorted) and ``kinds`` (their kinds'
    words, sorted). The model refuses an integration of a service with itself, so the graph
    has no self-loops.
    """
    return build_graph(model.services, model.integrations.values())


def build_graph(
    service_ids: Iterable[str],
    integrations: Iterable[IntegrationLike],
    edge_kinds: frozenset[IntegrationKind] = RUNTIME_KINDS,
) -> nx.DiGraph:
    """:func:`reliance_graph` from already gathered parts (the analysis reuses its own lists).

    ``edge_kinds`` chooses the edges: the runtime kinds by default, :data:`RECOVERY_KINDS` for
    the disaster-recovery order. Batch integrations are never edges.
    """
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(service_ids))
    edges: dict[tuple[str, str], tuple[list[str], set[str]]] = {}
    for integration in integrations:
        if integration.kind not in edge_kinds or integration.mode is IntegrationMode.BATCH:
            continue
        ids, kinds = edges.setdefault((integration.source_id, integration.target_id), ([], set()))
        ids.append(integration.id)
        kinds.add(integration.kind.value)
    graph.add_edges_from(
        (source, target, {"integrations": sorted(ids), "kinds": sorted(kinds)})
        for (source, target), (ids, kinds) in sorted(edges.items())
    )
    return graph
