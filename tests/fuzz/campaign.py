"""A larger fuzz campaign over the readers, run by hand (not part of the test run).

    python -m tests.fuzz.campaign [--per-class 1000] [--seed 1] [--no-memory]

Each input class is a reader and a family of mutations (see :mod:`tests.fuzz.inputs`).
For every class it prints how many inputs ended in exit 0, 1 and 2, the longest message,
the slowest input and the largest traced memory peak, and every contract violation with
the seeds to replay it (:func:`tests.fuzz.inputs.mutated`).
"""

from __future__ import annotations

import argparse
import random
import tempfile
from collections import Counter
from pathlib import Path

from tests.fuzz.harness import check
from tests.fuzz.inputs import MUTATORS, SUFFIXES, mutated

CLASSES: dict[str, tuple[str, tuple[int, ...]]] = {
    "json bytes (flip, truncate, cut, repeat)": ("json", (0, 1, 2, 3)),
    "json structure (values, keys, entities)": ("json", (4,)),
    "json hostile literals": ("json", (6,)),
    "dot bytes (flip, truncate, cut, repeat)": ("dot", (0, 1, 2, 3)),
    "dot hostile statements": ("dot", (4,)),
    "imap bytes (flip, truncate, page)": ("imap", (0, 1, 2)),
    "imap planted objects and values": ("imap", (3,)),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-class", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-memory", action="store_true", help="skip tracemalloc (faster)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    failures = 0
    print(f"{'class':44} {'inputs':>6} {'exit 0':>6} {'exit 1':>6} {'exit 2':>6} "
          f"{'longest msg':>11} {'slowest':>8} {'peak MB':>7} {'bad':>4}")
    with tempfile.TemporaryDirectory() as folder:
        for label, (kind, mutators) in CLASSES.items():
            codes: Counter[int] = Counter()
            longest = slowest = peak = 0.0
            bad: list[str] = []
            for _ in range(args.per_class):
                count = rng.choice((1, 1, 2, 3))
                steps = [(rng.choice(mutators) % len(MUTATORS[kind]), rng.getrandbits(32))
                         for _ in range(count)]
                data, how = mutated(kind, steps)
                outcome = check(data, SUFFIXES[kind], Path(folder),
                                trace_memory=not args.no_memory)
                codes[outcome.code] += 1
                longest = max(longest, len(outcome.err))
                slowest = max(slowest, outcome.seconds)
                peak = max(peak, outcome.peak_bytes / 2**20)
                problems = outcome.violations()
                if problems:
                    bad.append(f"  {kind} {steps} ({how}): {'; '.join(problems)}")
            failures += len(bad)
            print(f"{label:44} {args.per_class:>6} {codes[0]:>6} {codes[1]:>6} {codes[2]:>6} "
                  f"{int(longest):>11,} {slowest:>7.2f}s {peak:>7.0f} {len(bad):>4}",
                  flush=True)
            for line in bad[:20]:
                print(line)
    print(f"{failures} contract violations")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
