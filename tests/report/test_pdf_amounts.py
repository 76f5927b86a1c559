"""Costs print readably whatever their size: separators, a short form when huge, never inf."""

from __future__ import annotations

import dataclasses
import math

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table

from models.analysis import analyse
from models.report.amounts import exact_sum, money
from models.report.context import ReportContext, content_hash
from models.report.fonts import BOLD
from models.report.sections.costs import showback
from models.report.styles import make_styles
from tests.fixtures.review import AS_OF, review_landscape


@pytest.mark.parametrize(("value", "text"), [
    (0, "0"),
    (12000.4, "12,000"),
    (999_999_999_999.4, "999,999,999,999"),
    (10**12, "1.00e12"),
    (1.7e308, "1.70e308"),
    (-5e15, "-5.00e15"),
    (9.999e14, "1.00e15"),
    (math.inf, "> 1.80e308"),
    (math.nan, "—"),
])
def test_money(value, text):
    assert money(value) == text


def test_huge_amounts_sum_without_overflow():
    assert money(exact_sum([1.7e308, 1.7e308])) == "3.40e308"
    assert money(exact_sum([0.1, 0.2, 0.7])) == "1"


def test_showback_with_implausible_costs_prints_short_amounts_in_their_columns(open_model):
    """Two teams carrying 1.7e308 a year each (the float maximum region): the totals are
    not 'inf' and no amount is wider than its column."""
    model = open_model(review_landscape()).model
    analysis = analyse(model, as_of=AS_OF)
    assert analysis.showback
    huge = [dataclasses.replace(row, owned=1.7e308, allocated=1.7e308)
            for row in analysis.showback]
    analysis = dataclasses.replace(analysis, showback=huge)
    ctx = ReportContext.build(model, analysis, AS_OF, make_styles(), content_hash(model))
    (table,) = [f for f in showback(ctx) if isinstance(f, Table)]
    table.wrap(500, 800)
    texts = [row[3:] for row in table._cellvalues[1:]]
    for owned, allocated in texts:
        for text in (owned, allocated):
            assert "inf" not in text and len(text) <= 15, text
            assert stringWidth(text, BOLD, 8.5) < table._colWidths[3] - 8, text
    assert texts[-1][0] == money(exact_sum([1.7e308] * len(huge)))
