"""Transitive reach over the reliance graph, checked against networkx's own searches."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from models.analysis.derived import Reach


def _random_graph(seed: int, nodes: int = 60, edges: int = 120) -> nx.DiGraph:
    rng = random.Random(seed)
    graph = nx.DiGraph()
    graph.add_nodes_from(f"s{n:03d}" for n in range(nodes))
    names = sorted(graph.nodes)
    for _ in range(edges):
        source, target = rng.choice(names), rng.choice(names)
        if source != target:  # the model refuses a service relying on itself
            graph.add_edge(source, target)  # cycles too
    return graph


@pytest.mark.parametrize("seed", range(8))
def test_blast_radius_matches_ancestors(seed):
    graph = _random_graph(seed)
    reach = Reach(graph)
    expected = {sid: len(nx.ancestors(graph, sid) - {sid}) for sid in graph}
    assert reach.blast_radius() == expected


@pytest.mark.parametrize("seed", range(8))
def test_relied_on_by_matches_descendants(seed):
    graph = _random_graph(seed)
    reach = Reach(graph)
    consumers = sorted(graph.nodes)[::7]
    expected = set()
    in_cycles = {s for c in nx.strongly_connected_components(graph) if len(c) > 1 for s in c}
    for sid in consumers:
        expected |= nx.descendants(graph, sid) | ({sid} & in_cycles)
    assert set(reach.names(reach.relied_on_by(reach.bits(consumers)))) == expected


@pytest.mark.parametrize("seed", range(8))
def test_recovery_waves_put_providers_first(seed):
    graph = _random_graph(seed)
    reach = Reach(graph)
    wave_of = {sid: n for n, wave in enumerate(reach.recovery_waves()) for sid in wave}
    assert set(wave_of) == set(graph.nodes)
    component = reach.component_of
    for consumer, provider in graph.edges:
        if component[consumer] != component[provider]:
            assert wave_of[provider] < wave_of[consumer]
        else:
            assert wave_of[provider] == wave_of[consumer]
    cycles = {tuple(c) for c in reach.cycles}
    expected = {tuple(sorted(c)) for c in nx.strongly_connected_components(graph) if len(c) > 1}
    assert cycles == expected


def test_a_consumer_in_a_cycle_relies_on_itself_and_others_do_not():
    graph = nx.DiGraph([("a", "b"), ("b", "a"), ("c", "d")])
    reach = Reach(graph)
    assert reach.names(reach.relied_on_by(reach.bits(["a"]))) == ["a", "b"]
    assert reach.names(reach.relied_on_by(reach.bits(["c"]))) == ["d"]


def test_names_lists_ids_in_order_with_a_limit():
    graph = nx.DiGraph()
    graph.add_nodes_from(["c", "a", "b"])
    reach = Reach(graph)
    everything = reach.bits(["c", "b", "a", "unknown"])
    assert reach.names(everything) == ["a", "b", "c"]
    assert reach.names(everything, 2) == ["a", "b"]
