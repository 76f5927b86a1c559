"""Team repository at enterprise size: push and pull of a 10,000-service model.

Starts a throwaway PostgreSQL cluster (as the tests do), then times what a user waits for:

* first push of the synthetic landscape (every entity a row, one revision) — target < 10 s;
* pull of the latest revision into an ``.imap`` (read every row, validate, write) — < 10 s;
* a push of one edited service on top of it (the everyday save);
* a pull of the first revision after some saves (rebuilt from the history).

Each is measured in-process and as the whole ``integramap repo …`` command from the shell.

Run from the repository root::

    python -m tests.benchmarks.repository_bench [--services 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from models.interchange.json_format import import_json
from models.repository import Checkout, Repository, RepositoryAddress
from tests.benchmarks.synthetic import generate_landscape
from tests.fixtures.postgres_server import PostgresServer

ROOT = Path(__file__).resolve().parents[2]


def _timed(action):
    """Wall-clock seconds and the result; this process's CPU seconds are added to
    :data:`CPU` so a run on a busy machine can be told from a slow one."""
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - start, result


CPU: list[float] = []


def _command(*args: str, password: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of a whole ``integramap`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import sys; from models.cli import main; sys.exit(main())",
         *args],
        check=True, cwd=ROOT, capture_output=True,
        env={**os.environ, "PGPASSWORD": password, "PYTHONPATH": str(ROOT)},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    args = parser.parse_args(argv)

    landscape = generate_landscape(args.services, with_positions=True)
    print(f"{len(landscape['services']):,} services, "
          f"{len(landscape['integrations']):,} integrations")
    server = PostgresServer()
    try:
        server.create_database("bench")
        password = server.password("ana")
        url = server.url("ana", "bench")
        address = RepositoryAddress.parse(server.url("ana", "bench", password=True))
        with Repository(address, check=False) as repository:
            repository.initialise()
        with tempfile.TemporaryDirectory() as folder, Repository(address) as repository:
            workdir = Path(folder)
            document = import_json(landscape)
            seconds, result = _timed(lambda: Checkout.attach(repository, document, "big")
                                     .save("first"))
            print(f"push (in-process):  {seconds:6.2f} s  ({len(result.saved):,} entities; "
                  f"CPU {CPU[-1]:.2f} s)")

            seconds, checkout = _timed(lambda: Checkout.open(repository, "big"))
            seconds_save, _ = _timed(lambda: checkout.document.save(workdir / "big.imap"))
            print(f"pull (in-process):  {seconds + seconds_save:6.2f} s  "
                  f"(read + validate {seconds:.2f} s, write .imap {seconds_save:.2f} s; "
                  f"CPU {CPU[-2] + CPU[-1]:.2f} s)")

            model = checkout.document.model
            first = sorted(model.services)[0]
            model.update(model.services[first], notes="edited")
            seconds, result = _timed(lambda: checkout.save("one edit"))
            print(f"save of one edit:   {seconds:6.2f} s  (revision {result.revision})")
            seconds, _ = _timed(lambda: Checkout.open(repository, "big", revision=1))
            print(f"pull of revision 1: {seconds:6.2f} s  (rebuilt from the history)")
            checkout.document.close()
            document.close()

            source = workdir / "landscape.json"
            source.write_text(json.dumps(landscape))
            wall, cpu = _command("repo", "push", str(source), url, "--model", "big-cli",
                                 password=password)
            print(f"integramap repo push (whole process): {wall:6.2f} s  (CPU {cpu:.2f} s)")
            wall, cpu = _command("repo", "pull", url, "--model", "big-cli",
                                 str(workdir / "pulled.imap"), password=password)
            print(f"integramap repo pull (whole process): {wall:6.2f} s  (CPU {cpu:.2f} s)")
    finally:
        server.remove()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
