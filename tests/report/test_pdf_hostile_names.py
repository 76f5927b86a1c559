"""A name of megabytes prints shortened and quickly; a stopped export leaves no temporary."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.document import Document
from models.domain import Service
from models.report import export_pdf
from models.report.literal import LONGEST_SHOWN, LONGEST_WORD, literal
from tests.benchmarks.synthetic import generate_landscape


def test_a_ten_megabyte_name_is_printed_shortened(tmp_path):
    out = tmp_path / "review.pdf"
    with Document.new(name="M" * 10_000_000) as doc:
        doc.model.add(Service(id="long", name="<b>&" + "N" * 10_000_000))
        export_pdf(doc.model, out, as_of=dt.date(2026, 11, 25))
    assert out.stat().st_size < 2_000_000
    assert [p.name for p in tmp_path.iterdir()] == ["review.pdf"]


def test_literal_text_is_shortened_and_still_escaped():
    text = literal("<b>&" + "x" * 10_000)
    assert text.startswith("&lt;b&gt;&amp;x") and text.endswith("…")
    assert len(text) < LONGEST_WORD + 20
    assert literal("word " * 20_000).count("word") == LONGEST_SHOWN // 5


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_sigterm_during_the_pdf_export_exits_143_and_leaves_no_temporary(tmp_path):
    model = tmp_path / "model.json"
    model.write_text(json.dumps(generate_landscape(400, seed=3, with_positions=True)))
    out = tmp_path / "review.pdf"
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop_app.launcher", "export", str(model), "--pdf", str(out),
         "--as-of", "2026-11-25"],
        stderr=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2],
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(tmp_path.glob(".review.pdf.*.tmp")):
        time.sleep(0.05)
    time.sleep(0.3)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err and "Exception ignored" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]
