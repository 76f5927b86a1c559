"""Money and counts as a reader expects them, whatever the model holds.

A cost is a user-typed number: it can be implausibly large (1.7e308 is a valid float, and
two of them sum to infinity). The report prints thousands separators for ordinary
amounts, a short scientific form beyond a trillion, and never ``inf`` or a 300-digit
string that would overflow its table column.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

COMPACT_FROM = 10**12
"""Amounts from one trillion up are printed as ``1.70e308``: a column of 32 mm holds
fifteen digits with separators, and nobody reads more."""


def money(value: float | int | Fraction | None) -> str:
    """``12,345`` — or ``1.70e308`` for a huge amount; ``—`` for an unknown or not-a-number
    one, ``> 1.80e308`` for one beyond the range of a float."""
    if value is None:
        return "—"
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        if math.isinf(value):
            return ("-" if value < 0 else "") + "> 1.80e308"
    exact = Fraction(value)
    rounded = round(exact)
    if abs(rounded) < COMPACT_FROM:
        return f"{rounded:,}"
    sign = "-" if rounded < 0 else ""
    digits = str(abs(rounded))
    exponent = len(digits) - 1
    mantissa = round(Fraction(abs(rounded), 10**exponent), 2)
    if mantissa >= 10:  # 9.999… rounded up to the next power of ten
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{sign}{float(mantissa):.2f}e{exponent}"


def exact_sum(values: Iterable[float | int]) -> Fraction | float:
    """The sum of amounts without overflow or rounding: two costs of 1.7e308 total
    3.4e308, not infinity. An infinite or not-a-number amount makes the sum one too."""
    total = Fraction(0)
    odd: list[float] = []
    for value in values:
        if isinstance(value, float) and not math.isfinite(value):
            odd.append(value)
        else:
            total += Fraction(value)
    return math.fsum(odd) if odd else total
