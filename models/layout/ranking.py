"""Ranking services by reliance with networkx: the layout used when Graphviz is absent.

Every integration reads "SOURCE relies on TARGET", so services nobody relies on go in
the top row and what they rely on below them, the way architects draw layers. Cycles are
collapsed first (their services share a rank). Within a rank, services are ordered by the
mean position of what relies on them (one barycentre sweep), which removes most
crossings at linear cost — fine for 10,000 services.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx


def reliance_ranks(service_ids: list[str], edges: list[tuple[str, str]]) -> list[list[str]]:
    """Services split into ranks (top first), each rank in left-to-right order."""
    graph = nx.DiGraph()
    graph.add_nodes_from(service_ids)
    graph.add_edges_from(edges)
    condensed = nx.condensation(graph)
    members = condensed.graph["mapping"]
    by_component: dict[int, list[str]] = defaultdict(list)
    for sid in service_ids:
        by_component[members[sid]].append(sid)
    ranks: list[list[str]] = []
    for generation in nx.topological_generations(condensed):
        ranks.append([sid for comp in sorted(generation) for sid in by_component[comp]])
    return order_by_barycentre(ranks, graph)


def order_by_barycentre(ranks: list[list[str]], graph: nx.DiGraph) -> list[list[str]]:
    """Reorder each rank by the mean relative column of its already placed predecessors.

    Columns are fractions (0 = left end, 1 = right end of a rank) so ranks of different
    lengths compare; a service with no placed predecessor keeps its own relative place.
    """
    column: dict[str, float] = {}
    ordered: list[list[str]] = []
    for rank in ranks:
        span = max(len(rank) - 1, 1)
        keyed = []
        for index, sid in enumerate(rank):
            seen = [column[p] for p in graph.predecessors(sid) if p in column]
            centre = sum(seen) / len(seen) if seen else index / span
            keyed.append((centre, index, sid))
        keyed.sort()
        rank = [sid for _, _, sid in keyed]
        for index, sid in enumerate(rank):
            column[sid] = index / span
        ordered.append(rank)
    return ordered
