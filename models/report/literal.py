"""User text as literal Paragraph content.

A Paragraph parses its text as markup, so a service called ``<b>&Co`` would turn bold and
lose its ampersand, and ``<img src=…>`` would make reportlab open a file or a URL. Every
string a user typed goes through :func:`literal` (or :func:`para`) before it reaches a
Paragraph; the markup the report adds itself is written around the escaped text.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

LONGEST_SHOWN = 50_000
"""Characters of one value the report prints; the rest is replaced by "…". A pasted
contract (a few pages) prints in full; a mistaken 10 MB value would take the layout
minutes and hundreds of pages."""
LONGEST_WORD = 120
"""Characters of one word the report prints. Breaking a word too long for its column
costs the layout time that grows faster than the word (a 20,000-letter name took 75 s)."""

_LONG_WORD = re.compile(r"\S{" + str(LONGEST_WORD + 1) + ",}")


LONGEST_NAME = 300
"""Characters of a name (of a service, zone, team, location or the model) the report
prints. Names fill table cells on many pages, and a table row is laid out again at
every page break, so a long one costs time many times over."""
LONGEST_SENTENCE = 1_000
"""Characters of a finding's message the report prints (a message quotes names)."""


def name_text(name: str) -> str:
    """A name as the report prints it: at most :data:`LONGEST_NAME` characters."""
    return shortened(name, LONGEST_NAME)


def shortened(text: str, limit: int = LONGEST_SHOWN) -> str:
    """``text`` with words beyond :data:`LONGEST_WORD` characters and the whole beyond
    ``limit`` cut, each cut marked "…"; the characters kept are exactly the user's."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if len(text) > LONGEST_WORD:
        text = _LONG_WORD.sub(lambda m: m.group()[: LONGEST_WORD - 1] + "…", text)
    return text


def literal(text: object) -> str:
    """``text`` escaped for Paragraph markup, newlines kept as line breaks, shortened
    (see :func:`shortened`)."""
    if text is None:
        return ""
    return escape(shortened(str(text))).replace("\n", "<br/>")


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A Paragraph showing ``text`` verbatim."""
    return Paragraph(literal(text), style)


def or_dash(text: object) -> str:
    """Escaped ``text``, or an em dash for an empty value (tables read better than blanks)."""
    value = "" if text is None else str(text).strip()
    return literal(value) if value else "—"
