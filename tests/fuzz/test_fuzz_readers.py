"""Fuzzing the JSON, DOT and ``.imap`` readers through ``integramap check``.

Hypothesis draws chains of seeded mutations of a valid model (see
:mod:`tests.fuzz.inputs`) and every outcome must keep the contract of
:mod:`tests.fuzz.harness`. The runs are derandomised and few, so the suite stays fast
and reproducible; ``python -m tests.fuzz.campaign`` runs thousands by hand.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.harness import check
from tests.fuzz.inputs import SUFFIXES, mutated

STEPS = st.lists(
    st.tuples(st.integers(0, 20), st.integers(0, 2**32 - 1)), min_size=1, max_size=3
)
EXAMPLES = {"json": 45, "dot": 45, "imap": 30}


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_every_mutated_input_gets_a_clean_outcome(kind):
    @settings(
        max_examples=EXAMPLES[kind],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(steps=STEPS)
    def run(steps):
        data, how = mutated(kind, steps)
        with tempfile.TemporaryDirectory() as folder:
            outcome = check(data, SUFFIXES[kind], Path(folder))
        assert not outcome.violations(), (how, steps, outcome.violations(), outcome.err[:500])

    run()


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_the_unmutated_seed_is_checked_normally(kind, tmp_path):
    outcome = check(mutated(kind, [])[0], SUFFIXES[kind], tmp_path)
    assert outcome.code in (0, 1) and not outcome.violations(), outcome.err
