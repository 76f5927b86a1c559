"""Pausing the cyclic garbage collector around large steps: blocks nest, errors restore."""

from __future__ import annotations

import gc

import pytest

from models.garbage_collection import collection_paused


@pytest.fixture(autouse=True)
def collector_enabled():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_a_pause_restores_collection_when_the_block_ends():
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pauses_resume_only_when_the_outermost_ends():
    with collection_paused():
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an analysis inside a paused load leaves it paused
    assert gc.isenabled()


def test_an_error_inside_the_block_still_restores_collection():
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("load failed")
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled():
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()
