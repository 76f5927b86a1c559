"""Interchange formats at the boundary of the domain: JSON (``integramap/1``) and Graphviz DOT.

Each format converts between its text and a :class:`~models.document.Document`; the
domain knows nothing about them (style: file formats stay at the boundary).
"""

from models.interchange.errors import InterchangeError
from models.interchange.files import MODEL_SUFFIXES, load_model_file, write_text_file

__all__ = ["MODEL_SUFFIXES", "InterchangeError", "load_model_file", "write_text_file"]
