"""Results derived from the reliance graph's structure: blast radius, recovery waves, cycles.

Everything here works on the *condensation* of the graph (each reliance cycle collapsed into
one node), so cycles never break an ordering; they are reported instead. Transitive reach is
computed once for all services with Python integers as bit sets (one bit per service), which
keeps "how many services rely on X, transitively" linear in the number of edges times a
cheap big-integer OR, instead of one graph search per service (quadratic at 10,000 services).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx


class Reach:
    """Transitive reliance over one reliance graph (edges consumer → provider).

    Services are numbered in id order; a set of services is an ``int`` with those bits set.
    """

    def __init__(self, graph: nx.DiGraph) -> None:
        self.ids: list[str] = sorted(graph.nodes)
        self.index: dict[str, int] = {sid: i for i, sid in enumerate(self.ids)}
        components = sorted(
            (sorted(c) for c in nx.strongly_connected_components(graph)), key=lambda c: c[0]
        )
        self.component_of: dict[str, int] = {}
        for number, members in enumerate(components):
            for sid in members:
                self.component_of[sid] = number
        self.components = components
        succ = graph.succ
        providers: list[set[int]] = [set() for _ in components]
        for number, members in enumerate(components):
            for sid in members:
                for provider in succ[sid]:
                    other = self.component_of[provider]
                    if other != number:
                        providers[number].add(other)
        self._providers = providers
        self.cycles: list[list[str]] = [c for c in components if len(c) > 1]
        self._order = _topological(providers)
        self._member_bits = [self._bits(members) for members in components]
        self._relying_bits = self._relying()

    def _bits(self, ids: Iterable[str]) -> int:
        bits = 0
        for sid in ids:
            bits |= 1 << self.index[sid]
        return bits

    def _relying(self) -> list[int]:
        """Per component: the services that rely on it transitively (itself excluded)."""
        relying = [0] * len(self.components)
        # Consumers come before their providers in self._order.
        for number in self._order:
            inherited = relying[number] | self._member_bits[number]
            for provider in self._providers[number]:
                relying[provider] |= inherited
        return relying

    # ------------------------------------------------------------------ queries

    def bits(self, ids: Iterable[str]) -> int:
        """The set of these services (unknown ids ignored)."""
        return self._bits(sid for sid in ids if sid in self.index)

    def relying_on(self, sid: str) -> int:
        """Services that rely on ``sid`` directly or transitively, ``sid`` itself excluded."""
        number = self.component_of[sid]
        return (self._relying_bits[number] | self._member_bits[number]) & ~(
            1 << self.index[sid]
        )

    def blast_radius(self) -> dict[str, int]:
        """For every service, how many services rely on it (transitively)."""
        return {sid: self.relying_on(sid).bit_count() for sid in self.ids}

    def relied_on_by(self, consumers: int) -> int:
        """Every service that at least one of ``consumers`` relies on, transitively.

        A consumer inside a reliance cycle relies on itself through the cycle, so it is
        included; any other consumer is not.
        """
        reached = 0
        needed = [False] * len(self.components)
        for number in self._order:
            if self._member_bits[number] & consumers:
                needed[number] = True
            if needed[number]:
                for provider in self._providers[number]:
                    needed[provider] = True
                    reached |= self._member_bits[provider]
        # Members of a consumer's own cycle are relied on by it as well.
        for number, members in enumerate(self._member_bits):
            if members & consumers and len(self.components[number]) > 1:
                reached |= members
        return reached

    def names(self, bits: int, limit: int | None = None) -> list[str]:
        """The ids in a set, in id order (the first ``limit`` of them)."""
        found: list[str] = []
        while bits and (limit is None or len(found) < limit):
            low = bits & -bits
            found.append(self.ids[low.bit_length() - 1])
            bits ^= low
        return found

    def recovery_waves(self) -> list[list[str]]:
        """Restore order: a service's wave comes after the waves of everything it relies on.

        Wave 0 holds services that rely on nothing; members of a cycle share one wave.
        """
        wave = [0] * len(self.components)
        for number in reversed(self._order):
            providers = self._providers[number]
            if providers:
                wave[number] = 1 + max(wave[p] for p in providers)
        waves: list[list[str]] = [[] for _ in range(max(wave, default=-1) + 1)]
        for number, members in enumerate(self.components):
            waves[wave[number]].extend(members)
        return [sorted(w) for w in waves]


def _topological(providers: list[set[int]]) -> list[int]:
    """Components ordered consumers first (Kahn's algorithm; the condensation is acyclic)."""
    waiting = [0] * len(providers)
    for targets in providers:
        for target in targets:
            waiting[target] += 1
    ready = [n for n, count in enumerate(waiting) if count == 0]
    order: list[int] = []
    while ready:
        number = ready.pop()
        order.append(number)
        for target in providers[number]:
            waiting[target] -= 1
            if waiting[target] == 0:
                ready.append(target)
    return order

