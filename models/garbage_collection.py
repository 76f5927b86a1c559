"""How Integramap keeps Python's cyclic garbage collector out of the user's way.

A 10,000-service model is about a million long-lived Python objects (ORM rows, graphics
items, tree rows). Every full collection scans all of them (~350 ms measured), and any
allocation-heavy step — loading or closing a document, an analysis, building the editor's
views, publishing 30,000 findings — triggers one again and again: half the load time,
a third of an analysis, and an editor that freezes now and then for no visible reason.
Two measures:

* during such a step, collection is paused (:func:`collection_paused`; the step makes no
  cycles that must be freed before it ends);
* once the editor shows a document, everything alive is *frozen* (``gc.freeze``): moved
  to a generation the collector never scans. Reference counting still frees ordinary
  garbage. When a document closes, the objects are unfrozen and collected once, so its
  cycles are not kept, then the survivors (other open documents) are frozen again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic collection inside the block; restores the previous state, so blocks nest
    (an analysis inside a paused load leaves collection paused)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settle_until_exit() -> None:
    """At the end of a command that built a large result with collection paused: keep
    the collector from scanning it all once collection resumes. Objects created during a
    pause are all still in the youngest generation, so the first allocation afterwards
    would scan every one of them (a sixth of ``integramap check`` at 10,000 services),
    although they live until the command ends. Reference counting still frees them."""
    gc.freeze()


def settle_loaded() -> None:
    """After a document's views are built: stop rescanning what now lives for long."""
    gc.freeze()


def release_closed() -> None:
    """After a document closed: let its cycles be collected, then freeze the rest again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
