"""Design-review PDF at size (target: 1,000 services in < 20 s, < 1 GB memory).

Builds the synthetic landscape, imports it, then times ``export_pdf`` end to end: the
analysis, the auto-layout of the diagram (the synthetic model has no saved positions
unless ``--positions`` is given, like a model imported from a CMDB), the story and both
layout passes. Prints wall and CPU time, pages, file size and the process's peak resident memory
(``ru_maxrss``, which includes the model itself: the honest figure a user's machine sees).
``--tracemalloc`` additionally reports the Python-heap peak of the export alone (slower).

Run from the repository root::

    python -m tests.benchmarks.pdf_bench [--services 1000] [--positions] [--tracemalloc]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from pypdf import PdfReader

from models.interchange.json_format import import_json
from models.report import export_pdf
from tests.benchmarks.synthetic import generate_landscape

AS_OF = dt.date(2026, 11, 25)


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--positions", action="store_true", help="use saved positions")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace the heap peak")
    args = parser.parse_args(argv)

    document = import_json(generate_landscape(args.services, seed=args.seed,
                                              with_positions=args.positions))
    model = document.model
    before = peak_rss_mib()
    steps: list[int] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "review.pdf"
        if args.tracemalloc:
            tracemalloc.start()
        start, cpu_start = time.perf_counter(), time.process_time()
        export_pdf(model, out, as_of=AS_OF, progress=lambda done, total, label: steps.append(done))
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
        heap_peak = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else None
        tracemalloc.stop()
        pages = len(PdfReader(out).pages)
        size = out.stat().st_size / 2**20
    document.close()

    print(f"services            {len(model.services)}")
    print(f"integrations        {len(model.integrations)}")
    print(f"saved positions     {'yes' if args.positions else 'no (auto-layout)'}")
    print(f"pages               {pages}")
    print(f"file size           {size:.1f} MiB")
    print(f"progress callbacks  {len(steps)}")
    print(f"export wall time    {seconds:.2f} s   (target < 20 s)")
    print(f"export CPU time     {cpu_seconds:.2f} s   (less sensitive to a busy machine)")
    print(f"peak RSS before     {before:.0f} MiB (model loaded)")
    print(f"peak RSS overall    {peak_rss_mib():.0f} MiB   (target < 1024 MiB)")
    if heap_peak is not None:
        print(f"export heap peak    {heap_peak:.0f} MiB (tracemalloc)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
