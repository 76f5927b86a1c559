"""Reading the two models of a comparison from files: records, fingerprint and findings.

Each side is loaded, exported once (its records and its fingerprint come from the same
export) and analysed. The two sides do not depend on each other, so when the machine has
a second core and can fork, the baseline is read in a child process while this one reads
the current model: two 10,000-service models are compared in about the time of one.
Only plain values cross back (records, findings, a problem's text), never a document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from models.analysis.results import Finding
from models.comparison.records import document_records
from models.comparison.since_review import ModelComparison, ModelReading, compare_readings
from models.document.errors import DocumentError
from models.domain.enums import Severity


class ComparisonInputError(DocumentError):
    """A model of a comparison could not be read; the message names which and why."""


def read_model(path: Path, *, as_of: dt.date) -> ModelReading:
    """Load the model in ``path`` (``.imap``, ``.json`` or ``.dot``) and analyse it."""
    exported, text, findings, name = _read(path, as_of)
    return ModelReading(
        name=name,
        fingerprint=fingerprint_of_text(text),
        records=document_records(exported),
        findings=findings,
        source=path.name,
        date=modified_day(path),
    )


def _read(path: Path, as_of: dt.date) -> tuple[dict[str, Any], str, list[Finding], str]:
    """The exported document, its text (what the fingerprint hashes), findings and name."""
    from models.analysis import analyse
    from models.interchange import InterchangeError, load_model_file
    from models.interchange.json_format import document_text, export_document

    try:
        document = load_model_file(path)
    except InterchangeError as error:
        raise ComparisonInputError(
            error.with_outcome("the models were not compared").describe()
        ) from None
    with document:
        model = document.model
        exported = export_document(model)
        findings = analyse(model, as_of=as_of).findings
        name = model.name
    return exported, document_text(exported), findings, name


def fingerprint_of_text(text: str) -> str:
    """The fingerprint of an exported document's text (as :func:`fingerprint` gives it)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def modified_day(path: Path) -> dt.date | None:
    """The day a file was last written (local time): when that version of the model was
    saved, as far as the file can tell."""
    try:
        return dt.date.fromtimestamp(path.stat().st_mtime)
    except (OSError, ValueError, OverflowError):
        return None


def compare_files(old: Path, new: Path, *, as_of: dt.date) -> ModelComparison:
    """Read both models (in parallel where possible) and compare them."""
    pool = _fork_pool()
    if pool is None:
        return compare_readings(read_model(old, as_of=as_of), read_model(new, as_of=as_of),
                                as_of=as_of)
    with pool:
        future = pool.submit(_read_in_child, old, as_of)
        current = read_model(new, as_of=as_of)
        outcome = future.result()
    if isinstance(outcome, str):
        raise ComparisonInputError(outcome)
    return compare_readings(_reading_from_child(outcome), current, as_of=as_of)


def _fork_pool() -> ProcessPoolExecutor | None:
    """One worker process forked from this one, or ``None`` where that does not help or
    is not possible (one core, no ``fork`` on this system)."""
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    try:
        return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    except (OSError, ValueError):
        return None


def _read_in_child(path: Path, as_of: dt.date) -> tuple[Any, ...] | str:
    """:func:`read_model` in the worker, sent back compactly: the document as its JSON text
    (one string pickles at once; 10,000 nested records took a second each way) and the
    findings as plain tuples. A problem comes back as its message, since an exception
    with its own arguments does not always survive the trip between processes."""
    try:
        _exported, text, findings, name = _read(path, as_of)
    except DocumentError as error:
        return str(error)
    rows = [(f.rule, int(f.severity), f.subjects, f.message, f.recommendation, f.waived)
            for f in findings]
    return (name, text, rows, path.name, modified_day(path))


def _reading_from_child(sent: tuple[Any, ...]) -> ModelReading:
    name, text, rows, source, day = sent
    findings = [Finding(rule, Severity(severity), subjects, message, recommendation, waived)
                for rule, severity, subjects, message, recommendation, waived in rows]
    return ModelReading(name=name, fingerprint=fingerprint_of_text(text),
                        records=document_records(json.loads(text)), findings=findings,
                        source=source, date=day)
