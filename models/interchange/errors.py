"""The error an import raises when the input is not a model it can take."""

from __future__ import annotations

from models.document.errors import DocumentError

#: How many problems the message lists before summarising the rest.
SHOWN_PROBLEMS = 20


class InterchangeError(DocumentError):
    """An interchange file (JSON, DOT) could not be imported; nothing was imported.

    ``problems`` holds every problem found, each prefixed with where it is
    (``services[3].zone: unknown zone 'dmz2'``); the message lists the first few so a
    terminal or a dialog stays readable.
    """

    def __init__(
        self, source: str, problems: list[str], *, outcome: str = "nothing was imported"
    ) -> None:
        self.source = source
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{source}: {count} problem{'s' if count != 1 else ''}, {outcome}"
        lines = [f"  {p}" for p in self.problems[:SHOWN_PROBLEMS]]
        if count > SHOWN_PROBLEMS:
            lines.append(f"  … and {count - SHOWN_PROBLEMS} more")
        super().__init__("\n".join([head + ":", *lines]))

    def with_outcome(self, outcome: str) -> InterchangeError:
        """The same problems, saying what did not happen (``the model was not checked``)."""
        return InterchangeError(self.source, self.problems, outcome=outcome)
