"""Many architects saving one model at once: throughput, conflicts, and no lost update.

Eight writer processes (``--writers``) each make 200 saves (``--saves``) to the same
model in a throwaway PostgreSQL cluster, bounded by ``--seconds``; ``--services`` limits
the services they edit (fewer: more conflicts). Each save refreshes, adds one to a
service's ``instances`` (a read-modify-write) and writes a token into its notes; a
conflict is resolved by taking the colleague's version and redoing the increment (see
:mod:`tests.fixtures.concurrent_saves`).

It reports saves per second and conflicts detected, and asserts that no update was lost:
every acknowledged save is in the history with its token, every entity's version chain
is unbroken, and the increments add up.

Run from the repository root::

    python -m tests.benchmarks.repository_load_bench [--writers 8] [--saves 200]
"""

from __future__ import annotations

import argparse

from models.repository import Repository, RepositoryAddress
from tests.fixtures.concurrent_saves import run_writers, verify
from tests.fixtures.postgres_server import PostgresServer

MODEL = "load"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--services", type=int, default=1000,
                        help="edit only the first N services (default: all)")
    parser.add_argument("--seconds", type=float, default=900.0,
                        help="stop writers after this long (default 900)")
    args = parser.parse_args(argv)

    server = PostgresServer()
    try:
        server.create_database("load")
        url = server.url("ana", "load", password=True)
        with Repository(RepositoryAddress.parse(url), check=False) as repository:
            repository.initialise()
        load = run_writers(url, MODEL, writers=args.writers, saves=args.saves,
                           services=args.services, seconds=args.seconds)
        saves = len(load.acknowledged)
        print(f"{args.writers} writers x {args.saves} saves on one model "
              f"({saves:,} saves completed in {load.seconds:.1f} s)")
        print(f"  saves per second:    {saves / load.seconds:8.1f}")
        print(f"  conflicts detected:  {load.conflicts:8,}  (each resolved and the edit redone)")
        with Repository(RepositoryAddress.parse(url)) as repository:
            verify(repository, MODEL, load)
        print("  lost updates:               0  (every acknowledged save is in the history, "
              "every version chain is unbroken, the increments add up)")
    finally:
        server.remove()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
