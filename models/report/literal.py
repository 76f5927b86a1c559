"""User text as literal Paragraph content.

A Paragraph parses its text as markup, so a service called ``<b>&Co`` would turn bold and
lose its ampersand, and ``<img src=…>`` would make reportlab open a file or a URL. Every
string a user typed goes through :func:`literal` (or :func:`para`) before it reaches a
Paragraph; the markup the report adds itself is written around the escaped text.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph


def literal(text: object) -> str:
    """``text`` escaped for Paragraph markup, newlines kept as line breaks."""
    if text is None:
        return ""
    return escape(str(text)).replace("\n", "<br/>")


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A Paragraph showing ``text`` verbatim."""
    return Paragraph(literal(text), style)


def or_dash(text: object) -> str:
    """Escaped ``text``, or an em dash for an empty value (tables read better than blanks)."""
    value = "" if text is None else str(text).strip()
    return literal(value) if value else "—"
