"""Design analysis of a model: the rule catalogue, the reliance graph and what
follows from it — blast radius, recovery waves and showback. Qt-free.

    from models.analysis import analyse
    result = analyse(document.model, as_of=datetime.date(2026, 11, 25))
    for finding in result.findings: ...

An editor that must not block splits the call: ``ctx = snapshot(model, as_of=day)`` on the
thread that owns the document, then ``analyse_snapshot(ctx)`` in a worker thread. A model
read straight from a file without a document (:class:`Landscape`) is analysed with
``analyse_landscape``.
"""

from models.analysis.catalogue import RULES
from models.analysis.engine import analyse, analyse_landscape, analyse_snapshot, snapshot
from models.analysis.graph import RUNTIME_KINDS, SUPPORTING_KINDS, connection, reliance_graph
from models.analysis.landscape import Landscape
from models.analysis.results import Analysis, Finding, Rule, ShowbackRow

__all__ = [
    "RULES",
    "RUNTIME_KINDS",
    "SUPPORTING_KINDS",
    "Analysis",
    "Finding",
    "Landscape",
    "Rule",
    "ShowbackRow",
    "analyse",
    "analyse_landscape",
    "analyse_snapshot",
    "connection",
    "reliance_graph",
    "snapshot",
]
