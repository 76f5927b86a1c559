"""``integramap diff`` of two 10,000-service models that differ in 1% of their services.

Builds the synthetic landscape, then a second version of it in which 1% of the services
changed: a third renamed, a third with a new criticality and owner, and a third removed
(with their integrations) and replaced by new ones. Both are saved as ``.imap``
documents; ``integramap diff OLD NEW --format json`` runs as its own process, timed from
start to exit as a user waits for it (target < 3 s). The output is checked against what
was changed.

Run from the repository root::

    python -m tests.benchmarks.diff_bench [--services 10000] [--repeat 3] [--format imap|json]
"""

from __future__ import annotations

import argparse
import copy
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from models.interchange.json_format import import_json
from tests.benchmarks.synthetic import generate_landscape
from tests.benchmarks.timing import best_of

AS_OF = "2026-11-25"


def changed_version(document: dict[str, Any], share: float = 0.01) -> tuple[dict[str, Any], int]:
    """A copy with ``share`` of the services changed, and how many services were touched."""
    changed = copy.deepcopy(document)
    services = changed["services"]
    step = max(1, round(1 / share))
    touched = services[::step]
    teams = [t["id"] for t in changed["teams"]]
    removed: set[str] = set()
    for number, service in enumerate(touched):
        if number % 3 == 0:
            service["name"] += " (renamed)"
        elif number % 3 == 1:
            service["criticality"] = "critical" if service["criticality"] != "critical" else "low"
            service["owner"] = teams[(teams.index(service["owner"]) + 1) % len(teams)] if (
                service.get("owner") in teams) else teams[0]
        else:
            removed.add(service["id"])
    changed["services"] = [s for s in services if s["id"] not in removed]
    changed["services"] += [
        {"id": f"new-service-{n}", "name": f"New service {n}", "kind": "application"}
        for n in range(len(removed))
    ]
    changed["integrations"] = [
        i for i in changed["integrations"] if i["source"] not in removed and i["target"] not in
        removed
    ]
    for view in changed.get("views", []):
        for service_id in removed:
            view.get("positions", {}).pop(service_id, None)
    changed["waivers"] = [w for w in changed.get("waivers", []) if w["subject"] not in removed]
    return changed, len(touched) + len(removed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", choices=("imap", "json"), default="imap")
    args = parser.parse_args(argv)

    old = generate_landscape(args.services, seed=1, with_positions=True)
    new, touched = changed_version(old)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, document in (("old", old), ("new", new)):
            path = Path(tmp) / f"{name}.{args.format}"
            if args.format == "json":
                path.write_text(json.dumps(document), encoding="utf-8")
            else:
                with import_json(document) as stored:
                    stored.save(path)
            paths.append(path)
        command = [str(Path(sys.executable).with_name("integramap")), "diff", *map(str, paths),
                   "--as-of", AS_OF, "--format", "json"]

        def run() -> subprocess.CompletedProcess[str]:
            return subprocess.run(command, capture_output=True, text=True, check=False)

        seconds, outcome = best_of(args.repeat, run)
    assert outcome.returncode == 1, outcome.stderr
    result = json.loads(outcome.stdout)
    added, removed = len(result["added"]["services"]), len(result["removed"]["services"])
    renamed = sum(1 for c in result["changed"] if c["kind"] == "service"
                  and any(f["field"] == "name" for f in c["fields"]))
    print(f"two {args.services:,}-service models ({args.format}), {touched:,} services touched: "
          f"{added} added, {removed} removed, {renamed} renamed, "
          f"{len(result['changed'])} entities changed; findings "
          f"{len(result['findings']['new'])} new, {len(result['findings']['resolved'])} "
          f"resolved, {result['findings']['unchanged']} still open")
    print(f"  integramap diff, whole process {seconds:6.2f} s   target < 3 s "
          f"(best of {args.repeat})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
