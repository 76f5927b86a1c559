"""Make ``tests.benchmarks.synthetic`` importable when pytest is run from anywhere.

The generator lives with the benchmarks (run as ``python -m tests.benchmarks.synthetic``
from the repository root); the tests here import it the same way.
"""

import sys
from pathlib import Path

REPOSITORY = str(Path(__file__).resolve().parents[2])
if REPOSITORY not in sys.path:
    sys.path.insert(0, REPOSITORY)
