"""Open a 10,000-service document in the full editor window and time it, offscreen.

Measures, for a saved ``.imap`` of the synthetic landscape (10,000 services, ~30,000
integrations, with saved positions; or any document given with ``--file``, such as a
100,000-service estate written by ``integramap import``):

* open: the file copied into a working copy in the recovery folder and loaded;
* window: canvas scene, model tree, inspector and findings panel built;
* shown: the window shown and its first frame painted;
* findings: the first analysis, run on a snapshot in a worker thread after the debounce,
  and the longest the GUI event loop was kept waiting meanwhile (a 10 ms ticker);
* frames: the canvas viewport rendered at the overview zoom (fit to window), panned a
  screen to the right, and zoomed in and out by one step (best of a few renders each);
* find: Ctrl+F's search for a word that names many services, and for one that names none;
* the peak memory of the process.

    python -m tests.benchmarks.window_open_bench [N_SERVICES] [--file DOCUMENT.imap]
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    given = Path(argv[argv.index("--file") + 1]) if "--file" in argv else None
    numbers = [a for a in argv if a.isdigit()]
    n = int(numbers[0]) if numbers else 10_000
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from models.interchange.json_format import import_json
    from tests.benchmarks.synthetic import generate_landscape

    folder = Path(tempfile.mkdtemp(prefix="integramap-bench-"))
    os.environ["INTEGRAMAP_RECOVERY_DIR"] = str(folder / "recovery")
    app = QApplication.instance() or QApplication([])
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("IntegramapBench")
    QCoreApplication.setApplicationName("IntegramapBench")

    from desktop_app.application import configure_application
    from desktop_app.files.opening import open_model_file
    from desktop_app.files.prompts import UnsavedChoice
    from desktop_app.files.recovery import RecoveryStore
    from desktop_app.main_window import MainWindow

    configure_application(app)
    QCoreApplication.setOrganizationName("IntegramapBench")
    if given is None:
        path = folder / f"landscape-{n}.imap"
        with import_json(generate_landscape(n, with_positions=True)) as document:
            document.save(path)
    else:
        path = given
    size = path.stat().st_size

    store = RecoveryStore()
    start = time.perf_counter()
    document = open_model_file(path, store)
    opened = time.perf_counter()
    services, integrations = len(document.model.services), len(document.model.integrations)
    print(f"model: {services:,} services, {integrations:,} integrations ({size:,} B); "
          f"load average {os.getloadavg()[0]:.1f}")
    window = MainWindow(document=document, store=store)
    built = time.perf_counter()
    window.show()
    app.processEvents()
    window.repaint()
    app.processEvents()
    shown = time.perf_counter()
    print(f"open document      {1000 * (opened - start):7.0f} ms")
    print(f"build window       {1000 * (built - opened):7.0f} ms")
    print(f"show + first paint {1000 * (shown - built):7.0f} ms")
    print(f"open to shown      {1000 * (shown - start):7.0f} ms   (target < 2000 ms)")

    longest = [0.0]
    ticker = QTimer()
    ticker.setInterval(10)
    clock = QElapsedTimer()
    clock.start()

    def tick() -> None:
        longest[0] = max(longest[0], clock.restart() - 10)

    ticker.timeout.connect(tick)
    ticker.start()
    runner = window.findings.runner
    began = time.perf_counter()
    while window.findings.analysis is None and time.perf_counter() - began < 120:
        app.processEvents()
        time.sleep(0.002)
    analysed = time.perf_counter()
    ticker.stop()
    count = len(window.findings.analysis.findings) if window.findings.analysis else 0
    in_worker = len(document.model.services) > runner.sync_limit
    print(f"first findings     {1000 * (analysed - began):7.0f} ms after showing "
          f"({count:,} findings; worker thread: {in_worker})")
    print(f"longest GUI stall  {longest[0]:7.0f} ms while the analysis ran")

    view = window.view
    view.fit_to_window()
    print(f"frames at the overview zoom ({view.transform().m11():.3f}), best of 3:")
    for label, change in (
        ("overview", lambda: None),
        ("panned a screen", lambda: view.horizontalScrollBar().setValue(
            view.horizontalScrollBar().value() + view.viewport().width())),
        ("zoomed in a step", lambda: view.zoom_in()),
        ("zoomed out again", lambda: view.zoom_out()),
    ):
        change()
        app.processEvents()
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            view.viewport().repaint()
            best = min(best, time.perf_counter() - start)
        print(f"  {label:18} {1000 * best:7.1f} ms   (target < 50 ms)")
    for word in ("payroll", "no-such-service-anywhere"):
        start = time.perf_counter()
        found = window.find(word)
        app.processEvents()
        print(f"find {word!r:28} {1000 * (time.perf_counter() - start):7.0f} ms "
              f"({len(found):,} found; target < 200 ms)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory        {peak:7.0f} MiB   (target < 2048 MiB)")

    import desktop_app.files.file_commands as file_commands

    file_commands.ask_unsaved_changes = lambda *_: UnsavedChoice.DISCARD
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
