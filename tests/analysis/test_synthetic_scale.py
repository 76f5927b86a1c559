"""The analysis on generated landscapes: no crash, JSON-serialisable, same result every time."""

from __future__ import annotations

import json

import pytest

from models.analysis import RULES, analyse
from models.interchange.json_format import import_json
from tests.benchmarks.synthetic import generate_landscape
from tests.fixtures.landscape_builder import AS_OF


@pytest.mark.parametrize("size", [1, 2, 300])
def test_generated_landscape_analyses_deterministically(size):
    landscape = generate_landscape(size, seed=3)
    with import_json(landscape) as first, import_json(landscape) as second:
        one = analyse(first.model, as_of=AS_OF)
        two = analyse(second.model, as_of=AS_OF)
        assert one == two
        assert json.loads(json.dumps(one.to_json())) == one.to_json()
        assert set(one.blast_radius) == set(first.model.services)
        assert sorted(s for wave in one.recovery_waves for s in wave) == sorted(
            first.model.services
        )
        assert {f.rule for f in one.findings} <= set(RULES)
        subjects = (
            set(first.model.services) | set(first.model.integrations) | set(first.model.teams)
        )
        assert all(set(f.subjects) <= subjects for f in one.findings)


def test_result_does_not_depend_on_the_order_things_were_entered():
    import random

    landscape = generate_landscape(120, seed=5)
    shuffled = json.loads(json.dumps(landscape))
    rng = random.Random(9)
    for key in ("zones", "zone_policy", "locations", "teams", "services", "integrations"):
        rng.shuffle(shuffled[key])
    with import_json(landscape) as first, import_json(shuffled) as second:
        assert analyse(first.model, as_of=AS_OF) == analyse(second.model, as_of=AS_OF)
