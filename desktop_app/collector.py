"""How the editor keeps Python's cyclic garbage collector out of the user's way.

A 10,000-service model is about a million long-lived Python objects (ORM rows, graphics
items, tree rows). Every full collection scans all of them (~350 ms measured), and any
allocation-heavy step — building views, publishing 30,000 findings — triggers one, so the
window would freeze now and then for no visible reason. Two measures:

* while the views of a document are built, collection is paused (nothing cyclic is freed
  during a build anyway);
* once a document is shown, everything alive is *frozen* (``gc.freeze``): moved to a
  generation the collector never scans. Reference counting still frees ordinary garbage.
  When a document closes, the objects are unfrozen and collected once, so its cycles are
  not kept, then the survivors (other open documents) are frozen again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic collection inside the block; restores the previous state."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settle_loaded() -> None:
    """After a document's views are built: stop rescanning what now lives for long."""
    gc.freeze()


def release_closed() -> None:
    """After a document closed: let its cycles be collected, then freeze the rest again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
