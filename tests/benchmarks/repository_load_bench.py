"""Many architects saving one model at once: throughput, conflicts, and no lost update.

Eight writer processes (``--writers``) each make 200 saves (``--saves``) to the same
model in a throwaway PostgreSQL cluster, bounded by ``--seconds``. Each save refreshes,
adds one to a random service's ``instances`` (a read-modify-write: exactly what a lost
update would lose) and writes a token into its notes. A save refused as a conflict is
resolved by taking the colleague's version and doing the increment again, as a user
would.

At the end the benchmark reports saves per second and conflicts detected, and asserts
that no update was lost:

* every save a writer was told succeeded is a revision in the history, containing that
  writer's token for that service;
* for every entity the versions in the history run 1, 2, 3… and each change's "before"
  is the previous change's "after" (nobody wrote over a version they had not seen);
* the final ``instances`` of the services add up to the start plus every acknowledged
  increment.

Run from the repository root::

    python -m tests.benchmarks.repository_load_bench [--writers 8] [--saves 200]
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import random
import time
from collections import defaultdict
from pathlib import Path

from models.interchange import load_model_file
from models.repository import Checkout, Repository, RepositoryAddress
from tests.fixtures.postgres_server import PostgresServer

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "landscape.json"
MODEL = "load"


def writer(number: int, url: str, saves: int, deadline: float, queue) -> None:
    """One architect: refresh, edit, save — ``saves`` times or until the deadline."""
    rng = random.Random(number)
    acknowledged: list[tuple[int, str, str]] = []
    conflicts = 0
    with Repository(RepositoryAddress.parse(url)) as repository:
        checkout = Checkout.open(repository, MODEL)
        model = checkout.document.model
        services = sorted(model.services)
        for index in range(saves):
            if time.monotonic() > deadline:
                break
            service_id = rng.choice(services)
            token = f"w{number}-{index}"
            checkout.refresh()
            while True:
                service = model.services[service_id]
                model.update(service, instances=service.instances + 1, notes=token)
                result = checkout.save(f"writer {number}, save {index}")
                if not result.conflicts:
                    assert result.revision is not None
                    acknowledged.append((result.revision, service_id, token))
                    break
                conflicts += len(result.conflicts)
                for conflict in result.conflicts:
                    checkout.resolve(conflict, conflict.theirs.content)
        checkout.document.close()
    queue.put((number, acknowledged, conflicts))


def verify(repository: Repository, acknowledged: list[tuple[int, str, str]],
           start_instances: int) -> None:
    """Assert that every acknowledged save is in the history and nothing was overwritten."""
    history = repository.history(MODEL)
    revisions = {info.number for info in history}
    assert len(revisions) == len(acknowledged) + 1, (len(revisions), len(acknowledged))
    by_revision = {}
    for number in sorted(revisions):
        by_revision[number] = {c.key: c for c in repository.changes(MODEL, number)}
    for revision, service_id, token in acknowledged:
        change = by_revision[revision][("service", service_id)]
        assert change.after["notes"] == token, (revision, service_id, token)
    chains: dict[tuple[str, str], list] = defaultdict(list)
    for number in sorted(by_revision):
        for key, change in by_revision[number].items():
            chains[key].append(change)
    for key, changes in chains.items():
        for previous, following in itertools.pairwise(changes):
            assert following.before == previous.after, key
    snapshot = repository.snapshot(MODEL)
    versions = {k: e.version for k, e in snapshot.entries.items()}
    for key, changes in chains.items():
        assert versions[key] == len(changes), key
    final = sum(content["instances"] for (kind, _), content in snapshot.records.items()
                if kind == "service")
    assert final == start_instances + len(acknowledged), (final, start_instances,
                                                         len(acknowledged))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=900.0,
                        help="stop writers after this long (default 900)")
    args = parser.parse_args(argv)

    server = PostgresServer()
    try:
        server.create_database("load")
        url = server.url("ana", "load", password=True)
        with Repository(RepositoryAddress.parse(url), check=False) as repository:
            repository.initialise()
        with Repository(RepositoryAddress.parse(url)) as repository, \
                load_model_file(EXAMPLE) as document:
            Checkout.attach(repository, document, MODEL).save("start")
            start_instances = sum(s.instances for s in document.model.services.values())

        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        started = time.monotonic()
        deadline = started + args.seconds
        processes = [
            context.Process(target=writer, args=(n, url, args.saves, deadline, queue))
            for n in range(args.writers)
        ]
        for process in processes:
            process.start()
        results = [queue.get() for _ in processes]
        for process in processes:
            process.join()
        elapsed = time.monotonic() - started

        acknowledged = [entry for _n, done, _c in results for entry in done]
        conflicts = sum(c for _n, _done, c in results)
        print(f"{args.writers} writers x {args.saves} saves on one model "
              f"({len(acknowledged):,} saves completed in {elapsed:.1f} s)")
        print(f"  saves per second:    {len(acknowledged) / elapsed:8.1f}")
        print(f"  conflicts detected:  {conflicts:8,}  (each resolved and the edit redone)")
        with Repository(RepositoryAddress.parse(url)) as repository:
            verify(repository, acknowledged, start_instances)
        print("  lost updates:               0  (every acknowledged save is in the history, "
              "every version chain is unbroken, the increments add up)")
    finally:
        server.remove()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
