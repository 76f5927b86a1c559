"""What makes an integration acceptable, wherever it comes from.

An integration reads "SOURCE relies on TARGET for KIND". Two statements of that form say
nothing the analysis could use, and both are refused by the model
(:meth:`~models.domain.model.Model.check_connect`), by the importers and so by the editor:

- a service relying on itself: it would be a one-service "reliance cycle", a backup that
  lives where the data lives, a monitor watching itself — never what a landscape means;
- a second integration with the same source, target and kind: it says nothing new, but
  every rule and measure would count it twice (two backups, twice the blast radius).

The same ends with another kind, or the other direction, are different statements and are
accepted. This module holds the wording, so the editor, the JSON import and the DOT import
refuse in the same words.
"""

from __future__ import annotations

from models.domain.enums import IntegrationKind

LinkKey = tuple[str, str, IntegrationKind]
"""``(source_id, target_id, kind)``: two integrations with one key are duplicates."""

SELF_LINK_REFUSAL = "a service cannot rely on itself; choose another service"
"""Why an integration whose source is its target is refused."""


def duplicate_refusal(source: str, target: str, kind: IntegrationKind) -> str:
    """Why a second integration with the same ends and kind is refused; ``source`` and
    ``target`` are the services' names as the user knows them."""
    return f"{source} already relies on {target} for {kind.purpose}"
