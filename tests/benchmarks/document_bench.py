"""Document timings at enterprise size: import, open and save what a user waits for.

Builds the synthetic landscape (10,000 services / ~30,000 integrations by default), then
times the three paths a user waits for:

* JSON import: parse + validate every field and reference + store (target < 3 s),
* ``.imap`` open + full load of every entity into the model (target < 1 s),
* atomic save of the document.

Run from the repository root::

    python -m tests.benchmarks.document_bench [--services 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from models.document import Document
from models.interchange.json_format import export_json, import_json
from tests.benchmarks.synthetic import generate_landscape
from tests.benchmarks.timing import best_of


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    text = json.dumps(generate_landscape(args.services, seed=1, with_positions=True))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "landscape.imap"

        def do_import() -> Document:
            return import_json(text)

        import_s, doc = best_of(args.repeat, do_import)
        model = doc.model
        counts = (len(model.services), len(model.integrations))
        save_s, _ = best_of(args.repeat, lambda: doc.save(path))
        export_s, _ = best_of(args.repeat, lambda: export_json(model))
        doc.close()

        closes: list[float] = []

        def do_open() -> int:
            opened = Document.open(path)
            loaded = len(opened.model.services) + len(opened.model.integrations)
            start = time.perf_counter()
            opened.close()  # timed apart: closing is not part of "open + load"
            closes.append(time.perf_counter() - start)
            return loaded

        open_total, loaded = best_of(args.repeat, do_open)
        close_s = min(closes)
        open_s = open_total - close_s
        size_mb = path.stat().st_size / 1e6

    print(f"landscape: {counts[0]} services, {counts[1]} integrations "
          f"(JSON {len(text) / 1e6:.1f} MB, .imap {size_mb:.1f} MB); best of {args.repeat}")
    print(f"  JSON import (parse+validate+store) {import_s:6.2f} s   target < 3 s")
    print(f"  .imap open + full load            {open_s:6.2f} s   target < 1 s")
    print(f"  close                             {close_s:6.2f} s")
    print(f"  save (atomic)                     {save_s:6.2f} s")
    print(f"  JSON export                       {export_s:6.2f} s")
    assert loaded == sum(counts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
