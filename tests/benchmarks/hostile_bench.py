"""Worst cases a small hostile file can ask for, timed through ``integramap check``/``export``.

Each case was quadratic, endless or exploding before: ids made for thousands of
integrations between the same two services, a DOT file of plain nodes or parallel edges,
an edge statement between two large groups, a huge name in the text output and the PDF,
a flood of unknown keys, an endless device. Run from the repository root::

    python -m tests.benchmarks.hostile_bench
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
import time
from pathlib import Path

from models.cli import main as cli


def _cases(folder: Path) -> dict[str, list[str]]:
    def write(name: str, text: str) -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    two = {"format": "integramap/1", "services": [{"id": "a"}, {"id": "b"}]}
    plain = "digraph g {\n" + "".join(f"n{i};\n" for i in range(30_000)) + "}\n"
    parallel = "digraph g {\n" + "a -> b;\n" * 30_000 + "}\n"
    groups = ("digraph g {{" + " ".join(f"a{i}" for i in range(700)) + "} -> {"
              + " ".join(f"b{i}" for i in range(700)) + "}}\n")
    keys = {**two, "services": [{"id": "a", **{f"k{n}": 1 for n in range(100_000)}}]}
    long_name = {**two, "services": [{"id": "a", "name": "N" * 7_000_000}, {"id": "b"}]}
    pdf_name = {**two, "services": [{"id": "a", "name": "N" * 10_000_000}, {"id": "b"}]}
    cases: dict[str, list[str]] = {}
    for count in (20_000, 60_000):
        document = {**two, "integrations": [{"source": "a", "target": "b"}] * count}
        path = write(f"same-{count}.json", json.dumps(document))
        cases[f"JSON: {count:,} integrations a→b without ids"] = ["check", str(path)]
    cases["DOT: 30,000 plain nodes"] = ["check", str(write("plain.dot", plain))]
    cases["DOT: 30,000 parallel edges"] = ["check", str(write("par.dot", parallel))]
    cases["DOT: {700} -> {700} (8 KB, refused)"] = ["check", str(write("g.dot", groups))]
    cases["JSON: 100,000 unknown keys (refused)"] = [
        "check", str(write("keys.json", json.dumps(keys)))]
    cases["check --format text, a 7 MB name"] = [
        "check", str(write("long.json", json.dumps(long_name)))]
    cases["export --pdf, a 10 MB name"] = [
        "export", str(write("pdf.json", json.dumps(pdf_name))), "--pdf", str(folder / "out.pdf")]
    link = folder / "zero.json"
    link.symlink_to("/dev/zero")
    cases["check /dev/zero as zero.json (refused)"] = ["check", str(link)]
    return cases


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for label, argv in _cases(folder).items():
            out, err = io.StringIO(), io.StringIO()
            start = time.perf_counter()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = cli([*argv, "--as-of", "2026-11-25"] if argv[0] == "check" else argv)
            seconds = time.perf_counter() - start
            print(f"  {label:42} {seconds:6.2f} s  exit {code}  "
                  f"message {len(err.getvalue()):,} chars", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
